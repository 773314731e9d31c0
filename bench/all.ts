// Every figure of the performance table (issue #17, README "Performance"), measured as the user
// sees it and printed, never asserted:
//   npm run build && node bench/run.mjs all [--rounds N] [--keys N] [--sizes 1000,10000,50000]
//                                           [--key-pods 10000,50000] [--idle-seconds 60] [--soak-minutes 10]
//                                           [--only frames,keys,gate,list,ceph,idle,soak,parse,ceph-model,gate-inproc,inproc-keys]
// idle and the last four run the single-purpose benches (idle, issue-parse, ceph, gate-vs-kubectl,
// tui-latency) as child processes and put their rows in the same table: every bench runs under `all`.
// The machine is shared and its load moves, so the console is timed against a baseline in the same
// rounds, alternating (a bare bundled Ink app for frames and keys, the workflow's five kubectl|grep
// for the gate, one exec per read for Ceph), and each figure prints its ratio and the load average
// during its run. Request counts, frame counts and RSS do not depend on load.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, report, withLoad, type Row } from './lib/report.js';
import { fullScreen, TmuxPane, ESU } from './lib/tmux.js';
import { consoleEnv, startWorld, worldServerMain, type WorldConn } from './lib/world-server.js';

// The bundle runs from node_modules/.cache/hc-bench; the repository is three levels up.
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.HC_ROOT ?? path.resolve(here, '..', '..', '..');
if (process.argv[2] === '--world-server') await worldServerMain(repoRoot, process.argv.slice(3));

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    keys: { type: 'string' },
    sizes: { type: 'string' },
    'key-pods': { type: 'string' },
    'idle-seconds': { type: 'string' },
    'soak-minutes': { type: 'string' },
    only: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds ?? 5);
const KEYS = Number(values.keys ?? 300);
const SIZES = (values.sizes ?? '1000,10000,50000').split(',').map(Number);
const KEY_PODS = (values['key-pods'] ?? '10000,50000').split(',').map(Number);
const IDLE_S = Number(values['idle-seconds'] ?? 60);
const SOAK_MIN = Number(values['soak-minutes'] ?? 1);
const ONLY = values.only ? new Set(values.only.split(',')) : null;
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const bareInk = path.join(here, 'bare-ink.mjs');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');

const rows: Row[] = [];
function row(r: Row): void {
  rows.push(r);
  report(r);
}
const want = (name: string) => !ONLY || ONLY.has(name);

function rssOf(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2)
    .split(' ');
  return Number(f[11]) + Number(f[12]);
}
const TICK = 100; // USER_HZ on Linux

// ---------------------------------------------------------------- first and full frame
async function frames(): Promise<void> {
  console.log(`\nfirst and full frame of 'demo' vs a bare bundled Ink app, ${ROUNDS} rounds alternating, tmux control mode (130x40)`);
  const pane = await TmuxPane.start(130, 40);
  const bare: number[] = [];
  const first: number[] = [];
  const full: number[] = [];
  const { load } = await withLoad(async () => {
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const order = i % 2 === 0 ? ['bare', 'demo'] : ['demo', 'bare'];
        for (const which of order) {
          if (which === 'bare') {
            const t0 = await pane.run([process.execPath, bareInk]);
            const t1 = await pane.waitOutput((all) => all.includes(ESU), 30_000);
            bare.push(t1 - t0);
          } else {
            const t0 = await pane.run([process.execPath, bin, 'demo']);
            const t1 = await pane.waitOutput((all) => all.includes(ESU), 30_000);
            const t2 = await pane.waitScreen(fullScreen, 120_000);
            first.push(t1 - t0);
            full.push(t2.at - t0);
          }
          await pane.run(['true']);
          await sleep(300);
        }
        console.log(`  round ${i + 1}: bare Ink ${f0(bare.at(-1)!)} ms, demo first ${f0(first.at(-1)!)} ms, full ${f0(full.at(-1)!)} ms`);
      }
    } finally {
      pane.close();
    }
  });
  const ratios = first.map((t, i) => t / bare[i]!);
  row({
    figure: 'first (skeleton) frame of demo',
    measured: `${f0(median(first))} ms vs bare Ink ${f0(median(bare))} ms`,
    ratio: `${f2(median(ratios))}× (median of per-round ratios)`,
    goal: '≤ 1.1× bare Ink',
    met: median(ratios) <= 1.1 ? 'yes' : 'no',
    load,
  });
  const fullRatios = full.map((t, i) => t / bare[i]!);
  row({
    figure: 'full frame of demo (every pane past syncing)',
    measured: `${f0(median(full))} ms`,
    ratio: `${f2(median(fullRatios))}× bare Ink`,
    goal: '≤ 300 ms',
    met: median(full) <= 300 ? 'yes' : 'no',
    load,
  });
}

// ---------------------------------------------------------------- keys, RSS, idle TUI
const KEY_CYCLE = [
  ...Array<string>(12).fill('j'),
  ...Array<string>(12).fill('k'),
  'C-f',
  'C-b',
  'G',
  'g',
  'Tab',
  ...Array<string>(4).fill('j'),
  ...Array<string>(4).fill('k'),
  '1',
];

async function timeKeys(pane: TmuxPane, plan: string[]): Promise<{ all: number[]; byKey: Map<string, number[]>; missed: number }> {
  const all: number[] = [];
  const byKey = new Map<string, number[]>();
  let missed = 0;
  for (const key of plan) {
    const done = pane.waitOutput((_all, chunk) => chunk.includes(ESU), 1000).catch(() => null);
    const sent = pane.sendKey(key);
    const at = await done;
    if (at === null) missed++;
    else {
      all.push(at - sent);
      byKey.set(key, [...(byKey.get(key) ?? []), at - sent]);
    }
    await sleep(40); // an operator's pace; lets Ink's frame throttle settle
  }
  return { all, byKey, missed };
}

async function keysAt(pods: number, withIdle: boolean): Promise<void> {
  console.log(
    `\nkeypress → end of synchronized update, real binary in tmux (200x50), ${pods} pods / 500 apps / 200 items, ${KEYS} keys; bare Ink app keys in the same run`,
  );
  const world = await startWorld({ pods, apps: 500, items: 200 });
  const pane = await TmuxPane.start(200, 50, consoleEnv(world.conn));
  try {
    const { value, load } = await withLoad(async () => {
      const bareT0 = await pane.run([process.execPath, bareInk]);
      await pane.waitOutput((all) => all.includes(ESU), 30_000).catch(() => bareT0);
      await sleep(500);
      const bareKeys = await timeKeys(pane, Array<string>(Math.min(100, KEYS)).fill('j'));
      await pane.run([process.execPath, bin, 'console', '--repo', 'ops/homelab', '--issue', '42']);
      await pane.waitScreen((s) => fullScreen(s) && /Action items \d+\/200/.test(s), 180_000);
      const pid = await pane.panePid();
      // Let the first grading and the lists settle before typing.
      await sleep(3000);
      const plan = Array.from({ length: KEYS }, (_, i) => KEY_CYCLE[i % KEY_CYCLE.length]!);
      const keys = await timeKeys(pane, plan);
      const mem = rssOf(pid);
      let idle: { cpu: number; fps: number } | null = null;
      if (withIdle) {
        const seconds = Math.min(IDLE_S, 30);
        await sleep(2000);
        const c0 = cpuTicks(pid);
        const t0 = performance.now();
        const counter = pane.countFrames();
        await sleep(seconds * 1000);
        const n = counter.stop();
        const dt = (performance.now() - t0) / 1000;
        idle = { cpu: ((cpuTicks(pid) - c0) / TICK / dt) * 100, fps: n / dt };
      }
      return { bareKeys, keys, mem, idle };
    });
    const { bareKeys, keys, mem, idle } = value;
    const p95 = pct(keys.all, 95);
    const byKind = [...keys.byKey].map(([k, v]) => `${k} ${f1(pct(v, 95))}`).join(', ');
    console.log(`  p95 by key: ${byKind}; keys without a frame within 1 s: ${keys.missed}`);
    row({
      figure: `keypress → frame at ${pods / 1000}k pods (real binary, pty)`,
      measured: `p50 ${f1(pct(keys.all, 50))} ms, p95 ${f1(p95)} ms, max ${f1(Math.max(...keys.all))} ms (${keys.all.length} keys); worst key kind p95 ${f1(Math.max(...[...keys.byKey.values()].map((v) => pct(v, 95))))} ms`,
      ratio: `${f2(p95 / pct(bareKeys.all, 95))}× bare Ink p95 (${f1(pct(bareKeys.all, 95))} ms)`,
      goal: 'p95 ≤ 16 ms every key kind',
      met: Math.max(...[...keys.byKey.values()].map((v) => pct(v, 95))) <= 16 ? 'yes' : 'no',
      load,
    });
    const rssGoal = pods >= 50_000 ? 200 : 150;
    row({
      figure: `console RSS at ${pods / 1000}k pods`,
      measured: `${f0(mem.rss)} MB now, peak ${f0(mem.hwm)} MB`,
      ratio: '—',
      goal: `≤ ${rssGoal} MB`,
      met: mem.hwm <= rssGoal ? 'yes' : 'no',
      load,
    });
    if (idle)
      row({
        figure: `TUI idle at ${pods / 1000}k pods`,
        measured: `${f1(idle.cpu)} % CPU, ${f2(idle.fps)} frames/s`,
        ratio: '—',
        goal: '≤ 1 % CPU, no frame without a visible change',
        met: idle.cpu <= 1 ? 'CPU yes' : 'no',
        load,
      });
  } finally {
    pane.close();
    await world.stop();
  }
}

// ---------------------------------------------------------------- gate vs kubectl
const SEED_GATE = [
  'kubectl get nodes | grep -v "Ready"',
  'kubectl get pods -n kube-system | grep -v "Running\\|Completed"',
  'kubectl get applications -n argocd | grep -v "Synced.*Healthy"',
  'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph health',
  'kubectl get pods -A --no-headers | grep -v "Running\\|Completed"',
];

function timed(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ ms: performance.now() - start, code, stdout });
    });
  });
}

async function gateAt(pods: number): Promise<void> {
  const runs = pods >= 50_000 ? Math.min(ROUNDS, 3) : ROUNDS;
  console.log(`\ngate --json vs the workflow's five kubectl|grep, ${pods} pods / 500 apps, ${runs} rounds alternating (world in its own process)`);
  const world = await startWorld({ pods, apps: 500, items: 0 });
  const env = { ...process.env, ...consoleEnv(world.conn) };
  const k: number[] = [];
  const g: number[] = [];
  try {
    const { load } = await withLoad(async () => {
      for (let i = 0; i < runs; i++) {
        const pair = i % 2 === 0 ? ['kubectl', 'gate'] : ['gate', 'kubectl'];
        for (const which of pair) {
          if (which === 'kubectl') k.push((await timed('bash', ['-c', SEED_GATE.join('\n')], env)).ms);
          else {
            const r = await timed(process.execPath, [bin, 'gate', '--json'], env);
            if (r.code > 3) throw new Error(`gate exited ${r.code}`);
            g.push(r.ms);
          }
        }
        console.log(`  round ${i + 1}: kubectl x5 ${f0(k.at(-1)!)} ms, gate ${f0(g.at(-1)!)} ms`);
      }
    });
    const ratios = k.map((t, i) => t / g[i]!);
    const goal = pods >= 50_000 ? 20 : pods >= 10_000 ? 10 : null;
    row({
      figure: `gate --json vs kubectl ×5 at ${pods / 1000}k pods`,
      measured: `${f0(median(g))} ms vs ${f0(median(k))} ms`,
      ratio: `${f1(median(ratios))}× faster`,
      goal: goal ? `≥ ${goal}×` : '—',
      met: goal ? (median(ratios) >= goal ? 'yes' : 'no') : '—',
      load,
    });
  } finally {
    await world.stop();
  }
}

// ---------------------------------------------------------------- time until the whole cluster is listed
async function listTime(pods: number): Promise<void> {
  console.log(`\ntime until the whole cluster is listed (every kind, no watches), ${pods} pods, ${ROUNDS} rounds vs kubectl get pods -A -o name`);
  const world = await startWorld({ pods, apps: 500, items: 0 });
  const env = { ...process.env, ...consoleEnv(world.conn) };
  const { loadKubeTarget } = await import('../src/services/kube/kubeconfig.js');
  const { startClusterWatcher } = await import('../src/services/kube/cluster-watcher.js');
  const { createClusterStore } = await import('../src/store/cluster-store.js');
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    const { load } = await withLoad(async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const target = await loadKubeTarget({ env: { KUBECONFIG: world.conn.kubeconfigPath, HOME: '/nonexistent' } });
        const store = createClusterStore();
        const t0 = performance.now();
        const w = await startClusterWatcher({ target, store, watch: false });
        await w.settled();
        w.flush();
        ours.push(performance.now() - t0);
        w.stop();
        if (store.getState().pods.length < pods) throw new Error(`listed ${store.getState().pods.length} pods of ${pods}`);
        theirs.push((await timed('kubectl', ['get', 'pods', '-A', '-o', 'name'], env)).ms);
      }
    });
    row({
      figure: `whole cluster listed at ${pods / 1000}k pods`,
      measured: `${f0(median(ours))} ms`,
      ratio: `${f2(median(theirs) / median(ours))}× kubectl get pods -A (${f0(median(theirs))} ms)`,
      goal: '≤ 2000 ms',
      met: median(ours) <= 2000 ? 'yes' : 'no',
      load,
    });
  } finally {
    await world.stop();
  }
}

// ---------------------------------------------------------------- Ceph through the exec path
async function cephBench(): Promise<void> {
  console.log(
    `\nCeph summary through exec into rook-ceph-tools (WebSocket, simulated API server), batched vs one exec per read, ${ROUNDS * 4} rounds alternating`,
  );
  const { CephSimulator } = await import('../src/sim/ceph/index.js');
  const { isRookCephTools, KubeSim, routeExec } = await import('../src/sim/kube/index.js');
  const { createKubeCephExecutor } = await import('../src/services/ceph/kube-executor.js');
  const { readCephSummary } = await import('../src/services/ceph/reader.js');
  const { loadKubeTarget } = await import('../src/services/kube/kubeconfig.js');
  const ceph = new CephSimulator({ state: 'degraded' });
  const sim = await KubeSim.start({
    bookmarkIntervalMs: 0,
    exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
  });
  try {
    const target = await loadKubeTarget({ env: { KUBECONFIG: sim.kubeconfigPath, HOME: '/nonexistent' } });
    const batched = createKubeCephExecutor({ target });
    const plain = createKubeCephExecutor({ target });
    const single = { source: plain.source, run: plain.run.bind(plain) };
    const tb: number[] = [];
    const ts: number[] = [];
    let reqB = 0;
    let reqS = 0;
    await readCephSummary(batched);
    await readCephSummary(single);
    const { load } = await withLoad(async () => {
      for (let i = 0; i < ROUNDS * 4; i++) {
        for (const which of i % 2 ? ['b', 's'] : ['s', 'b']) {
          const r0 = sim.counters.requests;
          const t = performance.now();
          await readCephSummary(which === 'b' ? batched : single);
          const dt = performance.now() - t;
          if (which === 'b') {
            tb.push(dt);
            reqB += sim.counters.requests - r0;
          } else {
            ts.push(dt);
            reqS += sim.counters.requests - r0;
          }
        }
      }
    });
    row({
      figure: 'Ceph summary read (exec path)',
      measured: `${f1(median(tb))} ms, ${f1(reqB / tb.length)} API requests per read`,
      ratio: `${f2(median(ts) / median(tb))}× faster than one exec per read (${f1(median(ts))} ms, ${f1(reqS / ts.length)} requests)`,
      goal: 'as few execs as give the same model',
      met: reqB / tb.length <= 1 ? 'yes' : 'no',
      load,
    });
  } finally {
    await sim.stop();
  }
}

// ---------------------------------------------------------------- soak with watch churn
async function soak(): Promise<void> {
  const pods = 10_000;
  console.log(`\nsoak: the console at ${pods} pods for ${SOAK_MIN} min with watch churn (20 pod updates/s), RSS sampled`);
  const world = await startWorld({ pods, apps: 500, items: 200, churnPerSecond: 20 });
  const pane = await TmuxPane.start(200, 50, consoleEnv(world.conn));
  try {
    const { value, load } = await withLoad(async () => {
      await pane.run([process.execPath, bin, 'console', '--repo', 'ops/homelab', '--issue', '42']);
      await pane.waitScreen((s) => fullScreen(s) && /Action items \d+\/200/.test(s), 180_000);
      const pid = await pane.panePid();
      const samples: number[] = [];
      const counter = pane.countFrames();
      const c0 = cpuTicks(pid);
      const t0 = performance.now();
      const step = (SOAK_MIN * 60_000) / 10;
      for (let i = 0; i < 10; i++) {
        await sleep(step);
        samples.push(rssOf(pid).rss);
      }
      const dt = (performance.now() - t0) / 1000;
      return { samples, hwm: rssOf(pid).hwm, fps: counter.stop() / dt, cpu: ((cpuTicks(pid) - c0) / TICK / dt) * 100 };
    });
    console.log(`  RSS samples (MB): ${value.samples.map(f0).join(' ')}`);
    const growth = value.samples.at(-1)! - value.samples[Math.floor(value.samples.length / 2)]!;
    row({
      figure: `soak ${SOAK_MIN} min at 10k pods with churn`,
      measured: `RSS ${f0(value.samples[0]!)} → ${f0(value.samples.at(-1)!)} MB (peak ${f0(value.hwm)}), ${f1(value.cpu)} % CPU, ${f2(value.fps)} frames/s`,
      ratio: `${f1(growth)} MB over the second half`,
      goal: 'bounded (no growth)',
      met: growth <= 5 ? 'yes' : 'no',
      load,
    });
  } finally {
    pane.close();
    await world.stop();
  }
}

// ---------------------------------------------------------------- the other benches, in the same table
/** `--only` name, bench (bench/NAME.ts, bundled beside this one by run.mjs), its arguments. */
const SINGLE_BENCHES: Array<[string, string, string[]]> = [
  ['idle', 'idle', ['--seconds', String(IDLE_S)]],
  ['parse', 'issue-parse', []],
  ['ceph-model', 'ceph', []],
  ['gate-inproc', 'gate-vs-kubectl', ['--runs', String(ROUNDS)]],
  ['inproc-keys', 'tui-latency', ['--runs', String(ROUNDS), '--keys', String(KEYS)]],
];

/** Runs one bench in its own process; the rows it reports (HC_BENCH_ROWS) join this table. */
async function singleBench(name: string, args: string[]): Promise<void> {
  console.log(`
${name}: node bench/run.mjs ${name} ${args.join(' ')}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-bench-rows-'));
  const file = path.join(dir, 'rows.jsonl');
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(here, `${name}.mjs`), ...args], {
        cwd: repoRoot,
        env: { ...process.env, HC_BENCH_ROWS: file, HC_ROOT: repoRoot, HC_REPO_ROOT: repoRoot },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('exit', (c) => resolve(c));
    });
    const got = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    for (const l of got) rows.push(JSON.parse(l) as Row);
    if (code !== 0) rows.push({ figure: `bench ${name}`, measured: `exited ${code} after ${got.length} rows`, ratio: '—', goal: '—', met: 'no', load: '—' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!existsSync(path.join(repoRoot, 'dist', 'main.js'))) {
  console.error('bench: not built: run npm run build first');
  process.exit(1);
}
console.log(
  `homelab-console benchmarks, Node ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString()}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (want('frames')) await frames();
if (want('keys')) for (const n of KEY_PODS) await keysAt(n, n === KEY_PODS[0]);
if (want('gate')) for (const n of SIZES) await gateAt(n);
if (want('list')) await listTime(50_000);
if (want('ceph')) await cephBench();
if (want('soak')) await soak();

for (const [section, bench, args] of SINGLE_BENCHES) if (want(section)) await singleBench(bench, args);

console.log('');
printTable(rows);
process.exit(0);

export type { WorldConn };
