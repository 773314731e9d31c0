import type { CommandModule } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { checkGitea, checkKube, checkNodeVersion, checkSsh, formatCheck, type AccessCheck } from '../../services/steps/access-checks.js';
import { kubeEnv, loadConsoleConfig } from './gate.js';
import { writeJson, writeOut } from '../output.js';

const usage = `usage: homelab-console doctor [--json] [--context NAME] [--no-nodes]

Checks the access the maintenance workflow needs, one line each, saying what failed and how to
fix it: the Kubernetes API (reachable, authorised, namespaces, CRDs), the rook-ceph-tools
deployment, the Gitea token (user, repository, server version and edit mode), SSH to the
controller and through it to every node (host keys must already be known), and the Node version.
Exit 0 only when every check passes, 1 otherwise.

  --json           [{ name, ok, detail, fix }]
  --context NAME   kubeconfig context
  --no-nodes       skip SSH to the nodes (the controller is still checked)`;

async function nodeAddresses(context: string | undefined, env: NodeJS.ProcessEnv): Promise<Array<{ name: string; ip: string }>> {
  try {
    const { loadKubeTarget } = await import('../../services/kube/kubeconfig.js');
    const { KubeHttp } = await import('../../services/kube/http.js');
    const http = new KubeHttp(await loadKubeTarget({ context, env }));
    const list = await http.get<{ items: Array<{ metadata: { name: string }; status?: { addresses?: Array<{ type: string; address: string }> } }> }>(
      '/api/v1/nodes',
    );
    return list.items.flatMap((n) => {
      const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      return ip ? [{ name: n.metadata.name, ip }] : [];
    });
  } catch {
    return []; // the kube lines already say why
  }
}

const command: CommandModule = {
  summary: 'check kube, Gitea, SSH and Ceph-toolbox access; each failure says how to fix it',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs('doctor', argv, {
      json: { type: 'boolean', default: false },
      context: { type: 'string' },
      'no-nodes': { type: 'boolean', default: false },
    });
    const config = loadConsoleConfig();
    const env = kubeEnv(config);
    const context = values.context ?? config.kube.context;
    const [kube, gitea, nodes] = await Promise.all([
      checkKube({ context, env }),
      checkGitea(config, process.env),
      values['no-nodes'] ? Promise.resolve([]) : nodeAddresses(context, env),
    ]);
    const ssh = await checkSsh(config, nodes, process.env);
    const checks: AccessCheck[] = [...kube, ...gitea, ...ssh, checkNodeVersion()];
    if (values.json) writeJson(checks);
    else {
      for (const c of checks) writeOut(`${formatCheck(c)}\n`);
      const failed = checks.filter((c) => !c.ok).length;
      writeOut(failed ? `\n${failed} of ${checks.length} checks failed\n` : `\nall ${checks.length} checks passed\n`);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  },
};
export default command;
