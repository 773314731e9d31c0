import { commandName } from './shell-words.js';
import { findCommands, flagValue, positionals, type FoundCommand } from './nested-commands.js';

/** One reason a command text needs the typed confirmation. */
export interface DestructiveFinding {
  /** Short rule name: `ceph osd purge`, `rm -r`, `kubectl delete pvc`, `--force`, … */
  rule: string;
  /** What it does, in words the operator reads before typing the challenge. */
  reason: string;
  /** The object it hits (`osd.8`, a pod, a path) when the command names one. */
  target: string | null;
  /** The simple command it was found in. */
  command: string;
}

type Rule = (argv: string[], cmd: FoundCommand) => DestructiveFinding | DestructiveFinding[] | null;

const finding = (cmd: FoundCommand, rule: string, reason: string, target: string | null = null): DestructiveFinding => ({
  rule,
  reason,
  target,
  command: cmd.via.length ? `${cmd.via.join(' › ')} › ${cmd.text}` : cmd.text,
});

const osdName = (id: string | undefined): string | null => {
  if (!id) return null;
  const m = /^(?:osd\.)?(\d+)$/.exec(id);
  return m ? `osd.${m[1]}` : id;
};

export const CEPH_VALUE_FLAGS = new Set(['-c', '--conf', '-k', '--keyring', '-n', '--name', '--id', '-f', '--format', '-o', '--cluster']);

const ceph: Rule = (argv, cmd) => {
  const [a, b, c, d, e] = positionals(argv, CEPH_VALUE_FLAGS);
  const out: DestructiveFinding[] = [];
  if (a === 'osd') {
    if (b === 'purge' || b === 'destroy' || b === 'rm')
      out.push(finding(cmd, `ceph osd ${b}`, `removes ${osdName(c) ?? 'an OSD'} from the cluster permanently`, osdName(c)));
    if (b === 'out') out.push(finding(cmd, 'ceph osd out', `marks ${osdName(c) ?? 'an OSD'} out: Ceph moves its data away`, osdName(c)));
    if (b === 'crush' && (c === 'remove' || c === 'rm' || c === 'unlink'))
      out.push(finding(cmd, `ceph osd crush ${c}`, `removes ${d ?? 'an item'} from the CRUSH map`, osdName(d)));
    if (b === 'crush' && c === 'reweight' && isZero(e))
      out.push(finding(cmd, 'ceph osd crush reweight 0', `sets the CRUSH weight of ${osdName(d) ?? 'an OSD'} to 0: data moves away`, osdName(d)));
    if (b === 'reweight' && isZero(d)) out.push(finding(cmd, 'ceph osd reweight 0', `reweights ${osdName(c) ?? 'an OSD'} to 0: data moves away`, osdName(c)));
    if (b === 'pool' && (c === 'delete' || c === 'rm')) out.push(finding(cmd, 'ceph osd pool delete', `deletes pool ${d ?? ''} and its data`, d ?? null));
  }
  if (a === 'fs' && (b === 'rm' || b === 'fail')) out.push(finding(cmd, `ceph fs ${b}`, `takes file system ${c ?? ''} down`, c ?? null));
  if (a === 'auth' && (b === 'del' || b === 'rm')) out.push(finding(cmd, 'ceph auth del', `deletes the key of ${c ?? 'an entity'}`, c ?? null));
  if (a === 'mon' && (b === 'remove' || b === 'rm')) out.push(finding(cmd, 'ceph mon remove', `removes monitor ${c ?? ''}`, c ?? null));
  return out;
};

const isZero = (v: string | undefined): boolean => v !== undefined && /^0*(?:\.0*)?$/.test(v) && /0/.test(v);

const kubectl: Rule = (argv, cmd) => {
  const [verb, res, name] = positionals(argv);
  const out: DestructiveFinding[] = [];
  const ns = flagValue(argv, '-n', '--namespace');
  const [kind, slashName] = (res ?? '').split('/');
  const target = slashName ?? name ?? null;
  if (verb === 'delete') {
    const dataLoss =
      /^(pvc|pvcs|persistentvolumeclaims?|pv|pvs|persistentvolumes?|ns|namespaces?|cephclusters?|cephblockpools?|cephfilesystems?|cephobjectstores?)$/.test(
        kind ?? '',
      );
    out.push(
      finding(
        cmd,
        dataLoss ? `kubectl delete ${kind}` : 'kubectl delete',
        `deletes ${kind ?? 'objects'}${target ? ` ${target}` : ''}${ns ? ` in ${ns}` : ''}${dataLoss ? ' (its data is lost)' : ''}`,
        target ?? flagValue(argv, '-l', '--selector'),
      ),
    );
  }
  if (verb === 'drain') out.push(finding(cmd, 'kubectl drain', `evicts every pod from node ${res ?? ''}`, res ?? null));
  if (verb === 'scale' && isZero(flagValue(argv, '--replicas') ?? undefined))
    out.push(finding(cmd, 'scale to 0', `scales ${res ?? 'a workload'} to 0 replicas: it stops serving`, target));
  if (verb === 'patch' && /["']?replicas["']?\s*:\s*0\b/.test(flagValue(argv, '-p', '--patch') ?? ''))
    out.push(finding(cmd, 'scale to 0', `patches ${res ?? 'a workload'}${name && !slashName ? `/${name}` : ''} to 0 replicas: it stops serving`, target));
  if (verb === 'replace' && argv.includes('--force')) out.push(finding(cmd, 'kubectl replace --force', 'deletes and re-creates objects', null));
  if ((verb === 'apply' || verb === 'delete') && argv.some((w) => w === '--prune' || w.startsWith('--prune=')))
    out.push(finding(cmd, 'kubectl --prune', 'deletes objects missing from the manifests', null));
  return out;
};

const helm: Rule = (argv, cmd) => {
  const [verb, release] = positionals(argv, new Set(['-n', '--namespace', '--kube-context']));
  if (verb && ['uninstall', 'delete', 'del', 'un'].includes(verb))
    return finding(cmd, 'helm uninstall', `removes release ${release ?? ''} and its resources`, release ?? null);
  return null;
};

const git: Rule = (argv, cmd) => {
  const [verb, ...rest] = positionals(argv, new Set(['-C', '-c']));
  if (verb === 'push') {
    if (argv.some((w) => w === '--force' || w === '-f' || w.startsWith('--force-with-lease') || w === '--mirror') || rest.some((w) => w.startsWith('+')))
      return finding(cmd, 'git push --force', 'rewrites the remote branch history', rest[1] ?? rest[0] ?? null);
    if (argv.includes('--delete') || argv.includes('-d') || rest.some((w) => w.startsWith(':')))
      return finding(cmd, 'git push --delete', 'deletes a remote branch', rest.at(-1)?.replace(/^:/, '') ?? null);
  }
  if (verb === 'reset' && argv.includes('--hard')) return finding(cmd, 'git reset --hard', 'discards local changes', null);
  if (verb === 'clean' && argv.some((w) => /^-[a-zA-Z]*f/.test(w))) return finding(cmd, 'git clean -f', 'deletes untracked files', null);
  if (verb === 'branch' && argv.some((w) => w === '-D' || w === '--delete')) return finding(cmd, 'git branch -D', 'deletes a branch', rest.at(-1) ?? null);
  return null;
};

const rm: Rule = (argv, cmd) => {
  const flags = argv.slice(1).filter((w) => w.startsWith('-'));
  const paths = argv.slice(1).filter((w) => !w.startsWith('-'));
  const recursive = flags.some((f) => f === '--recursive' || /^-[a-zA-Z]*[rR]/.test(f));
  return finding(
    cmd,
    recursive ? 'rm -r' : 'rm',
    recursive ? `deletes ${paths.join(' ') || 'a tree'} recursively` : `deletes ${paths.join(' ') || 'files'}`,
    paths[0] ?? null,
  );
};

const containerTool: Rule = (argv, cmd) => {
  const name = commandName(argv);
  const [verb, sub] = positionals(argv, new Set(['-r', '--runtime-endpoint', '-i', '--image-endpoint']));
  if (name === 'crictl' && (verb === 'rmi' || verb === 'rm' || verb === 'rmp'))
    return finding(cmd, `crictl ${verb}`, verb === 'rmi' ? 'removes container images from the node' : 'removes containers or pods from the node', null);
  if ((name === 'docker' || name === 'podman' || name === 'nerdctl') && (verb === 'rm' || verb === 'rmi' || (verb && sub && ['prune', 'rm'].includes(sub))))
    return finding(cmd, `${name} ${verb}${sub && ['prune', 'rm'].includes(sub) ? ` ${sub}` : ''}`, 'removes containers, images or volumes', null);
  return null;
};

const argocd: Rule = (argv, cmd) => {
  const [group, verb, app] = positionals(argv, new Set(['--server', '--grpc-web-root-path', '--auth-token', '-o', '--output', '--timeout']));
  if (group === 'app' && verb === 'delete') return finding(cmd, 'argocd app delete', `deletes Application ${app ?? ''} and its resources`, app ?? null);
  if (group === 'app' && verb === 'sync' && argv.includes('--prune'))
    return finding(cmd, 'argocd app sync --prune', `deletes resources of ${app ?? 'the app'} missing from Git`, app ?? null);
  return null;
};

const curl: Rule = (argv, cmd) => {
  const method = flagValue(argv, '-X', '--request');
  if (method?.toUpperCase() === 'DELETE') {
    const url = argv.slice(1).find((w) => /^https?:\/\//.test(w)) ?? null;
    return finding(cmd, 'HTTP DELETE', `sends DELETE ${url ?? ''}`.trim(), url);
  }
  return null;
};

const disk: Rule = (argv, cmd) => {
  const name = commandName(argv);
  if (name === 'dd' && argv.some((w) => w.startsWith('of='))) {
    const of = argv.find((w) => w.startsWith('of='))!.slice(3);
    return finding(cmd, 'dd of=', `overwrites ${of}`, of);
  }
  if (/^mkfs(\.|$)/.test(name) || name === 'wipefs' || name === 'shred' || name === 'blkdiscard')
    return finding(cmd, name, `erases ${argv.at(-1) ?? 'a device'}`, argv.at(-1) ?? null);
  if (
    (name === 'sgdisk' || name === 'sfdisk' || name === 'parted' || name === 'fdisk') &&
    argv.some((w) => /^(--zap|--zap-all|-Z|-o|--delete|rm|mklabel|--clear)$/.test(w))
  )
    return finding(cmd, `${name} (partition table)`, 'rewrites a partition table', argv.at(-1) ?? null);
  if (['zpool', 'zfs', 'virsh'].includes(name) && argv.some((w) => w === 'destroy' || w === 'undefine'))
    return finding(cmd, `${name} destroy`, `destroys ${argv.at(-1) ?? ''}`, argv.at(-1) ?? null);
  if (['lvremove', 'vgremove', 'pvremove', 'truncate'].includes(name))
    return finding(cmd, name, `removes or truncates ${argv.at(-1) ?? ''}`, argv.at(-1) ?? null);
  if (['reboot', 'shutdown', 'poweroff', 'halt'].includes(name)) return finding(cmd, name, 'takes the host down', null);
  return null;
};

const find: Rule = (argv, cmd) => {
  const execRm = argv.findIndex((w) => w === '-exec' || w === '-execdir');
  if (argv.includes('-delete')) return finding(cmd, 'find -delete', `deletes every file under ${argv[1] ?? '.'} that matches`, argv[1] ?? null);
  if (execRm > 0 && commandName([argv[execRm + 1] ?? '']) === 'rm')
    return finding(cmd, 'find -exec rm', `deletes every file under ${argv[1] ?? '.'} that matches`, argv[1] ?? null);
  return null;
};

const rbd: Rule = (argv, cmd) => {
  const [a, b, c] = positionals(argv, new Set(['-p', '--pool', '-c', '--conf', '--id', '-n', '--name']));
  if (a === 'rm' || a === 'remove') return finding(cmd, 'rbd rm', `deletes RBD image ${b ?? ''} and its data`, b ?? null);
  if (a === 'trash' && (b === 'rm' || b === 'remove' || b === 'purge'))
    return finding(cmd, `rbd trash ${b}`, 'deletes RBD images from the trash for good', c ?? null);
  if (a === 'snap' && (b === 'rm' || b === 'remove' || b === 'purge'))
    return finding(cmd, `rbd snap ${b}`, `deletes snapshots of ${c ?? 'an image'}`, c ?? null);
  return null;
};

const mv: Rule = (argv, cmd) => {
  if (argv.some((w) => w === '-n' || w === '--no-clobber' || /^-[a-zA-Z]*n/.test(w))) return null;
  const paths = argv.slice(1).filter((w) => !w.startsWith('-'));
  const dest = paths.at(-1);
  return paths.length >= 2
    ? finding(cmd, 'mv over a file', `moves ${paths.slice(0, -1).join(' ')} onto ${dest}: a file already there is replaced`, dest ?? null)
    : null;
};

const RULES: Record<string, Rule> = {
  find,
  rbd,
  mv,
  ceph,
  kubectl,
  k3s: (argv, cmd) => (argv[1] === 'kubectl' ? kubectl(argv.slice(1), cmd) : null),
  helm,
  git,
  rm,
  crictl: containerTool,
  docker: containerTool,
  podman: containerTool,
  nerdctl: containerTool,
  argocd,
  curl,
};

const SQL_DROP = /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|USER|ROLE|INDEX|VIEW)|TRUNCATE\s+(?:TABLE\s+)?\w|DELETE\s+FROM\s+\w+\s*(?:;|$))/i;

/** Findings that apply to any command: `--force`, `--yes-i-really-mean-it`, SQL DROP, writes to a block device. */
function generic(cmd: FoundCommand): DestructiveFinding[] {
  const out: DestructiveFinding[] = [];
  const name = commandName(cmd.argv);
  if (cmd.argv.some((w) => /^--yes-i-really(?:-really)?-mean-it$/.test(w)))
    out.push(finding(cmd, '--yes-i-really-mean-it', 'skips Ceph’s own safety prompt', null));
  if (name !== 'git' && cmd.argv.some((w) => w === '--force' || w === '--force=true'))
    out.push(finding(cmd, '--force', 'forces the operation past its safety checks', null));
  if (cmd.argv.some((w) => SQL_DROP.test(w))) out.push(finding(cmd, 'SQL DROP/TRUNCATE', 'drops or empties database objects', null));
  // `$(…)` or backticks as the command word: what runs is only known at run time.
  // (A `<placeholder>` inside is Markdown prose quoting a command, which is never run as written.)
  if (/^(?:\$\(|`)/.test(cmd.argv[0] ?? '') && !/<[A-Za-z][\w-]*>/.test(cmd.argv[0]!))
    out.push(finding(cmd, 'computed command', `runs a command computed at run time (${cmd.argv[0]}): it cannot be checked beforehand`, null));
  for (const r of cmd.redirects) {
    if (/>/.test(r.op) && /^\/dev\/(?:sd|nvme|vd|hd|mmcblk|disk|mapper)/.test(r.target))
      out.push(finding(cmd, '> block device', `overwrites ${r.target}`, r.target));
    // `: > file`, `> file`, `true > file`: the file is emptied.
    else if (
      /^(?:>|>\||1>)$/.test(r.op) &&
      (cmd.argv.length === 0 || (cmd.argv.length === 1 && (cmd.argv[0] === ':' || cmd.argv[0] === 'true'))) &&
      !/^\/dev\//.test(r.target)
    )
      out.push(finding(cmd, ': > file', `truncates ${r.target} to nothing`, r.target));
  }
  return out;
}

/** Every destructive pattern in a command text (Commands or Rollback of an item), in order, no duplicates. */
export function findDestructive(text: string | null): DestructiveFinding[] {
  if (!text) return [];
  const out: DestructiveFinding[] = [];
  const seen = new Set<string>();
  for (const cmd of findCommands(text)) {
    const rule = RULES[commandName(cmd.argv)];
    const found = [
      ...(rule ? [rule(cmd.argv, cmd)].flat().filter((f): f is DestructiveFinding => f !== null) : []),
      ...[disk(cmd.argv, cmd)].flat().filter((f): f is DestructiveFinding => f !== null),
      ...(cmd.wrapper ? [] : generic(cmd)),
    ];
    for (const f of found) {
      const key = `${f.rule}|${f.target}|${f.command}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}

/**
 * What the operator must type to run a destructive step: the first named target (`osd.8`, a pod
 * name), else the item ID, else `destroy`.
 */
export function challengeFor(findings: DestructiveFinding[], itemId: string | null): string | null {
  if (findings.length === 0) return null;
  const named = findings.find((f) => f.target && /^[\w.:/@-]{1,80}$/.test(f.target) && !/^https?:/.test(f.target));
  return named?.target ?? itemId ?? 'destroy';
}
