/**
 * The JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[*]` and `[?(@.type=="Ready")]`.
 * Returns every match; the table converter shows the first.
 */
export function jsonPathFind(root: unknown, path: string): unknown[] {
  let cur: unknown[] = [root];
  const tokens = tokenize(path.trim().replace(/^\{|\}$/g, ''));
  for (const tok of tokens) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if (tok.kind === 'field') {
        if (typeof v === 'object' && !Array.isArray(v)) {
          const f = (v as Record<string, unknown>)[tok.name];
          if (f !== undefined) next.push(f);
        }
      } else if (tok.kind === 'index') {
        if (Array.isArray(v)) {
          const i = tok.index < 0 ? v.length + tok.index : tok.index;
          if (v[i] !== undefined) next.push(v[i]);
        }
      } else if (tok.kind === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === 'object') next.push(...Object.values(v as object));
      } else if (Array.isArray(v)) {
        for (const item of v) if (tok.test(item)) next.push(item);
      }
    }
    cur = next;
  }
  return cur;
}

type Token = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'filter'; test: (v: unknown) => boolean };

function tokenize(path: string): Token[] {
  const out: Token[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
      let name = '';
      while (i < path.length && path[i] !== '.' && path[i] !== '[') name += path[i++];
      if (name === '*') out.push({ kind: 'all' });
      else if (name) out.push({ kind: 'field', name });
    } else if (ch === '[') {
      const end = matchingBracket(path, i);
      const inner = path.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') out.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) out.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) out.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(')) out.push({ kind: 'filter', test: filterTest(inner.slice(2, -1)) });
      else throw new Error(`unsupported JSONPath segment [${inner}]`);
    } else {
      let name = '';
      while (i < path.length && path[i] !== '.' && path[i] !== '[') name += path[i++];
      out.push({ kind: 'field', name });
    }
  }
  return out;
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '[') depth++;
    if (s[i] === ']' && --depth === 0) return i;
  }
  throw new Error(`unbalanced JSONPath: ${s}`);
}

function filterTest(expr: string): (v: unknown) => boolean {
  const m = expr.match(/^@((?:\.[\w-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(\S+))$/);
  if (!m) {
    const exists = expr.match(/^@((?:\.[\w-]+)+)$/);
    if (!exists) throw new Error(`unsupported JSONPath filter ${expr}`);
    const p = exists[1]!.slice(1).split('.');
    return (v) => dig(v, p) !== undefined;
  }
  const p = m[1]!.slice(1).split('.');
  const want = m[3] ?? m[4] ?? m[5]!;
  return (v) => {
    const got = dig(v, p);
    const eq = got !== undefined && String(got) === want;
    return m[2] === '==' ? eq : !eq;
  };
}

function dig(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
