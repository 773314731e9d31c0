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
  | 'refresh'
  | 'help'
  | 'back'
  | 'quit'
  | 'interrupt'
  | 'stepStart'
  | 'stepPass'
  | 'stepFail'
  | 'stepRollback'
  | 'stepEscalate'
  | 'merge'
  | 'prRollback'
  | 'mergeResume'
  | 'dialogSwitch'
  | 'dialogActivate';

/** Where a command applies; the hint bar and help show the scopes active on screen. */
export type Scope = 'global' | 'list' | 'items' | 'queue' | 'detail' | 'dialog';

export interface CommandSpec {
  keys: string[];
  scope: Scope;
  /** Help text. */
  description: string;
  /** Short label for the hint bar; absent = not shown there. */
  hint?: string;
  /** Changes the cluster, the repository or the issue: absent in read-only mode. */
  writes?: boolean;
  /** What a write key does, for the read-only refusal ("starting a step is off"). */
  doing?: string;
}

export const COMMANDS: Record<Command, CommandSpec> = {
  up: { keys: ['up', 'k'], scope: 'list', description: 'Move up' },
  down: { keys: ['down', 'j'], scope: 'list', description: 'Move down', hint: 'move' },
  top: { keys: ['g', 'home'], scope: 'list', description: 'Go to the first row' },
  bottom: { keys: ['G', 'end'], scope: 'list', description: 'Go to the last row' },
  pageUp: { keys: ['pageup', 'ctrl+b'], scope: 'list', description: 'Page up' },
  pageDown: { keys: ['pagedown', 'ctrl+f'], scope: 'list', description: 'Page down' },
  nextPane: { keys: ['tab'], scope: 'global', description: 'Next pane', hint: 'pane' },
  prevPane: { keys: ['shift+tab'], scope: 'global', description: 'Previous pane' },
  pane1: { keys: ['1'], scope: 'global', description: 'Action items pane' },
  pane2: { keys: ['2'], scope: 'global', description: 'Layer health pane' },
  pane3: { keys: ['3'], scope: 'global', description: 'Ceph pane' },
  pane4: { keys: ['4'], scope: 'global', description: 'Renovate queue pane' },
  open: { keys: ['return'], scope: 'list', description: 'Open the selected row', hint: 'open' },
  filter: { keys: ['/'], scope: 'list', description: 'Filter the focused list', hint: 'filter' },
  commandLine: { keys: [':'], scope: 'global', description: 'Command line (:issue N, :health, :ceph, :prs, :q)', hint: 'cmd' },
  refresh: { keys: ['r'], scope: 'global', description: 'Refresh now', hint: 'refresh' },
  help: { keys: ['?'], scope: 'global', description: 'Help: every key', hint: 'help' },
  back: { keys: ['escape'], scope: 'global', description: 'Back out (never acts)', hint: 'back' },
  quit: { keys: ['q'], scope: 'global', description: 'Quit (top level; asks while a step runs)', hint: 'quit' },
  interrupt: { keys: ['ctrl+c'], scope: 'global', description: 'Cancel the running step; twice within 2 s quits' },
  stepStart: { keys: ['s'], scope: 'detail', description: 'Start this step (asks first)', hint: 'start', writes: true, doing: 'starting a step' },
  stepPass: { keys: ['p'], scope: 'detail', description: 'Judge the step passed', hint: 'pass', writes: true, doing: 'judging a step' },
  stepFail: { keys: ['f'], scope: 'detail', description: 'Judge the step failed', hint: 'fail', writes: true, doing: 'judging a step' },
  stepRollback: { keys: ['b'], scope: 'detail', description: 'Roll this step back (asks first)', hint: 'rollback', writes: true, doing: 'rolling a step back' },
  stepEscalate: { keys: ['e'], scope: 'detail', description: 'Escalate to a human (asks first)', hint: 'escalate', writes: true, doing: 'escalating' },
  merge: { keys: ['m'], scope: 'queue', description: 'Merge the selected open PR (asks first)', hint: 'merge', writes: true, doing: 'merging a PR' },
  prRollback: { keys: ['b'], scope: 'queue', description: 'Roll back the selected merged PR: its files restored in one commit (asks first)', hint: 'rollback', writes: true, doing: 'rolling a PR back' },
  mergeResume: { keys: ['c'], scope: 'queue', description: 'Continue the merge loop after it stopped (once what failed is fixed or rolled back)', hint: 'continue loop', writes: true, doing: 'continuing the merge loop' },
  dialogSwitch: { keys: ['tab', 'shift+tab', 'left', 'right'], scope: 'dialog', description: 'Move between Cancel and OK' },
  dialogActivate: { keys: ['return'], scope: 'dialog', description: 'Press the focused button (Enter on Cancel does nothing)' },
};

/**
 * The refusal for a write key pressed in read-only mode, among the write commands of `scopes`
 * (the keys are absent from the hint bar and help, but a key pressed anyway gets an answer).
 */
export function readOnlyRefusal(table: KeyTable, scopes: readonly Scope[], key: KeyPress): string | null {
  for (const [name, spec] of Object.entries(table.specs) as Array<[Command, CommandSpec]>) {
    if (spec.writes && scopes.includes(spec.scope) && table.matches(name, key)) return `read-only: ${spec.doing ?? name} is off (--read-only)`;
  }
  return null;
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
