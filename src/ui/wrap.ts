/** Breaks a line into pieces of at most `width`, after a space or comma when one is near the end. */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(width, 8);
  const out: string[] = [];
  let rest = line;
  while (rest.length > w) {
    const window = rest.slice(0, w);
    const soft = Math.max(window.lastIndexOf(' '), window.lastIndexOf(','));
    let cut = soft >= w / 2 ? soft + 1 : w;
    // Never between the two halves of a surrogate pair: each half alone is a lone surrogate,
    // which the display sanitiser (rightly) spells out, so the wrapped line would differ.
    if (/[\ud800-\udbff]/.test(rest[cut - 1] ?? '') && /[\udc00-\udfff]/.test(rest[cut] ?? '')) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}
