import { commandName } from './shell-words.js';
import { findCommands, flagValue, positionals, type FoundCommand } from './nested-commands.js';

/**
 * Every call in a command text that writes to Gitea, found through the shell lexer whatever the
 * shape: `curl` (method from `-X`/`--request`/`-XPOST`, or implied by `-d`/`--json`), the URL
 * written out or built from `$GITEA_URL`, quoted either way, the PR number literal or from a
 * `PR_NUM=54` earlier in the text; `tea pr merge N`. Merges go through the Renovate merge loop and
 * closes through the console's own guarded close; anything else that writes to Gitea is refused
 * (the console never hands a Gitea write it does not understand to bash).
 */
export interface MergeCall {
  pr: number;
  command: FoundCommand;
  form: 'curl' | 'tea';
  /** What the written call asked for (`{"Do":"merge","delete_branch_after_merge":true,…}`), shown with the plan. */
  requested: { style: string | null; deleteBranch: boolean | null; message: string | null };
}

export interface CloseCall {
  kind: 'pr-close' | 'issue-close';
  number: number;
  command: FoundCommand;
}

export interface RefusedCall {
  command: FoundCommand;
  /** Why the console will not run it, in the operator's words. */
  reason: string;
}

export interface GiteaCalls {
  merges: MergeCall[];
  closes: CloseCall[];
  refused: RefusedCall[];
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DATA_FLAGS = /^(?:-d|--data|--data-raw|--data-binary|--data-urlencode|--json|-F|--form|-T|--upload-file)$/;

/** `-X POST`, `--request=POST`, `-XPOST`; else POST when data is sent; else GET. */
function curlMethod(argv: string[]): string {
  const explicit = flagValue(argv, '-X', '--request') ?? argv.find((w) => /^-X[A-Za-z]+$/.test(w))?.slice(2) ?? null;
  if (explicit) return explicit.toUpperCase();
  return argv.slice(1).some((w) => DATA_FLAGS.test(w.split('=')[0]!)) || argv.some((w) => /^-d./.test(w)) ? 'POST' : 'GET';
}

function curlData(argv: string[]): string {
  const inline = argv.find((w) => /^-d[^-]/.test(w))?.slice(2);
  return flagValue(argv, '-d', '--data', '--data-raw', '--data-binary', '--json') ?? inline ?? '';
}

/** The URL argument: written out, or starting with a variable (`$GITEA_URL/…`, `${GITEA_URL}/…`). */
function curlUrl(argv: string[]): string | null {
  return argv.slice(1).find((w) => /^(?:https?:\/\/|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\/|\/api\/v1\/)/.test(w)) ?? null;
}

/** `$X`/`${X}` replaced from the text's own assignments; unknown variables are left as written. */
function expand(word: string, vars: Record<string, string>): string {
  return word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? m);
}

const isGiteaUrl = (url: string): boolean => /\/api\/v1\//.test(url) || /^\$\{?GITEA/i.test(url) || /\/repos\/[^/]+\/[^/]+\//.test(url);

function requestedOf(data: string): MergeCall['requested'] {
  const out: MergeCall['requested'] = { style: null, deleteBranch: null, message: null };
  try {
    const body = JSON.parse(data) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) {
      const key = k.toLowerCase();
      if (key === 'do' && typeof v === 'string') out.style = v;
      if (key === 'delete_branch_after_merge' && typeof v === 'boolean') out.deleteBranch = v;
      if ((key === 'merge_message_field' || key === 'merge_title_field') && typeof v === 'string') out.message = v;
    }
  } catch {
    const style = /"do"\s*:\s*"(\w+)"/i.exec(data);
    if (style) out.style = style[1]!;
  }
  return out;
}

const where = (cmd: FoundCommand) => (cmd.via.length ? ` inside \`${cmd.via.join(' › ')}\`` : '');

function curlCall(cmd: FoundCommand, vars: Record<string, string>, out: GiteaCalls): void {
  const method = curlMethod(cmd.argv);
  const written = curlUrl(cmd.argv);
  if (!written || !WRITE_METHODS.has(method)) return;
  const url = expand(written, vars).replace(/[?#].*$/, '');
  // `…/pulls/N/merge` is a forge merge whatever the host is called (`$API/pulls/43/merge`).
  const merge = /\/pulls\/([^/]+)\/merge\/?$/.exec(url);
  if (!merge && !isGiteaUrl(url)) return;
  if (merge && method === 'POST') {
    const n = /^\d+$/.test(merge[1]!) ? Number(merge[1]) : null;
    if (n === null) out.refused.push({ command: cmd, reason: `it merges a PR the console cannot name (${merge[1]}): write the PR number in the URL` });
    else if (cmd.via.length)
      out.refused.push({ command: cmd, reason: `it merges PR #${n}${where(cmd)}, where the merge protocol cannot run: write the merge as its own command` });
    else out.merges.push({ pr: n, command: cmd, form: 'curl', requested: requestedOf(curlData(cmd.argv)) });
    return;
  }
  const closing = method === 'PATCH' && /"state"\s*:\s*"closed"/.test(curlData(cmd.argv));
  const pr = /\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/?$/.exec(url);
  const issue = /\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/?$/.exec(url);
  if (closing && (pr || issue) && cmd.via.length === 0) {
    out.closes.push({ kind: pr ? 'pr-close' : 'issue-close', number: Number((pr ?? issue)![1]), command: cmd });
    return;
  }
  out.refused.push({ command: cmd, reason: `it writes to Gitea (${method} ${written})${where(cmd)} in a way the console does not carry out itself` });
}

const TEA_WRITE_VERBS = new Set(['merge', 'm', 'close', 'reopen', 'open', 'create', 'c', 'edit', 'e', 'delete', 'rm', 'approve', 'lgtm', 'reject', 'review']);
const TEA_VALUE_FLAGS = new Set(['--repo', '-r', '--login', '-l', '--remote', '-R', '--style', '-s', '--title', '-t', '--message', '-m', '--output', '-o']);

function teaCall(cmd: FoundCommand, out: GiteaCalls): void {
  const [group, verb, target] = positionals(cmd.argv, TEA_VALUE_FLAGS);
  if (group === 'comment' || group === 'c') {
    out.refused.push({ command: cmd, reason: 'it comments on Gitea: the workflow edits bodies, never comments' });
    return;
  }
  if (!group || !verb || !TEA_WRITE_VERBS.has(verb)) return;
  const isPr = ['pr', 'prs', 'pull', 'pulls'].includes(group);
  if (isPr && (verb === 'merge' || verb === 'm')) {
    const n = /^#?(\d+)$/.exec(target ?? '');
    if (!n) out.refused.push({ command: cmd, reason: 'it merges a PR the console cannot name: give the PR number' });
    else if (cmd.via.length)
      out.refused.push({ command: cmd, reason: `it merges PR #${n[1]}${where(cmd)}, where the merge protocol cannot run: write the merge as its own command` });
    else
      out.merges.push({
        pr: Number(n[1]),
        command: cmd,
        form: 'tea',
        requested: {
          style: flagValue(cmd.argv, '--style', '-s'),
          deleteBranch: null,
          message: flagValue(cmd.argv, '--message', '-m') ?? flagValue(cmd.argv, '--title', '-t'),
        },
      });
    return;
  }
  out.refused.push({ command: cmd, reason: `\`tea ${group} ${verb}\` writes to Gitea${where(cmd)} in a way the console does not carry out itself` });
}

/** Every Gitea write in `text`, in order. */
export function giteaCalls(text: string | null): GiteaCalls {
  const out: GiteaCalls = { merges: [], closes: [], refused: [] };
  if (!text) return out;
  const vars: Record<string, string> = {};
  for (const cmd of findCommands(text)) {
    if (cmd.via.length === 0) {
      Object.assign(vars, cmd.assignments);
      if (commandName(cmd.argv) === 'export')
        for (const w of cmd.argv.slice(1)) {
          const m = /^([A-Za-z_]\w*)=(.*)$/.exec(w);
          if (m) vars[m[1]!] = m[2]!;
        }
    }
    const name = commandName(cmd.argv);
    if (name === 'curl') curlCall(cmd, vars, out);
    else if (name === 'tea') teaCall(cmd, out);
  }
  return out;
}

/** True when the text would write to Gitea in any way (merge, close, anything else). */
export function writesToGitea(text: string | null): boolean {
  const c = giteaCalls(text);
  return c.merges.length + c.closes.length + c.refused.length > 0;
}
