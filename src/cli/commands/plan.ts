import { parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { analyseMaintenanceBody, fileBodySource, type BodySource } from '../issue-body.js';
import { giteaBodySource, LIVE_OPTIONS, LIVE_USAGE, normaliseIssueFlag } from '../gitea-live.js';
import { buildPlan, inFocus, parseFocus } from '../../domain/issue/plan.js';
import type { ActionItem, IssueDocument, Plan } from '../../domain/issue/types.js';
import { planItem, stepSummary } from '../../domain/steps/plan-step.js';
import { writeJson, writeOut } from '../output.js';
import { openContext, type CliContext } from '../context.js';

const USAGE = `usage: homelab-console plan --issue-file FILE [--json] [--focus TOKENS] [--all]
       homelab-console plan --issue [N] [--repo OWNER/NAME] [--json] [--focus TOKENS] [--all]

Reads a maintenance issue body and prints its pending action items in document order.

  --issue-file FILE  the issue body (markdown)
  --json             print the parsed document and plan as JSON (see docs/issue-model.md)
  --focus TOKENS     only items in the operator's focus: layers (Metal, Platform …), priorities
                     (P0–P3, CRITICAL…LOW) and item IDs, comma- or space-separated; repeatable
  --all              list checked items too

${LIVE_USAGE}`;

const OPTIONS = {
  'issue-file': { type: 'string' },
  json: { type: 'boolean' },
  focus: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  ...LIVE_OPTIONS,
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** Where the body comes from; live mode (`--issue N`) plugs in here. */
function bodySource(values: Values, ctx: CliContext): BodySource {
  const file = values['issue-file'];
  if (file && values.issue !== undefined) throw new UsageError('plan: give --issue-file or --issue, not both');
  if (values.issue !== undefined) return giteaBodySource(ctx, { ...values, issue: values.issue });
  if (!file) throw new UsageError('plan: --issue-file FILE or --issue [N] is required');
  return fileBodySource('plan', file);
}

const ID_SHAPE = /^[A-Za-z]{1,4}-?\d{1,4}$/;

export interface PlanView {
  title: string | null;
  document: IssueDocument;
  /** Items shown: the document's items within the focus. */
  items: ActionItem[];
  plan: Plan;
  focus: string[] | null;
}

function planView(document: IssueDocument, apiTitle: string | null, focusTokens: string[]): PlanView {
  const filter = focusTokens.length > 0 ? parseFocus(focusTokens, document) : undefined;
  for (const token of filter?.layers ?? []) {
    if (ID_SHAPE.test(token)) throw new UserError(`plan: no action item with ID '${token}'`, 2);
  }
  const plan = buildPlan(document, filter);
  const items = filter ? document.items.filter((i) => inFocus(i, filter)) : document.items;
  return { title: apiTitle ?? document.title, document, items, plan, focus: focusTokens.length > 0 ? focusTokens : null };
}

/** The stable JSON shape (docs/issue-model.md). */
export function planJson(view: PlanView): unknown {
  return {
    title: view.title,
    overallStatus: view.document.overallStatus,
    lastUpdated: view.document.lastUpdated,
    items: view.items.map((i) => ({
      id: i.id,
      priority: i.priority,
      severity: i.severity,
      layer: i.layer,
      title: i.title,
      checked: i.checked,
      group: i.group,
      line: i.line,
      goal: i.goal,
      commands: i.commands,
      expected: i.expected,
      ifFails: i.ifFails,
      rollback: i.rollback,
      outOfOrder: i.outOfOrder,
      notes: i.notes,
      tags: i.tags ?? [],
      completionNote: i.completionNote ?? null,
      step: stepSummary(planItem(i)),
      deferred: i.stateNote?.kind === 'deferred' && !i.checked ? i.stateNote.text : null,
      rolledBack: i.stateNote?.kind === 'rolled-back' ? i.stateNote.text : null,
    })),
    next: view.plan.next,
    warnings: view.document.warnings,
  };
}

function truncate(s: string, width: number): string {
  if (width <= 1) return s.length > 0 ? '…' : '';
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** A plain-text table: the next item marked ▶, items out of priority order marked !. */
export function planTable(view: PlanView, { all, width }: { all: boolean; width: number }): string {
  const d = view.document;
  const rows = view.items.filter((i) => all || !i.checked);
  const pendingCount = view.items.filter((i) => !i.checked).length;
  const out: string[] = [];
  out.push(view.title ?? '(untitled maintenance issue)');
  out.push(
    `Overall Status: ${d.overallStatus ?? '-'}   Last Updated: ${d.lastUpdated ?? '-'}   ${pendingCount} of ${view.items.length} items pending` +
      (view.focus ? `   focus: ${view.focus.join(' ')}` : ''),
  );
  out.push('');
  if (rows.length === 0) {
    out.push(view.items.length === 0 ? 'No action items.' : 'Nothing pending.');
  } else {
    const header = ['', 'ID', 'PRI', 'SEVERITY', 'LAYER', 'GROUP', 'LINE', 'TITLE'];
    const cells = rows.map((i) => {
      const mark = i === view.plan.nextItem ? '▶' : i.checked ? '✓' : i.outOfOrder ? '!' : '';
      return [mark, i.id ?? '-', i.priority ?? '-', i.severity ?? '-', truncate(i.layer ?? '-', 20), truncate(i.group ?? '-', 24), String(i.line), i.title];
    });
    const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => (r[c] ?? '').length)));
    const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
    const titleWidth = Math.max(20, width - fixed);
    const line = (r: string[]) =>
      r
        .map((v, c) => (c === r.length - 1 ? truncate(v, titleWidth) : v.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd();
    out.push(line(header));
    for (const r of cells) out.push(line(r));
  }
  out.push('');
  const next = view.plan.nextItem;
  out.push(next ? `▶ next: ${next.id ?? next.title} (line ${next.line})` : '▶ next: none');
  if (rows.some((i) => !i.checked && i.outOfOrder)) out.push('! comes after a less urgent pending item (document order is kept)');
  for (const w of d.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

const command: CommandModule = {
  summary: 'list the maintenance issue’s pending action items (file mode: --issue-file)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('plan', normaliseIssueFlag(argv), OPTIONS);
    // The file is read (and a bad one refused) by every command; file mode needs nothing from it.
    const ctx = openContext('plan', values);
    const source = await bodySource(values, ctx).load();
    const analysis = analyseMaintenanceBody('plan', source);
    const view = planView(analysis.document, source.title, values.focus ?? []);
    // JSON carries the body's command text exactly (scripts run it), escaped so no character in it
    // acts on a terminal; the table is for eyes only, with every control spelled out.
    if (values.json) writeJson(planJson(view));
    else writeOut(planTable(view, { all: !!values.all, width: process.stdout.columns ?? 120 }));
    return 0;
  },
};
export default command;
