/**
 * CommonMark's seven kinds of HTML block (spec 0.31, §4.6): how one starts and when it ends. Lines
 * in an HTML block are raw HTML, so a `- [ ]` among them is not a task item.
 */
export type HtmlKind = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const RAW = new Set(['pre', 'script', 'style', 'textarea']);
// prettier-ignore
const BASIC = new Set([
  'address', 'article', 'aside', 'base', 'basefont', 'blockquote', 'body', 'caption', 'center', 'col', 'colgroup', 'dd',
  'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frame', 'frameset',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'iframe', 'legend', 'li', 'link', 'main', 'menu',
  'menuitem', 'nav', 'noframes', 'ol', 'optgroup', 'option', 'p', 'param', 'search', 'section', 'summary', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'track', 'ul',
]);

// A complete open or closing tag alone on its line (kind 7). No nested ambiguity: attributes are
// separated by required whitespace and unquoted values hold none, so matching stays linear.
const OPEN_TAG = /^<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^"'=<>`\s]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>[ \t]*$/;
const CLOSE_TAG = /^<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>[ \t]*$/;

/** The kind of HTML block `s` (a line from its first non-blank character) starts, or null. */
export function htmlBlockStart(s: string, interruptsParagraph: boolean): HtmlKind | null {
  if (s[0] !== '<') return null;
  if (s.startsWith('<!--')) return 2;
  if (s.startsWith('<?')) return 3;
  if (s.startsWith('<![CDATA[')) return 5;
  if (s[1] === '!' && /^[A-Za-z]$/.test(s[2] ?? '')) return 4;
  const closing = s[1] === '/';
  let i = closing ? 2 : 1;
  const nameStart = i;
  if (!/^[A-Za-z]$/.test(s[i] ?? '')) return null;
  while (i < s.length && /^[A-Za-z0-9-]$/.test(s[i]!)) i++;
  const name = s.slice(nameStart, i).toLowerCase();
  const after = s[i];
  const ends = after === undefined || after === ' ' || after === '\t' || after === '>';
  if (!closing && RAW.has(name) && ends) return 1;
  if (BASIC.has(name) && (ends || (after === '/' && s[i + 1] === '>'))) return 6;
  if (interruptsParagraph) return null;
  return (closing ? CLOSE_TAG : OPEN_TAG).test(s) ? 7 : null;
}

/**
 * Whether a line of an HTML block of `kind` ends it (kinds 1–5; 6 and 7 end at a blank line). On
 * the block's first line the search starts after the opener, as micromark reads it (`<!-->` ends).
 */
export function htmlBlockEnds(kind: HtmlKind, s: string, first = false): boolean {
  switch (kind) {
    case 1: {
      const l = s.toLowerCase();
      return l.includes('</pre>') || l.includes('</script>') || l.includes('</style>') || l.includes('</textarea>');
    }
    case 2:
      return s.includes('-->', first ? 2 : 0);
    case 3:
      return s.includes('?>', first ? 1 : 0);
    case 4:
      return s.includes('>', first ? 2 : 0);
    case 5:
      return s.includes(']]>', first ? 9 : 0);
    default:
      return false;
  }
}
