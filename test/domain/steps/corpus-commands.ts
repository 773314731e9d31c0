/**
 * Test helper: every `**Commands**` and `**Rollback**` text of a maintenance body, with the ID of
 * the item it belongs to. Inline spans (`…`), plain text and indented fenced blocks are all forms
 * the corpus uses. Kept deliberately small; the issue model (src/domain/issue) is the real parser.
 */
export interface CommandText {
  item: string;
  field: 'commands' | 'rollback';
  line: number;
  text: string;
}

export function extractCommandTexts(body: string): CommandText[] {
  const lines = body.split('\n');
  const out: CommandText[] = [];
  let item = '?';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const head = /^\s*- \[[ xX]\]\s+\*\*([A-Z]+\d+)\b/.exec(line);
    if (head) item = head[1]!;
    const field = /^\s*- \*\*(Commands|Rollback)\*\*:\s*(.*)$/.exec(line);
    if (!field) continue;
    const name = field[1]!.toLowerCase() as CommandText['field'];
    const rest = field[2]!.trim();
    if (rest) {
      const inline = /^`([^`]*)`$/.exec(rest);
      out.push({ item, field: name, line: i + 1, text: inline ? inline[1]! : rest });
      continue;
    }
    // A fenced block follows (possibly after blank lines), indented under the item.
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trim()) j += 1;
    const fence = /^(\s*)(```+|~~~+)/.exec(lines[j] ?? '');
    if (!fence) continue;
    const indent = fence[1]!.length;
    const block: string[] = [];
    for (j += 1; j < lines.length && !lines[j]!.trim().startsWith(fence[2]!); j++)
      block.push(lines[j]!.slice(Math.min(indent, lines[j]!.length - lines[j]!.trimStart().length)));
    out.push({ item, field: name, line: i + 1, text: block.join('\n').trim() });
  }
  return out;
}
