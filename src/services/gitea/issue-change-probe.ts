import type { GiteaClient } from './client.js';
import { GiteaError } from './errors.js';
import type { GiteaIssue } from './schemas.js';

/** What the issue poll keeps of the last full read, to tell a change from an echo of it. */
type Known = Pick<GiteaIssue, 'number' | 'updated_at' | 'body' | 'title' | 'state' | 'content_version'> & { labels: string[] };

/** Whole Unix seconds of an RFC 3339 time (Gitea keeps updated_unix in seconds), or null. */
export function updatedSeconds(at: string): number | null {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

const rfc3339 = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const known = (i: GiteaIssue): Known => ({
  number: i.number,
  updated_at: i.updated_at,
  body: i.body,
  title: i.title,
  state: i.state,
  content_version: i.content_version,
  labels: i.labels.map((l) => l.name).sort(),
});

const sameContent = (a: Known, b: Known) =>
  a.body === b.body &&
  a.title === b.title &&
  a.state === b.state &&
  a.content_version === b.content_version &&
  a.labels.length === b.labels.length &&
  a.labels.every((l, i) => l === b.labels[i]);

export interface ProbeOptions {
  /**
   * How long after a watermark was raised the next check may ask inclusively for its second (see
   * `needsRead`). One second of the server's time must pass; measured here, so no clock is shared.
   */
  settleMs?: number;
  /** A wall clock for the settle wait (real time: it stands for the server's). */
  clock?: () => number;
}

/**
 * Tells the issue poll whether the issue changed since its last full read, without fetching it:
 * Gitea has no ETag on /api/v1, but its issue list filters on `since` (Gitea ≥ 1.12 and every
 * Forgejo), so an idle check is one list answering `[]`.
 *
 * Gitea compares whole seconds inclusively (`updated_unix >= since`). Asking for the second after
 * the newest `updated_at` seen (the watermark W) returns nothing when idle, but would miss an edit
 * saved later in second W itself. So after W is raised, the first check sent at least a second
 * later asks for W inclusively: by then the server's clock has left second W, any save in it is in
 * the answer, and the items it returns unchanged settle it; later checks ask for W + 1.
 *
 * A server that ignores `since` (an item older than asked comes back) or refuses it (400/422) is
 * remembered as unsupported: every poll then reads the issue in full, as before.
 */
export class IssueChangeProbe {
  private last: Known | null = null;
  private watermark: number | null = null;
  private settled = false;
  private raisedAt = 0;
  private readonly seen = new Map<number, string>();
  private readonly settleMs: number;
  private readonly clock: () => number;
  /** Why the server cannot be asked cheaply (then every poll is a full read), or null. */
  unsupported: string | null = null;

  constructor(
    private readonly client: Pick<GiteaClient, 'issuesUpdatedSince'>,
    options: ProbeOptions = {},
  ) {
    this.settleMs = options.settleMs ?? 1_000;
    this.clock = options.clock ?? Date.now;
  }

  /** After every full read of the followed issue: what it said becomes the baseline. */
  noteRead(issue: GiteaIssue): void {
    this.last = known(issue);
    this.seen.set(issue.number, issue.updated_at);
    const u = updatedSeconds(issue.updated_at);
    if (u === null) {
      this.watermark = null;
      return;
    }
    this.raise(u);
  }

  /** Forget the baseline: the next poll reads in full (another issue, or a failed read). */
  reset(): void {
    this.last = null;
  }

  /**
   * Whether the poll must read in full now. `alsoRelevant` says whether another issue's change
   * matters (a newer open issue with the label, when following "the latest").
   */
  async needsRead(alsoRelevant: (issue: GiteaIssue) => boolean = () => false): Promise<boolean> {
    const last = this.last;
    if (this.unsupported || !last || this.watermark === null) return true;
    const inclusive = !this.settled && this.clock() - this.raisedAt >= this.settleMs;
    const since = inclusive ? this.watermark : this.watermark + 1;
    let page: Awaited<ReturnType<GiteaClient['issuesUpdatedSince']>>;
    try {
      page = await this.client.issuesUpdatedSince(rfc3339(since));
    } catch (err) {
      if (err instanceof GiteaError && err.kind === 'validation') {
        this.unsupported = `the issue list refused since (${err.message})`;
        return true;
      }
      throw err;
    }
    let need = !page.complete && !page.issues.some((i) => i.number === last.number);
    let newest = this.watermark;
    for (const issue of page.issues) {
      const u = updatedSeconds(issue.updated_at);
      if (u === null || u < since) {
        this.unsupported = `the issue list ignores since (it answered #${issue.number}, updated ${issue.updated_at})`;
        return true;
      }
      newest = Math.max(newest, u);
      const fresh = this.seen.get(issue.number) !== issue.updated_at;
      this.seen.set(issue.number, issue.updated_at);
      if (issue.number === last.number) need ||= !sameContent(last, known(issue));
      else if (fresh && alsoRelevant(issue)) need = true;
    }
    if (this.seen.size > 1_000) this.seen.clear();
    if (newest > this.watermark) this.raise(newest);
    else if (inclusive && !need) this.settled = true;
    return need;
  }

  /** A newer second to watch from; one already watched (or settled) needs nothing. */
  private raise(seconds: number): void {
    if (this.watermark !== null && seconds <= this.watermark) return;
    this.watermark = seconds;
    this.settled = false;
    this.raisedAt = this.clock();
  }
}
