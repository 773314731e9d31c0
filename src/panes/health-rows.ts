import { LAYERS, type GateResult, type LayerName, type LayerStatus, type Offender } from '../domain/health/types.js';
import type { Row, Segment } from '../ui/rows.js';
import { layerLook, type Theme } from '../ui/theme.js';

export const LAYER_TITLE: Record<LayerName, string> = { metal: 'Metal', system: 'System', platform: 'Platform', apps: 'Apps' };

/** The Overall line and one line per layer: always on screen, whatever the pane's height. */
export const STATUS_LINES = 1 + LAYERS.length;

const RANK: Record<LayerStatus, number> = { RED: 0, UNKNOWN: 1, YELLOW: 2, GREEN: 3 };
const TAG = 9;

export function offenderText(o: Offender): string {
  const where = o.namespace ? `${o.namespace}/${o.name}` : o.name;
  const extra = o.restarts ? ` (${o.restarts} restarts)` : '';
  return `${o.kind} ${where}: ${o.reason}${extra}`;
}

/** A layer's offenders, worst first (RED, UNKNOWN, YELLOW), keeping the grader's order within one status. */
export function worstFirst(offenders: readonly Offender[]): Offender[] {
  return offenders
    .map((o, i) => ({ o, i }))
    .sort((a, b) => RANK[a.o.status] - RANK[b.o.status] || a.i - b.i)
    .map((x) => x.o);
}

function pctText(p: number | null): string {
  return (p === null ? '-' : `${Math.round(p)}%`).padStart(4);
}

function overallReason(gate: GateResult): string {
  const bad = LAYERS.filter((l) => gate.layers[l].status !== 'GREEN');
  if (bad.length === 0) return 'every layer GREEN';
  const by = (s: LayerStatus) => bad.filter((l) => gate.layers[l].status === s).map((l) => LAYER_TITLE[l]);
  return (['RED', 'UNKNOWN', 'YELLOW'] as const).flatMap((s) => (by(s).length ? [`${by(s).join(', ')} ${s}`] : [])).join('; ');
}

const SOUNDS_HEALTHY = /\b(Running|Ready|healthy|HEALTH_OK|Synced)\b/;
const SOUNDS_BAD = /\b(not|unhealthy|of \d+|HEALTH_(WARN|ERR)|unknown|error|failed)\b/i;

/** A troubled layer's one-line reason leads with what is wrong, not with what is fine. */
export function troubleFirst(reasons: readonly string[], status: LayerStatus): string[] {
  if (status === 'GREEN') return [...reasons];
  const fine = (r: string) => SOUNDS_HEALTHY.test(r) && !SOUNDS_BAD.test(r);
  return [...reasons.filter((r) => !fine(r)), ...reasons.filter(fine)];
}

function statusRows(gate: GateResult, theme: Theme): Row<LayerName | null>[] {
  const overall = layerLook(gate.overall, theme);
  const known = LAYERS.map((l) => gate.layers[l].healthyPercent).filter((p): p is number => p !== null);
  const reason = overallReason(gate);
  const rows: Row<LayerName | null>[] = [
    {
      key: 'overall',
      selectable: true,
      pinned: true,
      payload: null,
      filterText: `overall ${overall.word} ${reason}`,
      segments: [
        { text: 'Overall'.padEnd(TAG), bold: true },
        { text: `${overall.glyph} ${overall.word.padEnd(7)}`, color: overall.color, bold: true },
        { text: ` ${pctText(known.length ? Math.min(...known) : null)} ok  ` },
        { text: reason, dim: true },
      ],
    },
  ];
  for (const name of LAYERS) {
    const layer = gate.layers[name];
    const look = layerLook(layer.status, theme);
    rows.push({
      key: `layer:${name}`,
      selectable: true,
      pinned: true,
      payload: name,
      filterText: `${LAYER_TITLE[name]} ${look.word} ${layer.reasons.join(' ')}`,
      segments: [
        { text: LAYER_TITLE[name].padEnd(TAG), bold: true },
        { text: `${look.glyph} ${look.word.padEnd(7)}`, color: look.color },
        { text: ` ${pctText(layer.healthyPercent)} ok  ` },
        { text: troubleFirst(layer.reasons, layer.status).join('; ') || (layer.status === 'GREEN' ? 'nothing wrong' : 'no reason given'), dim: true },
      ],
    });
  }
  return rows;
}

interface Detail {
  key: string;
  filterText: string;
  segments: Segment[];
}

/** What a layer has to say below the status lines: offenders worst first, else its further reasons. */
function layerDetails(name: LayerName, gate: GateResult, theme: Theme): Detail[] {
  const layer = gate.layers[name];
  // A GREEN layer's status line says all there is; its healthy tallies are one Enter away.
  if (layer.status === 'GREEN') return [];
  if (layer.offenders.length) {
    return worstFirst(layer.offenders).map((o) => {
      const look = layerLook(o.status, theme);
      return {
        key: `off:${name}:${o.kind}:${o.namespace ?? ''}:${o.name}`,
        filterText: `${LAYER_TITLE[name]} ${offenderText(o)}`,
        segments: [{ text: `${look.glyph} `, color: look.color }, { text: offenderText(o) }],
      };
    });
  }
  return troubleFirst(layer.reasons, layer.status)
    .slice(1)
    .map((r, i) => ({ key: `why:${name}:${i}`, filterText: `${LAYER_TITLE[name]} ${r}`, segments: [{ text: `${theme.glyphs.bullet} ${r}`, dim: true }] }));
}

/** Layers with something to say, worst status first, then in Metal→Apps order. */
function layersWorstFirst(gate: GateResult): LayerName[] {
  return LAYERS.map((l, i) => ({ l, i }))
    .sort((a, b) => RANK[gate.layers[a.l].status] - RANK[gate.layers[b.l].status] || a.i - b.i)
    .map((x) => x.l);
}

/**
 * How many details each layer shows in `budget` rows (a layer showing fewer than it has also
 * spends a row on "+N more"). Worst layer first: every troubled layer gets its worst offender,
 * then the "+N more" lines, then the rest one row per layer per round.
 */
export function allocateDetails(counts: readonly number[], budget: number): Array<{ shown: number; more: boolean }> {
  const shown = counts.map(() => 0);
  const more = counts.map(() => false);
  let left = budget;
  for (let i = 0; i < counts.length && left > 0; i++) {
    if (counts[i]! > 0) {
      shown[i] = 1;
      left--;
    }
  }
  for (let i = 0; i < counts.length && left > 0; i++) {
    if (shown[i]! > 0 && shown[i]! < counts[i]!) {
      // One hidden offender takes the row its "+1 more" would.
      if (counts[i]! - shown[i]! === 1) shown[i]! += 1;
      else more[i] = true;
      left--;
    }
  }
  for (let progress = true; progress;) {
    progress = false;
    for (let i = 0; i < counts.length; i++) {
      if (!more[i]) continue;
      // The last hidden offender takes its "+1 more" row for free; any other costs a row.
      const last = shown[i]! + 1 === counts[i];
      if (!last && left === 0) continue;
      shown[i]! += 1;
      if (last) more[i] = false;
      else left--;
      progress = true;
    }
  }
  return shown.map((n, i) => ({ shown: n, more: more[i]! }));
}

/**
 * The Layer health pane's rows. The five status lines come first and always fit; the rest of
 * `bodyRows` goes to the offenders of the troubled layers (`null` = every offender, for a filter).
 */
export function healthRows(gate: GateResult, theme: Theme, bodyRows: number | null = null): Row<LayerName | null>[] {
  const rows = statusRows(gate, theme);
  const order = layersWorstFirst(gate);
  const details = order.map((l) => layerDetails(l, gate, theme));
  const counts = details.map((d) => d.length);
  const plan = bodyRows === null ? counts.map((n) => ({ shown: n, more: false })) : allocateDetails(counts, Math.max(bodyRows - STATUS_LINES, 0));
  order.forEach((name, li) => {
    const all = details[li]!;
    const n = plan[li]!.shown;
    const lines: Detail[] = all.slice(0, n);
    if (plan[li]!.more) {
      lines.push({ key: `more:${name}`, filterText: '', segments: [{ text: `+${all.length - n} more (Enter shows all)`, dim: true }] });
    }
    lines.forEach((d, i) => {
      // Filtered rows come one by one, so each names its layer.
      const tag = i === 0 || bodyRows === null ? LAYER_TITLE[name] : '';
      rows.push({
        key: d.key,
        selectable: true,
        payload: name,
        filterText: d.filterText,
        segments: [{ text: ` ${tag}`.padEnd(TAG + 1), dim: true }, ...d.segments],
      });
    });
  });
  return rows;
}

/** Every reason and offender of one layer (the layer detail screen). */
export function layerDetailText(name: LayerName, gate: GateResult): { title: string; reasons: string[]; offenders: Offender[] } {
  const layer = gate.layers[name];
  return { title: LAYER_TITLE[name], reasons: layer.reasons, offenders: worstFirst(layer.offenders) };
}
