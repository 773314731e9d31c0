import { hasClosureSummary } from '../../domain/closure/edit.js';
import { isResolvedTitle } from '../../domain/issue/edits/title.js';
import { landedIn } from '../../domain/steps/in-flight.js';
import { redactSecrets } from '../../domain/redact.js';
import type { Stores } from '../../store/index.js';
import type { UnknownOutcome } from '../../store/step-store.js';

/** The two reads a restart makes to say where a write in flight got (GiteaClient has them). */
export interface InFlightReads {
  getIssue(number: number): Promise<{ body: string; title: string; state: string }>;
  isMerged(pr: number): Promise<boolean>;
}

type Flight = NonNullable<UnknownOutcome['inFlight']>;

/** What Gitea says now of one write a crash left in flight. */
export async function findInFlight(f: Flight, gitea: InFlightReads): Promise<string> {
  switch (f.what) {
    case 'body-write': {
      const { body } = await gitea.getIssue(f.issue);
      const landed = landedIn(f.lines, body);
      return landed === null
        ? `not in the body of #${f.issue}: the console died before it sent the edit`
        : landed
          ? `landed: the body of #${f.issue} contains this edit (it is not written again)`
          : `not in the body of #${f.issue}: the edit did not land`;
    }
    case 'merge':
      return (await gitea.isMerged(f.pr)) ? `Gitea says PR #${f.pr} is merged` : `Gitea says PR #${f.pr} is not merged`;
    case 'closure': {
      const issue = await gitea.getIssue(f.issue);
      const writes: Array<[string, boolean]> = [
        ['notes', hasClosureSummary(issue.body)],
        ['title', isResolvedTitle(issue.title)],
        ['close', issue.state === 'closed'],
      ];
      const done = writes.filter(([, d]) => d).map(([w]) => w);
      const left = writes.filter(([, d]) => !d).map(([w]) => w);
      return `#${f.issue} now: ${done.length ? `written: ${done.join(', ')}` : 'none of its writes landed'}${left.length ? `; not written: ${left.join(', ')} (:close finishes them, the notes never twice)` : ''}`;
    }
  }
}

/**
 * After a crash: once the maintenance issue has loaded (Gitea answers), every write the journal
 * left in flight is looked up — a body edit in the body, a merge's PR, the closure's three writes —
 * and what was found is added to what the verify screen knows of it. A lookup that fails (Gitea
 * still down, the issue shown from the offline copy) is tried again at the next change of the issue.
 */
export function checkInFlightWhenLoaded(stores: Stores, gitea: () => InFlightReads | null): () => void {
  const open = () => stores.step.getState().unknownOutcomes.filter((u) => u.inFlight && u.inFlight.found === null);
  if (open().length === 0) return () => {};
  let running = false;
  const run = async () => {
    const client = gitea();
    if (!client || running) return;
    running = true;
    try {
      for (const u of open()) {
        const found = await findInFlight(u.inFlight!, client).then(
          (text) => redactSecrets(text),
          () => null,
        );
        if (found === null) continue;
        stores.step.setState((s) => ({
          unknownOutcomes: s.unknownOutcomes.map((x) =>
            x.stepId === u.stepId && x.inFlight ? { ...x, inFlight: { ...x.inFlight, found }, known: [...x.known, `now: ${found}`] } : x,
          ),
        }));
      }
    } finally {
      running = false;
      if (open().length === 0) off();
    }
  };
  const off = stores.issue.subscribe((s, prev) => {
    if (s.document !== null && s !== prev) void run();
  });
  if (stores.issue.getState().document !== null) void run();
  return off;
}
