import { describe, expect, it } from 'vitest';
import { editFromSpec } from '../../src/domain/issue/edits/from-spec.js';
import { specOf } from '../../src/domain/issue/edits/spec.js';
import { stepOutcomeEdit } from '../../src/domain/issue/edits/step-edit.js';
import { escalationEdit } from '../../src/domain/steps/escalation-edit.js';
import { giteaDownReason, offlineHeaderText } from '../../src/domain/offline-text.js';
import { fixture } from './issue/fixtures.js';

describe('the header while Gitea is unreachable', () => {
  const at = Date.UTC(2026, 11, 3, 14, 2);
  it('says unreachable, the copy it works from, the edits queued and the next retry', () => {
    const o = { reachable: false, reason: 'ECONNREFUSED', copyAt: at, queued: 3, retryAt: at + 8_000 };
    expect(offlineHeaderText(o, at, 'UTC')).toBe('Gitea unreachable — working from the copy of 14:02; 3 edits queued; retrying in 8 s');
    expect(offlineHeaderText({ ...o, queued: 1, copyAt: null, retryAt: null }, at, 'UTC')).toBe('Gitea unreachable — no copy of the issue yet; 1 edit queued');
    expect(giteaDownReason(o)).toMatch(/^Gitea unreachable \(ECONNREFUSED\)/);
  });
  it('once Gitea answers: the queue still being written, then nothing', () => {
    expect(offlineHeaderText({ reachable: true, reason: null, copyAt: at, queued: 2, retryAt: null }, at)).toBe('Gitea back — writing 2 queued edits');
    expect(offlineHeaderText({ reachable: true, reason: null, copyAt: at, queued: 0, retryAt: null }, at)).toBeNull();
    expect(giteaDownReason({ reachable: true, reason: null, copyAt: at, queued: 2, retryAt: null })).toBeNull();
  });
});

describe('an edit as data', () => {
  it('a step outcome and an escalation rebuilt from their JSON spec edit a body exactly as the originals', () => {
    const body = fixture('crlf.md');
    const edits = [
      stepOutcomeEdit({
        kind: 'done',
        item: { id: 'A1', title: 'Archive crashes', priority: 'P0', layer: 'Storage' },
        stamp: { at: new Date(Date.UTC(2026, 4, 8, 14, 5)), timeZone: 'UTC' },
        note: 'archived',
        action: 'A1: Archive crashes',
        result: 'archived',
        status: 'YELLOW',
      }),
      escalationEdit('A1', '## Escalation\n\nneeds a human'),
    ];
    for (const e of edits) {
      const spec = specOf(e);
      expect(spec).not.toBeNull();
      const again = editFromSpec(JSON.parse(JSON.stringify(spec)));
      expect(again.description).toBe(e.description);
      expect(again.apply(body)).toEqual(e.apply(body));
    }
  });
});
