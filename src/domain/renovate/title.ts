/** What a Renovate PR title says, per Renovate's commitMessage template (a hint, never proof). */
export interface RenovateTitle {
  draft: boolean;
  /** Conventional-commit type and scope (`chore`, `deps`), when present. */
  semanticType: string | null;
  scope: string | null;
  action: 'update' | 'pin' | 'lock file maintenance' | 'replace' | 'rollback';
  /** The dependency the title names (`kube-prometheus-stack`, `valkey/valkey`), or null for groups. */
  depName: string | null;
  /** `to vN` target as written (`v83`, `v1.19.2`, `3f1e2a9`), or null. */
  to: string | null;
  /** `(major)` / `(minor)` / `(patch)` suffix. */
  tag: 'major' | 'minor' | 'patch' | null;
  /** The title names Renovate's own vocabulary (deps scope, a known topic, a known group). */
  strong: boolean;
  /** `update all non-major dependencies` (group:allNonMajor). */
  nonMajorGroup: boolean;
}

const DRAFT = /^(?:WIP:\s*|\[WIP\]\s*)/i;
const SEMANTIC = /^(\w+)(?:\(([^)]*)\))?!?:\s+/;
const ACTION = /^(lock file maintenance|update|pin|replace|rollback)\b\s*/i;
const TAG = /\s+\((major|minor|patch)\)$/i;
/** Renovate's commitMessageTopic words before the dependency name. */
const TOPIC_PREFIX = /^(dependency|helm release|rust crate|module|terraform|go|golang|ruby gem|python|npm|docker image|image)\s+/i;
/** …and after it (Docker, digests, GitHub Actions, orbs). */
const TOPIC_SUFFIX = /\s+(docker tag|docker digest|digest|action|orb|image)$/i;

export function parseRenovateTitle(title: string): RenovateTitle | null {
  let s = title.trim();
  const draft = DRAFT.test(s);
  s = s.replace(DRAFT, '');
  let semanticType: string | null = null;
  let scope: string | null = null;
  const sem = SEMANTIC.exec(s);
  if (sem) {
    semanticType = sem[1]!.toLowerCase();
    scope = sem[2] ?? null;
    s = s.slice(sem[0].length);
  }
  const act = ACTION.exec(s);
  if (!act) return null;
  const action = act[1]!.toLowerCase() as RenovateTitle['action'];
  s = s.slice(act[0].length);
  // Trailing parentheses: a base-branch suffix `(main)` after an optional `(major)` tag.
  let tag: RenovateTitle['tag'] = null;
  for (let i = 0; i < 2; i++) {
    const t = TAG.exec(s);
    if (t) {
      tag = t[1]!.toLowerCase() as RenovateTitle['tag'];
      s = s.slice(0, t.index);
      continue;
    }
    const base = /\s+\(([\w./-]+)\)$/.exec(s);
    if (base && !/^v?\d/.test(base[1]!)) s = s.slice(0, base.index);
  }
  let to: string | null = null;
  const toMatch = /\s+to\s+(\S+)$/i.exec(s);
  if (toMatch) {
    to = toMatch[1]!;
    s = s.slice(0, toMatch.index);
  }
  const nonMajorGroup = /^all non-major dependencies$/i.test(s.trim());
  let depName: string | null = null;
  let topic = false;
  if (action === 'update' || action === 'replace' || action === 'rollback') {
    let name = s.trim();
    if (TOPIC_PREFIX.test(name)) {
      topic = true;
      name = name.replace(TOPIC_PREFIX, '');
    }
    if (TOPIC_SUFFIX.test(name)) {
      topic = true;
      name = name.replace(TOPIC_SUFFIX, '');
    }
    if (name && !nonMajorGroup && !/\s/.test(name)) depName = name;
  }
  const depsScope = scope !== null && /^deps/i.test(scope);
  const bareGroup = action === 'pin' || action === 'lock file maintenance';
  const strong = depsScope || topic || nonMajorGroup || (bareGroup && /^(dependencies)?$/i.test(s.trim()));
  return { draft, semanticType, scope, action, depName, to, tag, strong, nonMajorGroup };
}

/** `to v83` (no dot) is Renovate's major form; `to v1.19.2` names a full version instead. */
export function titleSaysMajor(t: RenovateTitle): boolean | null {
  if (t.tag) return t.tag === 'major';
  if (t.to && /^v?\d+$/.test(t.to)) return true;
  return null;
}
