import { isDeepStrictEqual } from 'node:util';
import { parseIssue } from '../../domain/issue/index.js';
import { changeLogAuthors, describeBodyChange } from '../../domain/issue/body-change.js';
import { withChange, type IssueState, type IssueStore } from '../../store/issue-store.js';
import type { GiteaClient } from '../gitea/client.js';
import { repairLateWrite, writtenHere } from '../gitea/body-writer.js';
import { editModeForVersion } from '../gitea/edit-mode.js';
import { IssueChangeProbe, type ProbeOptions } from '../gitea/issue-change-probe.js';
import { Poller } from './poller.js';

/** Writes only the fields that changed, and nothing when none did: every store write costs a frame. */
function writeIfChanged(store: IssueStore, next: Partial<IssueState>): void {
  const prev = store.getState();
  const changed = (Object.keys(next) as Array<keyof IssueState>).filter((k) => !isDeepStrictEqual(prev[k], next[k]));
  if (changed.length) store.setState(Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<IssueState>);
}

/**
 * The issue is polled at least this often (gitea.pollSeconds may only make it more frequent), so a
 * person's edit shows within 5 s with a second left for the request. An idle poll is one issue
 * list answering `[]`, not the body.
 */
export const MAX_ISSUE_POLL_MS = 4_000;

export interface IssueSourceOptions {
  client: GiteaClient;
  store: IssueStore;
  label: string;
  /** A fixed issue (`--issue N`, `:issue N`); null = the newest open issue with the label. */
  number: number | null;
  intervalMs: number;
  now?: () => number;
  /** The cheap "did it change?" check between full reads (see IssueChangeProbe). */
  probe?: ProbeOptions;
}

/** Keeps the issue store on the maintenance issue: body, parsed document, content version. */
export class IssueSource {
  private number: number | null;
  private readonly poller: Poller;
  private versionKnown = false;
  /** Asks Gitea whether anything changed since the last full read, so an idle poll fetches no body. */
  readonly probe: IssueChangeProbe;

  constructor(private readonly o: IssueSourceOptions) {
    this.number = o.number;
    this.probe = new IssueChangeProbe(o.client, o.probe);
    this.poller = new Poller(
      () => this.read(),
      { get: () => o.store.getState().liveness, set: (liveness) => o.store.setState({ liveness }) },
      o.intervalMs,
      o.now,
    );
  }

  start(): void {
    this.poller.start();
  }

  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  stop(): void {
    this.poller.stop();
  }

  /** Switches to issue N and reads it now; rejects with the server's one-line error. */
  async open(number: number): Promise<void> {
    const issue = await this.o.client.getIssue(number);
    this.number = number;
    this.apply(issue);
    this.probe.noteRead(issue);
  }

  private async read(): Promise<void> {
    const { client, store } = this.o;
    if (!this.versionKnown) {
      const version = await client.serverVersion();
      this.versionKnown = true;
      store.setState({ serverVersion: version, editMode: editModeForVersion(version) });
    }
    // Nothing changed since the last full read: no body fetched, no store written.
    const label = this.o.label;
    const newerWithLabel = (i: { state: string; labels: Array<{ name: string }> }) => i.state === 'open' && i.labels.some((l) => l.name === label);
    if (!(await this.probe.needsRead(this.number === null ? newerWithLabel : undefined))) return;
    this.probe.reset();
    let issue = this.number === null ? await client.latestIssueWithLabel(this.o.label) : await client.getIssue(this.number);
    if (!issue) {
      writeIfChanged(store, { repo: client.repoName, number: null, document: null, body: null, title: null });
      throw new Error(`no open issue labelled '${this.o.label}' in ${client.repoName}`);
    }
    // A write of ours whose answer was lost may land long after the writer stopped watching, over
    // lines a person saved meanwhile: every poll checks, puts them back, and the listeners record it.
    const late = await repairLateWrite(client, issue.number, issue);
    if (late) issue = await client.getIssue(issue.number);
    this.apply(issue);
    this.probe.noteRead(issue);
  }

  private apply(issue: Awaited<ReturnType<GiteaClient['getIssue']>>): void {
    const { store, client } = this.o;
    const prev = store.getState();
    const body = issue.body ?? '';
    // Re-parse only when the body changed, so the panes keep their references (no re-render).
    const document = prev.body === body && prev.number === issue.number && prev.document ? prev.document : parseIssue(body);
    // Who changed the body since the last read: this process (it wrote exactly this text, see
    // writtenHere) or someone else. Another issue starts a fresh history.
    const sameIssue = prev.number === issue.number;
    let history = sameIssue ? prev.history : [];
    if (sameIssue && prev.document && prev.body !== null && prev.body !== body) {
      const ours = writtenHere(issue.number, body);
      const at = this.o.now?.() ?? Date.now();
      if (ours) history = withChange(history, { at, by: 'console', what: `${ours.description}: ${describeBodyChange(prev.document, document)}` });
      else {
        // Someone else's save: the rows it appended say who acted (the API names no editor).
        const who = changeLogAuthors(prev.document, document);
        history = withChange(history, {
          at,
          by: 'elsewhere',
          what: describeBodyChange(prev.document, document, { authors: true }),
          ...(who.length ? { who } : {}),
        });
      }
    }
    writeIfChanged(store, {
      repo: client.repoName,
      number: issue.number,
      title: issue.title,
      htmlUrl: issue.html_url ?? null,
      labels: issue.labels.map((l) => l.name),
      state: issue.state === 'closed' ? 'closed' : 'open',
      body,
      contentVersion: issue.content_version ?? null,
      document,
      history,
    });
  }
}
