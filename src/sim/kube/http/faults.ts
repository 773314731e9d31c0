export type PathPattern = string | RegExp;

interface Rule {
  id: number;
  pattern: PathPattern;
  methods?: string[];
  remaining: number;
  action: { type: 'status'; code: number } | { type: 'delay'; ms: number } | { type: 'forbid'; user: string };
}

export interface FaultDecision {
  delayMs: number;
  status?: number;
  forbidUser?: string;
}

function matches(p: PathPattern, path: string): boolean {
  return typeof p === 'string' ? path.startsWith(p) || path.includes(p) : p.test(path);
}

/**
 * Injected failures for tests and the demo: a status code (5xx) or 403 on matching paths, and slow answers.
 * A string pattern matches a path that starts with or contains it; `times` limits how often a rule fires.
 */
export class Faults {
  private rules: Rule[] = [];
  private next = 1;

  failPath(pattern: PathPattern, opts: { status?: number; times?: number; methods?: string[] } = {}): () => void {
    return this.add(pattern, { type: 'status', code: opts.status ?? 503 }, opts.times, opts.methods);
  }

  slowPath(pattern: PathPattern, ms: number, opts: { times?: number; methods?: string[] } = {}): () => void {
    return this.add(pattern, { type: 'delay', ms }, opts.times, opts.methods);
  }

  forbidPath(pattern: PathPattern, opts: { user?: string; times?: number; methods?: string[] } = {}): () => void {
    return this.add(pattern, { type: 'forbid', user: opts.user ?? 'system:serviceaccount:default:homelab-console' }, opts.times, opts.methods);
  }

  clear(): void {
    this.rules = [];
  }

  private add(pattern: PathPattern, action: Rule['action'], times = Infinity, methods?: string[]): () => void {
    const rule: Rule = { id: this.next++, pattern, action, remaining: times, methods: methods?.map((m) => m.toUpperCase()) };
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((r) => r.id !== rule.id);
    };
  }

  /** What to do with one request (the path includes the query string). */
  decide(method: string, path: string): FaultDecision {
    const d: FaultDecision = { delayMs: 0 };
    for (const r of this.rules) {
      if (r.remaining <= 0 || !matches(r.pattern, path)) continue;
      if (r.methods && !r.methods.includes(method)) continue;
      if (r.action.type === 'delay') {
        d.delayMs += r.action.ms;
        r.remaining--;
      } else if (d.status === undefined && d.forbidUser === undefined) {
        if (r.action.type === 'status') d.status = r.action.code;
        else d.forbidUser = r.action.user;
        r.remaining--;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return d;
  }
}

export interface WriteRecord {
  method: string;
  path: string;
  at: number;
}

/** Distinct "verb path" keys kept in byRoute; later ones are counted under OTHER_ROUTES. */
const ROUTES_KEPT = 2_000;
export const OTHER_ROUTES = '(other routes)';

/** Request counters: tests assert that a read-only console sends no writes, and what an idle minute costs. */
export class Counters {
  requests = 0;
  writes = 0;
  watches = 0;
  execs = 0;
  readonly byVerb: Record<string, number> = {};
  /**
   * Requests by "verb path" ("get /version", "exec /api/v1/namespaces/rook-ceph/pods/NAME/exec"):
   * which poller asked is read off the path, so an idle test can tell a Ceph poll from a re-resolution.
   */
  readonly byRoute: Record<string, number> = {};
  private routes = 0;
  readonly writeLog: WriteRecord[] = [];

  count(verb: string, path?: string): void {
    this.requests++;
    this.byVerb[verb] = (this.byVerb[verb] ?? 0) + 1;
    if (path === undefined) return;
    let key = `${verb} ${path}`;
    if (this.byRoute[key] === undefined && this.routes >= ROUTES_KEPT) key = OTHER_ROUTES;
    if (this.byRoute[key] === undefined) this.routes++;
    this.byRoute[key] = (this.byRoute[key] ?? 0) + 1;
  }

  recordWrite(method: string, path: string, at: number): void {
    this.writes++;
    if (this.writeLog.length < 10_000) this.writeLog.push({ method, path, at });
  }

  reset(): void {
    this.requests = this.writes = this.watches = this.execs = 0;
    for (const k of Object.keys(this.byVerb)) delete this.byVerb[k];
    for (const k of Object.keys(this.byRoute)) delete this.byRoute[k];
    this.routes = 0;
    this.writeLog.length = 0;
  }
}
