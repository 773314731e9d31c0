import type { HealthThresholds, LayerStatus, Offender, PodView } from './types.js';
import { ageSeconds, humanDuration } from './layer.js';

const STARTING = /^(Pending|ContainerCreating|PodInitializing|Init:\d+\/\d+|SchedulingGated)$/;
const TRANSIENT = new Set(['Terminating']);

/**
 * READY "2/3" → [2, 3] as `split('/').map(Number)` reads it, without the arrays: this runs for every
 * Running pod on every grade.
 */
function readyCounts(ready: string): [number, number] | null {
  const slash = ready.indexOf('/');
  if (slash < 0) return null;
  const next = ready.indexOf('/', slash + 1);
  return [Number(ready.slice(0, slash)), Number(ready.slice(slash + 1, next < 0 ? undefined : next))];
}

/**
 * Why a pod is not healthy, or null when it is (Running with every container ready, or Completed).
 * Anything the seed's `grep -v "Running\|Completed"` would print is an offender here too; on top of
 * that a Running pod that is not ready, or that keeps restarting, is YELLOW.
 *
 * Healthy pods return before any date is parsed: grading 10,000 of them is on the console's event
 * loop several times a minute.
 */
export function podOffender(pod: PodView, now: number, th: HealthThresholds): Offender | null {
  const s = pod.displayStatus;
  if (s === 'Completed') return null;
  const make = (status: LayerStatus, reason: string, age = ageSeconds(pod.createdAt, now)): Offender => ({
    kind: 'Pod',
    namespace: pod.namespace,
    name: pod.name,
    restarts: pod.restarts,
    ageSeconds: age,
    status,
    reason,
  });

  if (s === 'Running') {
    const counts = readyCounts(pod.ready);
    if (counts && counts[0] < counts[1]) return make('YELLOW', `NotReady ${pod.ready}`);
    if (pod.restarts >= th.podRestartsWarn && pod.lastRestartAt) {
      const window = th.podRestartWindowSeconds ?? 3600;
      const last = Date.parse(pod.lastRestartAt);
      if (!Number.isNaN(last) && now - last <= window * 1000) {
        return make('YELLOW', `Restarting (last ${humanDuration(Math.max(0, Math.round((now - last) / 1000)))} ago)`);
      }
    }
    return null;
  }
  if (TRANSIENT.has(s)) return make('YELLOW', s);
  if (STARTING.test(s)) {
    // Starting is normal for a while; past the threshold it is stuck.
    const age = ageSeconds(pod.createdAt, now);
    if (age !== undefined && age > th.podPendingSecondsWarn) return make('RED', `${s} for ${humanDuration(age)}`, age);
    return make('YELLOW', s, age);
  }
  return make('RED', s);
}

/** The short reason word of an offender ("Pending for 12m" → "Pending"), for tallies. */
export function reasonWord(reason: string): string {
  return reason.split(' ')[0] ?? reason;
}
