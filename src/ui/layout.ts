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

/**
 * Every area gets an explicit height and the heights add up to exactly `rows`, so the root never
 * exceeds the terminal (a taller frame makes Ink clear the whole screen on every update).
 */
export function computeLayout(columns: number, rows: number, compactBelow: number): WideLayout | CompactLayout {
  const cols = Math.max(columns, 20);
  const h = Math.max(rows, 10);
  if (cols < compactBelow) {
    const summary = h >= 16 ? 5 : 3;
    const output = h >= 20 ? 3 : 0;
    const pane = h - 1 - summary - 1 - 1 - output;
    return { kind: 'compact', header: 1, summary, tabs: 1, hint: 1, output: { width: cols, height: output }, pane: { width: cols, height: pane } };
  }
  const output = Math.min(Math.max(Math.floor(h * 0.18), 3), 8);
  const body = h - 1 - 1 - output;
  const left = Math.floor(cols * 0.55);
  const right = cols - left;
  const third = Math.floor(body / 3);
  const healthH = third;
  const cephH = third;
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
