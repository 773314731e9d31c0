import { describe, expect, it } from 'vitest';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { bodyLines } from '../../../src/domain/steps/in-flight.js';
import { checkInFlightWhenLoaded, type InFlightReads } from '../../../src/services/steps/in-flight-check.js';
import { createStores } from '../../../src/store/index.js';
import type { UnknownOutcome } from '../../../src/store/step-store.js';
import { waitFor } from '../../support/wait.js';

const BEFORE = '# m\n\n- [ ] **A1 P1 All**: first\n';
const AFTER = '# m\n\n- [x] **A1 P1 All**: first *(completed 2026-12-03 12:00 UTC — ok)*\n';

const flight = (stepId: string, inFlight: UnknownOutcome['inFlight']): UnknownOutcome => ({
  stepId,
  title: 'Write to #42: tick A1',
  at: '2026-12-03T12:00:00Z',
  itemId: null,
  itemLine: null,
  issue: '#42',
  kind: 'body-write',
  commandText: 'edit the body of #42: tick A1',
  mode: 'WRITE',
  attempt: 1,
  kubeContext: null,
  giteaHost: null,
  known: ['no outcome: the console died while this was in flight'],
  groups: [],
  acknowledged: false,
  inFlight,
});

describe('after a crash, writes left in flight are looked up in Gitea once the issue loads', () => {
  it('says landed / not in the body / merged, and a lookup that fails (Gitea still down, the copy shown) is tried again at the next change', async () => {
    const stores = createStores();
    stores.step.setState({
      unknownOutcomes: [
        flight('w1', { what: 'body-write', issue: 42, edit: 'tick A1', lines: bodyLines(BEFORE, AFTER), found: null }),
        flight('w2', { what: 'body-write', issue: 42, edit: 'untick A9', lines: { adds: ['- [ ] **A9 P1 All**: gone'], removes: [] }, found: null }),
        flight('m1', { what: 'merge', pr: 45, lines: null, found: null }),
      ],
    });
    let down = true;
    let reads = 0;
    const gitea: InFlightReads = {
      getIssue: async () => {
        reads++;
        if (down) throw new Error('ECONNREFUSED');
        return { body: AFTER, title: 'm', state: 'open' };
      },
      isMerged: async () => {
        if (down) throw new Error('ECONNREFUSED');
        return true;
      },
    };
    const off = checkInFlightWhenLoaded(stores, () => gitea);
    // The offline copy loads while Gitea is down: nothing is found, nothing claimed.
    stores.issue.setState({ document: parseIssue(BEFORE) });
    await waitFor(() => reads >= 2, { what: 'the first lookups' });
    expect(stores.step.getState().unknownOutcomes.map((u) => u.inFlight?.found)).toEqual([null, null, null]);

    down = false;
    stores.issue.setState({ liveness: { state: 'live', updatedAt: 1 } });
    await waitFor(() => stores.step.getState().unknownOutcomes.every((u) => u.inFlight?.found), { what: 'every write in flight looked up' });
    const [w1, w2, m1] = stores.step.getState().unknownOutcomes;
    expect(w1!.known.at(-1)).toBe('now: landed: the body of #42 contains this edit (it is not written again)');
    expect(w2!.known.at(-1)).toBe('now: not in the body of #42: the edit did not land');
    expect(m1!.known.at(-1)).toBe('now: Gitea says PR #45 is merged');
    // Done: later changes read nothing more.
    const after = reads;
    stores.issue.setState({ liveness: { state: 'live', updatedAt: 2 } });
    expect(reads).toBe(after);
    off();
  });
});
