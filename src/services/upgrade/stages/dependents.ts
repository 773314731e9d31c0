import { asRecord, type RawObject } from '../../../domain/health/raw.js';
import type { ActionResult, ConfirmRequest, PlanResult } from '../../../domain/console-engine.js';
import { errorLine } from '../../../domain/redact.js';
import type { ActionContext } from '../../kube/actions/context.js';
import { scaleWorkload } from '../../kube/actions/scale.js';
import { WaitStoppedError } from '../../kube/wait.js';
import type { Dependent, ProtocolContext, RunExtras } from '../protocol-context.js';

/** Workflow 6.2 and 6.3's end: the database's dependents to 0 before the merge and back after it, one at a time, each confirmed. */

/** 6.2 [STOP]: every dependent scaled to 0, one at a time, each confirmed at 0 ready before the next. */
export async function scaleDown(p: ProtocolContext, pr: number): Promise<{ ok: boolean; message: string }> {
  p.run(pr);
  const x = p.extras.get(pr)!;
  const missing = p.missingBefore(pr, 'scale-down');
  if (missing.length) return { ok: false, message: `not yet: ${missing.join('; ')}` };
  if (p.waitStop) return { ok: false, message: 'another protocol wait is in progress' };
  const ctx = p.o.kube();
  const done: string[] = [];
  for (const d of x.dependents) {
    await p.step(pr, 'scale-down', 'running', `scaling ${d.kind}/${d.namespace}/${d.name} to 0 (${done.length + 1} of ${x.dependents.length})`);
    // Each dependent's wait is bounded (120 s to scale, 120 s for its pods to go) and stoppable.
    const wait = p.beginWait(pr, `scale-down of ${d.kind}/${d.namespace}/${d.name}`, p.o.scaleWaitMs ?? 240_000);
    try {
      const half = Math.round((p.o.scaleWaitMs ?? 240_000) / 2);
      await scaleWorkload(ctx, { kind: d.kind, namespace: d.namespace, name: d.name, replicas: 0, timeoutMs: half, signal: wait.signal });
      // Confirmed only when its pods are gone (Terminating ones still hold connections to the database).
      const left = await waitPodsGone(p, ctx, d, half, wait.signal);
      if (wait.signal.aborted) throw new WaitStoppedError(`${d.kind}/${d.name}'s pods to go`, `${left.length} left`);
      if (left.length) throw new Error(`still has ${left.length} pod(s) after ${Math.round(half / 1000)} s: ${left.join(', ')}`);
      done.push(`${d.kind}/${d.namespace}/${d.name} 0/0`);
      await p.record({ pr, step: `database protocol, execute: scaled ${d.kind}/${d.namespace}/${d.name} to 0`, result: 'confirmed: 0 replicas ready' });
    } catch (err) {
      const stopped = err instanceof WaitStoppedError;
      const why = stopped && p.closing ? `interrupted: the console quit while waiting for ${d.kind}/${d.name} to scale to 0` : errorLine(err);
      const detail = `${d.kind}/${d.namespace}/${d.name}: ${why}${stopped ? ` (${p.secondsLeft(wait.deadline)} s were left); ${done.length} of ${x.dependents.length} at 0` : ''}`;
      await p.step(pr, 'scale-down', stopped ? 'cancelled' : 'failed', detail);
      return { ok: false, message: `scale-down ${stopped ? 'stopped' : 'failed'}: ${detail}` };
    } finally {
      wait.end();
    }
  }
  await p.step(pr, 'scale-down', 'done', done.length ? done.join(', ') : 'no dependents to stop');
  return { ok: true, message: `${done.length} dependent(s) at 0` };
}

/** The workload's pods (by its selector) still present after `timeoutMs`, or none. */
async function waitPodsGone(p: ProtocolContext, ctx: ActionContext, d: Dependent, timeoutMs: number, signal?: AbortSignal): Promise<string[]> {
  const w = await ctx.http.get<RawObject>(`/apis/apps/v1/namespaces/${encodeURIComponent(d.namespace)}/${d.kind}s/${encodeURIComponent(d.name)}`);
  const labels = asRecord(asRecord(asRecord(w.spec).selector).matchLabels) as Record<string, string>;
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!selector) return [];
  const deadline = p.clock.now() + timeoutMs;
  for (;;) {
    const pods = await ctx.http.get<{ items?: RawObject[] }>(`/api/v1/namespaces/${encodeURIComponent(d.namespace)}/pods`, { labelSelector: selector });
    const names = (pods.items ?? []).map((q) => q.metadata?.name ?? '?');
    if (names.length === 0 || p.clock.now() >= deadline || signal?.aborted) return names;
    await p.clock.sleep(p.o.pollMs ?? 1_000, signal);
  }
}

/** After the merge and Gates 1–2: each dependent back to its replicas and ready before the next. */
export async function scaleUp(
  p: ProtocolContext,
  pr: number,
  x: RunExtras,
  outer?: AbortSignal,
): Promise<{ ok: true } | { ok: false; reason: string; stopped?: boolean }> {
  const ctx = p.o.kube();
  const done: string[] = [];
  for (const [i, d] of x.dependents.entries()) {
    await p.step(pr, 'scale-up', 'running', `scaling ${d.kind}/${d.namespace}/${d.name} to ${d.replicas} (${i + 1} of ${x.dependents.length})`);
    const waitMs = p.o.scaleWaitMs ?? 300_000;
    const wait = p.beginWait(pr, `scale-up of ${d.kind}/${d.namespace}/${d.name}`, waitMs, outer);
    try {
      const res = await scaleWorkload(ctx, {
        kind: d.kind,
        namespace: d.namespace,
        name: d.name,
        replicas: d.replicas,
        timeoutMs: waitMs,
        signal: wait.signal,
      });
      done.push(`${d.kind}/${d.namespace}/${d.name} ${res.readyReplicas ?? d.replicas}/${d.replicas} ready`);
      await p.record({
        pr,
        step: `database protocol, validate: scaled ${d.kind}/${d.namespace}/${d.name} back to ${d.replicas}`,
        result: `confirmed: ${res.readyReplicas ?? d.replicas}/${d.replicas} ready`,
      });
    } catch (err) {
      if (err instanceof WaitStoppedError)
        return {
          ok: false,
          stopped: true,
          reason: `${d.kind}/${d.namespace}/${d.name}: ${errorLine(err)} (${p.secondsLeft(wait.deadline)} s were left); back so far: ${done.join(', ') || 'none'}`,
        };
      return { ok: false, reason: `${d.kind}/${d.namespace}/${d.name} did not come back: ${errorLine(err)}` };
    } finally {
      wait.end();
    }
  }
  await p.step(pr, 'scale-up', 'done', done.length ? done.join(', ') : 'no dependents');
  return { ok: true };
}

/** 6.2 [STOP] as a plan the operator confirms (it changes the cluster): every dependent, the exact scale commands. */
export function planScaleDown(p: ProtocolContext, pr: number, dryRun: boolean): PlanResult {
  const run = p.o.store.getState().runs[pr];
  const x = p.extras.get(pr);
  if (!run || !x) return { ok: false, reason: `no protocol started for PR #${pr}: prepare it first` };
  if (!run.steps.some((s) => s.id === 'scale-down')) return { ok: false, reason: `PR #${pr} is not a database upgrade: no dependents to stop` };
  const missing = p.missingBefore(pr, 'scale-down');
  if (missing.length) return { ok: false, reason: `not yet: ${missing.join('; ')}` };
  const each = Math.round((p.o.scaleWaitMs ?? 240_000) / 1000);
  return {
    ok: true,
    request: {
      action: 'scale-down',
      title: `Scale down the ${x.dependents.length} dependent(s) of PR #${pr}'s database`,
      target: x.dependents.map((d) => `${d.kind}/${d.namespace}/${d.name}`).join(', ') || 'no dependents',
      command: x.dependents.map((d) => `kubectl scale ${d.kind}/${d.name} -n ${d.namespace} --replicas=0`).join('; ') || '(nothing to scale)',
      destructive: true,
      challenge: String(pr),
      notes: [
        `one at a time, each confirmed at 0 with its pods gone before the next (up to ${each} s each; the stop key ends the wait)`,
        'they come back one at a time, each confirmed, after the merge and Gates 1–2',
        ...x.dependents.map((d) => `- ${d.kind}/${d.namespace}/${d.name}: ${d.replicas} replica(s) now — ${d.via}`),
      ],
      binding: { kind: 'pr', id: String(pr), version: run.headSha },
      dryRun,
    },
  };
}

/** The confirmed plan, with the PR number typed: a dry run says what it would do; else the scale-down runs. */
export async function runScaleDown(p: ProtocolContext, request: ConfirmRequest, typed: string): Promise<ActionResult> {
  if (request.action !== 'scale-down') return { ok: false, reason: 'not a scale-down plan' };
  if (request.challenge !== null && typed.trim() !== request.challenge) return { ok: false, reason: `type ${request.challenge} to confirm` };
  const pr = Number(request.binding.id);
  if (request.dryRun) return { ok: true, message: `dry run: would ${request.command}` };
  const r = await scaleDown(p, pr);
  return r.ok ? { ok: true, message: `PR #${pr}: ${r.message}` } : { ok: false, reason: r.message };
}
