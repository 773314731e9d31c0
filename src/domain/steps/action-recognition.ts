import { commandName } from './shell-words.js';
import { findCommands, flagValue, positionals, type FoundCommand } from './nested-commands.js';
import { CEPH_VALUE_FLAGS } from './destructive.js';
import type { TypedAction } from './typed-action.js';

const osdId = (w: string | undefined): number | null => {
  const m = /^(?:osd\.)?(\d+)$/.exec(w ?? '');
  return m ? Number(m[1]) : null;
};

function cephAction(argv: string[]): TypedAction[] | null {
  const p = positionals(argv, CEPH_VALUE_FLAGS);
  const [a, b, c, d] = p;
  if (a === 'crash' && b === 'archive-all') return [{ kind: 'ceph-crash-archive-all' }];
  if (a === 'crash' && b === 'archive' && c) return [{ kind: 'ceph-crash-archive', crashId: c }];
  if (a !== 'osd') return null;
  if (b === 'set' && c === 'noout') return [{ kind: 'ceph-set-noout' }];
  if (b === 'unset' && c === 'noout') return [{ kind: 'ceph-unset-noout' }];
  if (b === 'reweight') {
    const osd = osdId(c);
    const weight = d !== undefined && /^\d*\.?\d+$/.test(d) ? Number(d) : NaN;
    return osd !== null && weight >= 0 && weight <= 1 ? [{ kind: 'ceph-osd-reweight', osd, weight }] : null;
  }
  if (b === 'out' || b === 'in' || b === 'purge') {
    const ids = p.slice(2).map(osdId);
    if (ids.length === 0 || ids.some((id) => id === null)) return null;
    if (b === 'purge' && !argv.some((w) => /^--yes-i-really-mean-it$/.test(w))) return null;
    return ids.map((osd) => ({ kind: `ceph-osd-${b}` as const, osd: osd! }));
  }
  return null;
}

const WORKLOADS: Record<string, 'deployment' | 'statefulset' | 'daemonset'> = {
  deploy: 'deployment',
  deployment: 'deployment',
  deployments: 'deployment',
  sts: 'statefulset',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  ds: 'daemonset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
};

function workloadRef(words: string[]): { workload: 'deployment' | 'statefulset' | 'daemonset'; name: string } | null {
  const [res, name] = words;
  if (!res) return null;
  const [kind, slash] = res.split('/');
  const workload = WORKLOADS[kind ?? ''];
  const n = slash ?? name;
  return workload && n && /^[a-z0-9][a-z0-9.-]*$/.test(n) ? { workload, name: n } : null;
}

function kubectlAction(argv: string[]): TypedAction[] | 'rollout-status' | null {
  const p = positionals(argv);
  const ns = flagValue(argv, '-n', '--namespace') ?? 'default';
  if (p[0] === 'rollout' && p[1] === 'restart') {
    const ref = workloadRef(p.slice(2));
    return ref ? [{ kind: 'rollout-restart', namespace: ns, ...ref, wait: false }] : null;
  }
  if (p[0] === 'rollout' && p[1] === 'status') return 'rollout-status';
  if (p[0] === 'delete' && !flagValue(argv, '-l', '--selector') && !argv.includes('--all')) {
    const [kind, slash] = (p[1] ?? '').split('/');
    const names = slash ? [slash] : p.slice(2);
    if (['pod', 'pods', 'po'].includes(kind ?? '') && names.length === 1 && /^[a-z0-9][a-z0-9.-]*$/.test(names[0]!))
      return [{ kind: 'delete-pod', namespace: ns, name: names[0]! }];
  }
  return null;
}

function argocdAction(argv: string[]): TypedAction[] | null {
  const [group, verb, app] = positionals(argv, new Set(['--server', '--timeout', '-o', '--output', '--health']));
  if (group !== 'app' || !app) return null;
  if (verb === 'sync' && !argv.includes('--prune')) return [{ kind: 'argocd-sync', app, wait: false }];
  if (verb === 'wait') return [{ kind: 'argocd-wait', app }];
  if (verb === 'refresh' || (verb === 'get' && argv.some((w) => w === '--refresh' || w === '--hard-refresh'))) return [{ kind: 'argocd-refresh', app }];
  return null;
}

function giteaAction(argv: string[]): TypedAction[] | null {
  const method = flagValue(argv, '-X', '--request')?.toUpperCase();
  // The server as written (`https://git.example/…`) or from the environment (`$GITEA_URL/…`, `${GITEA_URL}/…`).
  const url = argv.find((w) => /^(?:https?:\/\/|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\/)/.test(w));
  if (!method || !url) return null;
  const body = flagValue(argv, '-d', '--data', '--data-raw') ?? '';
  const merge = /\/api\/v1\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/merge\/?$/.exec(url);
  if (method === 'POST' && merge) return [{ kind: 'pr-merge', number: Number(merge[1]) }];
  const closing = /"state"\s*:\s*"closed"/.test(body);
  const pr = /\/api\/v1\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/?$/.exec(url);
  if (method === 'PATCH' && pr && closing) return [{ kind: 'pr-close', number: Number(pr[1]) }];
  const issue = /\/api\/v1\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/?$/.exec(url);
  if (method === 'PATCH' && issue && closing) return [{ kind: 'issue-close', number: Number(issue[1]) }];
  return null;
}

/** The typed actions one simple command stands for, or null when it is not one. */
function actionOf(cmd: FoundCommand): TypedAction[] | 'rollout-status' | null {
  const name = commandName(cmd.argv);
  const inToolsPod = cmd.via.length === 1 && cmd.via[0] === 'kubectl exec';
  if (name === 'ceph' && (cmd.via.length === 0 || inToolsPod)) return cephAction(cmd.argv);
  if (cmd.via.length > 0) return null; // ssh / bash -c / $(…): leave it to the runbook
  if (name === 'kubectl') return kubectlAction(cmd.argv);
  if (name === 'argocd') return argocdAction(cmd.argv);
  if (name === 'curl') return giteaAction(cmd.argv);
  return null;
}

export interface ActionRecognition {
  actions: TypedAction[];
  /** Commands of the text that are neither typed actions nor the `kubectl exec` wrappers around them. */
  others: FoundCommand[];
}

/** Splits a Commands text into the typed actions it contains and everything else. */
export function recognizeActions(text: string | null): ActionRecognition {
  const actions: TypedAction[] = [];
  const others: FoundCommand[] = [];
  if (!text) return { actions, others };
  const cmds = findCommands(text);
  cmds.forEach((cmd, i) => {
    const next = cmds[i + 1];
    // `kubectl exec … -- ceph …` is a wrapper: its nested ceph command follows it directly.
    if (next && next.via.at(-1) === 'kubectl exec' && next.via.length === cmd.via.length + 1 && commandName(next.argv) === 'ceph') {
      if (cephAction(next.argv)) return;
    }
    const found = actionOf(cmd);
    if (found === 'rollout-status') {
      const last = actions.at(-1);
      if (last?.kind === 'rollout-restart') {
        last.wait = true;
        return;
      }
      others.push(cmd);
      return;
    }
    if (found) {
      const last = actions.at(-1);
      if (found[0]?.kind === 'argocd-wait' && last?.kind === 'argocd-sync' && last.app === found[0].app) {
        last.wait = true;
        return;
      }
      actions.push(...found);
      return;
    }
    others.push(cmd);
  });
  return { actions, others };
}

/** `Merge PR #51; wait …` style prose: the Gitea action it names first, if any. */
export function proseAction(text: string | null): TypedAction | null {
  if (!text) return null;
  // "Review PR #63 diff at …, then merge via Gitea UI or API": the merge is the step (the loop's
  // confirmation shows the PR to review); "decide merge/defer" is not a merge.
  const reviewThenMerge = /^\s*review\s+(?:the\s+)?(?:PR|pull request)\s+#(\d+)\b[^;\n]*?\bthen\s+merge\b(?!\s*\/)/i.exec(text);
  if (reviewThenMerge) return { kind: 'pr-merge', number: Number(reviewThenMerge[1]) };
  const m = /^\s*(merge|close)\s+(?:the\s+)?(PR|pull request|issue)\s+#(\d+)/i.exec(text);
  if (!m) return null;
  const n = Number(m[3]);
  if (/issue/i.test(m[2]!)) return m[1]!.toLowerCase() === 'close' ? { kind: 'issue-close', number: n } : null;
  return m[1]!.toLowerCase() === 'merge' ? { kind: 'pr-merge', number: n } : { kind: 'pr-close', number: n };
}
