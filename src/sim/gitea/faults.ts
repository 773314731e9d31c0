/** What can go wrong on the wire, injected per request for tests and the demo's chaos mode. */
export type FaultKind =
  /** Answer with this status and `{message, url}` instead of handling the request. */
  | { kind: 'status'; status: number; message?: string }
  /** Wait before handling (the request is still handled). */
  | { kind: 'latency'; ms: number }
  /** Close the socket without an answer. */
  | { kind: 'drop' }
  /** Handle the request, then answer with only the first half of the JSON body (as a cutting proxy would). */
  | { kind: 'truncate' }
  /** Answer with this status and an HTML page instead of handling the request (a reverse proxy's error page). */
  | { kind: 'html'; status: number; html: string }
  /** Handle the request (a write lands), then hold the answer this long: the client cannot know it landed. */
  | { kind: 'stall-answer'; ms: number };

export interface FaultRule {
  method?: string;
  /** Matched against the path below `/api/v1` (e.g. `/repos/ops/homelab/issues/42`). */
  path?: RegExp | string;
  /** Matched against the raw request body (e.g. a PATCH that changes the title, not the body). */
  body?: RegExp;
  fault: FaultKind;
  /** How many requests it hits before it disarms (default: unlimited). */
  times?: number;
  /** Chance per matching request (default 1). */
  probability?: number;
}

export class FaultPlan {
  private rules: Array<FaultRule & { left: number }> = [];
  /** How many faults fired, by kind. */
  readonly fired: Record<string, number> = {};

  add(rule: FaultRule): () => void {
    const entry = { ...rule, left: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(entry);
    return () => {
      this.rules = this.rules.filter((r) => r !== entry);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The faults to apply to this request, in the order they were added; consumes their counts. */
  take(method: string, path: string, random: () => number = Math.random, body = ''): FaultKind[] {
    const out: FaultKind[] = [];
    for (const rule of this.rules) {
      if (rule.left <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path !== undefined && !(typeof rule.path === 'string' ? path === rule.path : rule.path.test(path))) continue;
      if (rule.body && !rule.body.test(body)) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      rule.left--;
      this.fired[rule.fault.kind] = (this.fired[rule.fault.kind] ?? 0) + 1;
      out.push(rule.fault);
    }
    this.rules = this.rules.filter((r) => r.left > 0);
    return out;
  }
}
