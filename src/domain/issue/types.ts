/** Priority token as written in the body. */
export type Priority = 'P0' | 'P1' | 'P2' | 'P3';
/** The workflow's severity words for P0–P3. */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
/** Overall Status as the body states it. */
export type OverallStatus = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** One top-level action item of a maintenance body. Field names are the stable `plan --json` contract. */
export interface ActionItem {
  /** `A1`, `B00`, `C3`; null for header forms without an ID (`**Issue**:`, struck-through items). */
  id: string | null;
  priority: Priority | null;
  severity: Severity | null;
  /** `Metal`, `System/Platform/Apps`, `All`, `Tooling`, … as written; null when absent. */
  layer: string | null;
  title: string;
  checked: boolean;
  /** The group heading the item sits under (`Critical (P0)`, `Phase A: Preflight`), or null. */
  group: string | null;
  /** 1-based line of the checkbox in the body. */
  line: number;
  goal: string | null;
  /** Exact command text (inline span or fenced block contents), or null. */
  commands: string | null;
  expected: string | null;
  ifFails: string | null;
  rollback: string | null;
  /** Any other detail lines under the item. */
  notes: string[];
  // The fields below were added after the first contract; optional so hand-built test items stay valid.
  // The parser always sets them.
  /** Bracketed tags at the start of the title, as written without brackets (`Renovate` for `[Renovate] …`). */
  tags?: string[];
  /** The completion note on the item's line (`completed 2026-11-26 14:30 CST — ok`), or null. */
  completionNote?: string | null;
  /**
   * The trailing outcome note of any kind: `completed …`, `deferred YYYY-MM-DD — reason` (an open
   * item the operator explicitly deferred), `rolled back … — reason` (an undone item that may run again).
   */
  stateNote?: { kind: 'completed' | 'deferred' | 'rolled-back'; text: string } | null;
  /** True when this unchecked item comes after a less urgent unchecked item in document order. */
  outOfOrder: boolean;
}

export interface ChangeLogTable {
  /** Header cells as written. */
  columns: string[];
  /** Data rows, without a placeholder row (`| - | - | No actions yet | - |`). */
  rows: string[][];
  /** True when the table holds a placeholder row, which the first appended row replaces (always set by the parser). */
  hasPlaceholder?: boolean;
}

export interface IssueDocument {
  /** The H1 title, or null. The API title (when known) wins over this. */
  title: string | null;
  overallStatus: OverallStatus | null;
  lastUpdated: string | null;
  items: ActionItem[];
  changeLog: ChangeLogTable | null;
  hasClosure: boolean;
  /** True when the body has a `## Action Items …` section (otherwise items come from the fallback scan). */
  hasActionItemsSection?: boolean;
  warnings: string[];
}

export interface PlanFilter {
  layers?: string[];
  priorities?: Priority[];
  ids?: string[];
}

export interface Plan {
  /** Unchecked items in document order, after the operator's focus filter. */
  pending: ActionItem[];
  /** ID (or null) of the default next item: the first unchecked item in document order. */
  next: string | null;
  nextItem: ActionItem | null;
}

/** What applying an edit to a body produced. */
export type EditResult =
  | { ok: true; body: string; changed: boolean }
  | {
      ok: false;
      conflict: string;
      /** `missing`: the target is not in the body; `changed`: it differs from what was seen. */ kind?: 'missing' | 'changed' | 'ambiguous';
    };

/**
 * An edit is a function of the body, never a whole body computed from an earlier read, so the
 * Gitea layer can re-apply it to whatever the server holds now (this is how a human's concurrent
 * edit survives). `isApplied` lets the writer verify after a last-writer-wins PATCH.
 */
export interface BodyEdit {
  readonly description: string;
  apply(body: string): EditResult;
  isApplied(body: string): boolean;
}
