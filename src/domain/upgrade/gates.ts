import type { ApplicationView, CephHealthInput, ExternalSecretView, PodView } from '../health/types.js';

/** One gate's verdict: passed, or the lines that failed it; `checks` says what was looked at. */
export interface GateVerdict {
  gate: 'gate-1' | 'gate-2' | 'gate-3';
  ok: boolean;
  problems: string[];
  checks: string[];
}

/** Log lines the workflow's `grep -i -E "(error|fatal|panic)"` would show. */
export function errorLines(log: string, limit = 20): string[] {
  return log
    .split('\n')
    .filter((l) => /\b(error|fatal|panic)\b/i.test(l) && !/\b(?:0|no) errors?\b/i.test(l))
    .slice(-limit);
}

/**
 * Gate 1 (5.4, immediate): the component's pods are Running and ready, and their recent logs
 * (`--tail=50`) have no error lines.
 */
export function gate1(pods: readonly PodView[], logs: ReadonlyArray<{ pod: string; text: string }>): GateVerdict {
  const problems: string[] = [];
  if (pods.length === 0) problems.push('no pod of the component found');
  for (const p of pods) {
    const [ready, total] = p.ready.split('/').map(Number);
    if (p.displayStatus !== 'Running' || ready !== total)
      problems.push(`${p.namespace}/${p.name} ${p.displayStatus} ${p.ready}${p.message ? ` (${p.message})` : ''}`);
  }
  for (const l of logs) for (const line of errorLines(l.text, 5)) problems.push(`${l.pod} log: ${line.trim().slice(0, 160)}`);
  return {
    gate: 'gate-1',
    ok: problems.length === 0,
    problems,
    checks: [`${pods.length} pod(s) Running and ready`, `${logs.length} pod log(s) read (last 50 lines) for error/fatal/panic`],
  };
}

/** Gate 2 (5.4, within 5 min): every Application Synced/Healthy, every ExternalSecret synced, Ceph HEALTH_OK. */
export function gate2(apps: readonly ApplicationView[], externalSecrets: readonly ExternalSecretView[], ceph: CephHealthInput | null): GateVerdict {
  const problems: string[] = [];
  for (const a of apps) if (a.syncStatus !== 'Synced' || a.healthStatus !== 'Healthy') problems.push(`Application ${a.name} ${a.syncStatus}/${a.healthStatus}`);
  for (const e of externalSecrets) if (e.ready !== true) problems.push(`ExternalSecret ${e.namespace}/${e.name} ${e.reason ?? 'not ready'}`);
  if (!ceph) problems.push('Ceph health not known yet');
  else if (ceph.health !== 'HEALTH_OK') problems.push(`Ceph ${ceph.health}${ceph.checks[0] ? ` (${ceph.checks[0].code}: ${ceph.checks[0].summary})` : ''}`);
  return {
    gate: 'gate-2',
    ok: problems.length === 0,
    problems,
    checks: [`${apps.length} Applications Synced/Healthy`, `${externalSecrets.length} ExternalSecrets SecretSynced`, `Ceph ${ceph?.health ?? 'UNKNOWN'}`],
  };
}

/** Restarts during the window: pods whose restart count rose since the window opened. */
export function newRestarts(before: ReadonlyMap<string, number>, pods: readonly PodView[]): string[] {
  const out: string[] = [];
  for (const p of pods) {
    const key = `${p.namespace}/${p.name}`;
    const was = before.get(key);
    if (was !== undefined && p.restarts > was) out.push(`${key} restarted ${p.restarts - was}× (${p.displayStatus})`);
  }
  return out;
}

/** 7.3's post-upgrade validation as one typed read (pods, errors, events, ArgoCD, endpoints). */
export interface PostUpgradeReport {
  component: string;
  namespace: string;
  pods: Array<{ name: string; status: string; ready: string; restarts: number }>;
  errors: string[];
  events: Array<{ type: string; reason: string; object: string; message: string }>;
  applications: Array<{ name: string; sync: string; health: string; revision: string | null }>;
  endpoints: Array<{ name: string; addresses: number; notReady: number }>;
}

export function postUpgradeProblems(r: PostUpgradeReport): string[] {
  const out: string[] = [];
  if (r.pods.length === 0) out.push(`[1/5] no pod of ${r.component} in ${r.namespace}`);
  for (const p of r.pods) if (p.status !== 'Running') out.push(`[1/5] pod ${p.name} ${p.status} ${p.ready}`);
  for (const e of r.errors.slice(0, 5)) out.push(`[2/5] ${e}`);
  for (const e of r.events.filter((x) => x.type === 'Warning').slice(0, 5)) out.push(`[3/5] ${e.reason} ${e.object}: ${e.message}`);
  for (const a of r.applications) if (a.sync !== 'Synced' || a.health !== 'Healthy') out.push(`[4/5] Application ${a.name} ${a.sync}/${a.health}`);
  for (const e of r.endpoints) if (e.addresses === 0) out.push(`[5/5] endpoints ${e.name} have no ready address`);
  return out;
}

export function postUpgradeLines(r: PostUpgradeReport): string[] {
  return [
    `=== Post-Upgrade Validation for ${r.component} (${r.namespace}) ===`,
    `[1/5] Pod Status: ${r.pods.map((p) => `${p.name} ${p.status} ${p.ready} restarts ${p.restarts}`).join('; ') || 'none'}`,
    `[2/5] Recent Errors: ${r.errors.length ? r.errors.slice(0, 5).join(' | ') : 'none'}`,
    `[3/5] Recent Events: ${
      r.events
        .slice(-5)
        .map((e) => `${e.type} ${e.reason} ${e.object}`)
        .join('; ') || 'none'
    }`,
    `[4/5] ArgoCD Status: ${r.applications.map((a) => `${a.name} ${a.sync}/${a.health}`).join('; ') || 'none'}`,
    `[5/5] Service Endpoints: ${r.endpoints.map((e) => `${e.name} ${e.addresses} ready${e.notReady ? `, ${e.notReady} not ready` : ''}`).join('; ') || 'none'}`,
  ];
}
