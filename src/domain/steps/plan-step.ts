import type { ActionItem } from '../issue/types.js';
import { challengeFor, findDestructive, type DestructiveFinding } from './destructive.js';
import { containsProse, isReadOnlyCommand, looksLikeProse, placeholders } from './read-only.js';
import { proseAction, recognizeActions } from './recognize.js';
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
  kind: 'typed' | 'runbook' | 'manual' | 'none';
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
}

const NOTHING = /^\s*(?:`?N\/?A`?\b|none\b|no rollback|no changes|not applicable|-\s*$)/i;

/** True when a Rollback (or Commands) text says there is nothing to do. */
export function isNothingToDo(text: string | null): boolean {
  return !text || !text.trim() || NOTHING.test(text.trim());
}

const INTERACTIVE = [
  /\bkubectl\b[^\n;|&]*\bexec\b[^\n;|&]*\s-(?:it|ti|i\s+-t|t\s+-i)\b/,
  /(?:^|[\s;&|(])(?:vi|vim|nvim|nano|emacs|less|more|top|htop|k9s|watch|\$EDITOR|\$\{EDITOR\})(?:\s|$)/m,
  /(?:^|[\s;&|(])read\s+(?:-\w+\s+)*[A-Za-z_]/m,
  /(?:^|[\s;&|(])ssh\s+(?:-\S+\s+)*[\w.@-]+\s*$/m,
  /\binteractive\s*=\s*true\b/,
];

/** True when a command text needs the real terminal rather than a captured pane. */
export function needsTerminal(text: string): boolean {
  return INTERACTIVE.some((re) => re.test(text));
}

/** Plans a Commands or Rollback text for the item `itemId`. */
export function planCommands(text: string | null, itemId: string | null): StepPlan {
  const empty: StepPlan = { kind: 'none', actions: [], commandText: '', checks: [], destructive: [], challenge: null, readOnly: true, interactive: false, manualReason: null };
  if (isNothingToDo(text)) return empty;
  // A Rollback is often one inline code span: run what is inside it.
  const span = /^`([^`]+)`$/.exec(text!.trim());
  const source = (span ? span[1]! : text!).trim();
  const destructive = findDestructive(source);

  const manual = (manualReason: string): StepPlan => ({ ...empty, kind: 'manual', commandText: source, destructive, readOnly: false, manualReason });
  if (looksLikeProse(source)) {
    const action = proseAction(source);
    if (action) return typedPlan([action], [source], destructive, itemId);
    return manual('the Commands are instructions for a person');
  }

  const { actions, others } = recognizeActions(source);
  if (actions.length > 0 && others.every((c) => isReadOnlyCommand(c.text) || c.argv.length === 0)) {
    return typedPlan(actions, dedupe(others.filter((c) => c.via.length === 0).map((c) => c.text)), destructive, itemId);
  }
  const holes = placeholders(source);
  if (holes.length) return manual(`fill in ${holes.join(', ')} first: run it by hand`);
  if (containsProse(source)) return manual('the Commands mix shell with instructions for a person');
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

/** The plan for an action item's Commands. */
export function planItem(item: ActionItem): StepPlan {
  return planCommands(item.commands, item.id);
}

/** The plan for an action item's Rollback (its own confirmed step). */
export function planRollback(item: ActionItem): StepPlan {
  return planCommands(item.rollback, item.id);
}
