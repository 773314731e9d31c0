import { commandName } from './shell-words.js';
import { findCommands, flagValue, positionals, type FoundCommand } from './nested-commands.js';
import { CEPH_VALUE_FLAGS } from './destructive.js';

/** Commands that only read, whatever their arguments (output redirection is judged separately). */
const PURE_READERS = new Set([
  'cat',
  'echo',
  'printf',
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'jq',
  'yq',
  'head',
  'tail',
  'wc',
  'sort',
  'uniq',
  'cut',
  'tr',
  'column',
  'awk',
  'less',
  'more',
  'date',
  'true',
  'false',
  'sleep',
  'df',
  'du',
  'free',
  'uptime',
  'ps',
  'id',
  'whoami',
  'hostname',
  'uname',
  'ls',
  'stat',
  'file',
  'which',
  'type',
  'test',
  '[',
  'journalctl',
  'dmesg',
  'showmount',
  'ping',
  'nc',
  'dig',
  'nslookup',
  'host',
  'lsblk',
  'blkid',
  'findmnt',
  'mount',
  'ip',
  'ss',
  'netstat',
  'nproc',
  'lscpu',
  'smartctl',
  'set',
  'source',
  '.',
  'cd',
  'export',
  'for',
  'while',
  'if',
  'case',
  'in',
  'local',
  'read',
  'printenv',
  'env',
  'basename',
  'dirname',
  'realpath',
  'readlink',
  'seq',
  'diff',
  'tee',
]);

const KUBECTL_READ_VERBS = new Set([
  'get',
  'describe',
  'logs',
  'top',
  'cluster-info',
  'version',
  'api-resources',
  'api-versions',
  'explain',
  'auth',
  'events',
  'diff',
  'wait',
]);
const CEPH_READ = [
  /^(status|health|df|versions|report|-s|quorum_status|time-sync-status)(?: detail)?$/,
  /^osd (tree|df|dump|ls|stat|perf|find|metadata|pool (ls|stats|get)|crush (tree|dump|rule)|blocked-by|utilization|ok-to-stop|safe-to-destroy|getcrushmap)/,
  /^crash (ls|ls-new|info|stat)/,
  /^(mgr (services|module ls|stat|dump|metadata)|mon (stat|dump)|pg (stat|dump|ls|query|ls-by-\w+)|fs (ls|status|dump)|device ls|orch (ls|ps|status|device ls)|config (get|dump|show)|log last|balancer status|features|telemetry status)/,
];

function isReader(cmd: FoundCommand): boolean {
  const argv = cmd.argv;
  const name = commandName(argv);
  if (name === 'tee') return argv.slice(1).every((w) => w.startsWith('-') || w === '/dev/null');
  if (name === 'ssh') return true; // the remote command is judged on its own (nested)
  if (PURE_READERS.has(name)) return true;
  if (name === 'kubectl') {
    const [verb, sub] = positionals(argv);
    if (verb === 'exec' || verb === 'debug') return argv.includes('--'); // judged by its nested command
    if (verb === 'rollout') return sub === 'status' || sub === 'history';
    if (verb === 'auth') return sub === 'can-i' || sub === 'whoami';
    if (verb === 'config') return ['view', 'current-context', 'get-contexts', 'get-clusters'].includes(sub ?? '');
    return verb !== undefined && KUBECTL_READ_VERBS.has(verb);
  }
  if (name === 'ceph') {
    const words = positionals(argv, CEPH_VALUE_FLAGS).join(' ');
    return CEPH_READ.some((re) => re.test(words)) || argv.includes('-s');
  }
  if (name === 'curl') {
    const method = flagValue(argv, '-X', '--request')?.toUpperCase();
    if (method && method !== 'GET' && method !== 'HEAD') return false;
    return !argv.some((w) => /^(-d|--data.*|-F|--form|-T|--upload-file|-o|--output|-O|--remote-name)$/.test(w.split('=')[0]!));
  }
  if (name === 'argocd') {
    const [group, verb] = positionals(argv);
    return (
      (group === 'app' && ['get', 'list', 'diff', 'history', 'manifests', 'resources', 'logs', 'wait'].includes(verb ?? '')) ||
      group === 'version' ||
      group === 'account' ||
      (group === 'cluster' && verb === 'list')
    );
  }
  if (name === 'helm') return ['list', 'ls', 'status', 'get', 'show', 'template', 'history', 'search', 'version', 'lint'].includes(positionals(argv)[0] ?? '');
  if (name === 'git')
    return (
      ['log', 'status', 'diff', 'show', 'rev-parse', 'branch', 'remote', 'ls-remote', 'blame', 'grep'].includes(
        positionals(argv, new Set(['-C', '-c']))[0] ?? '',
      ) &&
      !argv.includes('-D') &&
      !argv.includes('--delete')
    );
  if (name === 'crictl')
    return ['images', 'ps', 'pods', 'info', 'stats', 'inspect', 'inspecti', 'logs', 'version', 'imagefsinfo'].includes(positionals(argv)[0] ?? '');
  if (name === 'systemctl') return ['status', 'is-active', 'is-enabled', 'list-units', 'show'].includes(positionals(argv)[0] ?? '');
  if (name === 'sed') return !argv.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place'));
  if (name === 'find') return !argv.some((w) => w === '-delete' || w === '-exec' || w === '-execdir');
  return false;
}

/** Writes to a file other than /dev/null or a file descriptor. */
function writesFile(cmd: FoundCommand): boolean {
  return cmd.redirects.some((r) => />/.test(r.op) && !/^(?:\/dev\/null|\/dev\/stdout|\/dev\/stderr|\d)$/.test(r.target));
}

/**
 * True when every command in the text provably only reads (kubectl get, ceph status, curl GET, …)
 * and nothing is written to a file. Read-only mode runs these and refuses everything else.
 */
export function isReadOnlyCommand(text: string | null): boolean {
  if (!text) return false;
  const cmds = findCommands(text);
  return cmds.length > 0 && cmds.every((c) => (c.argv.length === 0 || isReader(c)) && !writesFile(c));
}

/** The commands of a text that are not provably read-only (for the refusal message). */
export function writingCommands(text: string | null): string[] {
  if (!text) return [];
  return findCommands(text)
    .filter((c) => (c.argv.length > 0 && !isReader(c)) || writesFile(c))
    .map((c) => c.text);
}

const PROSE_START = /^(?:\(|[A-Z][a-z]+(?:\s|,|:|$))/;
const SHELL_START = /^(?:[~./$]|[a-z0-9_-]+(?:\s|$)|[A-Z_][A-Z0-9_]*=)/;

/** Verbs that start an instruction to a person inside otherwise runnable text ("identify the …"). */
const PROSE_VERBS = new Set([
  'identify',
  'confirm',
  'follow',
  'validate',
  'validate:',
  'review',
  'decide',
  'schedule',
  'spot-check',
  'rerun',
  'trigger',
  'verify',
  'ensure',
  'investigate',
  'plan',
  'define',
  'document',
  'assess',
  'consider',
  'escalate',
  'then',
]);

/** True when some command of an otherwise runnable text is really an English instruction. */
export function containsProse(text: string | null): boolean {
  if (!text) return false;
  return findCommands(text).some(
    (c) => c.via.length === 0 && ((PROSE_VERBS.has(c.argv[0] ?? '') && c.argv.length >= 3) || (c.argv[0] === 'wait' && c.argv[1] === 'for')),
  );
}

/** `<commit>`, `<merge-commit-sha>`: placeholders the operator must fill in before anything can run. */
export function placeholders(text: string | null): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(/(?<![<\w])<([A-Za-z][\w-]*)>/g)].map((m) => `<${m[1]}>`))];
}

/**
 * True when an item's Commands are instructions for a human ("Review PR #51 …", "(If registry
 * allows anonymous) curl …") rather than a script: the console shows them and lets the operator
 * do the work by hand, instead of feeding English to bash.
 */
export function looksLikeProse(text: string | null): boolean {
  if (!text) return false;
  const first =
    text
      .trim()
      .split('\n')
      .find((l) => l.trim() && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  if (!first) return false;
  return PROSE_START.test(first) && !SHELL_START.test(first);
}
