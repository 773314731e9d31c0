import { scanBlocks, type Blocks } from './blocks.js';
import { findChangeLog, type ChangeLogSpot } from './change-log.js';
import { classifyStatus, findKeyedValue, type ValueSpot } from './document-fields.js';
import { parseItemDetails } from './item-details.js';
import { parseItemHeader } from './item-header.js';
import { dominantEol, isBlank, splitLines, type Line } from './lines.js';
import { priorityRank, severityOf } from './priority.js';
import type { ActionItem, IssueDocument, Priority } from './types.js';

type SectionKind = 'action' | 'closure' | 'changelog' | 'other';

/** A checkbox line: where it is, what section and group it sits under, and its state. */
export interface CheckboxLine {
  line: number;
  section: SectionKind;
  group: string | null;
  checked: boolean;
  /** Offset of the mark between the brackets within the line text. */
  markAt: number;
  /** Text after `- [ ] `. */
  rest: string;
  restAt: number;
}

/** The parsed document plus where everything sits, for the edits. */
export interface Analysis {
  body: string;
  lines: Line[];
  blocks: Blocks;
  document: IssueDocument;
  /** Header line index of each item, parallel to `document.items`. */
  itemLines: number[];
  /** The checkbox of each item, parallel to `document.items`. */
  boxes: CheckboxLine[];
  /**
   * Every live checkbox: the box of each top-level task list item outside code and HTML, in body
   * order, before any section is chosen or a Renovate marker set aside. `boxes` is drawn from these.
   */
  live: CheckboxLine[];
  status: ValueSpot | null;
  lastUpdated: ValueSpot | null;
  changeLog: ChangeLogSpot | null;
  closure: { from: number; to: number } | null;
  eol: '\n' | '\r\n';
}

/** `- [ ] rest`, `* [x] rest`, `+ [X] rest` at the given indentation limit; null otherwise. */
export function checkboxOf(text: string, maxIndent: number): { checked: boolean; markAt: number; restAt: number } | null {
  let i = 0;
  while (i < text.length && text[i] === ' ') i++;
  if (i > maxIndent) return null;
  const bullet = text[i];
  if (bullet !== '-' && bullet !== '*' && bullet !== '+') return null;
  let j = i + 1;
  if (text[j] !== ' ' && text[j] !== '\t') return null;
  while (text[j] === ' ' || text[j] === '\t') j++;
  if (text[j] !== '[' || text[j + 2] !== ']') return null;
  const mark = text[j + 1];
  if (mark !== ' ' && mark !== 'x' && mark !== 'X') return null;
  const after = j + 3;
  if (after < text.length && text[after] !== ' ' && text[after] !== '\t') return null;
  let restAt = after;
  while (text[restAt] === ' ' || text[restAt] === '\t') restAt++;
  return { checked: mark !== ' ', markAt: j + 1, restAt };
}

function sectionKindOf(heading: string): SectionKind {
  const t = heading
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (t.startsWith('action items')) return 'action';
  if (t.startsWith('closure')) return 'closure';
  if (t.startsWith('change log') || t.startsWith('changelog')) return 'changelog';
  return 'other';
}

/** `### Critical (P0)`, `### P2 - Network`, `### High Priority` → the priority a group implies. */
function groupPriority(group: string | null): Priority | null {
  if (!group) return null;
  const p = /\bP([0-3])\b/.exec(group);
  if (p) return `P${p[1]}` as Priority;
  const w = /\b(critical|high|medium|low)\b/i.exec(group);
  if (!w?.[1]) return null;
  return ({ critical: 'P0', high: 'P1', medium: 'P2', low: 'P3' } as const)[w[1].toLowerCase() as 'critical'];
}

/** Where an item's details end: the next top-level checkbox, heading, top-level fence or margin text. */
function itemEnd(blocks: Blocks, from: number, limit: number): number {
  for (let j = from; j < limit; j++) {
    const bl = blocks.lines[j];
    if (!bl) return j;
    if (bl.code) {
      const fence = blocks.fences[bl.fence];
      if (fence && fence.open === j && bl.indent < 2) return j;
      continue;
    }
    if (bl.heading) return j;
    if (bl.comment) continue;
    if (bl.task || checkboxOf(bl.line.text, 1)) return j;
    if (bl.indent === 0 && !isBlank(bl.line.text)) return j;
  }
  return limit;
}

/** Reads a maintenance body. Never throws; anything odd becomes a warning. Linear in the body size. */
export function analyseIssue(body: string): Analysis {
  const lines = splitLines(body);
  const blocks = scanBlocks(lines);
  const warnings: string[] = [];

  let title: string | null = null;
  let section: SectionKind | null = null;
  let group: string | null = null;
  let hasActionSection = false;
  let closure: { from: number; to: number } | null = null;
  let changeLogRange: { from: number; to: number } | null = null;
  const live: CheckboxLine[] = [];
  const codeBoxes = { action: 0, other: 0 };

  for (const bl of blocks.lines) {
    const i = bl.line.index;
    if (bl.code) {
      if (checkboxOf(bl.line.text.trimStart(), 0) && section !== 'closure') codeBoxes[section === 'action' ? 'action' : 'other']++;
      continue;
    }
    if (bl.heading) {
      const { level, text } = bl.heading;
      if (level === 1 && title === null) title = text;
      if (level <= 2) {
        if (closure && closure.to === -1) closure.to = i;
        if (changeLogRange && changeLogRange.to === -1) changeLogRange.to = i;
        section = level === 2 ? sectionKindOf(text) : null;
        group = null;
        if (section === 'action') hasActionSection = true;
        if (section === 'closure' && !closure) closure = { from: i + 1, to: -1 };
        if (section === 'changelog' && !changeLogRange) changeLogRange = { from: i + 1, to: -1 };
      } else {
        group = text;
      }
      continue;
    }
    const box = bl.task;
    if (!box) continue;
    const rest = bl.line.text.slice(box.restAt);
    live.push({ line: i, section: section ?? 'other', group, checked: box.checked, markAt: box.markAt, rest, restAt: box.restAt });
  }
  // Renovate's dashboard boxes carry an HTML marker; they are never runbook items.
  const boxes = live.filter((b) => !b.rest.startsWith('<!--'));
  if (closure && closure.to === -1) closure.to = lines.length;
  if (changeLogRange && changeLogRange.to === -1) changeLogRange.to = lines.length;

  const chosen = hasActionSection ? boxes.filter((b) => b.section === 'action') : boxes.filter((b) => b.section !== 'closure');
  if (!hasActionSection && chosen.length > 0) {
    warnings.push('no "## Action Items (Tasks)" section; every top-level checkbox outside code is read as an action item');
  }
  const fenced = hasActionSection ? codeBoxes.action : codeBoxes.action + codeBoxes.other;
  if (chosen.length === 0 && fenced > 0) {
    warnings.push(`all ${fenced} checkboxes sit inside code fences, so there are no action items`);
  }
  for (const fence of blocks.fences) {
    if (fence.close === null && fence.end >= lines.length && fence.indent < 2) {
      warnings.push(`code fence opened on line ${fence.open + 1} is never closed; the rest of the body is read as code`);
    }
  }

  const items: ActionItem[] = [];
  const itemLines: number[] = [];
  for (const box of chosen) {
    const header = parseItemHeader(box.rest);
    const end = itemEnd(blocks, box.line + 1, lines.length);
    const details = parseItemDetails(blocks, box.line + 1, end);
    const priority = header.priority ?? groupPriority(box.group);
    items.push({
      id: header.id,
      priority,
      severity: severityOf(priority),
      layer: header.layer,
      title: header.title,
      checked: box.checked,
      group: box.group,
      line: box.line + 1,
      goal: details.goal,
      commands: details.commands,
      expected: details.expected,
      ifFails: details.ifFails,
      rollback: details.rollback,
      notes: [...header.notes, ...details.notes],
      outOfOrder: false,
      tags: header.tags,
      completionNote: header.completionNote,
      stateNote: header.stateNote,
    });
    itemLines.push(box.line);
  }
  markOutOfOrder(items);

  const seen = new Map<string, number>();
  for (const item of items) if (item.id) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) warnings.push(`item ID ${id} is used ${n} times; edits by that ID need the item's title`);

  const status = findKeyedValue(blocks, 'overall status');
  const lastUpdated = findKeyedValue(blocks, 'last updated');
  const changeLog = changeLogRange ? findChangeLog(blocks, changeLogRange.from, changeLogRange.to) : null;
  const statusText = status ? (status.prefix ? lines[status.line]?.text.slice(status.prefix.start, status.prefix.end) + ' ' : '') + status.value : null;

  const document: IssueDocument = {
    title,
    overallStatus: statusText === null ? null : classifyStatus(statusText),
    lastUpdated: lastUpdated ? lastUpdated.value.trim() : null,
    items,
    changeLog: changeLog
      ? {
          columns: changeLog.columns,
          rows: changeLog.rows.filter((r) => r.line !== changeLog.placeholderLine).map((r) => r.cells),
          hasPlaceholder: changeLog.placeholderLine !== null,
        }
      : null,
    hasClosure: closure !== null,
    hasActionItemsSection: hasActionSection,
    warnings,
  };
  return { body, lines, blocks, document, itemLines, boxes: chosen, live, status, lastUpdated, changeLog, closure, eol: dominantEol(lines) };
}

/** An unchecked item is out of order when an earlier unchecked item is less urgent. */
function markOutOfOrder(items: ActionItem[]): void {
  let worst = -1;
  for (const item of items) {
    if (item.checked) continue;
    const rank = priorityRank(item.priority);
    if (rank === null) continue;
    item.outOfOrder = rank < worst;
    if (rank > worst) worst = rank;
  }
}

const recent: Analysis[] = [];

/**
 * The analysis of a body, shared by edits: a composed edit and its `isApplied` check read the same
 * few bodies again and again. Callers must not mutate what it returns.
 */
export function analyseCached(body: string): Analysis {
  const hit = recent.find((a) => a.body === body);
  if (hit) return hit;
  const a = analyseIssue(body);
  recent.unshift(a);
  if (recent.length > 4) recent.pop();
  return a;
}

/** Parses a maintenance body into its document model. */
export function parseIssue(body: string): IssueDocument {
  return analyseIssue(body).document;
}
