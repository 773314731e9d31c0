/**
 * The `:` command line's commands, in one table: the `:` key's help line, the "unknown command"
 * answer, `:help` and docs/console.md's list are generated from it; src/ui/console/use-colon-commands.ts
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
  { name: 'criteria', aliases: [], args: '', description: "the workflow's success criteria 1-13 and which hold" },
  { name: 'refresh', aliases: [], args: '', description: 'refresh everything now' },
  { name: 'help', aliases: [], args: '', description: 'every key' },
  { name: 'q', aliases: ['quit'], args: '', description: 'quit (asks while work runs)' },
] as const satisfies ReadonlyArray<{ name: string; aliases: readonly string[]; args: string; description: string }>;

export type ColonCommand = (typeof COLON_COMMANDS)[number]['name'];

/** `:issue N, :health, …` as the `:` key's help and docs write it. */
export function colonUsage(): string {
  return COLON_COMMANDS.map((c) => `:${c.name}${c.args ? ` ${c.args}` : ''}`).join(', ');
}

/** The command a typed word names (case-insensitive, aliases included); null when none. */
export function findColonCommand(word: string): ColonCommand | null {
  const w = word.toLowerCase();
  return COLON_COMMANDS.find((c) => c.name === w || (c.aliases as readonly string[]).includes(w))?.name ?? null;
}
