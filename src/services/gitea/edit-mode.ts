import type { EditMode } from '../../store/issue-store.js';

/**
 * Which body-edit guard the server offers. Gitea ≥ 1.26 checks `content_version` (409 on a stale
 * one); Gitea ≤ 1.25 and every Forgejo so far ignore it, so the last writer wins there.
 * Forgejo reports versions such as `16.0.1+gitea-1.22.0`.
 */
export function editModeForVersion(version: string): EditMode {
  if (/forgejo|\+gitea-/i.test(version)) return 'last-writer-wins';
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return 'last-writer-wins';
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 1 || (major === 1 && minor >= 26) ? 'content-version' : 'last-writer-wins';
}
