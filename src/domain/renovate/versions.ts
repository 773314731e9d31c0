import type { UpdateType } from './types.js';

/** Strength order of update types; the highest across a PR's packages is the PR's type. */
const RANK: Record<UpdateType, number> = { unknown: -1, pin: 0, digest: 1, patch: 2, minor: 3, major: 4 };

export function highestUpdateType(types: readonly UpdateType[]): UpdateType {
  let best: UpdateType = 'unknown';
  for (const t of types) if (RANK[t] > RANK[best]) best = t;
  return best;
}

/**
 * Renovate's `Update` column values mapped onto ours. `rollback`, `bump`, `replacement` and
 * `lockFileMaintenance` say nothing about how big the jump is, so they map to unknown and the
 * caller falls back to comparing versions.
 */
export function updateTypeFromColumn(value: string): UpdateType {
  const v = value.trim().toLowerCase();
  if (v === 'major' || v === 'minor' || v === 'patch' || v === 'digest' || v === 'pin') return v;
  if (v === 'pindigest') return 'pin';
  return 'unknown';
}

export interface NumericVersion {
  parts: number[];
  /** What follows the numbers (`-bookworm`, `-alpine`), used to tell a flavour change from nothing. */
  rest: string;
}

const DIGEST = /^(?:sha256:)?[0-9a-f]{7,64}$/i;

/** `v1.19.3`, `~> 5.17.0`, `^1.7.0`, `18.1-bookworm`, `12-slim`, `17.6.1.074` → numbers; null for non-numeric tags. */
export function parseVersion(raw: string): NumericVersion | null {
  const s = raw
    .trim()
    .replace(/^(?:[~^<>=!]+\s*|~>\s*)+/, '')
    .replace(/^v(?=\d)/i, '');
  const m = /^(\d+)((?:\.\d+)*)(.*)$/.exec(s);
  if (!m || m[1] === undefined) return null;
  const parts = [Number(m[1]), ...(m[2] ? m[2].slice(1).split('.').map(Number) : [])];
  return { parts, rest: m[3] ?? '' };
}

/**
 * Compares two versions the way Renovate would label the jump. In `0.x` a minor step is breaking,
 * so it counts as major; a date-like or non-numeric tag that cannot be compared gives unknown.
 */
export function compareVersions(from: string | null, to: string | null): UpdateType {
  if (!from || !to) return 'unknown';
  if (DIGEST.test(from.trim()) && DIGEST.test(to.trim()) && !/^\d+$/.test(from.trim())) return 'digest';
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (!a || !b) return 'unknown';
  const [aMajor = 0, aMinor = 0] = a.parts;
  const [bMajor = 0, bMinor = 0] = b.parts;
  if (aMajor !== bMajor) return 'major';
  if (aMajor === 0 && aMinor !== bMinor) return 'major';
  if (aMinor !== bMinor) return 'minor';
  const len = Math.max(a.parts.length, b.parts.length);
  for (let i = 2; i < len; i++) if ((a.parts[i] ?? 0) !== (b.parts[i] ?? 0)) return 'patch';
  return a.rest === b.rest ? 'unknown' : 'patch';
}
