import { colonLabel, COLON_COMMANDS, COLON_SPECS } from './colon-commands.js';
import { VIEW_TITLE, type Command, type KeyTable, type KeyView } from './commands.js';
import { UNICODE_GLYPHS, type GlyphSet } from '../glyphs.js';
import { displayBinding } from './keypress.js';

export interface HelpLine {
  view: KeyView;
  command: Command;
  keys: string;
  description: string;
}

/** The `?` help: every command of the key table by view; write keys absent in read-only mode. */
export function helpLines(specs: KeyTable['specs'], readOnly: boolean, glyphs: GlyphSet = UNICODE_GLYPHS): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const view of Object.keys(VIEW_TITLE) as KeyView[]) {
    for (const [command, spec] of (Object.entries(specs) as Array<[Command, KeyTable['specs'][Command]]>).filter(([, s]) => s.view === view)) {
      if (readOnly && spec.writes) continue;
      lines.push({ view, command, keys: spec.keys.map((k) => displayBinding(k, glyphs)).join(' '), description: spec.description });
    }
  }
  return lines;
}

/** `?` help's `:` section: every command of the palette, as the palette lists it (aliases named). */
export const COLON_HELP_TITLE = ': commands (the palette lists them; type to filter)';

export function colonHelpLines(): Array<{ name: string; label: string; description: string }> {
  return COLON_SPECS.map((c) => ({
    name: c.name,
    label: colonLabel(c),
    description: `${c.description}${c.aliases.length ? ` (also ${c.aliases.map((a) => `:${a}`).join(' ')})` : ''}`,
  }));
}

/**
 * docs/console.md's key table, generated from the same lines as help (test/ui/bindings.test.ts
 * fails when the doc drifts; `UPDATE_DOCS=1 vitest run test/ui/bindings.test.ts` rewrites it).
 */
export function keyTableMarkdown(specs: KeyTable['specs']): string {
  const md = (text: string) => text.replace(/\|/g, '\\|');
  const rows = helpLines(specs, false).map((l) => {
    const keys = specs[l.command].keys.map((k) => `\`${md(displayBinding(k))}\``).join(' ');
    return `| ${keys} | ${VIEW_TITLE[l.view]} | \`${l.command}\` | ${md(l.description)} |`;
  });
  return ['| keys | where | command | what |', '|---|---|---|---|', ...rows].join('\n');
}

/** docs/console.md's list of `:` commands, from the same table the command line runs. */
export function colonCommandsMarkdown(): string {
  const rows = COLON_COMMANDS.map((c) => {
    const names = [c.name, ...c.aliases].map((n) => `\`:${n}${c.args ? ` ${c.args}` : ''}\``).join(' ');
    return `| ${names} | ${c.description} |`;
  });
  return ['| command | what |', '|---|---|', ...rows].join('\n');
}
