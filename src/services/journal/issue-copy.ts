import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { journalPath } from './journal.js';

/** The last body the console read of its issue, with when and at which content version. */
export interface IssueCopy {
  repo: string | null;
  number: number;
  title: string | null;
  htmlUrl: string | null;
  labels: string[];
  state: 'open' | 'closed' | null;
  body: string;
  contentVersion: number | null;
  /** When it was read from Gitea (ms since the epoch). */
  readAt: number;
}

/** Beside the journal, in the state dir: `…/homelab-console/issue-copy.json`. */
export function issueCopyPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(journalPath(env)), 'issue-copy.json');
}

/** Saves the copy whole or not at all (written aside, then renamed over the old one). */
export function saveIssueCopy(file: string, copy: IssueCopy): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(copy)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The saved copy, or null when there is none (or it is not one: never thrown at a starting console). */
export function loadIssueCopy(file: string): IssueCopy | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const c = JSON.parse(text) as Partial<IssueCopy>;
    if (typeof c.body !== 'string' || typeof c.number !== 'number' || typeof c.readAt !== 'number') return null;
    return {
      repo: c.repo ?? null,
      number: c.number,
      title: c.title ?? null,
      htmlUrl: c.htmlUrl ?? null,
      labels: Array.isArray(c.labels) ? c.labels : [],
      state: c.state ?? null,
      body: c.body,
      contentVersion: c.contentVersion ?? null,
      readAt: c.readAt,
    };
  } catch {
    return null;
  }
}
