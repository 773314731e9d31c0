import type { GradeInput } from './grade-input.js';
import { percent, sortOffenders, tally, worst } from './layer.js';
import { podOffender, reasonWord } from './pod-health.js';
import type { LayerGrade, LayerStatus, Offender } from './types.js';

export const SYSTEM_NAMESPACE = 'kube-system';

const CEPH_STATUS: Record<string, LayerStatus> = { HEALTH_OK: 'GREEN', HEALTH_WARN: 'YELLOW', HEALTH_ERR: 'RED', UNKNOWN: 'UNKNOWN' };

/** System: kube-system pods Running or Completed, and Ceph HEALTH_OK. Ceph counts as one item in the percentage. */
export function gradeSystem(input: GradeInput): LayerGrade {
  const reasons: string[] = [];
  const offenders: Offender[] = [];
  const statuses: LayerStatus[] = [];
  let healthy = 0;
  let total = 0;

  const src = input.sources.pods;
  if (src.state === 'unknown') {
    statuses.push('UNKNOWN');
    reasons.push(`pods: ${src.reason}`);
  } else {
    let count = 0;
    const bad: Offender[] = [];
    for (const p of input.pods) {
      if (p.namespace !== SYSTEM_NAMESPACE) continue;
      count++;
      const o = podOffender(p, input.now, input.thresholds);
      if (o) bad.push(o);
    }
    offenders.push(...bad);
    statuses.push(...bad.map((o) => o.status));
    healthy += count - bad.length;
    total += count;
    reasons.push(
      bad.length
        ? `${bad.length} of ${count} kube-system pods unhealthy: ${tally(bad.map((o) => ({ ...o, reason: reasonWord(o.reason) })))}`
        : `${count} kube-system pods Running or Completed`,
    );
  }

  const ceph = input.ceph;
  total += 1;
  if (!ceph || ceph.health === 'UNKNOWN') {
    statuses.push('UNKNOWN');
    reasons.push(`ceph: ${ceph?.error ?? input.cephUnknownReason ?? 'ceph not read'}`);
  } else {
    const status = CEPH_STATUS[ceph.health] ?? 'UNKNOWN';
    statuses.push(status);
    if (status === 'GREEN') healthy += 1;
    reasons.push(ceph.checks.length ? `ceph ${ceph.health}: ${ceph.checks.map((c) => c.code).join(', ')}` : `ceph ${ceph.health}`);
    for (const check of ceph.checks) {
      offenders.push({
        kind: 'CephCheck',
        name: check.code,
        status: check.severity === 'HEALTH_ERR' ? 'RED' : 'YELLOW',
        reason: check.summary,
      });
    }
  }

  const status = worst(statuses);
  return {
    status,
    healthyPercent: src.state === 'unknown' ? null : percent(healthy, total),
    reasons,
    offenders: sortOffenders(offenders),
  };
}
