import { projectPod } from '../../../domain/health/project-pod.js';
import type { RawObject } from '../../../domain/health/raw.js';
import type { PodView } from '../../../domain/health/types.js';
import { errorLines, gate1, type PostUpgradeReport } from '../../../domain/upgrade/gates.js';
import type { ProtocolContext, RunExtras } from '../protocol-context.js';

/** Workflow 5.4 and 7.3 after the merge: Gate 1 (the component's pods and logs) and the post-upgrade validation as one typed read. */

/** The component's pods (label of the first one found before the merge, else the package's image) and their logs. */
export async function componentPods(p: ProtocolContext, x: RunExtras): Promise<{ pods: PodView[]; raw: RawObject[] }> {
  const ctx = p.o.kube();
  const list = await ctx.http.get<{ items?: RawObject[] }>('/api/v1/pods');
  const items = list.items ?? [];
  const first = x.componentPods[0];
  const instance = first?.labels['app.kubernetes.io/instance'];
  let raw = instance ? items.filter((q) => q.metadata?.namespace === first!.namespace && q.metadata?.labels?.['app.kubernetes.io/instance'] === instance) : [];
  if (raw.length === 0 && x.componentPods.length) {
    const names = new Set(x.componentPods.map((q) => `${q.namespace}/${q.name}`));
    raw = items.filter((q) => names.has(`${q.metadata?.namespace}/${q.metadata?.name}`));
  }
  // A chart update runs no image named like the package: its pods are the affected Applications' (instance label).
  if (raw.length === 0) raw = items.filter((q) => x.entry.affectedApps.includes(q.metadata?.labels?.['app.kubernetes.io/instance'] ?? ''));
  // Only the component's own pods, not its dependents (which share the instance label in some charts).
  const dependentNames = new Set(x.dependents.map((d) => `${d.namespace}/${d.name}`));
  raw = raw.filter((q) => {
    const owner = q.metadata?.ownerReferences?.[0]?.name ?? '';
    return ![...dependentNames].some((d) => `${q.metadata?.namespace}/${owner}`.startsWith(d));
  });
  return { pods: raw.map((q) => projectPod(q)), raw };
}

/** Gate 1: the component's pods Running and ready within the bounded, stoppable wait, then no error lines in their recent logs. */
export async function runGate1(p: ProtocolContext, pr: number, x: RunExtras, outer?: AbortSignal): Promise<ReturnType<typeof gate1> | { stopped: string }> {
  await p.step(pr, 'gate-1', 'running', 'waiting for the component pods to be Running');
  const waitMs = p.o.podWaitMs ?? 300_000;
  const wait = p.beginWait(pr, 'Gate 1: component pods Running', waitMs, outer);
  let pods: PodView[];
  try {
    for (;;) {
      pods = (await componentPods(p, x)).pods;
      const ready = pods.length > 0 && pods.every((q) => q.displayStatus === 'Running' && q.ready.split('/')[0] === q.ready.split('/')[1]);
      if (ready || p.clock.now() >= wait.deadline) break;
      await p.clock.sleep(p.o.pollMs ?? 2_000, wait.signal);
      if (wait.signal.aborted) {
        const seen = pods.map((q) => `${q.name} ${q.displayStatus} ${q.ready}`).join(', ') || 'no pod of the component yet';
        return {
          stopped: `the wait for the component pods was stopped (${p.secondsLeft(wait.deadline)} s of ${Math.round(waitMs / 1000)} were left; ${seen})`,
        };
      }
    }
  } finally {
    wait.end();
  }
  const ctx = p.o.kube();
  const logs: Array<{ pod: string; text: string }> = [];
  for (const q of pods) {
    const text = await ctx.http
      .getText(`/api/v1/namespaces/${encodeURIComponent(q.namespace)}/pods/${encodeURIComponent(q.name)}/log`, { tailLines: '50' })
      .catch(() => '');
    logs.push({ pod: `${q.namespace}/${q.name}`, text });
  }
  x.restartBaseline = new Map(pods.map((q) => [`${q.namespace}/${q.name}`, q.restarts]));
  return gate1(pods, logs);
}

/** 7.3 as one typed read: pods, recent errors, events, ArgoCD and endpoints of the component. */
export async function postValidation(p: ProtocolContext, pr: number, x: RunExtras): Promise<PostUpgradeReport> {
  const ctx = p.o.kube();
  const { pods } = await componentPods(p, x);
  const ns = x.componentPods[0]?.namespace ?? pods[0]?.namespace ?? 'default';
  const component = x.entry.affectedApps[0] ?? x.entry.packages[0]?.name ?? `PR #${pr}`;
  const errors: string[] = [];
  for (const q of pods) {
    const text = await ctx.http
      .getText(`/api/v1/namespaces/${encodeURIComponent(q.namespace)}/pods/${encodeURIComponent(q.name)}/log`, { tailLines: '100' })
      .catch(() => '');
    errors.push(...errorLines(text, 20).map((l) => `${q.name}: ${l.trim()}`));
  }
  const ev = await ctx.http
    .get<{ items?: Array<{ type?: string; reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } }> }>(
      `/api/v1/namespaces/${encodeURIComponent(ns)}/events`,
    )
    .catch(() => ({ items: [] }));
  const podNames = new Set(pods.map((q) => q.name));
  const events = (ev.items ?? [])
    .filter((e) => podNames.has(e.involvedObject?.name ?? '') || (e.involvedObject?.name ?? '').startsWith(component))
    .slice(-10)
    .map((e) => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      message: e.message ?? '',
    }));
  const applications = p.o.functional
    .applications()
    .filter((a) => x.entry.affectedApps.includes(a.name))
    .map((a) => ({ name: a.name, sync: a.syncStatus, health: a.healthStatus, revision: a.revision }));
  const eps = await ctx.http
    .get<{ items?: Array<{ metadata?: { name?: string }; subsets?: Array<{ addresses?: unknown[]; notReadyAddresses?: unknown[] }> }> }>(
      `/api/v1/namespaces/${encodeURIComponent(ns)}/endpoints`,
    )
    .catch(() => ({ items: [] }));
  const endpoints = (eps.items ?? [])
    .filter((e) => (e.metadata?.name ?? '').startsWith(component) || (x.db && e.metadata?.name === x.db.service))
    .map((e) => ({
      name: e.metadata?.name ?? '',
      addresses: (e.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0),
      notReady: (e.subsets ?? []).reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0),
    }));
  return {
    component,
    namespace: ns,
    pods: pods.map((q) => ({ name: q.name, status: q.displayStatus, ready: q.ready, restarts: q.restarts })),
    errors,
    events,
    applications,
    endpoints,
  };
}
