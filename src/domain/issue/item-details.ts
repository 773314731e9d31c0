import { fenceContent, type Blocks } from './blocks.js';
import { soleCodeSpan } from './inline.js';
import { isBlank } from './lines.js';

export type DetailField = 'goal' | 'commands' | 'expected' | 'ifFails' | 'rollback';

export interface ItemDetails {
  goal: string | null;
  commands: string | null;
  expected: string | null;
  ifFails: string | null;
  rollback: string | null;
  notes: string[];
}

const FIELD_NAMES: Record<string, DetailField> = {
  goal: 'goal',
  commands: 'commands',
  command: 'commands',
  expected: 'expected',
  'expected result': 'expected',
  'expected outcome': 'expected',
  'if fails': 'ifFails',
  'if it fails': 'ifFails',
  'if failed': 'ifFails',
  'on failure': 'ifFails',
  rollback: 'rollback',
  'roll back': 'rollback',
};

/** `**Goal**: text`, `**Goal:** text`, `__Goal__: text` → name and value; else null. */
function fieldOf(content: string): { field: DetailField; value: string } | null {
  const marker = content.startsWith('**') ? '**' : content.startsWith('__') ? '__' : null;
  if (!marker) return null;
  const close = content.indexOf(marker, 2);
  if (close < 3 || close > 40) return null;
  let name = content.slice(2, close).trim();
  let after = content.slice(close + 2);
  if (name.endsWith(':')) name = name.slice(0, -1).trim();
  else {
    const t = after.trimStart();
    if (!t.startsWith(':')) return null;
    after = t.slice(1);
  }
  const field = FIELD_NAMES[name.toLowerCase().replace(/\s+/g, ' ')];
  if (!field) return null;
  return { field, value: after.trim() };
}

/** Strips an item-detail line's indentation and bullet (`  - **Goal**: …` → `**Goal**: …`). */
function contentOf(text: string): string {
  const t = text.trimStart();
  if ((t[0] === '-' || t[0] === '*' || t[0] === '+') && (t[1] === ' ' || t[1] === '\t')) return t.slice(2).trimStart();
  return t;
}

/**
 * Reads the detail lines under an item header (lines `from`..`to`, exclusive): the five known
 * fields, as bullets or bare bold lines, and everything else as notes. A fenced block right after a
 * field with no inline value (`**Commands**:` then ```` ```bash ````) is that field's value.
 */
export function parseItemDetails(blocks: Blocks, from: number, to: number): ItemDetails {
  const details: ItemDetails = { goal: null, commands: null, expected: null, ifFails: null, rollback: null, notes: [] };
  let awaiting: DetailField | null = null;
  let i = from;
  while (i < to) {
    const bl = blocks.lines[i];
    if (!bl) break;
    if (bl.code && bl.fence >= 0) {
      const fence = blocks.fences[bl.fence];
      if (fence && fence.open === i) {
        const content = fenceContent(blocks, fence);
        if (awaiting && details[awaiting] === null) details[awaiting] = content;
        else details.notes.push(content);
        awaiting = null;
        i = Math.max(i + 1, fence.close !== null ? fence.close + 1 : fence.end);
        continue;
      }
      i++;
      continue;
    }
    const text = bl.line.text;
    if (bl.comment || isBlank(text)) {
      i++;
      continue;
    }
    const content = contentOf(text);
    const f = fieldOf(content);
    if (f) {
      if (f.value === '') awaiting = f.field;
      else {
        awaiting = null;
        if (details[f.field] === null) details[f.field] = f.field === 'commands' ? (soleCodeSpan(f.value) ?? f.value) : f.value;
        else details.notes.push(content);
      }
    } else {
      awaiting = null;
      details.notes.push(content);
    }
    i++;
  }
  return details;
}
