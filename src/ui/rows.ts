/** A list row as data: pane builders are pure functions, the list renders only what is visible. */
export interface Segment {
  text: string;
  color?: string | undefined;
  bold?: boolean;
  dim?: boolean;
  /** The text is (a label for) this URL: drawn as a hyperlink where the terminal has them, and what the copy key copies. */
  link?: string;
  /** A wait in progress: the list draws the spinner before the text (only while the row says so). */
  busy?: boolean;
}

export interface Row<P = unknown> {
  key: string;
  segments: Segment[];
  /** What `/` matches against. */
  filterText: string;
  /** Group headers and detail lines cannot be selected. */
  selectable: boolean;
  /** Stays through any filter (the layer status lines). */
  pinned?: boolean;
  payload?: P;
}

/** `/text` keeps rows containing text (any case); `/!text` keeps the others. Headers drop out, pinned rows stay. */
export function filterRows<P>(rows: Row<P>[], filter: string): Row<P>[] {
  if (!filter) return rows;
  const invert = filter.startsWith('!');
  const needle = (invert ? filter.slice(1) : filter).toLowerCase();
  if (!needle) return rows;
  return rows.filter((r) => r.pinned || (r.selectable && r.filterText.toLowerCase().includes(needle) !== invert));
}

export interface ListCursor {
  index: number;
  offset: number;
}

export const START: ListCursor = { index: 0, offset: 0 };

export type Move = 'up' | 'down' | 'top' | 'bottom' | 'pageUp' | 'pageDown';

/** Every move; each is also the name of the key command that makes it (lists and pagers bind them all). */
export const MOVES: readonly Move[] = ['up', 'down', 'top', 'bottom', 'pageUp', 'pageDown'];

function nearestSelectable(rows: Row[], from: number, step: 1 | -1): number {
  for (let i = from; i >= 0 && i < rows.length; i += step) if (rows[i]!.selectable) return i;
  return -1;
}

/** Keeps the cursor on a selectable row inside the list and the window around it. */
export function clampCursor(cursor: ListCursor, rows: Row[], height: number): ListCursor {
  if (rows.length === 0) return START;
  let index = Math.min(Math.max(cursor.index, 0), rows.length - 1);
  if (!rows[index]!.selectable) {
    const down = nearestSelectable(rows, index, 1);
    index = down >= 0 ? down : Math.max(nearestSelectable(rows, index, -1), 0);
  }
  const h = Math.max(height, 1);
  let offset = Math.min(cursor.offset, index);
  if (index >= offset + h) offset = index - h + 1;
  offset = Math.max(0, Math.min(offset, Math.max(rows.length - h, 0)));
  return { index, offset };
}

export function moveCursor(cursor: ListCursor, move: Move, rows: Row[], height: number): ListCursor {
  const c = clampCursor(cursor, rows, height);
  const page = Math.max(height - 1, 1);
  let target: number;
  switch (move) {
    case 'up':
      target = nearestSelectable(rows, c.index - 1, -1);
      if (target < 0) return c;
      break;
    case 'down':
      target = nearestSelectable(rows, c.index + 1, 1);
      if (target < 0) return c;
      break;
    case 'top':
      return clampCursor({ index: nearestSelectable(rows, 0, 1), offset: 0 }, rows, height);
    case 'bottom':
      target = nearestSelectable(rows, rows.length - 1, -1);
      break;
    case 'pageUp': {
      const t = Math.max(c.index - page, 0);
      target = nearestSelectable(rows, t, 1);
      return clampCursor({ index: target, offset: Math.max(c.offset - page, 0) }, rows, height);
    }
    case 'pageDown': {
      const t = Math.min(c.index + page, rows.length - 1);
      target = nearestSelectable(rows, t, -1);
      return clampCursor({ index: target, offset: c.offset + page }, rows, height);
    }
  }
  return clampCursor({ index: target, offset: c.offset }, rows, height);
}
