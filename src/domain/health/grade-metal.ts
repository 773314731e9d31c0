import type { GradeInput } from './grade-input.js';
import { percent, sortOffenders, unknownLayer, worst } from './layer.js';
import type { LayerGrade, LayerStatus, NodeView, Offender } from './types.js';

function minorOf(version: string): number | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : null;
}

function nodeProblems(node: NodeView, input: GradeInput, newestMinor: number | null): Array<[LayerStatus, string]> {
  const th = input.thresholds;
  const out: Array<[LayerStatus, string]> = [];
  if (node.ready === false) out.push(['RED', 'NotReady']);
  else if (node.ready === null) out.push(['RED', 'ReadyUnknown']);
  for (const p of node.pressures) out.push([p === 'NetworkUnavailable' ? 'RED' : 'YELLOW', p]);
  if (node.unschedulable) out.push(['YELLOW', 'SchedulingDisabled']);
  const minor = minorOf(node.kubeletVersion);
  if (minor !== null && newestMinor !== null && newestMinor - minor > th.kubeletMinorSkew) {
    out.push(['YELLOW', `kubelet ${node.kubeletVersion} behind`]);
  }
  if (node.cpuPercent !== null && node.cpuPercent >= th.nodeCpuPercentWarn) out.push(['YELLOW', `CPU ${node.cpuPercent}%`]);
  if (node.memoryPercent !== null && node.memoryPercent >= th.nodeMemoryPercentWarn) {
    out.push(['YELLOW', `memory ${node.memoryPercent}%`]);
  }
  return out;
}

/** Metal: every node Ready, no pressure, schedulable, one kubelet minor version, CPU and memory under thresholds. */
export function gradeMetal(input: GradeInput): LayerGrade {
  const src = input.sources.nodes;
  if (src.state === 'unknown') return unknownLayer([`nodes: ${src.reason}`]);
  if (src.state === 'not-installed' || input.nodes.length === 0) {
    return { status: 'RED', healthyPercent: 0, reasons: ['no nodes in the cluster'], offenders: [] };
  }
  const minors = input.nodes.map((n) => minorOf(n.kubeletVersion)).filter((m): m is number => m !== null);
  const newest = minors.length ? Math.max(...minors) : null;
  const offenders: Offender[] = [];
  for (const node of input.nodes) {
    const problems = nodeProblems(node, input, newest);
    if (problems.length === 0) continue;
    offenders.push({ kind: 'Node', name: node.name, status: worst(problems.map((p) => p[0])), reason: problems.map((p) => p[1]).join(', ') });
  }
  const total = input.nodes.length;
  const notReady = input.nodes.filter((n) => n.ready !== true).length;
  const reasons: string[] = [];
  if (notReady) reasons.push(`${notReady} of ${total} nodes not Ready`);
  const other = offenders.length - notReady;
  if (other > 0) reasons.push(`${other} node${other === 1 ? '' : 's'} with warnings`);
  if (offenders.length === 0) reasons.push(`${total} of ${total} nodes Ready`);
  if (!input.nodes.some((n) => n.cpuPercent !== null)) reasons.push('node metrics not available (metrics.k8s.io)');
  return {
    status: worst(offenders.map((o) => o.status)),
    healthyPercent: percent(total - offenders.length, total),
    reasons,
    offenders: sortOffenders(offenders),
  };
}
