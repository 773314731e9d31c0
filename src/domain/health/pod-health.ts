import type { HealthThresholds, LayerStatus, Offender, PodView } from './types.js';
import { ageSeconds, humanDuration } from './layer.js';

const STARTING = /^(Pending|ContainerCreating|PodInitializing|Init:\d+\/\d+|SchedulingGated)$/;
const TRANSIENT = new Set(['Terminating']);

/**
 * Why a pod is not healthy, or null when it is (Running with every container ready, or Completed).
 * Anything the seed's `grep -v "Running\|Completed"` would print is an offender here too; on top of
 * that a Running pod that is not ready, or that keeps restarting, is YELLOW.
 */
export function podOffender(pod: PodView, now: number, th: HealthThresholds): Offender | null {
  const age = ageSeconds(pod.createdAt, now);
  const base = { kind: 'Pod', namespace: pod.namespace, name: pod.name, restarts: pod.restarts, ageSeconds: age };
  const make = (status: LayerStatus, reason: string): Offender => ({ ...base, status, reason });
  const s = pod.displayStatus;

  if (s === 'Completed') return null;
  if (s === 'Running') {
    const [ready, total] = pod.ready.split('/').map(Number);
    if (ready !== undefined && total !== undefined && ready < total) return make('YELLOW', `NotReady ${pod.ready}`);
    const window = th.podRestartWindowSeconds ?? 3600;
    const last = pod.lastRestartAt ? Date.parse(pod.lastRestartAt) : NaN;
    if (pod.restarts >= th.podRestartsWarn && !Number.isNaN(last) && now - last <= window * 1000) {
      return make('YELLOW', `Restarting (last ${humanDuration(Math.max(0, Math.round((now - last) / 1000)))} ago)`);
    }
    return null;
  }
  if (TRANSIENT.has(s)) return make('YELLOW', s);
  if (STARTING.test(s)) {
    // Starting is normal for a while; past the threshold it is stuck.
    if (age !== undefined && age > th.podPendingSecondsWarn) return make('RED', `${s} for ${humanDuration(age)}`);
    return make('YELLOW', s);
  }
  return make('RED', s);
}

/** The short reason word of an offender ("Pending for 12m" → "Pending"), for tallies. */
export function reasonWord(reason: string): string {
  return reason.split(' ')[0] ?? reason;
}
