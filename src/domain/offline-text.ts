/** What the console knows about reaching Gitea (the issue store's `offline`). */
export interface OfflineFacts {
  reachable: boolean;
  reason: string | null;
  copyAt: number | null;
  queued: number;
  retryAt: number | null;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** HH:MM of `at` in the console's zone (or `timeZone`). */
export function clockTime(at: number, timeZone?: string): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
}

/**
 * The header's words: "Gitea unreachable — working from the copy of 14:02; 3 edits queued;
 * retrying in 8 s", or, once it answers, "Gitea back — writing 2 queued edits". null: nothing to say.
 */
export function offlineHeaderText(o: OfflineFacts | null, now: number, timeZone?: string): string | null {
  if (!o) return null;
  const queued = o.queued ? plural(o.queued, 'edit') + ' queued' : 'no edits queued';
  if (o.reachable) return o.queued ? `Gitea back — writing ${plural(o.queued, 'queued edit')}` : null;
  const copy = o.copyAt !== null ? `working from the copy of ${clockTime(o.copyAt, timeZone)}` : 'no copy of the issue yet';
  const retry = o.retryAt !== null ? `; retrying in ${Math.max(0, Math.ceil((o.retryAt - now) / 1000))} s` : '';
  return `Gitea unreachable — ${copy}; ${queued}${retry}`;
}

/** Why a key that needs Gitea is off (null: Gitea answers). */
export function giteaDownReason(o: OfflineFacts | null): string | null {
  if (!o || o.reachable) return null;
  return `Gitea unreachable (${o.reason ?? 'no answer'}); it is retried, and edits are queued meanwhile`;
}
