import { analyseCached, type Analysis } from '../issue/parse.js';
import type { ActionItem, BodyEdit, EditResult, Priority } from '../issue/types.js';
import { applied, conflict } from '../issue/edits/result.js';
import type { Finding } from './findings.js';
import { remedyFor, type Remedy } from './remedy.js';

/** A new action item for a finding, ready to be written in the body's own style. */
export interface Proposal {
  id: string;
  priority: Priority;
  layer: string;
  finding: Finding;
  remedy: Remedy;
}

const LAYER_WORD = { metal: 'Metal', system: 'System', platform: 'Platform', apps: 'Apps' } as const;

/** Severity → priority: RED is handled now (3.4 "prioritize immediately"), not knowing next, warnings after. */
export function priorityOf(f: Finding): Priority {
  if (f.status === 'RED') return 'P0';
  if (f.status === 'UNKNOWN') return 'P1';
  return 'P2';
}

/** The words an item must mention to cover a finding: its name, and for a pod its owner too. */
function names(f: Finding): string[] {
  const out = [f.name];
  if (f.owner) out.push(f.owner.name);
  return out.filter((n) => n.length >= 3);
}

const itemText = (i: ActionItem) => [i.title, i.goal, i.commands, i.expected].filter(Boolean).join('\n').toLowerCase();

/** The open item that already covers a finding (it names the object), or null. */
export function coveringItem(f: Finding, items: readonly ActionItem[]): ActionItem | null {
  const words = names(f).map((n) => n.toLowerCase());
  return items.find((i) => !i.checked && words.some((w) => itemText(i).includes(w))) ?? null;
}

/**
 * The next IDs in the body's sequence: the letter after the highest one used, numbered from 1
 * (A1…F1 → G1, G2); a body whose IDs have no letters continues the numbers; none at all → R1.
 */
export function nextIds(items: readonly ActionItem[], count: number): string[] {
  const ids = items.map((i) => i.id).filter((x): x is string => x !== null);
  const used = new Set(ids.map((x) => x.toUpperCase()));
  const lettered = ids.map((x) => /^([A-Z])(\d+)$/i.exec(x)).filter((m): m is RegExpExecArray => m !== null);
  const out: string[] = [];
  if (lettered.length > 0) {
    const top = Math.max(...lettered.map((m) => m[1]!.toUpperCase().charCodeAt(0)));
    const letter = top < 90 ? String.fromCharCode(top + 1) : 'Z';
    for (let n = 1; out.length < count; n++) if (!used.has(`${letter}${n}`)) out.push(`${letter}${n}`);
    return out;
  }
  const numeric = ids.map((x) => /^(\d+)$/.exec(x)).filter((m): m is RegExpExecArray => m !== null);
  if (numeric.length > 0) {
    let n = Math.max(...numeric.map((m) => Number(m[1])));
    while (out.length < count) out.push(String(++n));
    return out;
  }
  for (let n = 1; out.length < count; n++) if (!used.has(`R${n}`)) out.push(`R${n}`);
  return out;
}

/** Findings no open item covers, each with an ID continuing the body's sequence and its remedy. */
export function proposeItems(findings: readonly Finding[], items: readonly ActionItem[]): Proposal[] {
  const open = findings.filter((f) => f.status !== 'GREEN' && coveringItem(f, items) === null);
  const ids = nextIds(items, open.length);
  return open.map((finding, i) => ({ id: ids[i]!, priority: priorityOf(finding), layer: LAYER_WORD[finding.layer], finding, remedy: remedyFor(finding) }));
}

/** Does the body write the layer in its item headers (`**A1 P0 Metal**`) or not (`**A1 P2**`)? */
function headerHasLayer(a: Analysis): boolean {
  const withId = a.document.items.filter((i) => i.id !== null && i.priority !== null);
  if (withId.length === 0) return true;
  return withId.some((i) => i.layer !== null);
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The item's lines as the seed and the real bodies write them: header, then the five fields. */
export function renderProposal(p: Proposal, withLayer = true, eol = '\n'): string {
  const r = p.remedy;
  const head = `- [ ] **${p.id} ${p.priority}${withLayer ? ` ${p.layer}` : ''}**: ${oneLine(r.title)}`;
  const lines = [
    head,
    `  - **Goal**: ${oneLine(r.goal)}`,
    '  - **Commands**:',
    '    ```bash',
    ...r.commands.map((c) => `    ${c}`),
    '    ```',
    `  - **Expected**: ${oneLine(r.expected)}`,
    `  - **If fails**: ${oneLine(r.ifFails)}`,
    `  - **Rollback**: ${oneLine(r.rollback)}`,
  ];
  return lines.join(eol);
}

/** Index of the first line after the Action Items section (the next `## ` heading), or null without one. */
function actionItemsEnd(a: Analysis): number | null {
  let inSection = false;
  for (let i = 0; i < a.lines.length; i++) {
    const bl = a.blocks.lines[i];
    if (bl?.code || bl?.comment) continue;
    const t = a.lines[i]!.text;
    if (/^#{1,2}\s/.test(t)) {
      if (inSection) return i;
      if (/^##\s+action items\b/i.test(t)) inSection = true;
    }
  }
  return inSection ? a.lines.length : null;
}

/**
 * Adds the chosen proposals under `### Recon findings (DATE)` at the end of the Action Items
 * section. Re-applying is a no-op when every chosen ID is already in the body; an ID that is there
 * for something else is a conflict (another edit took it), never a duplicate.
 */
export function addProposalsEdit(proposals: readonly Proposal[], date: string): BodyEdit {
  const heading = `### Recon findings (${date})`;
  const present = (a: Analysis) => proposals.filter((p) => a.document.items.some((i) => i.id === p.id));
  return {
    description: `add ${proposals.length} recon finding item${proposals.length === 1 ? '' : 's'} (${proposals.map((p) => p.id).join(', ')})`,
    apply(body: string): EditResult {
      const a = analyseCached(body);
      const there = present(a);
      if (there.length === proposals.length) return applied(body, body);
      for (const p of there) {
        const item = a.document.items.find((i) => i.id === p.id)!;
        if (!item.title.includes(oneLine(p.remedy.title).slice(0, 30))) return conflict('changed', `item ID ${p.id} is already used by '${item.title}'`);
      }
      const end = actionItemsEnd(a);
      if (end === null) return conflict('missing', 'the body has no Action Items section');
      const eol = a.eol;
      const withLayer = headerHasLayer(a);
      const todo = proposals.filter((p) => !there.includes(p));
      const hasHeading = a.lines.some((l) => l.text.trim() === heading);
      const block = [...(hasHeading ? [] : [heading, '']), ...todo.map((p) => renderProposal(p, withLayer, eol) + eol)].join(eol);
      // Insert before the next section (after a blank line), keeping every other byte.
      const at = end < a.lines.length ? a.lines[end]!.start : body.length;
      const before = body.slice(0, at);
      const sep = before.length === 0 || before.endsWith(eol + eol) ? '' : before.endsWith(eol) ? eol : eol + eol;
      return applied(body, before + sep + block + eol + body.slice(at));
    },
    isApplied(body: string): boolean {
      return present(analyseCached(body)).length === proposals.length;
    },
  };
}
