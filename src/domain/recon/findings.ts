import type { AlertView } from '../health/alerts.js';
import { LAYERS, type CertificateView, type GateResult, type LayerName, type LayerStatus, type PodView } from '../health/types.js';

/** Something the recon found that is not GREEN, with what a remedy needs to name it. */
export interface Finding {
  /** Stable identity: `Pod/paperless/paperless-ngx-5d8…`, `Certificate/web/home-tls`. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  layer: LayerName;
  status: LayerStatus;
  reason: string;
  /** Extra evidence lines: drift resources and conditions, alert description, expiry date. */
  detail: string[];
  /** For pods: the controller that owns it (a Deployment for a ReplicaSet's pod). */
  owner?: { kind: string; name: string };
  summary?: string;
  runbookUrl?: string;
  /** Alerts: the alert's labels ({label:job_name} in a remedy). */
  labels?: Record<string, string>;
  /** Certificates: days until notAfter. */
  expiresInDays?: number;
}

/** An Application's drift as ArgoCD reports it in status.resources[] and status.conditions. */
export interface AppDrift {
  namespace: string;
  name: string;
  resources: Array<{ kind: string; namespace?: string; name: string; status?: string; health?: string; message?: string }>;
  conditions: Array<{ type: string; message?: string }>;
}

export interface ReconExtras {
  now: number;
  certificates: CertificateView[];
  pods: PodView[];
  alerts: AlertView[];
  drift: AppDrift[];
  /** Certificates expiring within this many days are YELLOW findings (default 14). */
  certWarnDays: number;
}

const DAY = 86_400_000;

/** A pod's owning controller: a ReplicaSet `web-5d8c7b9f4` is Deployment `web`. */
export function podOwner(p: Pick<PodView, 'ownerKind' | 'ownerName'>): { kind: string; name: string } | undefined {
  if (!p.ownerKind || !p.ownerName) return undefined;
  if (p.ownerKind === 'ReplicaSet') {
    const m = /^(.*)-[a-z0-9]{5,10}$/.exec(p.ownerName);
    return { kind: 'Deployment', name: m ? m[1]! : p.ownerName };
  }
  return { kind: p.ownerKind, name: p.ownerName };
}

/** Certificates Ready but expiring within the window (cert-manager renews at 2/3 of the lifetime; later means it failed). */
export function expiringCertificates(certs: CertificateView[], now: number, days: number): Finding[] {
  const out: Finding[] = [];
  for (const c of certs) {
    const t = c.notAfter ? Date.parse(c.notAfter) : NaN;
    if (Number.isNaN(t) || t <= now || t - now > days * DAY) continue;
    const left = Math.max(0, Math.floor((t - now) / DAY));
    out.push({
      key: `Certificate/${c.namespace}/${c.name}`,
      kind: 'Certificate',
      namespace: c.namespace,
      name: c.name,
      layer: 'platform',
      status: 'YELLOW',
      reason: `Expiring in ${left} d`,
      detail: [`notAfter ${c.notAfter}`],
      expiresInDays: left,
    });
  }
  return out;
}

const SEVERITY: Record<LayerStatus, number> = { RED: 3, UNKNOWN: 2, YELLOW: 1, GREEN: 0 };

/**
 * Every offender of every layer as a finding, plus what the gate does not grade by itself
 * (certificates expiring within the window), with the evidence a remedy needs. Worst first.
 */
export function reconFindings(gate: GateResult, x: ReconExtras): Finding[] {
  const out = new Map<string, Finding>();
  for (const layer of LAYERS) {
    for (const o of gate.layers[layer].offenders) {
      const key = `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
      const f: Finding = {
        key,
        kind: o.kind,
        name: o.name,
        layer,
        status: o.status,
        reason: o.reason,
        detail: [],
        ...(o.namespace ? { namespace: o.namespace } : {}),
      };
      if (o.kind === 'Pod') {
        const pod = x.pods.find((p) => p.namespace === o.namespace && p.name === o.name);
        const owner = pod ? podOwner(pod) : undefined;
        if (owner) f.owner = owner;
        if (pod?.message) f.detail.push(pod.message);
      } else if (o.kind === 'Application') {
        const d = x.drift.find((a) => a.name === o.name && a.namespace === o.namespace);
        for (const r of d?.resources ?? []) {
          const state = [r.status && r.status !== 'Synced' ? r.status : null, r.health && r.health !== 'Healthy' ? r.health : null].filter(Boolean).join(', ');
          f.detail.push(`${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${state}${r.message ? ` (${r.message})` : ''}`);
        }
        for (const c of d?.conditions ?? []) f.detail.push(`${c.type}${c.message ? `: ${c.message}` : ''}`);
      } else if (o.kind === 'Certificate') {
        // The gate grades an expiring certificate itself; the finding carries its date as the recon's own does.
        const c = x.certificates.find((cc) => cc.namespace === o.namespace && cc.name === o.name);
        const t = c?.notAfter ? Date.parse(c.notAfter) : NaN;
        if (!Number.isNaN(t)) {
          f.detail.push(`notAfter ${c!.notAfter}`);
          if (t > x.now) f.expiresInDays = Math.floor((t - x.now) / DAY);
        }
      } else if (o.kind === 'Alert') {
        const a = x.alerts.find((al) => al.name === o.name && (al.namespace ?? undefined) === o.namespace);
        if (a?.summary) f.summary = a.summary;
        if (a?.runbookUrl) f.runbookUrl = a.runbookUrl;
        if (a?.description) f.detail.push(a.description);
        if (a && Object.keys(a.labels).length) f.labels = a.labels;
      }
      if (!out.has(key)) out.set(key, f);
    }
  }
  for (const f of expiringCertificates(x.certificates, x.now, x.certWarnDays)) if (!out.has(f.key)) out.set(f.key, f);
  return [...out.values()].sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status] || a.key.localeCompare(b.key));
}

/** The recon's verdict: the gate's overall, made at least YELLOW by a finding the gate does not grade. */
export function reconOverall(gate: GateResult, findings: Finding[]): LayerStatus {
  let worst: LayerStatus = gate.overall;
  for (const f of findings) if (SEVERITY[f.status] > SEVERITY[worst]) worst = f.status;
  return worst;
}
