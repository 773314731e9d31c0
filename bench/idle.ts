// The steady state as the API server counts it: `status --watch` and then the console (the real
// binary in tmux) against the demo world at 10k pods, each left idle for --seconds, with every API
// request attributed to the poller that sent it by its path (the simulator's byRoute counts).
// Request, record and frame counts do not depend on the machine's load; the load is printed anyway.
//   npm run build && node bench/run.mjs idle [--seconds 60] [--pods 10000] [--only watch,console]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { report, withLoad } from './lib/report.js';
import { fullScreen, TmuxPane } from './lib/tmux.js';
import { consoleEnv, startWorld, worldServerMain } from './lib/world-server.js';

// The bundle runs from node_modules/.cache/hc-bench; the repository is three levels up.
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.HC_ROOT ?? path.resolve(here, '..', '..', '..');
if (process.argv[2] === '--world-server') await worldServerMain(repoRoot, process.argv.slice(3));

const { values } = parseArgs({ options: { seconds: { type: 'string' }, pods: { type: 'string' }, only: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 60);
const PODS = Number(values.pods ?? 10_000);
const ONLY = values.only ? new Set(values.only.split(',')) : null;
/** After the first full grade: past the first Ceph poll, Alertmanager read and metrics poll. */
const SETTLE_MS = 12_000;
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stats {
  requests: number;
  byRoute: Record<string, number>;
}

/** Which poller sent a request ("verb path"), as the idle test attributes them (test/services/health/quiet-idle.test.ts). */
function poller(encoded: string): string {
  const route = decodeURIComponent(encoded);
  if (/^exec \/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/exec$/.test(route)) return 'Ceph exec';
  if (/\/services\/[^/]+\/proxy\/api\/v2\/alerts$/.test(route)) return 'Alertmanager';
  if (route === 'get /apis/metrics.k8s.io/v1beta1/nodes') return 'node metrics';
  if (route === 'get /version') return '/version';
  if (route.startsWith('watch ')) return 're-watch';
  return route; // anything else is named in full: it has no business in an idle minute
}

async function idleWindow(kubeUrl: string): Promise<{ requests: number; by: Array<[string, number]> }> {
  const stats = async () => (await (await fetch(`${kubeUrl}/_sim/stats`)).json()) as Stats;
  const s0 = await stats();
  await sleep(SECONDS * 1000);
  const s1 = await stats();
  const by = new Map<string, number>();
  for (const [route, n] of Object.entries(s1.byRoute)) {
    const d = n - (s0.byRoute[route] ?? 0);
    if (d > 0) by.set(poller(route), (by.get(poller(route)) ?? 0) + d);
  }
  return { requests: s1.requests - s0.requests, by: [...by].sort((a, b) => b[1] - a[1]) };
}

const perMinute = (n: number) => (n * 60) / SECONDS;
const said = (by: Array<[string, number]>) => by.map(([k, v]) => `${v} ${k}`).join(', ') || 'none';

async function statusWatch(): Promise<void> {
  console.log(`\nsteady state: status --watch at ${PODS / 1000}k pods, idle ${SECONDS} s (requests counted by the API server)`);
  const world = await startWorld({ pods: PODS, apps: 500, items: 0 });
  const child = spawn(process.execPath, [bin, 'status', '--watch', '--json'], {
    env: { ...process.env, ...consoleEnv(world.conn) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let records = 0;
  let firstGrade: (() => void) | null = null;
  const graded = new Promise<void>((resolve) => (firstGrade = resolve));
  child.stdout.on('data', (d: Buffer) => {
    for (const l of d.toString().split('\n').filter(Boolean)) {
      records++;
      const g = JSON.parse(l) as { layers: Record<string, { status: string }> };
      if (Object.values(g.layers).every((x) => x.status !== 'UNKNOWN')) firstGrade?.();
    }
  });
  try {
    const { value, load } = await withLoad(async () => {
      await graded;
      await sleep(SETTLE_MS);
      const r0 = records;
      const w = await idleWindow(world.conn.kubeUrl);
      return { ...w, printed: records - r0 };
    });
    report({
      figure: `status --watch at ${PODS / 1000}k pods, idle ${SECONDS} s`,
      measured: `${value.requests} API requests (${said(value.by)}); ${value.printed} records printed`,
      ratio: `${perMinute(value.requests).toFixed(1)} requests/min`,
      goal: '≤ 20 requests/min; print only on a grade change',
      met: perMinute(value.requests) <= 20 && value.printed === 0 ? 'yes' : 'no',
      load,
    });
  } finally {
    child.kill('SIGINT');
    await world.stop();
  }
}

async function consoleIdle(): Promise<void> {
  console.log(`\nsteady state: the console (real binary in tmux, 200x50) at ${PODS / 1000}k pods / 200 items, idle ${SECONDS} s`);
  const world = await startWorld({ pods: PODS, apps: 500, items: 200 });
  const pane = await TmuxPane.start(200, 50, consoleEnv(world.conn));
  try {
    const { value, load } = await withLoad(async () => {
      await pane.run([process.execPath, bin, 'console', '--repo', 'ops/homelab', '--issue', '42']);
      await pane.waitScreen((s) => fullScreen(s) && /Action items \d+\/200/.test(s), 180_000);
      const pid = await pane.panePid();
      await sleep(SETTLE_MS);
      const frames = pane.countFrames();
      const c0 = cpuSeconds(pid);
      const w = await idleWindow(world.conn.kubeUrl);
      return { ...w, frames: frames.stop(), cpu: ((cpuSeconds(pid) - c0) / SECONDS) * 100 };
    });
    report({
      figure: `console at ${PODS / 1000}k pods, idle ${SECONDS} s`,
      measured: `${value.requests} API requests (${said(value.by)}); ${value.frames} frames, ${value.cpu.toFixed(1)} % CPU`,
      ratio: `${perMinute(value.requests).toFixed(1)} requests/min`,
      goal: '≤ 20 requests/min; no frame without a visible change',
      met: perMinute(value.requests) <= 20 ? 'requests yes' : 'no',
      load,
    });
  } finally {
    pane.close();
    await world.stop();
  }
}

/** User + system CPU seconds of a process so far (/proc/PID/stat, USER_HZ 100). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

if (!existsSync(path.join(repoRoot, 'dist', 'main.js'))) {
  console.error('bench: not built: run npm run build first');
  process.exit(1);
}
if (!ONLY || ONLY.has('watch')) await statusWatch();
if (!ONLY || ONLY.has('console')) await consoleIdle();
process.exit(0);
