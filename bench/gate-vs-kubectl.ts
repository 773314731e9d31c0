/**
 * The seed's validation gate (five kubectl commands piped through grep) against
 * `homelab-console gate`, side by side, on the same simulated API server holding 10,000 pods and
 * 500 Applications, with `ceph` in rook-ceph-tools answered by the Ceph simulator.
 *
 *   npm run build && node bench/run.mjs gate-vs-kubectl [--runs N] [--pods N] [--apps N]
 *
 * Needs kubectl on PATH. Prints each run's wall time, the medians and the ratio. Not a test.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CephSimulator } from '../src/sim/ceph/index.js';
import { isRookCephTools, KubeSim, routeExec } from '../src/sim/kube/index.js';
import { report } from './lib/report.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, pods: { type: 'string' }, apps: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);
const PODS = Number(values.pods ?? 10_000);
const APPS = Number(values.apps ?? 500);
const root = process.cwd();
const bin = path.join(root, 'bin', 'homelab-console');

/** The seed's gate, verbatim (homelab-action.md §2.4.3). */
const SEED_GATE = [
  'kubectl get nodes | grep -v "Ready"',
  'kubectl get pods -n kube-system | grep -v "Running\\|Completed"',
  'kubectl get applications -n argocd | grep -v "Synced.*Healthy"',
  'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph health',
  'kubectl get pods -A --no-headers | grep -v "Running\\|Completed"',
];

interface Run {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

function timed(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    // Asynchronous on purpose: the simulator answers from this process's event loop.
    execFile(file, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ ms, code, stdout, stderr });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const load0 = os.loadavg()[0]!;
  if (!existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('not built: run npm run build first');
  const ceph = new CephSimulator({ state: 'degraded' });
  const t0 = Date.now();
  const sim = await KubeSim.start({
    scale: { pods: PODS, applications: APPS },
    bookmarkIntervalMs: 0,
    exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
  });
  const pods = sim.list('pods').length;
  const apps = sim.list('applications').length;
  process.stdout.write(`simulator: ${pods} pods, ${apps} Applications, ${sim.list('nodes').length} nodes (started in ${Date.now() - t0} ms)\n`);
  const env = { ...process.env, KUBECONFIG: sim.kubeconfigPath, HOME: path.dirname(sim.kubeconfigPath), HOMELAB_CONSOLE_CONFIG: '/nonexistent/config.yaml' };

  const kubectl: Run[] = [];
  const gate: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // Alternate so both see the same server state and machine load.
      const k = await timed('bash', ['-c', SEED_GATE.join('\n')], env);
      const g = await timed(process.execPath, [bin, 'gate', '--json'], env);
      kubectl.push(k);
      gate.push(g);
      process.stdout.write(`run ${i + 1}: kubectl x5 ${k.ms.toFixed(0)} ms   homelab-console gate ${g.ms.toFixed(0)} ms (exit ${g.code})\n`);
    }
  } finally {
    await sim.stop();
  }

  const last = kubectl.at(-1)!;
  const flagged = last.stdout.split('\n').filter((l) => l.trim() && !/^NAME\s/.test(l)).length;
  const result = JSON.parse(gate.at(-1)!.stdout) as { overall: string; layers: Record<string, { status: string; offenders: unknown[] }> };
  const offenders = Object.values(result.layers).reduce((n, l) => n + l.offenders.length, 0);
  if (last.stderr.trim()) process.stdout.write(`kubectl stderr: ${last.stderr.trim().split('\n')[0]}\n`);
  process.stdout.write(
    `\nkubectl gate printed ${flagged} lines to read (incl. 'ceph health'); homelab-console gate: overall ${result.overall}, ${offenders} offenders graded\n`,
  );
  const mk = median(kubectl.map((r) => r.ms));
  const mg = median(gate.map((r) => r.ms));
  process.stdout.write(
    `median over ${RUNS} runs: kubectl x5 ${mk.toFixed(0)} ms, homelab-console gate ${mg.toFixed(0)} ms, ratio kubectl/gate ${(mk / mg).toFixed(2)}x\n`,
  );
  // The simulator shares this process's event loop with the runs (bench/all.ts's gate rows run it apart).
  report({
    figure: `gate --json vs kubectl ×5 at ${PODS / 1000}k pods, simulator in the bench's process`,
    measured: `${mg.toFixed(0)} ms vs ${mk.toFixed(0)} ms`,
    ratio: `${(mk / mg).toFixed(1)}× faster`,
    goal: PODS >= 50_000 ? '≥ 20×' : PODS >= 10_000 ? '≥ 10×' : '—',
    met: PODS >= 10_000 ? (mk / mg >= (PODS >= 50_000 ? 20 : 10) ? 'yes' : 'no') : '—',
    load: `${load0.toFixed(1)}→${os.loadavg()[0]!.toFixed(1)}`,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
