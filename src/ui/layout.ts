import { LAYERS } from '../domain/health/types.js';

/** Pane ids in 1–4 order. */
export const PANES = ['items', 'health', 'ceph', 'queue'] as const;
export type PaneId = (typeof PANES)[number];

export const PANE_TITLES: Record<PaneId, string> = { items: 'Items', health: 'Health', ceph: 'Ceph', queue: 'PRs' };

export interface Rect {
  width: number;
  height: number;
}

export interface WideLayout {
  kind: 'wide';
  header: number;
  hint: number;
  output: Rect;
  panes: Record<PaneId, Rect>;
}

export interface CompactLayout {
  kind: 'compact';
  header: number;
  summary: number;
  tabs: number;
  hint: number;
  output: Rect;
  pane: Rect;
}

/** Border, title and the Overall + per-layer status lines. */
const HEALTH_MIN = 3 + 1 + LAYERS.length;
/** Border, title and two rows. */
const OTHER_MIN = 5;

/**
 * Every area gets an explicit height and the heights add up to exactly `rows`, so the root never
 * exceeds the terminal (a taller frame makes Ink clear the whole screen on every update).
 */
export function computeLayout(columns: number, rows: number, compactBelow: number): WideLayout | CompactLayout {
  const cols = Math.max(columns, 20);
  const h = Math.max(rows, 10);
  // The output area is evidence the operator judges a step by: a fifth of the screen, up to 12
  // rows, as long as that leaves the panes their minimum (else the smaller share it had before).
  const small = Math.min(Math.max(Math.floor(h * 0.18), 3), 8);
  const output = Math.max(small, Math.min(Math.min(Math.max(Math.floor(h * 0.22), 3), 12), h - 2 - (HEALTH_MIN + 2 * OTHER_MIN)));
  const body = h - 1 - 1 - output;
  // Too short for the layer status lines plus two usable panes under them: the side-pane layout.
  if (cols < compactBelow || body < HEALTH_MIN + 2 * OTHER_MIN) {
    const summary = h >= 16 ? 5 : 3;
    const out = h >= 24 ? 5 : h >= 20 ? 4 : 0;
    const pane = h - 1 - summary - 1 - 1 - out;
    return { kind: 'compact', header: 1, summary, tabs: 1, hint: 1, output: { width: cols, height: out }, pane: { width: cols, height: pane } };
  }
  const left = Math.floor(cols * 0.55);
  const right = cols - left;
  const third = Math.floor(body / 3);
  // The Layer health pane always fits its five status lines, with two offender rows when it can.
  const healthH = Math.max(third, Math.min(HEALTH_MIN + 2, body - 2 * OTHER_MIN));
  const cephH = Math.floor((body - healthH) / 2);
  const queueH = body - healthH - cephH;
  return {
    kind: 'wide',
    header: 1,
    hint: 1,
    output: { width: cols, height: output },
    panes: {
      items: { width: left, height: body },
      health: { width: right, height: healthH },
      ceph: { width: right, height: cephH },
      queue: { width: right, height: queueH },
    },
  };
}

/**
 * The output area's rows under a detail screen: a quarter of the body (3 to 10) before a step
 * runs, half of it once one has output (its evidence is what the operator judges by), never
 * leaving the detail fewer than 6 rows.
 */
export function detailOutputRows(bodyHeight: number, stepOutput: boolean): number {
  const quarter = Math.min(Math.max(Math.floor(bodyHeight * 0.25), 3), 10);
  if (!stepOutput) return quarter;
  return Math.max(Math.min(Math.floor(bodyHeight / 2), bodyHeight - 6), Math.min(quarter, bodyHeight - 6), 0);
}
