import { humanDuration } from './layer.js';
import { LAYERS, type GateResult, type Offender } from './types.js';

function offenderLine(o: Offender): string {
  const who = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  const extra: string[] = [];
  if (o.restarts !== undefined && o.restarts > 0) extra.push(`restarts ${o.restarts}`);
  if (o.ageSeconds !== undefined) extra.push(`age ${humanDuration(o.ageSeconds)}`);
  return `    ${o.status.padEnd(7)} ${who}  ${o.reason}${extra.length ? `  (${extra.join(', ')})` : ''}`;
}

/** The plain-text `status` report: one line per layer, its reasons, then its worst offenders. */
export function formatGate(result: GateResult, { maxOffenders = 10 }: { maxOffenders?: number } = {}): string {
  const lines = [`overall   ${result.overall}`];
  for (const name of LAYERS) {
    const layer = result.layers[name];
    const pct = layer.healthyPercent === null ? '   -' : `${String(Math.floor(layer.healthyPercent)).padStart(3)}%`;
    lines.push(`${name.padEnd(9)} ${layer.status.padEnd(7)} ${pct}  ${layer.reasons.join('; ')}`);
    for (const o of layer.offenders.slice(0, maxOffenders)) lines.push(offenderLine(o));
    const more = layer.offenders.length - maxOffenders;
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  return lines.join('\n') + '\n';
}
