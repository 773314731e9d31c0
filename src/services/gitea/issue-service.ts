import { parseIssue } from '../../domain/issue/parse.js';
import type { BodyEdit } from '../../domain/issue/types.js';
import type { EditMode, IssueStore } from '../../store/issue-store.js';
import { repairLateWrite, writeBodyEdit, type WriteResult } from './body-writer.js';
import type { GiteaClient } from './client.js';
import { editModeForVersion } from './edit-mode.js';
import { GiteaError } from './errors.js';
import type { GiteaIssue } from './schemas.js';

export interface IssueServiceOptions {
  client: GiteaClient;
  store: IssueStore;
  /** The issue to follow; null: the newest open issue labelled `label`. */
  number: number | null;
  label?: string;
  /** Poll period while live. */
  pollMs?: number;
  now?: () => number;
}

/** Errors a poll cannot recover from by itself (the operator must act). */
const FATAL = new Set(['auth', 'forbidden', 'not-found', 'config']);

/**
 * Keeps the IssueStore in step with the live maintenance issue (poll every few seconds; liveness
 * syncing → live, reconnecting on transient failures) and performs body writes through the
 * conflict-safe writer, in the mode the server supports.
 */
export class IssueService {
  private readonly client: GiteaClient;
  private readonly store: IssueStore;
  private readonly pollMs: number;
  private readonly label: string;
  private readonly now: () => number;
  private number: number | null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private failures = 0;

  constructor(options: IssueServiceOptions) {
    this.client = options.client;
    this.store = options.store;
    this.number = options.number;
    this.label = options.label ?? 'maintenance';
    this.pollMs = options.pollMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** First sync (version, mode, issue), then polling. Resolves once the first sync is done or failed. */
  async start(): Promise<void> {
    this.stopped = false;
    this.store.setState({ liveness: { state: 'syncing', since: this.now() }, repo: this.client.repoName });
    await this.refresh();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One poll: re-read the issue and publish it; failures become liveness, never exceptions. */
  async refresh(): Promise<void> {
    try {
      if (this.store.getState().serverVersion === null) {
        const version = await this.client.serverVersion();
        this.store.setState({ serverVersion: version, editMode: editModeForVersion(version) });
      }
      if (this.number === null) {
        const latest = await this.client.latestIssueWithLabel(this.label);
        if (!latest)
          throw new GiteaError('not-found', `no open issue labelled '${this.label}' in ${this.client.repoName}`, { operation: 'find maintenance issue' });
        this.number = latest.number;
      }
      let issue = await this.client.getIssue(this.number);
      // A write of ours whose answer was lost may land now, over lines a person saved: repaired here.
      const late = await repairLateWrite(this.client, this.number, issue);
      if (late) issue = await this.client.getIssue(this.number);
      this.publish(issue);
      this.failures = 0;
    } catch (err) {
      const e = err instanceof GiteaError ? err : new GiteaError('network', err instanceof Error ? err.message : String(err));
      const updatedAt = this.updatedAt();
      if (FATAL.has(e.kind)) {
        this.store.setState({ liveness: { state: 'error', message: e.line, updatedAt } });
      } else {
        this.failures++;
        this.store.setState({ liveness: { state: 'reconnecting', attempt: this.failures, lastError: e.line, updatedAt } });
      }
    }
  }

  /** The mode body writes use: content_version only when the server and the issue both carry it. */
  get editMode(): EditMode {
    return this.store.getState().editMode ?? 'last-writer-wins';
  }

  /** Writes one edit to the followed issue; the store reflects the outcome either way. */
  async write(edit: BodyEdit): Promise<WriteResult> {
    if (this.number === null) await this.refresh();
    const number = this.number;
    if (number === null) throw new GiteaError('not-found', 'no maintenance issue to edit', { operation: edit.description });
    try {
      const result = await writeBodyEdit(this.client, number, edit, { mode: this.editMode });
      const at = this.now();
      if (result.outcome === 'ok') {
        this.store.setState({
          body: result.body,
          document: parseIssue(result.body),
          contentVersion: result.contentVersion,
          lastWrite: { description: edit.description, at, attempts: result.attempts, outcome: 'ok' },
        });
      } else if (result.outcome === 'conflict') {
        this.store.setState({ lastWrite: { description: edit.description, at, attempts: result.attempts, outcome: 'conflict', message: result.conflict } });
      }
      return result;
    } catch (err) {
      const message = err instanceof GiteaError ? err.line : String(err);
      this.store.setState({ lastWrite: { description: edit.description, at: this.now(), attempts: 0, outcome: 'error', message } });
      throw err;
    }
  }

  private publish(issue: GiteaIssue): void {
    const state = this.store.getState();
    // A server announcing ≥ 1.26 but an issue without content_version (a proxy, a fork) is unguarded.
    const editMode: EditMode =
      state.editMode === 'content-version' && issue.content_version === undefined ? 'last-writer-wins' : (state.editMode ?? 'last-writer-wins');
    const bodyChanged = issue.body !== state.body;
    this.store.setState({
      liveness: { state: 'live', updatedAt: this.now() },
      number: issue.number,
      title: issue.title,
      htmlUrl: issue.html_url,
      labels: issue.labels.map((l) => l.name),
      state: issue.state,
      body: issue.body,
      contentVersion: issue.content_version ?? null,
      document: bodyChanged || !state.document ? parseIssue(issue.body) : state.document,
      editMode,
    });
  }

  private updatedAt(): number | null {
    const l = this.store.getState().liveness;
    return l.state === 'live' ? l.updatedAt : 'updatedAt' in l ? l.updatedAt : null;
  }

  private schedule(): void {
    if (this.stopped) return;
    // Back off while the server is unreachable, up to a minute.
    const delay = this.failures === 0 ? this.pollMs : Math.min(60_000, this.pollMs * 2 ** Math.min(this.failures, 4));
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }
}
