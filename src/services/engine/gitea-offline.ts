import { isDeepStrictEqual } from 'node:util';
import { parseIssue } from '../../domain/issue/index.js';
import type { IssueState, IssueStore, OfflineState } from '../../store/issue-store.js';
import { attachOfflineQueue } from '../gitea/body-writer.js';
import type { GiteaClient } from '../gitea/client.js';
import { OfflineQueue, type QueuedEdit, type QueueRecord, type Settled } from '../gitea/offline-queue.js';
import { loadIssueCopy, saveIssueCopy, type IssueCopy } from '../journal/issue-copy.js';

export interface GiteaOfflineOptions {
  client: GiteaClient;
  store: IssueStore;
  journal: QueueRecord | null;
  /** Where the copy of the body is kept (the state dir: issue-copy.ts). */
  copyFile: string;
  /** The issue the session is fixed on (null: the newest with the label, so any copy will do). */
  number: number | null;
  /** Reads the issue now (the retry while nothing is queued). */
  refresh: () => Promise<void>;
  say: (level: 'info' | 'warn', text: string) => void;
  /** In-flight records of a replay the queue settled after a crash (journaled): no longer unknown. */
  inFlightSettled?: (stepIds: string[]) => void;
  now?: () => number;
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Working while Gitea is unreachable: the last body read is kept in the state dir and opened when
 * Gitea cannot be reached (at start too); edits go to the offline queue, shown applied on the copy
 * (the header says they are queued, not written) and written, in order, when Gitea answers; the
 * issue store's `offline` tells the header and the key gate.
 */
export class GiteaOffline {
  readonly queue: OfflineQueue;
  private readonly offs: Array<() => void> = [];
  /** The last body Gitea gave (the base queued edits are shown on), and when it was read. */
  private server: { body: string; number: number; readAt: number } | null = null;
  /** The body shown with queued edits applied (never saved as the copy). */
  private shown: string | null = null;

  constructor(private readonly o: GiteaOfflineOptions) {
    this.queue = new OfflineQueue({
      api: o.client,
      reachability: o.client.http.reachability,
      journal: o.journal,
      mode: () => o.store.getState().editMode ?? 'last-writer-wins',
      probe: o.refresh,
      onSettled: (q, outcome, detail, inFlight) => {
        if (inFlight.length) o.inFlightSettled?.(inFlight);
        this.settled(q, outcome, detail);
      },
      onChange: () => this.publish(),
      ...(o.now ? { now: o.now } : {}),
      ...(o.retryMs !== undefined ? { retryMs: o.retryMs } : {}),
      ...(o.maxRetryMs !== undefined ? { maxRetryMs: o.maxRetryMs } : {}),
    });
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  start(): void {
    const { client, store } = this.o;
    this.offs.push(attachOfflineQueue(client, this.queue));
    this.offs.push(
      client.http.reachability.subscribe((s) => {
        // Back: show Gitea's body again before the poll compares, so a change there is not read as ours undone.
        if (s.reachable) this.showServerBody();
        else if (store.getState().body === null) this.openCopy();
        this.publish();
      }),
    );
    this.offs.push(store.subscribe((state, prev) => this.track(state, prev)));
    this.queue.start();
    this.publish();
  }

  stop(): void {
    this.queue.stop();
    while (this.offs.length) this.offs.pop()!();
  }

  /** A body from Gitea (a poll, or a write's answer) is the new copy; the one shown with queued edits is not. */
  private track(state: IssueState, prev: IssueState): void {
    if (state.body === prev.body && state.number === prev.number && state.contentVersion === prev.contentVersion) return;
    if (state.body === null || state.number === null || state.body === this.shown) return;
    if (!this.o.client.http.reachability.current.reachable && this.server?.body === state.body) return;
    const readAt = this.now();
    this.server = { body: state.body, number: state.number, readAt };
    this.shown = null;
    const copy: IssueCopy = {
      repo: state.repo,
      number: state.number,
      title: state.title,
      htmlUrl: state.htmlUrl,
      labels: state.labels,
      state: state.state,
      body: state.body,
      contentVersion: state.contentVersion,
      readAt,
    };
    try {
      saveIssueCopy(this.o.copyFile, copy);
    } catch (err) {
      this.o.say('warn', `the copy of the issue could not be saved: ${(err as Error).message}`);
    }
    if (this.queue.queued.length) this.publish();
  }

  /** Gitea unreachable and nothing shown yet (a start with it down): open the copy the state dir keeps. */
  private openCopy(): void {
    const copy = loadIssueCopy(this.o.copyFile);
    if (!copy || (this.o.number !== null && copy.number !== this.o.number)) return;
    this.server = { body: copy.body, number: copy.number, readAt: copy.readAt };
    this.shown = copy.body;
    this.o.store.setState({
      repo: copy.repo,
      number: copy.number,
      title: copy.title,
      htmlUrl: copy.htmlUrl,
      labels: copy.labels,
      state: copy.state,
      body: copy.body,
      contentVersion: copy.contentVersion,
      document: parseIssue(copy.body),
    });
    this.o.say('warn', `Gitea unreachable: showing the copy of #${copy.number} read ${new Date(copy.readAt).toISOString()}`);
  }

  private showServerBody(): void {
    const { store } = this.o;
    if (this.shown === null || !this.server || store.getState().body !== this.shown) return;
    const body = this.server.body;
    this.shown = null;
    store.setState({ body, document: parseIssue(body) });
  }

  /** While unreachable: the copy with every queued edit applied (those that apply), so a done step shows done. */
  private showQueued(): void {
    const { store } = this.o;
    const base = this.server;
    const state = store.getState();
    if (!base || state.number !== base.number) return;
    let body = base.body;
    for (const q of this.queue.queued) {
      if (q.number !== base.number) continue;
      const r = q.edit.apply(body);
      if (r.ok) body = r.body;
    }
    if (body === state.body) return;
    this.shown = body;
    store.setState({ body, document: parseIssue(body) });
  }

  private settled(q: QueuedEdit, outcome: Settled, detail: string): void {
    if (outcome === 'conflict') this.o.say('warn', `queued edit not written — ${q.description}: ${detail}`);
    else if (outcome === 'failed') this.o.say('warn', `queued edit failed — ${q.description}: ${detail}`);
    else this.o.say('info', `queued edit written: ${q.description}${outcome === 'already' ? ' (already in the body)' : ''}`);
    if (!this.queue.queued.length) void this.o.refresh().catch(() => undefined);
  }

  /** The issue store's `offline`, written only when it changed. */
  private publish(): void {
    const { store, client } = this.o;
    const r = client.http.reachability.current;
    const queued = this.queue.queued.length;
    if (!r.reachable && queued) this.showQueued();
    const next: OfflineState | null =
      r.reachable && queued === 0
        ? null
        : {
            reachable: r.reachable,
            reason: r.reachable ? null : r.reason,
            copyAt: this.server ? Math.max(this.server.readAt, lastGood(store.getState()) ?? 0) : null,
            queued,
            retryAt: this.queue.retryAt,
          };
    if (!isDeepStrictEqual(store.getState().offline, next)) store.setState({ offline: next });
  }
}

/** The last successful read of the issue (the poll's liveness), when the session made one. */
function lastGood(state: IssueState): number | null {
  const l = state.liveness;
  if (l.state === 'live') return l.checkedAt?.() ?? l.updatedAt;
  if (l.state === 'reconnecting' || l.state === 'error') return l.updatedAt;
  return null;
}
