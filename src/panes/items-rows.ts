import { buildPlan, inFocus, parseFocus } from '../domain/issue/index.js';
import type { ActionItem, IssueDocument, PlanFilter } from '../domain/issue/types.js';
import type { Row } from '../ui/rows.js';
import { severityLook, type Theme } from '../ui/theme.js';

/** The operator's focus (`--focus Metal,A3,P0`) as the issue model's plan filter; undefined = none. */
export function focusFilter(doc: IssueDocument, focus: string[]): PlanFilter | undefined {
  return focus.length ? parseFocus(focus, doc) : undefined;
}

/**
 * The next item: the first unchecked item in the operator's focus, else (focus given but all done,
 * or no focus) the first unchecked item in document order. Focus orders the work, it hides nothing.
 */
export function pickNext(doc: IssueDocument | null, focus: string[]): ActionItem | null {
  if (!doc) return null;
  return buildPlan(doc, focusFilter(doc, focus)).nextItem ?? buildPlan(doc).nextItem;
}

export function itemKey(item: Pick<ActionItem, 'id' | 'line'>): string {
  return item.id ?? `line-${item.line}`;
}

export function itemRows(doc: IssueDocument, focus: string[], theme: Theme): Row<ActionItem>[] {
  const items = doc.items;
  const next = pickNext(doc, focus);
  const filter = focusFilter(doc, focus);
  const rows: Row<ActionItem>[] = [];
  let group: string | null | undefined;
  for (const item of items) {
    if (item.group !== group) {
      group = item.group;
      if (group)
        rows.push({ key: `g:${rows.length}:${group}`, segments: [{ text: group, bold: true, color: theme.accent }], filterText: group, selectable: false });
    }
    const sev = severityLook(item.severity, theme);
    const isNext = next !== null && next.line === item.line;
    const focused = filter !== undefined && inFocus(item, filter);
    rows.push({
      key: `i:${item.line}`,
      selectable: true,
      payload: item,
      filterText: `${item.id ?? ''} ${item.severity ?? ''} ${item.priority ?? ''} ${item.layer ?? ''} ${item.title}`,
      segments: [
        { text: isNext ? `${theme.glyphs.next} ` : focused ? '* ' : '  ', color: theme.accent, bold: true },
        { text: item.checked ? theme.glyphs.checked : theme.glyphs.unchecked, color: item.checked ? theme.ok : undefined },
        { text: ` ${(item.id ?? '--').padEnd(4)} `, bold: true },
        { text: `${sev.glyph} ${sev.word.padEnd(8)} `, color: sev.color },
        { text: item.title, dim: item.checked },
        ...(isNext ? [{ text: '  <- next', color: theme.accent, bold: true }] : []),
      ],
    });
  }
  return rows;
}
