import { parseBinding, type KeyPress } from './keypress.js';

/**
 * Every key the console answers to, in one table: the handlers match through it, the hint bar and
 * the `?` help are generated from it, and the config file's `keys:` section overrides it.
 * Nothing is bound to keys tmux cannot deliver (Shift-Enter, Ctrl-Enter, Ctrl-I vs Tab).
 */
export type Command =
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'nextPane'
  | 'prevPane'
  | 'pane1'
  | 'pane2'
  | 'pane3'
  | 'pane4'
  | 'open'
  | 'filter'
  | 'commandLine'
  | 'paletteUp'
  | 'paletteDown'
  | 'paletteComplete'
  | 'paletteRun'
  | 'refresh'
  | 'help'
  | 'back'
  | 'quit'
  | 'interrupt'
  | 'suspend'
  | 'stepStart'
  | 'stepPass'
  | 'stepFail'
  | 'stepRollback'
  | 'stepEscalate'
  | 'stepDefer'
  | 'stepNoteEditor'
  | 'merge'
  | 'prRollback'
  | 'mergeResume'
  | 'mergeStop'
  | 'protocolNext'
  | 'safeState'
  | 'escalationResume'
  | 'dialogSwitch'
  | 'dialogActivate'
  | 'outputOpen'
  | 'issueOpen'
  | 'copy'
  | 'search'
  | 'searchNext'
  | 'searchPrev'
  | 'reconToggle'
  | 'reconAdd'
  | 'reconClose'
  | 'reconEscalate'
  | 'closureConfirm'
  | 'closureLesson'
  | 'closureCancel'
  | 'relatedToggle'
  | 'relatedAct'
  | 'verifyDone'
  | 'verifyFailed'
  | 'verifyUnknown'
  | 'verifyReapply';

/**
 * Where a command acts. A view registers its bindings (src/ui/keys/bindings.ts); help groups the
 * table by view, and the hint bar orders the live bindings by it (the view's own keys first).
 */
export type KeyView = 'global' | 'list' | 'palette' | 'queue' | 'detail' | 'pager' | 'recon' | 'closure' | 'related' | 'verify' | 'dialog';

/** The views in the order help shows them; docs/console.md's key table uses the same titles. */
export const VIEW_TITLE: Record<KeyView, string> = {
  global: 'Everywhere',
  list: 'Lists',
  palette: 'Command palette (:)',
  queue: 'Renovate queue (the selected row) and PR detail',
  detail: 'Action items (the selected row) and action detail',
  pager: 'Output and issue viewers',
  recon: 'Recon findings (:recon)',
  closure: 'Closure preview (:close)',
  related: 'Related issues and PRs (:related)',
  verify: 'Outcome unknown — verify (shown first after a crash; :verify)',
  dialog: 'Confirmation dialog',
};

export interface CommandSpec {
  keys: string[];
  view: KeyView;
  /** Help text. */
  description: string;
  /** Short label for the hint bar; absent = not shown there. */
  hint?: string;
  /** Changes the cluster, the repository or the issue: absent in read-only mode. */
  writes?: boolean;
  /** What a write key does, for the read-only refusal ("starting a step is off"). */
  doing?: string;
  /** A write key that stays on after an escalation (everything else that writes is off until resume). */
  whenEscalated?: boolean;
  /**
   * A write key that stays on while a step the journal left "outcome unknown" waits to be verified
   * (everything else that writes is off until then; the escalation's keys stay on too).
   */
  whenHeld?: boolean;
  /** Needs Gitea to answer (a merge, closing an issue): off while it is unreachable, saying so. */
  needsGitea?: boolean;
}

export const COMMANDS: Record<Command, CommandSpec> = {
  up: { keys: ['up', 'k'], view: 'list', description: 'Move up' },
  down: { keys: ['down', 'j'], view: 'list', description: 'Move down', hint: 'move' },
  top: { keys: ['g', 'home'], view: 'list', description: 'Go to the first row' },
  bottom: { keys: ['G', 'end'], view: 'list', description: 'Go to the last row' },
  pageUp: { keys: ['pageup', 'ctrl+b'], view: 'list', description: 'Page up' },
  pageDown: { keys: ['pagedown', 'ctrl+f'], view: 'list', description: 'Page down' },
  nextPane: { keys: ['tab'], view: 'global', description: 'Next pane', hint: 'pane' },
  prevPane: { keys: ['shift+tab'], view: 'global', description: 'Previous pane' },
  pane1: { keys: ['1'], view: 'global', description: 'Action items pane' },
  pane2: { keys: ['2'], view: 'global', description: 'Layer health pane' },
  pane3: { keys: ['3'], view: 'global', description: 'Ceph pane' },
  pane4: { keys: ['4'], view: 'global', description: 'Renovate queue pane' },
  open: { keys: ['return'], view: 'list', description: 'Open the selected row', hint: 'open' },
  filter: { keys: ['/'], view: 'list', description: 'Filter the focused list (!text keeps the others; Enter keeps the filter, Esc clears it)', hint: 'filter' },
  commandLine: {
    keys: [':'],
    view: 'global',
    description: 'Command palette: every : command (the list under "Command palette" below); typing filters it',
    hint: 'cmd',
  },
  paletteUp: { keys: ['up', 'ctrl+p'], view: 'palette', description: 'Highlight the previous command' },
  paletteDown: { keys: ['down', 'ctrl+n'], view: 'palette', description: 'Highlight the next command', hint: 'move' },
  paletteComplete: {
    keys: ['tab'],
    view: 'palette',
    description: "Complete the highlighted command's name into the line (one that takes an argument waits for it)",
    hint: 'complete',
  },
  paletteRun: {
    keys: ['return'],
    view: 'palette',
    description:
      'Run: a line naming a command runs as typed (issue 7), else the highlighted command; one that takes an argument completes to it (issue ) and waits; an unknown one says so. Esc closes',
    hint: 'run',
  },
  refresh: { keys: ['r'], view: 'global', description: 'Refresh now', hint: 'refresh' },
  help: { keys: ['?'], view: 'global', description: 'Help: every key (write keys absent in read-only mode)', hint: 'help' },
  back: {
    keys: ['escape'],
    view: 'global',
    description: 'Back out: closes help, the filter, the command palette, a dialog, a detail screen; never acts',
    hint: 'back',
  },
  quit: {
    keys: ['q'],
    view: 'global',
    description: 'Quit from the top level (asks first while a step or merge runs); back from a detail screen',
    hint: 'quit',
  },
  interrupt: {
    keys: ['ctrl+c'],
    view: 'global',
    description:
      'Cancel the running step or stop the merge wait; twice within 2 s quits (asking first, as q does, while a step awaits its verdict or a merge waits)',
  },
  suspend: {
    keys: ['ctrl+z'],
    view: 'global',
    description: 'Suspend to the shell; fg brings the console back, redrawn (not while a step runs or a merge waits)',
  },
  stepStart: { keys: ['s'], view: 'detail', description: 'Start this step (asks first)', hint: 'start', writes: true, doing: 'starting a step' },
  stepPass: {
    keys: ['p'],
    view: 'detail',
    description: 'Judge the step passed (when it waits for your verdict); asks for an optional note for the Change Log, Enter records',
    hint: 'pass',
    writes: true,
    doing: 'judging a step',
  },
  stepFail: {
    keys: ['f'],
    view: 'detail',
    description: 'Judge the step failed (when it waits for your verdict); asks for an optional note, Enter records',
    hint: 'fail',
    writes: true,
    doing: 'judging a step',
  },
  stepDefer: {
    keys: ['d'],
    view: 'detail',
    description:
      'Defer this item with a reason (asks for it): it stays open, marked deferred, with a Change Log row; a step awaiting its verdict is judged deferred',
    hint: 'defer',
    writes: true,
    doing: 'deferring an item',
  },
  stepNoteEditor: {
    keys: ['E'],
    view: 'detail',
    description:
      'Judge the step with a longer note written in $VISUAL/$EDITOR: the first line is the verdict (pass, fail or defer), the rest the note; the terminal is handed over and the console redrawn after',
    hint: 'note in editor',
    writes: true,
    doing: 'judging a step',
  },
  stepRollback: { keys: ['b'], view: 'detail', description: 'Roll this step back (asks first)', hint: 'rollback', writes: true, doing: 'rolling a step back' },
  stepEscalate: {
    keys: ['e'],
    view: 'detail',
    description: 'Escalate to a human: type why, then confirm; steps, merges and closure stop until you resume',
    hint: 'escalate',
    writes: true,
    doing: 'escalating',
    whenEscalated: true,
  },
  merge: {
    keys: ['m'],
    view: 'queue',
    description: 'Merge the selected open PR: merge loop, ArgoCD sync wait, full gate (asks first)',
    hint: 'merge',
    writes: true,
    doing: 'merging a PR',
    needsGitea: true,
  },
  prRollback: {
    keys: ['b'],
    view: 'queue',
    description: 'Roll back the selected merged PR: its files restored in one commit (asks first; typed PR number)',
    hint: 'rollback',
    writes: true,
    doing: 'rolling a PR back',
    needsGitea: true,
  },
  mergeResume: {
    keys: ['c'],
    view: 'queue',
    description: 'Continue the merge loop after it stopped (once what failed is fixed or rolled back)',
    hint: 'continue loop',
    writes: true,
    doing: 'continuing the merge loop',
    needsGitea: true,
  },
  protocolNext: {
    keys: ['u'],
    view: 'queue',
    description:
      "A major or database PR's upgrade protocol, its next stage: the pre-flight, a typed reason when it is out of order, the five assessment answers, the backup (verified), the dependents scaled down (asks first); then m merges it",
    hint: 'protocol',
    writes: true,
    doing: 'working an upgrade protocol',
    needsGitea: true,
  },
  mergeStop: {
    keys: ['x'],
    view: 'global',
    description:
      "Stop the merge or rollback wait now, or an upgrade protocol's wait (dependents scaling, Gate 1's pods) (Ctrl-C too): the PR stays merged, the loop stops, recorded in the issue and the journal",
    hint: 'stop wait',
  },
  outputOpen: {
    keys: ['o'],
    view: 'global',
    description: 'Full-screen output of the last step, every line kept (scroll with the list keys, / search, n/N); Esc goes back',
    hint: 'output',
  },
  issueOpen: {
    keys: ['i'],
    view: 'global',
    description: 'The issue: its live body, Status and Change Log tables, and who changed what since the session opened; Esc goes back',
    hint: 'issue',
  },
  copy: {
    keys: ['y'],
    view: 'global',
    description:
      "Copy to the clipboard (OSC 52; works through ssh, and in tmux with set-clipboard on): the selected PR's URL in the Renovate queue, the selected action item's commands",
    hint: 'copy',
  },
  search: { keys: ['/'], view: 'pager', description: 'Search the viewer (any case; Enter jumps to the first match, Esc clears)', hint: 'search' },
  searchNext: { keys: ['n'], view: 'pager', description: 'Next match', hint: 'next' },
  searchPrev: { keys: ['N'], view: 'pager', description: 'Previous match' },
  safeState: {
    keys: ['S'],
    view: 'global',
    description: 'After an escalation: apply the safe state (ceph osd set noout), confirmed, then verified',
    hint: 'safe state',
    writes: true,
    doing: 'applying the safe state',
    whenEscalated: true,
  },
  escalationResume: {
    keys: ['U'],
    view: 'global',
    description: 'Resume after an escalation (type resume): steps and merges may run again, each with its own checks',
    hint: 'resume',
    writes: true,
    doing: 'resuming after the escalation',
    whenEscalated: true,
  },
  reconToggle: { keys: ['space'], view: 'recon', description: 'Select or unselect the proposed item under the cursor', hint: 'select' },
  reconAdd: {
    keys: ['a'],
    view: 'recon',
    description: 'Add the selected proposals as action items (conflict-safe edit, Change Log row)',
    hint: 'add items',
    writes: true,
    doing: 'adding recon items',
    needsGitea: true,
  },
  reconClose: { keys: ['c'], view: 'recon', description: 'Open the closure preview (once every item is done and the recon is GREEN)', hint: 'closure' },
  reconEscalate: {
    keys: ['e'],
    view: 'recon',
    description: 'Escalate a finding that survived three recons (workflow 8.1): asks why, then the escalation of the item that worked it',
    hint: 'escalate',
    writes: true,
    doing: 'escalating',
  },
  closureConfirm: {
    keys: ['c'],
    view: 'closure',
    description: 'Confirm the closure: type the issue number; writes the notes, retitles [RESOLVED], closes the issue',
    hint: 'confirm',
    writes: true,
    doing: 'closing the issue',
    needsGitea: true,
  },
  closureLesson: { keys: ['l'], view: 'closure', description: 'Add a Lessons Learned line to the closure notes', hint: 'lesson' },
  closureCancel: { keys: ['escape'], view: 'closure', description: 'Leave the preview without closing (recorded as cancelled)', hint: 'cancel' },
  relatedToggle: {
    keys: ['space'],
    view: 'related',
    description: 'Select or unselect the entry (nothing on the Do NOT close list starts selected)',
    hint: 'select',
  },
  relatedAct: {
    keys: ['a'],
    view: 'related',
    description: 'Act on the entry: close with a resolution note, close unmerged, or merge (typed number; a PR/Issue Actions row)',
    hint: 'act',
    writes: true,
    doing: 'acting on related issues and PRs',
    needsGitea: true,
  },
  verifyDone: {
    keys: ['p'],
    view: 'verify',
    description: 'The step under the cursor did its work: recorded as done (its item ticked, a Change Log row, the journal)',
    hint: 'done',
    writes: true,
    doing: 'recording what you verified',
    whenHeld: true,
  },
  verifyFailed: {
    keys: ['f'],
    view: 'verify',
    description: 'The step under the cursor did not do its work: recorded as failed (item left open, a Change Log row, the journal)',
    hint: 'failed',
    writes: true,
    doing: 'recording what you verified',
    whenHeld: true,
  },
  verifyUnknown: {
    keys: ['u'],
    view: 'verify',
    description: 'You cannot tell: recorded as still unknown (a Change Log row, the journal); this session goes on, the next start asks again',
    hint: 'still unknown',
    writes: true,
    doing: 'recording what you verified',
    whenHeld: true,
  },
  verifyReapply: {
    keys: ['w'],
    view: 'verify',
    description:
      'A body write "not in the body" after a crash: write it again through the conflict-safe writer (settled without writing if it is in the body by then; never a second row)',
    hint: 'write again',
    writes: true,
    doing: 'writing the edit again',
    whenHeld: true,
    needsGitea: true,
  },
  dialogSwitch: { keys: ['tab', 'shift+tab', 'left', 'right'], view: 'dialog', description: 'Move between Cancel and OK' },
  dialogActivate: { keys: ['return'], view: 'dialog', description: 'Press the focused button (Enter on Cancel does nothing)' },
};

/** What a write key answers in read-only mode ("read-only: starting a step is off (--read-only)"). */
export function readOnlyReason(command: Command, spec: CommandSpec): string {
  return `read-only: ${spec.doing ?? command} is off (--read-only)`;
}

export type KeyOverrides = Partial<Record<string, string[]>>;

export interface KeyTable {
  readonly specs: Record<Command, CommandSpec>;
  matches(command: Command, key: KeyPress): boolean;
}

/** Applies the config file's overrides; unknown command names are reported, not ignored. */
export function buildKeyTable(overrides: KeyOverrides = {}): KeyTable {
  const unknown = Object.keys(overrides).filter((name) => !(name in COMMANDS));
  if (unknown.length) throw new Error(`keys: unknown command ${unknown.join(', ')} (known: ${Object.keys(COMMANDS).join(', ')})`);
  const specs = {} as Record<Command, CommandSpec>;
  const matchers = {} as Record<Command, Array<(k: KeyPress) => boolean>>;
  for (const [name, spec] of Object.entries(COMMANDS) as Array<[Command, CommandSpec]>) {
    const keys = overrides[name] ?? spec.keys;
    specs[name] = { ...spec, keys };
    matchers[name] = keys.map(parseBinding);
  }
  return {
    specs,
    matches: (command, key) => matchers[command].some((m) => m(key)),
  };
}
