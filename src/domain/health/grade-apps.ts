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
  const pods = input.pods.filter((p) => !excluded.has(p.namespace));
  const offenders = pods.map((p) => podOffender(p, input.now, input.thresholds)).filter((o): o is Offender => o !== null);
  const reasons = offenders.length
    ? [`${offenders.length} of ${pods.length} pods unhealthy: ${tally(offenders.map((o) => ({ ...o, reason: reasonWord(o.reason) })))}`]
    : [`${pods.length} pods Running or Completed`];
  return {
    status: worst(offenders.map((o) => o.status)),
    healthyPercent: percent(pods.length - offenders.length, pods.length) ?? 100,
    reasons,
    offenders: sortOffenders(offenders),
  };
}
