/**
 * 7.1 "CRD/API Changes": the CRDs a component owns, snapshotted before the merge and diffed after.
 * The comparison drops what the API server changes on its own (resourceVersion, managedFields,
 * status, generation, timestamps) so the diff shows what the upgrade changed.
 */
export interface CrdLike {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: { group?: string; names?: { kind?: string; plural?: string }; versions?: unknown[]; [k: string]: unknown };
  [k: string]: unknown;
}

const VOLATILE_META = ['resourceVersion', 'uid', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];

/** The CRDs that belong to a component: labelled with it (instance/part-of/name), or in a group it names. */
export function crdsOwnedBy(crds: readonly CrdLike[], component: { names: readonly string[]; groups?: readonly string[] }): CrdLike[] {
  const names = component.names.map((n) => n.toLowerCase());
  const keys = names.flatMap((n) => [n, n.replace(/-/g, ''), n.split('/').pop()!]).filter(Boolean);
  return crds.filter((c) => {
    const labels = c.metadata?.labels ?? {};
    const labelled = ['app.kubernetes.io/instance', 'app.kubernetes.io/part-of', 'app.kubernetes.io/name', 'app'].some(
      (k) => labels[k] && keys.includes(labels[k]!.toLowerCase()),
    );
    const group = (c.spec?.group ?? '').toLowerCase();
    const grouped = (component.groups ?? []).some((g) => group === g.toLowerCase()) || keys.some((k) => k.length > 3 && group.split('.').includes(k));
    return labelled || grouped;
  });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** The stable form of one CRD: no status, no server-set metadata, keys sorted. */
export function normaliseCrd(crd: CrdLike): CrdLike {
  const meta = { ...(crd.metadata ?? {}) } as Record<string, unknown>;
  for (const k of VOLATILE_META) delete meta[k];
  const annotations = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(annotations).length) meta.annotations = annotations;
  else delete meta.annotations;
  const { status: _status, ...rest } = crd;
  return sortKeys({ ...rest, metadata: meta }) as CrdLike;
}

/** One YAML-like line per leaf (`spec.versions[1].name: v1`), so a diff names the path that changed. */
export function flatten(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => flatten(x, `${prefix}[${i}]`)) : [`${prefix}: []`];
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length ? keys.flatMap((k) => flatten((v as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k)) : [`${prefix}: {}`];
  }
  return [`${prefix}: ${JSON.stringify(v)}`];
}

export interface CrdChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** `- path: old` / `+ path: new` lines for a changed CRD. */
  lines: string[];
}

/** What changed between two snapshots (each a list of CRDs); unchanged CRDs are not listed. */
export function diffCrdSnapshots(before: readonly CrdLike[], after: readonly CrdLike[]): CrdChange[] {
  const byName = (xs: readonly CrdLike[]) => new Map(xs.map((c) => [c.metadata?.name ?? '?', normaliseCrd(c)]));
  const a = byName(before);
  const b = byName(after);
  const out: CrdChange[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(name);
    const y = b.get(name);
    if (!x) {
      out.push({
        name,
        change: 'added',
        lines: [`+ ${name} (${(y!.spec?.versions as Array<{ name?: string }> | undefined)?.map((v) => v.name).join(', ') ?? ''})`],
      });
      continue;
    }
    if (!y) {
      out.push({ name, change: 'removed', lines: [`- ${name}`] });
      continue;
    }
    const fx = flatten(x);
    const fy = flatten(y);
    const sx = new Set(fx);
    const sy = new Set(fy);
    const lines = [...fx.filter((l) => !sy.has(l)).map((l) => `- ${l}`), ...fy.filter((l) => !sx.has(l)).map((l) => `+ ${l}`)];
    if (lines.length) out.push({ name, change: 'changed', lines });
  }
  return out;
}

/** The diff as text lines (for the screen, the state dir and the issue). */
export function crdDiffLines(changes: readonly CrdChange[], limit = 40): string[] {
  if (changes.length === 0) return ['no CRD changed'];
  const out: string[] = [];
  for (const c of changes) {
    out.push(`${c.change === 'added' ? 'added' : c.change === 'removed' ? 'removed' : 'changed'}: ${c.name}`);
    out.push(...c.lines.slice(0, limit).map((l) => `  ${l}`));
    if (c.lines.length > limit) out.push(`  … ${c.lines.length - limit} more lines`);
  }
  return out;
}
