import type { Move } from './rows.js';

/**
 * The full-screen viewers' model (output, issue): a window of `height` lines over `total`, a
 * search, and whether the window follows new lines at the end (like `less +F`, the default for
 * output that is still growing). Pure: the component keeps this state and draws the window.
 */
export interface PagerState {
  /** First line shown. */
  offset: number;
  /** Stick to the end while lines are appended (set by G, cleared by any move up). */
  follow: boolean;
  /** The search in force ('' = none). */
  query: string;
  /** The line of the current match, or -1. */
  matchLine: number;
}

export const PAGER_START: PagerState = { offset: 0, follow: false, query: '', matchLine: -1 };

export function maxOffset(total: number, height: number): number {
  return Math.max(total - Math.max(height, 1), 0);
}

/** The window actually shown: following pins it to the end; otherwise clamped into range. */
export function windowOffset(s: PagerState, total: number, height: number): number {
  const max = maxOffset(total, height);
  return s.follow ? max : Math.min(Math.max(s.offset, 0), max);
}

export function scrollPager(s: PagerState, move: Move, total: number, height: number): PagerState {
  const at = windowOffset(s, total, height);
  const page = Math.max(height - 1, 1);
  const max = maxOffset(total, height);
  const clamp = (o: number) => Math.min(Math.max(o, 0), max);
  // Moving up stops following; moving down onto the end starts it again (as less +F would).
  const back = (o: number): PagerState => ({ ...s, offset: clamp(o), follow: false });
  const forward = (o: number): PagerState => ({ ...s, offset: clamp(o), follow: clamp(o) === max });
  switch (move) {
    case 'up':
      return back(at - 1);
    case 'pageUp':
      return back(at - page);
    case 'top':
      return back(0);
    case 'down':
      return forward(at + 1);
    case 'pageDown':
      return forward(at + page);
    case 'bottom':
      return forward(max);
  }
}

/** Lines containing `query`, any case, in order. */
export function findMatches(lines: readonly string[], query: string): number[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.toLowerCase().includes(needle)) out.push(i);
  return out;
}

/**
 * The next (`dir` 1) or previous (-1) match from the current one, wrapping around like less; with
 * no current match, the first at or below the window's top (or above it, going back).
 */
export function stepMatch(matches: readonly number[], from: number, dir: 1 | -1): number {
  if (matches.length === 0) return -1;
  if (dir === 1) return matches.find((m) => m > from) ?? matches[0]!;
  return [...matches].reverse().find((m) => m < from) ?? matches.at(-1)!;
}

/** Brings `line` into the window (a third from the top, so the context above it shows). */
export function reveal(s: PagerState, line: number, total: number, height: number): PagerState {
  if (line < 0) return s;
  const at = windowOffset(s, total, height);
  if (line >= at && line < at + height) return { ...s, offset: at, follow: false, matchLine: line };
  const offset = Math.min(Math.max(line - Math.floor(height / 3), 0), maxOffset(total, height));
  return { ...s, offset, follow: false, matchLine: line };
}

/** Cuts `text` into the parts before, at and after each occurrence of `query` (any case), for highlighting. */
export function splitMatches(text: string, query: string): Array<{ text: string; hit: boolean }> {
  if (!query) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: Array<{ text: string; hit: boolean }> = [];
  let i = 0;
  for (;;) {
    const j = lower.indexOf(needle, i);
    if (j < 0 || needle.length === 0) break;
    if (j > i) parts.push({ text: text.slice(i, j), hit: false });
    parts.push({ text: text.slice(j, j + needle.length), hit: true });
    i = j + needle.length;
  }
  if (i < text.length) parts.push({ text: text.slice(i), hit: false });
  return parts;
}
