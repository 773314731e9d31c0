import type { SimExecResult } from './simulator.js';

/**
 * The few shell forms the console sends to the toolbox pod, run the way `sh -c SCRIPT` would:
 * statements separated by newlines or `;`, words in single or double quotes ("$r" expands),
 * `NAME=$?`, `ceph ARGS…`, `printf FORMAT ARGS…` (%s, %d, \n) and `echo`, each optionally `>&2`.
 * Anything else answers like a shell without that command (127), so a script the simulator does
 * not understand fails loudly instead of passing.
 */
export function runToolboxShell(script: string, ceph: (argv: readonly string[]) => SimExecResult): SimExecResult {
  let stdout = '';
  let stderr = '';
  let last = 0;
  const vars = new Map<string, string>();
  for (const statement of splitStatements(script)) {
    const words = shellWords(statement, vars, last);
    if (words.length === 0) continue;
    let toErr = false;
    if (words[words.length - 1] === '>&2') {
      toErr = true;
      words.pop();
    }
    const [cmd, ...args] = words;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(cmd!);
    if (assign && args.length === 0) {
      vars.set(assign[1]!, assign[2]!);
      last = 0;
      continue;
    }
    let out = '';
    if (cmd === 'ceph') {
      const r = ceph(words);
      out = String(r.stdout);
      stderr += String(r.stderr);
      last = r.exitCode;
    } else if (cmd === 'printf') {
      out = printf(args[0] ?? '', args.slice(1));
      last = 0;
    } else if (cmd === 'echo') {
      out = `${args.join(' ')}\n`;
      last = 0;
    } else {
      stderr += `sh: ${cmd}: not found\n`;
      last = 127;
    }
    if (toErr) stderr += out;
    else stdout += out;
  }
  return { stdout, stderr, exitCode: last };
}

function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = null;
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ';' || ch === '\n') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

function shellWords(statement: string, vars: Map<string, string>, last: number): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  const expand = (text: string) =>
    text.replace(/\$\?|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string | undefined) => (m === '$?' ? String(last) : (vars.get(name!) ?? '')));
  for (let i = 0; i < statement.length; i++) {
    const ch = statement[i]!;
    if (ch === ' ' || ch === '\t') {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (ch === "'") {
      const end = statement.indexOf("'", i + 1);
      cur = (cur ?? '') + statement.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? statement.length : end;
    } else if (ch === '"') {
      const end = statement.indexOf('"', i + 1);
      cur = (cur ?? '') + expand(statement.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? statement.length : end;
    } else if (ch === '$') {
      const m = /^\$\?|^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.exec(statement.slice(i));
      const token = m ? m[0] : '$';
      cur = (cur ?? '') + expand(token);
      i += token.length - 1;
    } else cur = (cur ?? '') + ch;
  }
  if (cur !== null) words.push(cur);
  return words;
}

function printf(format: string, args: string[]): string {
  let i = 0;
  return format.replace(/%[sd]|\\n|\\t|\\\\/g, (m) => (m === '\\n' ? '\n' : m === '\\t' ? '\t' : m === '\\\\' ? '\\' : (args[i++] ?? '')));
}
