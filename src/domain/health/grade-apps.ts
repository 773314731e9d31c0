import type { GradeInput } from './grade-input.js';
import { percent, sortOffenders, tally, unknownLayer, worst } from './layer.js';
import { podOffender, reasonWord } from './pod-health.js';
import { SYSTEM_NAMESPACE } from './grade-system.js';
import type { LayerGrade, Offender } from './types.js';

/** Apps: every pod outside kube-system (which System grades) Running or Completed. */
export function gradeApps(input: GradeInput): LayerGrade {
  const src = input.sources.pods;
  if (src.state === 'unknown') return unknownLayer([`pods: ${src.reason}`]);
  const excluded = new Set([SYSTEM_NAMESPACE, ...input.thresholds.excludeNamespaces]);
  // One pass, no intermediate arrays: this runs over every pod in the cluster on every grade.
  let total = 0;
  const offenders: Offender[] = [];
  for (const p of input.pods) {
    if (excluded.has(p.namespace)) continue;
    total++;
    const o = podOffender(p, input.now, input.thresholds);
    if (o) offenders.push(o);
  }
  const reasons = offenders.length
    ? [`${offenders.length} of ${total} pods unhealthy: ${tally(offenders.map((o) => ({ ...o, reason: reasonWord(o.reason) })))}`]
    : [`${total} pods Running or Completed`];
  return {
    status: worst(offenders.map((o) => o.status)),
    healthyPercent: percent(total - offenders.length, total) ?? 100,
    reasons,
    offenders: sortOffenders(offenders),
  };
}
