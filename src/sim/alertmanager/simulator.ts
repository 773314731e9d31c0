import { createHash, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/** An alert as a rule (Prometheus's half) or a client posts it (`postableAlert` of API v2). */
export interface SimAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** What a rule evaluation yields now: the alerts of the world's current state (Prometheus's rules). */
export type AlertRule = () => SimAlert[];

interface Matcher {
  name: string;
  value: string;
  isRegex?: boolean;
  isEqual?: boolean;
}

interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** Alertmanager's fingerprint is a hash of the label set; any stable hash of the sorted labels does. */
function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function matches(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(v) : v === m.value;
  return m.isEqual === false ? !hit : hit;
}

/**
 * The slice of Alertmanager's API v2 the console and amtool read, on loopback: `/api/v2/alerts`
 * (GET with the active/silenced/inhibited filters, POST), `/api/v2/silences`, `/api/v2/status`,
 * `/-/healthy`. Alerts come from rules evaluated on every read (the world's state, as Prometheus
 * would fire them: a rule whose cause is gone yields nothing, so the alert resolves) and from
 * posts, which fire until their endsAt.
 */
export class AlertmanagerSim {
  private server: http.Server | null = null;
  private readonly rules: AlertRule[] = [];
  private readonly posted = new Map<string, { alert: SimAlert; at: string }>();
  private readonly silences: Silence[] = [];
  /** When each alert the rules yield started firing (by fingerprint). */
  private ruleSince = new Map<string, string>();
  port = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  addRule(rule: AlertRule): void {
    this.rules.push(rule);
  }

  /** Posts alerts as Prometheus would (POST /api/v2/alerts). */
  post(alerts: SimAlert[]): void {
    const at = new Date(this.now()).toISOString();
    for (const a of alerts) this.posted.set(fingerprint(a.labels), { alert: a, at: this.posted.get(fingerprint(a.labels))?.at ?? a.startsAt ?? at });
  }

  silence(matchers: Matcher[], o: { endsAt?: string; createdBy?: string; comment?: string } = {}): string {
    const id = randomUUID();
    this.silences.push({
      id,
      matchers,
      startsAt: new Date(this.now()).toISOString(),
      endsAt: o.endsAt ?? new Date(this.now() + 3_600_000).toISOString(),
      createdBy: o.createdBy ?? 'homelab-sim',
      comment: o.comment ?? '',
    });
    return id;
  }

  /** Every firing alert as `/api/v2/alerts` answers it (a gettableAlert each). */
  alerts(): Array<Record<string, unknown>> {
    const now = this.now();
    const firing = new Map<string, { alert: SimAlert; at: string }>();
    // A rule's alert keeps the startsAt of its first evaluation while it fires, as Alertmanager's does:
    // a steady alert reads the same on every poll.
    const fromRules = new Map<string, string>();
    for (const rule of this.rules)
      for (const a of rule()) {
        const fp = fingerprint(a.labels);
        const at = a.startsAt ?? this.ruleSince.get(fp) ?? new Date(now).toISOString();
        fromRules.set(fp, at);
        firing.set(fp, { alert: a, at });
      }
    this.ruleSince = fromRules;
    for (const [fp, p] of this.posted) {
      if (p.alert.endsAt && Date.parse(p.alert.endsAt) <= now) continue;
      firing.set(fp, p);
    }
    const live = this.silences.filter((s) => Date.parse(s.startsAt) <= now && Date.parse(s.endsAt) > now);
    return [...firing].map(([fp, { alert, at }]) => {
      const silencedBy = live.filter((s) => s.matchers.every((m) => matches(m, alert.labels))).map((s) => s.id);
      return {
        labels: alert.labels,
        annotations: alert.annotations ?? {},
        startsAt: at,
        endsAt: alert.endsAt ?? new Date(now + 4 * 60_000).toISOString(),
        updatedAt: new Date(now).toISOString(),
        fingerprint: fp,
        receivers: [{ name: 'null' }],
        status: { state: silencedBy.length ? 'suppressed' : 'active', silencedBy, inhibitedBy: [], mutedBy: [] },
        generatorURL: alert.generatorURL ?? '',
      };
    });
  }

  async start(port = 0): Promise<void> {
    const server = http.createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => send(res, 500, { code: 500, message: (err as Error).message }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://alertmanager');
    const p = url.pathname.replace(/\/+$/, '');
    if (p === '/-/healthy' || p === '/-/ready') return text(res, 200, 'OK');
    if (p === '/api/v2/status') {
      return send(res, 200, {
        cluster: { name: 'homelab-sim', status: 'ready', peers: [] },
        versionInfo: { version: '0.29.0-sim', branch: 'sim', revision: 'sim', buildUser: 'sim', buildDate: '', goVersion: '' },
        config: { original: 'route:\n  receiver: "null"\nreceivers:\n- name: "null"\n' },
        uptime: new Date(this.now()).toISOString(),
      });
    }
    if (p === '/api/v2/alerts' && req.method === 'GET') {
      const flag = (name: string) => url.searchParams.get(name) !== 'false';
      const filters = url.searchParams.getAll('filter').map(parseFilter);
      const out = this.alerts().filter((a) => {
        const st = a.status as { state: string; silencedBy: string[]; inhibitedBy: string[] };
        if (st.state === 'active' && !flag('active')) return false;
        if (st.silencedBy.length && !flag('silenced')) return false;
        if (st.inhibitedBy.length && !flag('inhibited')) return false;
        return filters.every((m) => m === null || matches(m, a.labels as Record<string, string>));
      });
      return send(res, 200, out);
    }
    if (p === '/api/v2/alerts' && req.method === 'POST') {
      const body = (await readJson(req)) as SimAlert[];
      if (!Array.isArray(body)) return send(res, 400, { code: 400, message: 'expected a list of alerts' });
      this.post(body);
      return send(res, 200, '');
    }
    if (p === '/api/v2/silences' && req.method === 'GET') {
      const now = this.now();
      return send(
        res,
        200,
        this.silences.map((s) => ({ ...s, updatedAt: s.startsAt, status: { state: Date.parse(s.endsAt) > now ? 'active' : 'expired' } })),
      );
    }
    if (p === '/api/v2/silences' && req.method === 'POST') {
      const body = (await readJson(req)) as Partial<Silence>;
      if (!Array.isArray(body.matchers) || body.matchers.length === 0) return send(res, 400, { code: 400, message: 'a silence needs matchers' });
      const id = this.silence(body.matchers, {
        ...(body.endsAt ? { endsAt: body.endsAt } : {}),
        ...(body.createdBy ? { createdBy: body.createdBy } : {}),
        ...(body.comment ? { comment: body.comment } : {}),
      });
      return send(res, 200, { silenceID: id });
    }
    return text(res, 404, '404 page not found\n');
  }
}

/** amtool's `filter=alertname="X"` (also `=~`, `!=`, `!~`). */
function parseFilter(f: string): Matcher | null {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(f.replace(/^\{|\}$/g, ''));
  if (!m) return null;
  return { name: m[1]!, value: m[3]!, isRegex: m[2]!.includes('~'), isEqual: !m[2]!.startsWith('!') };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
