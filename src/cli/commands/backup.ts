import { parseCommandArgs, intFlag } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { formatBytes } from '../../domain/upgrade/database.js';
import { redactSecrets } from '../../domain/redact.js';
import type { ScratchConfig } from '../../services/upgrade/backup.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, openContext } from '../context.js';
import { writeJson, writeOut, writeProgress } from '../output.js';

const USAGE = `usage: homelab-console backup --namespace NS --pod POD [--out FILE] [--container NAME] [--context NAME]
                              [--scratch-postgres HOST:PORT[:USER]] [--scratch-redis] [--no-restore-check]
                              [--timeout SECONDS] [--json]

The database protocol's backup step alone (workflow 6.1): identifies the database in the pod and its
version (psql/mariadb/mongod/redis-server --version through exec), streams a full backup off the pod
to a local file (pg_dumpall, mysqldump --all-databases, mongodump --archive, redis-cli --rdb) with
progress, and verifies it: not empty, begins and ends as a complete dump of its engine does, and —
with a scratch instance (config upgrade.scratch, or the flags) — restored into it with equal row or
key counts. A refused backup is kept as FILE.rejected.

  --out FILE            where to write (default $XDG_STATE_HOME/homelab-console/backups/NS_POD_ENGINE_STAMP.EXT)
  --scratch-postgres H:P[:U]  restore a PostgreSQL dump into this scratch server (its dumped databases are dropped first)
  --scratch-redis       load an RDB into a throwaway local redis-server
  --no-restore-check    ignore the configured scratch instances
  --json                the report as JSON
${CONFIG_USAGE}

Exit 0 only when the backup is verified; 1 when it is refused or could not be taken; 2 for bad arguments.`;

const OPTIONS = {
  namespace: { type: 'string' },
  pod: { type: 'string' },
  out: { type: 'string' },
  container: { type: 'string' },
  context: { type: 'string' },
  'scratch-postgres': { type: 'string' },
  'scratch-redis': { type: 'boolean' },
  'no-restore-check': { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  ...CONFIG_OPTIONS,
} as const;

function scratchPostgres(value: string): ScratchConfig {
  const m = value.match(/^([^:\s]+):(\d{1,5})(?::([^:\s]+))?$/);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`backup: --scratch-postgres takes HOST:PORT[:USER], got '${value}'`);
  return { engine: 'postgresql', host: m[1]!, port: Number(m[2]), user: m[3] ?? 'postgres' };
}

const command: CommandModule = {
  summary: 'back up a database pod through exec and verify the backup (exit 0 only when verified)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('backup', argv, OPTIONS);
    if (!values.namespace?.trim()) throw new UsageError('backup: --namespace is required');
    if (!values.pod?.trim()) throw new UsageError('backup: --pod is required');
    if (values.out !== undefined && values.out.trim() === '') throw new UsageError('backup: --out needs a file');
    const timeoutS = intFlag('backup', 'timeout', values.timeout);
    if (timeoutS !== undefined && (timeoutS < 10 || timeoutS > 86_400)) throw new UsageError('backup: --timeout takes 10 to 86400 seconds');
    const cli = openContext('backup', values);
    const { config } = cli;
    let scratchPg: ScratchConfig | null = null;
    let scratchRedis: ScratchConfig | null = null;
    if (!values['no-restore-check']) {
      const c = config.upgrade.scratch;
      if (c.postgresql) scratchPg = { engine: 'postgresql', ...c.postgresql };
      if (c.redis) scratchRedis = { engine: 'redis', server: c.redis.server };
    }
    if (values['scratch-postgres']) scratchPg = scratchPostgres(values['scratch-postgres']);
    if (values['scratch-redis']) scratchRedis = { engine: 'redis' };

    const kube = cli.kube(values.context);
    const { loadKubeTarget } = await import('../../services/kube/kubeconfig.js');
    const { KubeHttp } = await import('../../services/kube/http.js');
    const { createKubeWriter } = await import('../../services/kube/writer.js');
    const { backupDatabase, identifyDatabase } = await import('../../services/upgrade/backup.js');
    const { backupDir } = await import('../../services/upgrade/state-dir.js');
    let http;
    try {
      http = new KubeHttp(await loadKubeTarget({ context: kube.context, env: kube.env }));
    } catch (err) {
      throw new UserError(`backup: ${redactSecrets((err instanceof Error ? err.message : String(err)).split('\n')[0]!)}`, 1);
    }
    const ctx = { http, writer: createKubeWriter(http, { readOnly: false, dryRun: false }) };
    // The scratch instance must match the engine: find out which one the pod runs first.
    let scratch: ScratchConfig | null = null;
    try {
      const t = await identifyDatabase(ctx, values.namespace, values.pod, values.container);
      scratch = t.engine === 'postgresql' ? scratchPg : t.engine === 'redis' ? scratchRedis : null;
    } catch {
      // backupDatabase reports why in its own words.
    }
    let last = 0;
    const tty = process.stderr.isTTY;
    const report = await backupDatabase(ctx, {
      namespace: values.namespace,
      pod: values.pod,
      ...(values.container ? { container: values.container } : {}),
      ...(values.out ? { out: values.out } : {}),
      dir: backupDir(cli.env, config.upgrade.backupDir),
      ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}),
      scratch,
      onProgress: (bytes) => {
        const now = Date.now();
        if (values.json || now - last < (tty ? 200 : 1000)) return;
        last = now;
        writeProgress(`backup: received ${formatBytes(bytes)}`, tty);
      },
    });
    if (last && !values.json) writeProgress(null, tty);
    if (values.json) {
      writeJson({
        ok: report.ok,
        file: report.file,
        size: report.size,
        engine: report.target?.engine ?? null,
        version: report.target?.version ?? null,
        pod: report.target ? `${report.target.namespace}/${report.target.pod}` : null,
        checks: report.verdict?.checks ?? [],
        restore: report.restore,
        problems: report.problems,
        durationMs: report.durationMs,
      });
    } else {
      writeOut(`${report.lines.filter((l) => !l.startsWith('REFUSED: ')).join('\n')}\n`);
    }
    if (!report.ok) throw new UserError(`backup: refused: ${redactSecrets(report.problems.join('; '))}${report.file ? ` (kept as ${report.file})` : ''}`, 1);
    return 0;
  },
};
export default command;
