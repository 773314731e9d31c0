import { describe, expect, it } from 'vitest';
import { tickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import type { GiteaClient } from '../../../src/services/gitea/client.js';
import { IssueSource } from '../../../src/services/engine/issue-source.js';
import { createIssueStore } from '../../../src/store/issue-store.js';
import { BODY } from '../../ui/fixtures.js';

/** One issue on a fake server: reads and content-version writes, as the writer and the source use them. */
function fakeServer(body: string) {
  const issue = { number: 42, title: 't', body, state: 'open', labels: [], html_url: 'u', content_version: 1 };
  const api = {
    repoName: 'ops/homelab',
    getIssue: async () => ({ ...issue }),
    editIssueBody: async (_n: number, next: string) => {
      issue.body = next;
      issue.content_version++;
      return { ...issue };
    },
  };
  return { issue, api, client: api as unknown as GiteaClient };
}

describe('who changed the body', () => {
  it('a poll attributes a body this process wrote to the console and any other change to elsewhere', async () => {
    const { issue, api, client } = fakeServer(BODY);
    const store = createIssueStore();
    const source = new IssueSource({ client, store, label: 'maintenance', number: 42, intervalMs: 60_000, now: () => 5_000 });
    await source.open(42);
    expect(store.getState().history).toEqual([]);

    const tick = tickItem({ id: 'A1' });
    const r = await writeBodyEdit(api as never, 42, tick, { mode: 'content-version' });
    expect(r.outcome).toBe('ok');
    await source.open(42);
    expect(store.getState().history).toEqual([{ at: 5_000, by: 'console', what: `${tick.description}: ticked A1` }]);

    // A human ticks B1 in the web UI.
    issue.body = issue.body.replace('- [ ] **B1', '- [x] **B1');
    await source.open(42);
    expect(store.getState().history.at(-1)).toEqual({ at: 5_000, by: 'elsewhere', what: 'ticked B1' });
    // Nothing changed: nothing recorded.
    await source.open(42);
    expect(store.getState().history).toHaveLength(2);
  });

  it("a row someone else appends is named with the User it gives (Gitea's API names no editor)", async () => {
    const log = '\n## Change Log\n\n| Timestamp | Action | User | Result |\n|---|---|---|---|\n| - | No actions yet | - | - |\n';
    const { issue, client } = fakeServer(`${BODY}${log}`);
    const store = createIssueStore();
    const source = new IssueSource({ client, store, label: 'maintenance', number: 42, intervalMs: 60_000, now: () => 7_000 });
    await source.open(42);
    // The placeholder row is replaced by the person's row, as the body's own style does.
    issue.body = issue.body.replace('| - | No actions yet | - | - |', '| 2026-12-02 18:04 | Checked the rack fans | admin | all spinning |');
    await source.open(42);
    expect(store.getState().history.at(-1)).toEqual({ at: 7_000, by: 'elsewhere', what: '1 Change Log row appended by admin', who: ['admin'] });
    // A row that names nobody: the change is still recorded, without a name.
    issue.body = issue.body.replace('| all spinning |', '| all spinning |\n| 2026-12-02 18:05 | Looked again | - | fine |');
    await source.open(42);
    expect(store.getState().history.at(-1)).toEqual({ at: 7_000, by: 'elsewhere', what: '1 Change Log row appended' });
  });
});
