import { crashMeta, degradedDemoState, healthyState } from './seeds.js';
import {
  renderCrash,
  renderDf,
  renderHealth,
  renderMgrStat,
  renderOsdDf,
  renderOsdDfTree,
  renderOsdDump,
  renderOsdTree,
  renderPgStat,
  renderStatus,
  renderVersions,
  isIn,
} from './render.js';
import { textCrashLs, textDf, textHealth, textOsdDf, textOsdTree, textPgStat, textStatus } from './render-text.js';
import { SETTABLE_FLAGS, type SimCephState, type SimCrash } from './state.js';
import { runToolboxShell } from './toolbox-shell.js';

export interface SimExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CephSimulatorOptions {
  /** `degraded` (the demo's start) or `healthy`, or a state built by hand. */
  state?: 'degraded' | 'healthy' | SimCephState;
  /** The world's clock; the kube simulator's Clock.now fits. */
  now?: () => number;
  /** How long a recovery started by out/in/reweight/purge takes. */
  recoveryMs?: number;
}

const ok = (stderr = ''): SimExecResult => ({ stdout: '\n', stderr, exitCode: 0 });
const fail = (exitCode: number, stderr: string): SimExecResult => ({ stdout: '\n', stderr, exitCode });

/** Mon commands print compact JSON after the CLI's blank line; a few end without a newline. */
function compact(value: unknown, trailingNewline = true): SimExecResult {
  return { stdout: `\n${JSON.stringify(value)}${trailingNewline ? '\n' : ''}`, stderr: '', exitCode: 0 };
}

/** mgr-module commands (crash …) pretty-print with indent=4. */
function pretty(value: unknown): SimExecResult {
  return { stdout: `\n${JSON.stringify(value, null, 4)}\n`, stderr: '', exitCode: 0 };
}

function pythonNow(ms: number): string {
  // str(datetime.datetime.utcnow()): "2026-11-26 05:40:09.530401"
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.(\d{3})Z$/, '.$1000');
}

function invalid(words: string[]): SimExecResult {
  return fail(
    22,
    `no valid command found; 10 closest matches:\nosd perf\nosd df [plain|tree] [class|name] [<filter>]\nosd blocked-by\n${words.slice(0, 2).join(' ')} ...\nError EINVAL: invalid command\n`,
  );
}

/**
 * A Ceph cluster in memory that answers `ceph … --format json` like a Rook cluster's toolbox:
 * JSON shaped like the real captures (leading newline, indented crash output), messages on stderr,
 * ceph's exit codes (including its exit-0 failures), and state that the writes change.
 */
export class CephSimulator {
  readonly state: SimCephState;
  /** Commands that changed state; tests assert read-only mode sends none. */
  writes = 0;
  /** Every argv received, for tests. */
  readonly log: string[][] = [];
  private readonly now: () => number;
  private readonly recoveryMs: number;

  constructor(options: CephSimulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.recoveryMs = options.recoveryMs ?? 90_000;
    const st = options.state ?? 'degraded';
    this.state = st === 'degraded' ? degradedDemoState(this.now(), this.recoveryMs) : st === 'healthy' ? healthyState(this.now()) : st;
  }

  /** `exec(['ceph', 'osd', 'tree', '--format', 'json'])`: what the toolbox pod's exec would return. */
  exec(argv: readonly string[]): SimExecResult {
    // The console batches its reads into one `sh -c` in the toolbox (services/ceph/kube-executor.ts).
    if ((argv[0] === 'sh' || argv[0] === 'bash') && argv[1] === '-c' && argv[2] !== undefined) return runToolboxShell(argv[2], (a) => this.exec(a));
    this.log.push([...argv]);
    const words: string[] = [];
    let json = false;
    const list = argv[0] === 'ceph' ? argv.slice(1) : [...argv];
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a === '--format' || a === '-f') {
        json = list[i + 1] === 'json' || list[i + 1] === 'json-pretty';
        i++;
      } else if (a.startsWith('--format=')) json = a.slice(9).startsWith('json');
      else if (a === '-c' || a === '--conf' || a === '--connect-timeout' || a === '--cluster' || a === '--id' || a === '-n' || a === '--name') i++;
      else words.push(a);
    }
    if (argv[0] !== 'ceph') return { stdout: '', stderr: `exec: "${argv[0] ?? ''}": executable file not found in $PATH\n`, exitCode: 127 };
    if (!json) {
      const text = this.plainText(words.join(' '));
      if (text !== null) return { stdout: text, stderr: '', exitCode: 0 };
    }
    return this.dispatch(words);
  }

  /** What the reads an operator types by hand print without `--format json`; null for the rest. */
  private plainText(cmd: string): string | null {
    const s = this.state;
    const now = this.now();
    switch (cmd) {
      case 'status':
      case '-s':
        return textStatus(s, now);
      case 'health':
        return textHealth(s, now, false);
      case 'health detail':
        return textHealth(s, now, true);
      case 'df':
        return textDf(s);
      case 'osd df':
        return textOsdDf(s, false);
      case 'osd df tree':
        return textOsdDf(s, true);
      case 'osd tree':
        return textOsdTree(s);
      case 'pg stat':
        return textPgStat(s, now);
      case 'crash ls':
        return textCrashLs(this.sortedCrashes());
      case 'crash ls-new':
        return textCrashLs(this.sortedCrashes().filter((c) => c.archived === null));
      default:
        return null;
    }
  }

  private osdArg(text: string | undefined): number | null {
    if (text === undefined) return null;
    const m = /^(?:osd\.)?(\d+)$/.exec(text);
    return m ? Number(m[1]) : null;
  }

  private dispatch(w: string[]): SimExecResult {
    const s = this.state;
    const now = this.now();
    const cmd = w.join(' ');
    switch (cmd) {
      case 'status':
      case '-s':
        return compact(renderStatus(s, now));
      case 'health':
        return compact(renderHealth(s, now, false), false);
      case 'health detail':
        return compact(renderHealth(s, now, true), false);
      case 'osd tree':
        return compact(renderOsdTree(s));
      case 'osd df':
        return compact(renderOsdDf(s));
      case 'osd df tree':
        return compact(renderOsdDfTree(s));
      case 'osd dump':
        return compact(renderOsdDump(s));
      case 'osd stat': {
        const st = renderStatus(s, now).osdmap;
        return compact(st, false);
      }
      case 'df':
        return compact(renderDf(s));
      case 'pg stat': {
        const r = compact(renderPgStat(s, now));
        // `pg stat` really ends its JSON with "\n}" (corpus/ceph-real/pg-stat.json).
        return { ...r, stdout: r.stdout.replace(/}\n$/, '\n}') };
      }
      case 'mgr stat':
        return compact(renderMgrStat(s));
      case 'versions':
        return compact(renderVersions(s), false);
      case 'crash ls':
        return pretty(this.sortedCrashes().map(renderCrash));
      case 'crash ls-new':
        return pretty(
          this.sortedCrashes()
            .filter((c) => c.archived === null)
            .map(renderCrash),
        );
      case 'crash stat': {
        return { stdout: `${s.crashes.length} crashes recorded\n`, stderr: '', exitCode: 0 };
      }
      case 'crash archive-all': {
        this.writes++;
        for (const c of s.crashes) c.archived ??= pythonNow(now);
        return ok();
      }
    }
    const [a, b, c, d] = w;
    if (a === 'crash' && b === 'info' && c !== undefined && w.length === 3) {
      const crash = s.crashes.find((x) => x.meta.crash_id === c);
      return crash ? pretty(renderCrash(crash)) : ok(`crash info: ${c} not found\n`);
    }
    if (a === 'crash' && b === 'archive' && c !== undefined && w.length === 3) {
      const crash = s.crashes.find((x) => x.meta.crash_id === c);
      if (!crash) return ok(`crash info: ${c} not found\n`);
      this.writes++;
      crash.archived ??= pythonNow(now);
      return ok();
    }
    if (a === 'osd' && (b === 'set' || b === 'unset') && c !== undefined && w.length === 3) {
      if (!(SETTABLE_FLAGS as readonly string[]).includes(c)) {
        return fail(
          22,
          `Invalid command: ${c} not in ${SETTABLE_FLAGS.join('|')}\nosd ${b} ${SETTABLE_FLAGS.join('|')} :  ${b} <key>\nError EINVAL: invalid command\n`,
        );
      }
      this.writes++;
      if (b === 'set') s.flags.add(c);
      else s.flags.delete(c);
      s.epoch++;
      return ok(`${c} is ${b}\n`);
    }
    if (a === 'osd' && b === 'reweight' && w.length === 4) {
      const id = this.osdArg(c);
      const weight = Number(d);
      if (id === null) return fail(22, `Invalid command: osd id ${c} not integer\nError EINVAL: invalid command\n`);
      if (!Number.isFinite(weight) || weight < 0 || weight > 1)
        return fail(
          22,
          `Invalid command: ${d} not in range [0.0, 1.0]\nosd reweight <id|osd.id> <weight:float> :  reweight osd to 0.0 < <weight> < 1.0\nError EINVAL: invalid command\n`,
        );
      const osd = s.osds.find((o) => o.id === id);
      if (!osd) return fail(2, `Error ENOENT: osd.${id} does not exist\n`);
      this.writes++;
      // 16.16 fixed point, as the OSD map stores it: 0.8 reads back as 0.79998779296875.
      const fixed = Math.floor(weight * 0x10000);
      this.changeIn(() => (osd.reweight = fixed / 0x10000));
      return ok(`reweighted osd.${id} to ${weight} (${fixed.toString(16)})\n`);
    }
    if (a === 'osd' && (b === 'out' || b === 'in') && w.length >= 3) {
      const lines: string[] = [];
      for (const arg of w.slice(2)) {
        const id = this.osdArg(arg);
        const osd = id === null ? undefined : s.osds.find((o) => o.id === id);
        if (!osd) {
          lines.push(`osd.${id ?? arg} does not exist. `);
          continue;
        }
        if (b === 'out' && !isIn(osd)) lines.push(`osd.${id} is already out. `);
        else if (b === 'in' && isIn(osd)) lines.push(`osd.${id} is already in. `);
        else {
          this.writes++;
          this.changeIn(() => (osd.reweight = b === 'out' ? 0 : 1));
          lines.push(`marked ${b} osd.${id}. `);
        }
      }
      return ok(`${lines.join('')}\n`);
    }
    if (a === 'osd' && b === 'purge' && c !== undefined) {
      const id = this.osdArg(c);
      if (id === null) return fail(22, `Invalid command: osd id ${c} not integer\nError EINVAL: invalid command\n`);
      if (!w.includes('--yes-i-really-mean-it'))
        return fail(1, `Error EPERM: Are you SURE?  This will completely remove osd.${id}; pass --yes-i-really-mean-it.\n`);
      const osd = s.osds.find((o) => o.id === id);
      if (!osd) return ok(`osd.${id} does not exist\n`);
      if (osd.up) return fail(16, `Error EBUSY: osd.${id} is not \`down\`.\n`);
      this.writes++;
      this.changeIn(() => s.osds.splice(s.osds.indexOf(osd), 1));
      return ok(`purged osd.${id}\n`);
    }
    if (a === 'mgr' && b === 'fail' && w.length <= 3) {
      this.writes++;
      this.failoverMgr(c);
      return ok();
    }
    return invalid(w);
  }

  private sortedCrashes(): SimCrash[] {
    return [...this.state.crashes].sort((x, y) => x.meta.timestamp.localeCompare(y.meta.timestamp));
  }

  /** A change of which OSDs hold data: a new OSD map epoch and a recovery to rebalance. */
  private changeIn(change: () => void): void {
    const before = this.state.osds.map((o) => `${o.id}:${o.reweight}`).join();
    change();
    this.state.epoch++;
    if (this.state.osds.map((o) => `${o.id}:${o.reweight}`).join() !== before) {
      this.state.recovery = { startedAt: this.now(), durationMs: this.recoveryMs, misplacedTotal: 18_000 };
    }
  }

  private failoverMgr(name?: string): void {
    const m = this.state.mgr;
    if (name && name !== m.active) return;
    const next = m.standbys.shift();
    if (next) {
      m.standbys.push(m.active);
      m.active = next;
    }
    m.failedModules = [];
    m.activeSince = this.now();
  }

  /** The simulator as a ceph executor (structurally the console's CephExecutor): `run(args)` = `ceph args`. */
  executor(source = 'simulated rook-ceph-tools'): { source: string; run(args: readonly string[], options?: unknown): Promise<SimExecResult> } {
    return { source, run: async (args) => this.exec(['ceph', ...args]) };
  }

  /** A rollout restart of rook-ceph-osd-N: clears its slow ops; a healthy daemon comes back up. */
  restartOsd(id: number): boolean {
    const osd = this.state.osds.find((o) => o.id === id);
    if (!osd) return false;
    osd.slowOps = 0;
    osd.stalledRead = false;
    osd.slowSince = null;
    if (!osd.diskFailed && !osd.up) {
      osd.up = true;
      this.state.epoch++;
    }
    return true;
  }

  /** The daemon stops (a node drain, a crash): down in the tree, OSD_DOWN while it is in. */
  stopOsd(id: number): boolean {
    const osd = this.state.osds.find((o) => o.id === id);
    if (!osd) return false;
    osd.up = false;
    this.state.epoch++;
    return true;
  }

  /** A rollout restart of rook-ceph-mgr-X: a standby takes over and failed modules load again. */
  restartMgr(name?: string): void {
    this.failoverMgr(name);
  }

  /** `ceph crash post`: a daemon crashed (mgr module crashes carry mgr_module). */
  postCrash(entity: string, options: { host?: string; mgrModule?: string; at?: number } = {}): string {
    const at = options.at ?? this.now();
    const meta = crashMeta(options.mgrModule ? 'mgr-module' : 'osd', entity, options.host ?? 'onyx', at, this.state.crashes.length + 100);
    if (options.mgrModule) meta.mgr_module = options.mgrModule;
    this.state.crashes.push({ meta, archived: null });
    return meta.crash_id;
  }
}
