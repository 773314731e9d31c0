import type { AlertsInput } from '../../domain/health/grade-input.js';
import { projectAlerts } from '../../domain/health/alerts.js';
import { errorLine } from '../../domain/redact.js';
import type { AlertsStore } from '../../store/alerts-store.js';
import { KubeApiError } from '../kube/errors.js';
import { KubeHttp } from '../kube/http.js';
import type { KubeTarget } from '../kube/kubeconfig.js';

/** Where Alertmanager is: a Service reached through the API server's service proxy, or a URL. */
export interface AlertSourceOptions {
  /** A direct base URL (`http://alertmanager.lan:9093`); wins over the service proxy. */
  url?: string;
  namespace?: string;
  service?: string;
  /** Port number or name of the Service's port. */
  port?: string;
  intervalMs?: number;
  timeoutMs?: number;
}

export const ALERTMANAGER_DEFAULTS = { namespace: 'monitoring-system', service: 'alertmanager-operated', port: '9093' } as const;

/** Active alerts only: Alertmanager leaves out silenced and inhibited ones itself (the grader ignores them too). */
const QUERY = { active: 'true', silenced: 'false', inhibited: 'false', unprocessed: 'true' } as const;

export function alertmanagerWhere(o: AlertSourceOptions): string {
  if (o.url) return o.url.replace(/\/+$/, '');
  return `${o.namespace ?? ALERTMANAGER_DEFAULTS.namespace}/${o.service ?? ALERTMANAGER_DEFAULTS.service}:${o.port ?? ALERTMANAGER_DEFAULTS.port}`;
}

/** `/api/v1/namespaces/NS/services/NAME:PORT/proxy` — the API server forwards to the Service. */
export function serviceProxyPath(o: AlertSourceOptions): string {
  const ns = encodeURIComponent(o.namespace ?? ALERTMANAGER_DEFAULTS.namespace);
  const svc = encodeURIComponent(`${o.service ?? ALERTMANAGER_DEFAULTS.service}:${o.port ?? ALERTMANAGER_DEFAULTS.port}`);
  return `/api/v1/namespaces/${ns}/services/${svc}/proxy`;
}

/** One read of `/api/v2/alerts`. Never throws: what went wrong is the source's state. */
export async function readAlerts(o: AlertSourceOptions, target: KubeTarget | null): Promise<AlertsInput> {
  const where = alertmanagerWhere(o);
  try {
    let raw: unknown;
    if (o.url) {
      const url = new URL(`${where}/api/v2/alerts`);
      for (const [k, v] of Object.entries(QUERY)) url.searchParams.set(k, v);
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      if (!res.ok) return { where, items: [], source: { state: 'unknown', reason: `Alertmanager at ${where} answered ${res.status}` } };
      raw = await res.json();
    } else {
      if (!target) return { where, items: [], source: { state: 'unknown', reason: 'no Kubernetes API to reach Alertmanager through' } };
      raw = await new KubeHttp(target, o.timeoutMs ?? 10_000).get(`${serviceProxyPath(o)}/api/v2/alerts`, QUERY);
    }
    return { where, items: projectAlerts(raw), source: { state: 'live' } };
  } catch (err) {
    // No such Service: the cluster has no Alertmanager there, which is said, not UNKNOWN.
    if (err instanceof KubeApiError && err.status === 404 && err.reason === 'NotFound') {
      return { where, items: [], source: { state: 'not-installed', what: `Alertmanager (${where})` } };
    }
    return { where, items: [], source: { state: 'unknown', reason: `Alertmanager at ${where}: ${errorLine(err)}` } };
  }
}

/** Reads once (gate) or polls (a live session) into the alerts store. */
export class AlertSource {
  private timer: NodeJS.Timeout | null = null;
  private first: Promise<void> = Promise.resolve();
  private stopped = false;
  private into: { store: AlertsStore; target: KubeTarget | null } | null = null;
  /** Reads are numbered so an older read that answers late never overwrites a newer one's result. */
  private started = 0;
  private written = 0;

  constructor(readonly options: AlertSourceOptions) {}

  private async readInto(): Promise<void> {
    const into = this.into;
    if (!into) return;
    const seq = ++this.started;
    const alerts = await readAlerts(this.options, into.target);
    if (this.stopped || seq < this.written) return;
    this.written = seq;
    // Written only on a real change (the grader re-grades on every write).
    if (JSON.stringify(alerts) !== JSON.stringify(into.store.getState().alerts)) into.store.setState({ alerts });
  }

  start(store: AlertsStore, target: KubeTarget | null, { watch }: { watch: boolean }): void {
    this.into = { store, target };
    this.first = this.readInto();
    if (!watch) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.readInto().finally(() => {
          if (!this.stopped) loop();
        });
      }, this.options.intervalMs ?? 30_000);
      this.timer.unref();
    };
    void this.first.finally(() => {
      if (!this.stopped) loop();
    });
  }

  firstRead(): Promise<void> {
    return this.first;
  }

  /**
   * A read now, whatever the poll's schedule: the gate between steps and the recon grade what
   * Alertmanager says at that moment, not what it said up to one interval ago (a step that
   * resolves an alert is followed by a gate that must see it resolved).
   */
  readNow(): Promise<void> {
    return this.stopped ? Promise.resolve() : this.readInto();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
