import type { CommandModule } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { checkGitea, checkKube, checkNodeVersion, checkSsh, formatCheck, type AccessCheck } from '../../services/steps/access-checks.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, GITEA_OPTIONS, openContext, type KubeChoice } from '../context.js';
import { writeJson, writeOut } from '../output.js';

const usage = `usage: homelab-console doctor [--json] [--context NAME] [--no-nodes] [--login NAME] [--config FILE]

Checks the access the maintenance workflow needs, one line each, saying what failed and how to
fix it: the Kubernetes API (reachable, authorised, namespaces, CRDs), the rook-ceph-tools
deployment, the Gitea token (user, repository, server version and edit mode), SSH to the
controller and through it to every node (host keys must already be known), and the Node version.
Exit 0 only when every check passes, 1 otherwise.

  --json             [{ name, ok, detail, fix }]
  --context NAME     kubeconfig context
  --no-nodes         skip SSH to the nodes (the controller is still checked)
  --repo, --url, --token, --login NAME   which Gitea, as for 'plan --issue'
${CONFIG_USAGE}`;

async function nodeAddresses(kube: KubeChoice): Promise<Array<{ name: string; ip: string }>> {
  try {
    const { loadKubeTarget } = await import('../../services/kube/kubeconfig.js');
    const { KubeHttp } = await import('../../services/kube/http.js');
    const http = new KubeHttp(await loadKubeTarget({ context: kube.context, env: kube.env }));
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
      ...GITEA_OPTIONS,
      ...CONFIG_OPTIONS,
    });
    const ctx = openContext('doctor', values);
    const kube = ctx.kube(values.context);
    const gitea = {
      credentials: () => ctx.giteaCredentials(values),
      open: () => ctx.gitea(values, { timeoutMs: 10_000, retries: 0 }),
    };
    const [kubeChecks, giteaChecks, nodes] = await Promise.all([
      checkKube({ context: kube.context, env: kube.env }),
      checkGitea(gitea, ctx.config.gitea.maintenanceLabel),
      values['no-nodes'] ? Promise.resolve([]) : nodeAddresses(kube),
    ]);
    const ssh = await checkSsh(ctx.config, nodes, ctx.env);
    const checks: AccessCheck[] = [...kubeChecks, ...giteaChecks, ...ssh, checkNodeVersion()];
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
