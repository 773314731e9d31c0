import { LAYERS, type GateResult } from '../health/types.js';
import type { ActionItem } from '../issue/types.js';

/** An unchecked item the record says was deferred (`*(deferred …)*`, `[deferred]`, `DEFERRED:`) is accepted at closure. */
export function isDeferred(item: ActionItem): boolean {
  const text = [item.title, item.completionNote ?? '', ...item.notes].join('\n');
  return /\bdeferred\b/i.test(text) && /(\(|\[|\*|^|\s)deferred\b/i.test(text);
}

/** What still stands between now and closure: open items (not deferred) and layers that are not GREEN. */
export function closureBlockers(items: readonly ActionItem[], gate: GateResult | null, overall?: string): string[] {
  const out: string[] = [];
  for (const i of items) {
    if (i.checked || isDeferred(i)) continue;
    out.push(`open item ${i.id ?? `(line ${i.line})`}: ${i.title}`);
  }
  if (!gate) out.push('no recon: the layers are not known');
  else {
    for (const l of LAYERS) {
      const g = gate.layers[l];
      if (g.status === 'GREEN') continue;
      const worst = g.offenders[0];
      out.push(
        `${l} ${g.status}: ${worst ? `${worst.kind} ${worst.namespace ? `${worst.namespace}/` : ''}${worst.name} ${worst.reason}` : (g.reasons[0] ?? '')}`,
      );
    }
    if (overall && overall !== 'GREEN' && LAYERS.every((l) => gate.layers[l].status === 'GREEN'))
      out.push(`recon ${overall}: findings the layers do not grade (see recon)`);
  }
  return out;
}
