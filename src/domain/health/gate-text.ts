import { LAYERS, type GateResult, type LayerName, type LayerStatus } from './types.js';

const TITLE: Record<LayerName, string> = { metal: 'Metal', system: 'System', platform: 'Platform', apps: 'Apps' };
const RANK: Record<LayerStatus, number> = { RED: 0, UNKNOWN: 1, YELLOW: 2, GREEN: 3 };

/**
 * Each layer that is not GREEN, one line each, named by its worst offenders (a layer's first
 * reason is often what is fine, "18 kube-system pods Running"): `Apps RED (Pod media/x CrashLoopBackOff +2 more)`.
 * The console's refusals and the merge loop's stop messages both say it this way.
 */
export function notGreenLayers(gate: GateResult, offendersEach = 2): string[] {
  return LAYERS.filter((l) => gate.layers[l].status !== 'GREEN').map((l) => {
    const g = gate.layers[l];
    const worst = [...g.offenders].sort((a, b) => RANK[a.status] - RANK[b.status]).slice(0, offendersEach);
    const named = worst.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} ${o.reason}`);
    const more = g.offenders.length > worst.length ? ` +${g.offenders.length - worst.length} more` : '';
    const why = named.length ? `${named.join(', ')}${more}` : g.reasons.join('; ') || 'no reason given';
    return `${TITLE[l]} ${g.status} (${why})`;
  });
}

/** Why a gate is not GREEN, in one line (see `notGreenLayers`), or null when GREEN. */
export function notGreenText(gate: GateResult | null, offendersEach = 2): string | null {
  if (!gate) return 'no health grade yet';
  const bad = notGreenLayers(gate, offendersEach);
  return bad.length ? bad.join('; ') : null;
}
