import { parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { EXIT_CODES } from '../../domain/health/grade.js';
import { formatGate } from '../../domain/health/format.js';
import type { GateResult } from '../../domain/health/types.js';
import { openHealthSession } from '../../services/health/health-session.js';
import { alertSourceFor, cephSourceFor, checkCephConf, gateOnce, kubeConfigFailure, thresholdsOf } from './gate.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, openContext, type CliContext } from '../context.js';
import { writeJson, writeOut } from '../output.js';

const USAGE = `usage: homelab-console status [--json] [--watch] [--context NAME] [--ceph-conf FILE]

The four layers (Metal, System, Platform, Apps) and overall, each with reasons and offenders.
Exit code: 0 GREEN, 1 YELLOW, 2 RED, 3 UNKNOWN.

  --json            JSON { overall, layers: { metal, system, platform, apps } } (docs/health.md);
                    with --watch, one JSON object per line on every change
  --watch           keep watching and print again whenever the grade changes (Ctrl-C ends;
                    the exit code is the last grade's)
  --context NAME    kubeconfig context
  --ceph-conf FILE  run the local ceph CLI with this ceph.conf instead of exec into rook-ceph-tools
  --timeout SECONDS without --watch: give up waiting for answers after this long (default 20)
${CONFIG_USAGE}

A mistyped flag or a bad config file is UNKNOWN too (exit 3, one line): a script never reads it as RED.`;

const OPTIONS = {
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
  context: { type: 'string' },
  'ceph-conf': { type: 'string' },
  timeout: { type: 'string' },
  ...CONFIG_OPTIONS,
} as const;

/**
 * Text for one change in --watch mode, and the grade it is keyed on: overall, each layer's status
 * and which objects are offending at what status. Reasons are left out: they restate moving ages
 * and counts ("oldest one blocked for 31 sec", "restarted 12 times") on every read, and a watch
 * that reprinted for those would print every poll with an unchanged grade.
 */
export function renderWatch(result: GateResult, json: boolean): { text: string; key: string } {
  const text = json ? JSON.stringify(result) + '\n' : `${result.gradedAt}\n${formatGate(result)}\n`;
  const key = JSON.stringify({
    overall: result.overall,
    layers: Object.values(result.layers).map((l) => [l.status, l.offenders.map((o) => [o.name, o.status])]),
  });
  return { text, key };
}

export async function watch(ctx: CliContext, values: { json?: boolean; context?: string; 'ceph-conf'?: string }): Promise<number> {
  const { config } = ctx;
  const kube = ctx.kube(values.context);
  let session;
  try {
    session = await openHealthSession({
      context: kube.context,
      env: kube.env,
      thresholds: thresholdsOf(config),
      ceph: await cephSourceFor(ctx, values['ceph-conf']),
      alerts: await alertSourceFor(config),
      flushMs: config.kube.batchMs,
    });
  } catch (err) {
    kubeConfigFailure('status', err, kube.fromFlag);
  }
  const s = session;
  let lastKey = '';
  let last: GateResult | null = null;
  const print = () => {
    const gateResult = s.health.getState().gate;
    if (!gateResult) return;
    last = gateResult;
    const { text, key } = renderWatch(gateResult, values.json === true);
    if (key === lastKey) return;
    lastKey = key;
    if (values.json) writeJson(gateResult, 0);
    else writeOut(text);
  };
  const unsubscribe = s.health.subscribe(print);
  print();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  unsubscribe();
  await s.close();
  const final = last as GateResult | null;
  return final ? EXIT_CODES[final.overall] : EXIT_CODES.UNKNOWN;
}

const command: CommandModule = {
  errorExitCode: EXIT_CODES.UNKNOWN,
  summary: 'the four layers and overall with reasons and offenders (--watch keeps following)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('status', argv, OPTIONS);
    checkCephConf('status', values['ceph-conf']);
    const ctx = openContext('status', values);
    if (values.watch) return watch(ctx, values);
    return gateOnce(ctx, values);
  },
};
export default command;
