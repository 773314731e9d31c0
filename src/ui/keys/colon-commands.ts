import type { Command } from './commands.js';

/** One `:` command: its name and aliases, the argument it takes (`N`), what it does. */
export interface ColonCommandSpec {
  name: string;
  aliases: readonly string[];
  args: string;
  description: string;
  /**
   * The key-table command it is the spelled-out form of: it runs through that key's live binding
   * (src/ui/keys/use-bindings.tsx useKeyCommand), so it is off exactly when the key is, with the
   * key's reason (read-only, nothing escalated, …).
   */
  key?: Command;
}

/**
 * The `:` commands, in one table: the palette's list, `?` help's `:` section, the "unknown command"
 * answer and docs/console.md's list are generated from it; src/ui/console/use-colon-commands.ts
 * runs them (an exhaustive switch on `name`, so a command added here must be given a handler).
 */
export const COLON_COMMANDS = [
  { name: 'issue', aliases: [], args: 'N', description: 'work on issue N' },
  { name: 'health', aliases: [], args: '', description: 'focus Layer health' },
  { name: 'ceph', aliases: [], args: '', description: 'focus Ceph' },
  { name: 'prs', aliases: ['queue', 'pr'], args: '', description: 'focus the Renovate queue' },
  { name: 'items', aliases: [], args: '', description: 'focus Action items' },
  { name: 'recon', aliases: [], args: '', description: 'full recon now; findings no item covers are proposed as items' },
  { name: 'close', aliases: ['closure'], args: '', description: 'closure preview: notes, [RESOLVED] title, Closure section (typed issue number)' },
  { name: 'related', aliases: [], args: '', description: 'related issues and PRs with reasons: close with a note, close unmerged, merge' },
  {
    name: 'verify',
    aliases: [],
    args: '',
    description: 'the steps a crash left "outcome unknown": mark each done, failed or still unknown, or write a lost body write again',
  },
  { name: 'criteria', aliases: [], args: '', description: "the workflow's success criteria 1-13 and which hold" },
  {
    name: 'safe',
    aliases: ['safe-state'],
    args: '',
    description: 'after an escalation: the safe state (ceph osd set noout), confirmed, then verified (as S)',
    key: 'safeState',
  },
  {
    name: 'resume',
    aliases: [],
    args: '',
    description: 'resume after an escalation (type resume; as U): steps and merges may run again',
    key: 'escalationResume',
  },
  { name: 'refresh', aliases: [], args: '', description: 'refresh everything now' },
  { name: 'help', aliases: [], args: '', description: 'every key' },
  { name: 'q', aliases: ['quit'], args: '', description: 'quit (asks while work runs)' },
] as const satisfies ReadonlyArray<ColonCommandSpec>;

export type ColonCommand = (typeof COLON_COMMANDS)[number]['name'];

/** The table as its interface (the optional `key` readable on every entry). */
export const COLON_SPECS: ReadonlyArray<ColonCommandSpec & { name: ColonCommand }> = COLON_COMMANDS;

/** `:issue N`, `:health`: a command as help, the palette and docs write it. */
export const colonLabel = (c: ColonCommandSpec): string => `:${c.name}${c.args ? ` ${c.args}` : ''}`;

/** `:issue N, :health, …` as the "unknown command" answer writes it. */
export function colonUsage(): string {
  return COLON_SPECS.map(colonLabel).join(', ');
}

/** The command a typed word names (case-insensitive, aliases included); null when none. */
export function findColonCommand(word: string): ColonCommand | null {
  const w = word.toLowerCase();
  return COLON_SPECS.find((c) => c.name === w || c.aliases.includes(w))?.name ?? null;
}

/**
 * The palette's list for what is typed: the commands its first word names, best first — a name or
 * alias equal to it, then starting with it, then containing it, then a description containing it
 * (three letters or more); table order within each. Nothing typed lists every command.
 */
export function paletteMatches(line: string): Array<ColonCommandSpec & { name: ColonCommand }> {
  const w = (line.trimStart().split(/\s+/)[0] ?? '').toLowerCase();
  if (!w) return [...COLON_SPECS];
  const rank = (c: ColonCommandSpec): number | null => {
    const names = [c.name, ...c.aliases];
    if (names.includes(w)) return 0;
    if (names.some((n) => n.startsWith(w))) return 1;
    if (names.some((n) => n.includes(w))) return 2;
    if (w.length >= 3 && c.description.toLowerCase().includes(w)) return 3;
    return null;
  };
  return COLON_SPECS.map((c, i) => ({ c, i, r: rank(c) }))
    .filter((x): x is { c: (typeof COLON_SPECS)[number]; i: number; r: number } => x.r !== null)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

/** What Enter (or Tab) does with the palette's line. */
export type PaletteOutcome = { kind: 'run'; line: string } | { kind: 'complete'; line: string } | { kind: 'none' };

/**
 * Enter: a line whose first word is a command runs as typed (`issue 7`, `q`); otherwise the
 * highlighted command runs, with what was typed after the word. A command that takes an argument
 * and has none completes to `issue ` and waits for it. A line that names nothing and highlights
 * nothing runs as typed, so an unknown command still answers as one.
 */
export function paletteEnter(line: string, highlighted: ColonCommandSpec | null): PaletteOutcome {
  const [word = '', ...rest] = line.trim().split(/\s+/);
  if (!word) return highlighted ? paletteEnter(highlighted.name, highlighted) : { kind: 'none' };
  const exact = findColonCommand(word);
  const spec = exact ? COLON_SPECS.find((c) => c.name === exact)! : highlighted;
  if (!spec) return { kind: 'run', line: line.trim() };
  if (spec.args && rest.length === 0) return { kind: 'complete', line: `${spec.name} ` };
  return { kind: 'run', line: [exact ? word : spec.name, ...rest].join(' ') };
}

/** Tab: the highlighted command's name into the line (a trailing space when it takes an argument); what was typed after the word stays. */
export function paletteComplete(line: string, highlighted: ColonCommandSpec | null): string {
  if (!highlighted) return line;
  const rest = line.trimStart().split(/\s+/).slice(1).join(' ');
  return rest ? `${highlighted.name} ${rest}` : `${highlighted.name}${highlighted.args ? ' ' : ''}`;
}
