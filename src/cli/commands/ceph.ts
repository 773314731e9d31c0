import { parseCommandArgs, intFlag } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { formatCephSummary } from '../../domain/ceph/format.js';
import { unknownCephSummary } from '../../domain/ceph/summarise.js';
import { redactSecrets } from '../../domain/redact.js';
import { createCephExecutor } from '../../services/ceph/factory.js';
import { readCephSummary } from '../../services/ceph/reader.js';
import { writeJson, writeOut } from '../output.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, openContext } from '../context.js';

const USAGE = `usage: homelab-console ceph [--json] [--ceph-conf FILE] [--context NAME] [--timeout SECONDS]

Reads the Ceph cluster once (status, health detail, osd tree/df/dump, df, pg stat, crash ls, mgr stat,
versions) and prints health with its checks, OSDs up/in with weight and reweight, usage, PG states,
flags, new crashes and the offending daemons.

  --json             the model as JSON (see docs/ceph.md); on failure health is UNKNOWN with "error"
  --ceph-conf FILE   run the local ceph CLI with this conf (ceph -c FILE) instead of the toolbox pod
  --context NAME     kube context for exec into deploy/rook-ceph-tools (config: ceph.namespace/deployment)
  --namespace NS     namespace of the toolbox deployment (default: config, else rook-ceph)
  --deployment NAME  the toolbox deployment (default: config, else rook-ceph-tools)
  --timeout SECONDS  per ceph call (default 15)
${CONFIG_USAGE}

Exit 0 when Ceph was read (whatever its health), 1 when it could not be read, 2 for bad arguments.`;

const OPTIONS = {
  json: { type: 'boolean' },
  'ceph-conf': { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string' },
  deployment: { type: 'string' },
  timeout: { type: 'string' },
  ...CONFIG_OPTIONS,
} as const;

const command: CommandModule = {
  summary: 'Ceph health, OSDs, flags, usage, PGs and crashes, headless',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('ceph', argv, OPTIONS);
    const timeoutS = intFlag('ceph', 'timeout', values.timeout);
    if (timeoutS !== undefined && (timeoutS < 1 || timeoutS > 600)) throw new UsageError('ceph: --timeout takes 1 to 600 seconds');
    if (values['ceph-conf'] !== undefined && values['ceph-conf'].trim() === '') throw new UsageError('ceph: --ceph-conf needs a file');

    const ctx = openContext('ceph', values);
    const { config } = ctx;
    const ceph = { ...config.ceph };
    if (values.namespace) ceph.namespace = values.namespace;
    if (values.deployment) ceph.deployment = values.deployment;
    const kube = ctx.kube(values.context);
    const context = kube.context;

    let source: string | null = null;
    try {
      const executor = createCephExecutor({
        ceph,
        ssh: config.ssh,
        env: ctx.env,
        kubeEnv: kube.env,
        ...(values['ceph-conf'] ? { cephConf: values['ceph-conf'] } : {}),
        ...(context !== undefined ? { context } : {}),
        ...(timeoutS !== undefined ? { timeoutMs: timeoutS * 1000 } : {}),
      });
      source = executor.source;
      const summary = await readCephSummary(executor);
      await executor.close?.();
      if (values.json) writeJson(summary);
      else writeOut(formatCephSummary(summary, source));
      return 0;
    } catch (err) {
      const line = redactSecrets((err instanceof Error ? err.message : String(err)).split('\n')[0]!);
      if (values.json) writeJson(unknownCephSummary(line));
      throw new UserError(`ceph: ${line}${source && !line.includes(source) ? ` (via ${source})` : ''}`, 1);
    }
  },
};
export default command;
