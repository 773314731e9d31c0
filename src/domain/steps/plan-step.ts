import { needsTerminal } from './interactive.js';
import type { ActionItem } from '../issue/types.js';
import { challengeFor, findDestructive, type DestructiveFinding } from './destructive.js';
import { containsProse, isReadOnlyCommand, looksLikeProse, placeholders } from './read-only.js';
import { giteaCalls, type MergeCall } from './gitea-calls.js';
import { proseAction, recognizeActions } from './action-recognition.js';
import { splitCommands, type SimpleCommand } from './shell-words.js';
import { actionChallenge, describeAction, type TypedAction } from './typed-action.js';

/**
 * How one item (or its Rollback) is carried out:
 * - typed: the console's own clients perform the actions (Ceph, kube, ArgoCD, Gitea);
 * - runbook: the exact Commands text runs with bash on the controller host;
 * - manual: the Commands are instructions for a person; the console runs nothing and the
 *   operator does the work, then judges;
 * - none: nothing to run (no Commands, or a Rollback of "N/A").
 */
export interface StepPlan {
  /** merge: the item merges PRs; `segments` says what runs in order, each merge through the merge loop. */
  kind: 'typed' | 'merge' | 'runbook' | 'manual' | 'none';
  actions: TypedAction[];
  /** Exactly what will run, shown before it runs. */
  commandText: string;
  /** Read-only commands of a typed item that the console does not run (the gate covers them). */
  checks: string[];
  destructive: DestructiveFinding[];
  /** What the operator must type before a destructive step runs; null when not destructive. */
  challenge: string | null;
  /** True when nothing in it writes: read-only mode may run it. */
  readOnly: boolean;
  /** True when it needs the terminal (kubectl exec -it, an editor, an ssh shell). */
  interactive: boolean;
  /** Why a text that looks like commands is still a manual step (prose, `<placeholders>`), or null. */
  manualReason: string | null;
  /** A merge plan's parts in order (absent for other kinds). */
  segments?: StepSegment[];
  /** The PRs it merges, in order (empty unless kind is merge). */
  prs?: number[];
}

/**
 * One part of a composed merge step: the item's own commands before, between and after the
 * merges run as written (bash), and each merge goes through the Renovate merge loop.
 */
export type StepSegment =
  { kind: 'run'; text: string; readOnly: boolean; interactive: boolean } | { kind: 'merge'; pr: number; command: string; notes: string[] };

const NOTHING = /^\s*(?:`?N\/?A`?\b|none\b|no rollback|no changes|not applicable|-\s*$)/i;

/** True when a Rollback (or Commands) text says there is nothing to do. */
export function isNothingToDo(text: string | null): boolean {
  return !text || !text.trim() || NOTHING.test(text.trim());
}

// Whether a command needs the real terminal is decided in src/domain/steps/interactive.ts.
export { needsTerminal };

/** Plans a Commands or Rollback text for the item `itemId`. */
export function planCommands(text: string | null, itemId: string | null): StepPlan {
  const empty: StepPlan = {
    kind: 'none',
    actions: [],
    commandText: '',
    checks: [],
    destructive: [],
    challenge: null,
    readOnly: true,
    interactive: false,
    manualReason: null,
  };
  if (isNothingToDo(text)) return empty;
  // A Rollback is often one inline code span: run what is inside it.
  const span = /^`([^`]+)`$/.exec(text!.trim());
  const source = (span ? span[1]! : text!).trim();
  const destructive = findDestructive(source);

  const manual = (manualReason: string): StepPlan => ({ ...empty, kind: 'manual', commandText: source, destructive, readOnly: false, manualReason });
  if (looksLikeProse(source)) {
    const action = proseAction(source);
    if (action?.kind === 'pr-merge')
      return mergePlan([{ kind: 'merge', pr: action.number, command: source.split('\n')[0]!, notes: [] }], destructive, itemId, [
        `the rest is for you to check: ${source}`,
      ]);
    if (action) return typedPlan([action], [source], destructive, itemId);
    return manual('the Commands are instructions for a person');
  }

  // Gitea writes first: a merge never runs as bash, and a Gitea write the console does not
  // understand is refused rather than handed to the shell.
  const calls = giteaCalls(source);
  if (calls.refused.length) return manual(`the console will not run this: ${calls.refused[0]!.reason} (\`${oneLine(calls.refused[0]!.command.text)}\`)`);
  if (calls.merges.length) {
    if (calls.closes.length) return manual('the Commands mix merges with closing: run them as separate items');
    const composed = composeMerges(source, calls.merges);
    return typeof composed === 'string'
      ? manual(`the console will not run this: ${composed}`)
      : mergePlan(composed.segments, destructive, itemId, composed.notes);
  }

  const { actions, others } = recognizeActions(source);
  if (actions.length > 0 && others.every((c) => isReadOnlyCommand(c.text) || c.argv.length === 0)) {
    return typedPlan(actions, dedupe(others.filter((c) => c.via.length === 0).map((c) => c.text)), destructive, itemId);
  }
  const holes = placeholders(source);
  if (holes.length) return manual(`fill in ${holes.join(', ')} first: run it by hand`);
  if (containsProse(source)) return manual('the Commands mix shell with instructions for a person');
  // A close mixed with other writes would otherwise reach bash: the guarded close runs alone.
  if (calls.closes.length) return manual('the Commands close an issue or PR among other writes: close it as its own item (the console’s guarded close)');
  return {
    kind: 'runbook',
    actions: [],
    commandText: source,
    checks: [],
    destructive,
    challenge: challengeFor(destructive, itemId),
    readOnly: isReadOnlyCommand(source),
    interactive: needsTerminal(source),
    manualReason: null,
  };
}

function typedPlan(actions: TypedAction[], checks: string[], textFindings: DestructiveFinding[], itemId: string | null): StepPlan {
  const challenges = actions.map(actionChallenge).filter((c): c is NonNullable<typeof c> => c !== null);
  const challenge = challenges[0]?.target ?? challengeFor(textFindings, itemId);
  const destructive: DestructiveFinding[] = [
    ...challenges.map((c, i) => ({ rule: actions[i]!.kind, reason: c.reason, target: c.target, command: describeAction(actions[i]!) })),
    ...textFindings.filter((f) => !challenges.some((c) => c.target === f.target)),
  ];
  return {
    kind: 'typed',
    actions,
    commandText: actions.map(describeAction).join('\n'),
    checks,
    destructive,
    challenge: destructive.length ? challenge : null,
    readOnly: false,
    interactive: false,
    manualReason: null,
  };
}

const dedupe = (xs: string[]) => [...new Set(xs)];
const oneLine = (t: string) =>
  t
    .replace(/\\\n\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);

function mergePlan(segments: StepSegment[], textFindings: DestructiveFinding[], itemId: string | null, notes: string[]): StepPlan {
  const prs = segments.flatMap((s) => (s.kind === 'merge' ? [s.pr] : []));
  const runs = segments.filter((s): s is Extract<StepSegment, { kind: 'run' }> => s.kind === 'run');
  return {
    kind: 'merge',
    actions: [],
    commandText: segments
      .map((s) =>
        s.kind === 'run' ? s.text : `⇒ merge PR #${s.pr} through the Renovate merge loop (GREEN first, the checked head, wait for ArgoCD, full gate)`,
      )
      .join('\n'),
    checks: notes,
    destructive: textFindings,
    challenge: challengeFor(textFindings, itemId),
    readOnly: false,
    interactive: runs.some((r) => r.interactive),
    manualReason: null,
    segments,
    prs,
  };
}

/** Shell operators and line continuations left at the edge of a cut. */
const trimOperators = (t: string) => t.replace(/^(?:\s|\\\n|&&|\|\||;|\|&?|&)+/, '').replace(/(?:\s|\\\n|&&|\|\||;|\|&?|&)+$/, '');

/** Commands that only set up the environment (`source ~/.config/gitea/.env`, `set -a`, `export X=…`, `cd`). */
function isEnvSetup(cmd: SimpleCommand): boolean {
  const name = cmd.argv[0] ?? '';
  return cmd.argv.length === 0 ? Object.keys(cmd.assignments).length > 0 : ['source', '.', 'export', 'set', 'cd'].includes(name);
}

/**
 * Cuts the text around each top-level merge: the commands before, between and after run as they
 * are written (each part gets the environment set-up lines that came before it, since every part
 * is its own bash); what only consumed the merge's own output (`| jq`), ran only if it failed
 * (`|| …`), or slept for ArgoCD (`sleep 60`) is replaced by the loop. A merge inside
 * `if`/`for`/`( … )` cannot be cut out: the plan is refused.
 */
function composeMerges(source: string, merges: MergeCall[]): { segments: StepSegment[]; notes: string[] } | string {
  const top = splitCommands(source);
  const notes: string[] = [];
  const segments: StepSegment[] = [];
  const setup: string[] = [];
  let cursor = 0;
  let open = 0;
  const run = (from: number, to: number) => {
    const text = trimOperators(source.slice(from, to));
    const cmds = splitCommands(text);
    const setupHere = cmds.filter(isEnvSetup).map((c) => c.text);
    if (cmds.length > 0 && !cmds.every(isEnvSetup)) {
      const full = [...setup.filter((l) => !setupHere.includes(l)), text].join('\n');
      segments.push({ kind: 'run', text: full, readOnly: isReadOnlyCommand(full), interactive: needsTerminal(full) });
    }
    setup.push(...setupHere.filter((l) => !setup.includes(l)));
  };
  for (let i = 0; i < top.length; i++) {
    const c = top[i]!;
    const m = merges.find((x) => x.command.start === c.start && x.command.end === c.end);
    if (!m) {
      open +=
        c.keywords.filter((k) => k === 'if' || k === 'while' || k === 'until' || k === '{').length +
        (['for', 'case', 'select'].includes(c.argv[0] ?? '') ? 1 : 0);
      open -= c.keywords.filter((k) => k === 'fi' || k === 'done' || k === 'esac' || k === '}').length;
      continue;
    }
    if (open > 0 || c.depth > 0 || c.keywords.length > 0)
      return `the merge of PR #${m.pr} sits inside if/for/( … ), so it cannot run through the merge protocol on its own: write it as its own command`;
    run(cursor, c.start);
    const requested = [
      m.requested.style && m.requested.style.toLowerCase() !== 'merge' ? `asks for "${m.requested.style}"; the loop merges with a merge commit` : null,
      m.requested.message ? `its merge message is not used: the loop writes its own` : null,
      m.requested.deleteBranch === false ? 'asks to keep the branch; the loop deletes it after the merge, as Renovate expects' : null,
    ].filter((x): x is string => x !== null);
    segments.push({ kind: 'merge', pr: m.pr, command: oneLine(c.text), notes: requested });
    let end = c.end;
    let j = i;
    // `curl …/merge | jq .`: the consumers of the merge's output go with it.
    while (top[j]?.sep === '|' || top[j]?.sep === '|&') {
      j += 1;
      if (top[j]) notes.push(`\`${oneLine(top[j]!.text)}\` read the merge's output: the loop shows the merge result instead`);
      end = top[j]?.end ?? end;
    }
    // `… || echo failed`: runs only when the merge failed, and a failed merge stops the step.
    while (top[j]?.sep === '||' && top[j + 1]) {
      j += 1;
      end = top[j]!.end;
    }
    // `sleep 60` right after: the loop waits for ArgoCD to sync the merge commit instead.
    const next = top[j + 1];
    if (next && next.argv[0] === 'sleep' && next.argv.length === 2) {
      notes.push(`\`${next.text}\` after the merge: the loop waits for ArgoCD to sync the merge commit instead`);
      j += 1;
      end = next.end;
    }
    i = j;
    cursor = end;
  }
  run(cursor, source.length);
  return { segments, notes };
}

/** The plan for an action item's Commands. */
export function planItem(item: ActionItem): StepPlan {
  return planCommands(item.commands, item.id);
}

/** The plan for an action item's Rollback (its own confirmed step). */
export function planRollback(item: ActionItem): StepPlan {
  return planCommands(item.rollback, item.id);
}

/** How an item will run, as `plan --json` shows it (docs/issue-model.md). */
export interface StepSummary {
  kind: 'typed' | 'merge' | 'runbook' | 'manual';
  /** The PRs it merges, in order. */
  prs: number[];
  destructive: boolean;
  interactive: boolean;
}

export function stepSummary(plan: StepPlan): StepSummary {
  // Nothing to run is the operator's to do (and judge): a manual step.
  return { kind: plan.kind === 'none' ? 'manual' : plan.kind, prs: plan.prs ?? [], destructive: plan.destructive.length > 0, interactive: plan.interactive };
}
