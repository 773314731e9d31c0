import { existsSync } from 'node:fs';
import { parseCommandArgs, timeoutFlag } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { EXIT_CODES } from '../../domain/health/grade.js';
import { formatGate } from '../../domain/health/format.js';
import { DEFAULT_THRESHOLDS, type GateResult, type HealthThresholds } from '../../domain/health/types.js';
import type { ConsoleConfig } from '../../services/config/schema.js';
import { KubeConfigError } from '../../services/kube/errors.js';
import { gradeOnce, type CephSource } from '../../services/health/health-session.js';
import type { AlertSource } from '../../services/health/alert-source.js';
import { writeErr, writeJson, writeOut } from '../output.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, openContext, type CliContext } from '../context.js';

const USAGE = `usage: homelab-console gate [--json] [--context NAME] [--ceph-conf FILE] [--timeout SECONDS]

The validation gate in one command: grades Metal (nodes), System (kube-system pods, Ceph),
Platform (ArgoCD Applications, Certificates, ExternalSecrets) and Apps (every pod) once.
Exit code: 0 GREEN, 1 YELLOW, 2 RED, 3 UNKNOWN (no data, or the API server unreachable).

  --json            print { overall, layers: { metal, system, platform, apps } } (docs/health.md)
  --context NAME    kubeconfig context (default: the config file's kube.context, else current)
  --ceph-conf FILE  run the local ceph CLI with this ceph.conf instead of exec into rook-ceph-tools
  --timeout SECONDS give up waiting for answers after this long (default 20); what is missing is UNKNOWN
${CONFIG_USAGE}

A mistyped flag or a bad config file is UNKNOWN too (exit 3, one line): a script never reads it as RED.`;

export const GATE_OPTIONS = {
  json: { type: 'boolean' },
  context: { type: 'string' },
  'ceph-conf': { type: 'string' },
  timeout: { type: 'string' },
  ...CONFIG_OPTIONS,
} as const;

export interface GateFlags {
  json?: boolean;
  context?: string;
  'ceph-conf'?: string;
}

export function thresholdsOf(config: ConsoleConfig): HealthThresholds {
  const defined = Object.fromEntries(Object.entries(config.health).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_THRESHOLDS, ...defined };
}

export function checkCephConf(command: string, file: string | undefined): void {
  if (file !== undefined && !existsSync(file)) throw new UsageError(`${command}: --ceph-conf: no such file '${file}'`);
}

/** The Ceph source for System: the toolbox exec, the local CLI, or ceph on the controller over SSH. */
export async function cephSourceFor(ctx: CliContext, cephConf: string | undefined): Promise<CephSource | null> {
  const { config } = ctx;
  const { createCephSource } = await import('../../services/health/ceph-source.js');
  const { createCephExecutor } = await import('../../services/ceph/factory.js');
  return createCephSource({
    conf: cephConf ?? (config.ceph.executor === 'local' ? config.ceph.conf : undefined),
    executor: config.ceph.executor,
    namespace: config.ceph.namespace,
    deployment: config.ceph.deployment,
    intervalMs: config.ceph.intervalSeconds * 1000,
    sshExecutor: () => createCephExecutor({ ceph: config.ceph, ssh: config.ssh, env: ctx.env }),
  });
}

/** Alertmanager for Platform's alerts: the configured URL, or the Service through the API server's proxy. */
export async function alertSourceFor(config: ConsoleConfig): Promise<AlertSource | null> {
  const a = config.alerts;
  if (!a.enabled) return null;
  const { AlertSource } = await import('../../services/health/alert-source.js');
  return new AlertSource({ url: a.url, namespace: a.namespace, service: a.service, port: a.port, intervalMs: a.intervalSeconds * 1000 });
}

/** Turns kubeconfig problems into the right exit: a bad --context is a usage error, no kubeconfig is UNKNOWN. */
export function kubeConfigFailure(command: string, err: unknown, contextFromFlag: boolean): never {
  if (err instanceof KubeConfigError) {
    if (contextFromFlag && err.message.startsWith('no context')) throw new UsageError(`${command}: --context: ${err.message}`);
    throw new UserError(`${command}: ${err.message}`, EXIT_CODES.UNKNOWN);
  }
  throw err;
}

/** The line on stderr when nothing could be read because the server is not there. */
export function unreachableLine(result: GateResult): string | null {
  const reasons = Object.values(result.layers).flatMap((l) => l.reasons);
  const line = reasons.find((r) => /cannot reach the Kubernetes API/.test(r));
  return line ? line.replace(/^[A-Za-z]+: /, '') : null;
}

export function printResult(result: GateResult, json: boolean): void {
  if (json) writeJson(result);
  else writeOut(formatGate(result));
}

/** One grading, printed; returns the exit code. Shared by `gate` and `status` without --watch. */
export async function gateOnce(ctx: CliContext, values: GateFlags & { timeout?: string }): Promise<number> {
  const name = ctx.command;
  const deadlineMs = timeoutFlag(name, values.timeout, 20);
  checkCephConf(name, values['ceph-conf']);
  const { config } = ctx;
  const kube = ctx.kube(values.context);
  let result: GateResult;
  try {
    ({ result } = await gradeOnce({
      context: kube.context,
      env: kube.env,
      thresholds: thresholdsOf(config),
      ceph: await cephSourceFor(ctx, values['ceph-conf']),
      alerts: await alertSourceFor(config),
      deadlineMs,
    }));
  } catch (err) {
    kubeConfigFailure(name, err, kube.fromFlag);
  }
  printResult(result, values.json === true);
  const unreachable = unreachableLine(result);
  if (unreachable) writeErr(`homelab-console: ${unreachable}\n`);
  return EXIT_CODES[result.overall];
}

const command: CommandModule = {
  errorExitCode: EXIT_CODES.UNKNOWN,
  summary: 'the validation gate: grade all four layers once; exit 0 GREEN, 1 YELLOW, 2 RED, 3 UNKNOWN',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('gate', argv, GATE_OPTIONS);
    return gateOnce(openContext('gate', values), values);
  },
};
export default command;
