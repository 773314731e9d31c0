// The console's responsiveness, printed (never asserted):
//   1. first and full frame of `homelab-console demo`: the built binary in real tmux, read through
//      control mode as events, from the program's start until its first frame ends and until every
//      pane is past waiting (median and best of several runs);
//   2. keypress-to-write latency p50/p95 on a demo world scaled to 10,000 pods, 500 Applications
//      and 200 action items (the simulators in a child process, like a real cluster): the real App
//      and engine in this process, rendered by Ink into a 200x50 in-memory TTY stream, from writing
//      the key to stdin until Ink's first write. That is a floor (no terminal) and the place to
//      profile (--cpu-prof); bench/all.ts times the real binary through a pty;
//   3. peak RSS of this process.
// Run: npm run build && NODE_ENV=production node bench/run.mjs tui-latency [--runs N] [--keys N]
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { EventEmitter } from 'node:events';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { render } from 'ink';
import React from 'react';
import { App } from '../src/app.js';
import { connectDemoSession, type DemoConnection } from '../src/cli/session-factory.js';
import { DemoWorld } from '../src/sim/demo/world.js';
import { DEFAULT_THRESHOLDS } from '../src/domain/health/types.js';
import { defaultConfig } from '../src/services/config/schema.js';
import { createStores } from '../src/store/index.js';
import { tickingClock, type UiSettings } from '../src/ui/contexts.js';
import { report, withLoad } from './lib/report.js';
import { ESU, fullScreen, TmuxPane } from './lib/tmux.js';
import { buildKeyTable } from '../src/ui/keys/commands.js';
import { resolveTheme } from '../src/ui/theme.js';

if (process.env.NODE_ENV !== 'production') {
  // Measure what ships: the bundle is built with NODE_ENV=production (React's production build).
  const r = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', CI: 'false' } });
  process.exit(r.status ?? 1);
}

// The bundle runs from node_modules/.cache/hc-bench; the repository is three levels up.
const repoRoot = process.env.HC_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const argValue = (flag: string, dflt: number) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = argValue('--runs', 7);
const KEYS = argValue('--keys', 300);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * First and full frame of `demo` in a real terminal, read event by event: tmux in control mode
 * delivers every byte as it is written (bench/lib/tmux.ts), timed from the moment the pane's
 * program is started (not tmux's own start) to the first end of a synchronized update, and to the
 * frame after which every pane is past waiting. No process polls the screen.
 */
async function firstFrameRuns(): Promise<{ first: number[]; full: number[] }> {
  const bin = path.join(repoRoot, 'bin', 'homelab-console');
  const first: number[] = [];
  const full: number[] = [];
  const pane = await TmuxPane.start(130, 40);
  try {
    for (let i = 0; i < RUNS; i++) {
      const t0 = await pane.run([process.execPath, bin, 'demo']);
      const t1 = await pane.waitOutput((all) => all.includes(ESU), 30_000);
      const t2 = await pane.waitScreen(fullScreen, 120_000);
      first.push(t1 - t0);
      full.push(t2.at - t0);
      await pane.run(['true']);
      await sleep(300);
    }
  } finally {
    pane.close();
  }
  return { first, full };
}

/** A 200-item maintenance body in the real format, in groups of 25. */
function bigBody(items: number): string {
  const lines = ['# [Maintenance] 2026-11-26 - Homelab (benchmark)', '', '**Overall Status**: RED', '', '## Action Items', ''];
  const layers = ['Metal', 'System', 'Platform', 'Apps'];
  for (let i = 0; i < items; i++) {
    if (i % 25 === 0) lines.push(`### Group ${i / 25 + 1} (P${Math.min(3, Math.floor(i / 50))})`, '');
    const id = `${String.fromCharCode(65 + Math.floor(i / 25))}${(i % 25) + 1}`;
    const p = Math.min(3, Math.floor(i / 50));
    lines.push(`- [${i % 7 === 0 ? 'x' : ' '}] **${id} P${p} ${layers[i % 4]}**: Benchmark item ${i + 1} for pod-${i}`);
    lines.push(`  - **Goal**: keep item ${i + 1} honest`, `  - **Commands**: \`kubectl -n bench get pods\``, '');
  }
  return lines.join('\n');
}

class FakeStdout extends Writable {
  isTTY = true;
  columns = 200;
  rows = 50;
  writes: number[] = [];
  private waiter: (() => void) | null = null;
  override _write(_chunk: unknown, _enc: BufferEncoding, cb: () => void) {
    this.writes.push(performance.now());
    this.waiter?.();
    cb();
  }
  /** Resolves at the next write, or after `ms` without one: the bench waits on the event, never in a loop. */
  nextWrite(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(this: void) {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = () => {
        this.waiter = null;
        done();
      };
    });
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read() {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/**
 * bench/run.mjs bundles into node_modules/.cache/hc-bench, where the demo seed's file lookup
 * (src/sim/seed beside or above the module) cannot see the sources; point it at them.
 */
function exposeSeedFiles(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const link = path.join(here, '..', 'src');
  if (!existsSync(path.join(link, 'sim', 'seed')) && existsSync(path.join(repoRoot, 'src', 'sim', 'seed'))) {
    symlinkSync(path.join(repoRoot, 'src'), link, 'dir');
  }
}

async function latencyRun() {
  const stores = createStores();
  stores.session.setState({ mode: 'WRITE', demo: true, context: 'homelab', repo: 'ops/homelab' });
  const world = await startWorldProcess();
  const demo = connectDemoSession(world.conn, { stores, mode: 'WRITE', issue: null, thresholds: DEFAULT_THRESHOLDS, pollMs: 3000 });
  const config = defaultConfig();
  const settings: UiSettings = {
    theme: resolveTheme('color'),
    keys: buildKeyTable({}),
    compactBelowColumns: config.ui.compactBelowColumns,
    animate: config.ui.animate,
  };
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const renderTimes: number[] = [];
  const instance = render(React.createElement(App, { engine: demo.session, settings, clock: tickingClock(1000), onExit: () => {} }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    interactive: true,
    incrementalRendering: !process.argv.includes('--full-redraw'),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    kittyKeyboard: { mode: 'disabled' },
    onRender: ({ renderTime }) => renderTimes.push(renderTime),
  });
  await demo.session.start();
  const t0 = performance.now();
  while (performance.now() - t0 < 120_000) {
    const c = stores.cluster.getState();
    if (
      c.pods.length >= 10_000 &&
      c.applications.length >= 500 &&
      (stores.issue.getState().document?.items.length ?? 0) >= 200 &&
      stores.health.getState().gate
    )
      break;
    await sleep(100);
  }
  const g0 = performance.now();
  await demo.session.refresh('health');
  const gradeMs = performance.now() - g0;
  const c = stores.cluster.getState();
  const loaded = { pods: c.pods.length, applications: c.applications.length, items: stores.issue.getState().document?.items.length ?? 0 };
  await sleep(1000);

  // Keys an operator presses, each one changing the screen (a key that changes nothing paints no
  // frame and would time the next unrelated one): down and back up the 200 items, a page down and
  // back, bottom and top, over to the health pane and around it, back to the items.
  const cycle = [
    ...Array<string>(12).fill('j'),
    ...Array<string>(12).fill('k'),
    '\u0006',
    '\u0002',
    'G',
    'g',
    '\t',
    ...Array<string>(4).fill('j'),
    ...Array<string>(4).fill('k'),
    '1',
  ];
  const plan = Array.from({ length: KEYS }, (_, i) => cycle[i % cycle.length]!);
  const latencies: number[] = [];
  const byKey = new Map<string, number[]>();
  const renderStart = renderTimes.length;
  const updates = { cluster: 0, health: 0, issue: 0, queue: 0, ceph: 0 };
  for (const k of Object.keys(updates) as Array<keyof typeof updates>) stores[k].subscribe(() => updates[k]++);
  const keysStart = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  for (const key of plan) {
    const before = stdout.writes.length;
    const next = stdout.nextWrite(1000);
    const sent = performance.now();
    stdin.write(key);
    await next;
    if (stdout.writes.length > before) {
      const t = stdout.writes[before]! - sent;
      latencies.push(t);
      const label = JSON.stringify(key);
      byKey.set(label, [...(byKey.get(label) ?? []), t]);
    }
    // An operator's pace; also lets Ink's frame throttle settle between keys.
    await sleep(40);
  }
  const seconds = (performance.now() - keysStart) / 1000;
  loop.disable();
  console.log(
    `event-loop delay while typing: p50 ${ms(loop.percentile(50) / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}, max ${ms(loop.max / 1e6)}; one full grading of the cluster: ${ms(gradeMs)}`,
  );
  instance.unmount();
  await demo.close();
  world.stop();
  console.log(
    `store updates per second while typing: ${Object.entries(updates)
      .map(([k, v]) => `${k} ${(v / seconds).toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(`by key (p50/p95): ${[...byKey].map(([k, v]) => `${k} ${pct(v, 50).toFixed(1)}/${pct(v, 95).toFixed(1)}`).join(', ')}`);
  return { loaded, latencies, renderTimes: renderTimes.slice(renderStart) };
}

/** `--world-server`: run the scaled demo world in its own process, as a real cluster would be. */
async function worldServer(): Promise<never> {
  exposeSeedFiles();
  const world = await DemoWorld.start({ scale: { pods: 10_000, applications: 500 } });
  world.gitea.world.saveBody(42, bigBody(200), 'admin');
  const conn: DemoConnection = { giteaUrl: world.giteaUrl, token: world.token, kubeconfigPath: world.kubeconfigPath };
  process.stdout.write(JSON.stringify(conn) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => void world.close().then(() => process.exit(0)));
  return new Promise<never>(() => {});
}

function startWorldProcess(): Promise<{ conn: DemoConnection; stop(): void }> {
  const child = spawn(process.execPath, [process.argv[1]!, '--world-server'], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ conn: JSON.parse(line) as DemoConnection, stop: () => child.stdin.end() }));
    child.once('exit', (code) => reject(new Error(`world server exited with ${code}`)));
  });
}

if (process.argv.includes('--world-server')) await worldServer();

console.log(`homelab-console TUI benchmark (Node ${process.version}, ${new Date().toISOString()})`);
const framed = await withLoad(firstFrameRuns);
const { first, full } = framed.value;
console.log(`first frame of demo (tmux, from the program's start, ${first.length} runs): median ${ms(pct(first, 50))}, best ${ms(Math.min(...first))}`);
report({
  figure: 'first / full frame of demo (tmux control mode, no baseline)',
  measured: `${pct(first, 50).toFixed(0)} ms / ${pct(full, 50).toFixed(0)} ms`,
  ratio: '— (bench/all.ts rounds it against a bare Ink app)',
  goal: 'full ≤ 300 ms',
  met: pct(full, 50) <= 300 ? 'yes' : 'no',
  load: framed.load,
});
const measured = await withLoad(latencyRun);
const run = measured.value;
console.log(`scaled demo world: ${run.loaded.pods} pods, ${run.loaded.applications} Applications, ${run.loaded.items} action items`);
console.log(
  `keypress-to-write, in process (${run.latencies.length} keys): p50 ${ms(pct(run.latencies, 50))}, p95 ${ms(pct(run.latencies, 95))}, max ${ms(Math.max(...run.latencies))}`,
);
if (run.renderTimes.length) console.log(`Ink render time per frame: p50 ${ms(pct(run.renderTimes, 50))}, p95 ${ms(pct(run.renderTimes, 95))}`);
const rssMb = (process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
// The first write into an in-memory stream, not a frame on a terminal: a floor for profiling
// (--cpu-prof works here), 1–5 ms under the real binary through a pty (bench/all.ts's key rows).
report({
  figure: 'keypress → first Ink write at 10k pods, in process (no terminal)',
  measured: `p50 ${pct(run.latencies, 50).toFixed(1)} ms, p95 ${pct(run.latencies, 95).toFixed(1)} ms (${run.latencies.length} keys); peak RSS ${rssMb.toFixed(0)} MB`,
  ratio: '—',
  goal: '— (a floor: the real-terminal rows are the figure)',
  met: '—',
  load: measured.load,
});
process.exit(0);
