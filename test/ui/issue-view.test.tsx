import { describe, expect, it } from 'vitest';
import { parseIssue } from '../../src/domain/issue/index.js';
import { changeLogAuthors, describeBodyChange } from '../../src/domain/issue/body-change.js';
import { FakeEngine } from './fake-engine.js';
import { BODY, fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const LOG = `
## Change Log

| Time | Action | By | Result |
|------|--------|----|--------|
| 2026-11-26 06:10 UTC | B2: Sync home-assistant | homelab-console | Synced; gate RED |
`;

const ROW = '| 2026-11-26 06:20 UTC | A1: Purge dead osd.8 | alice (web) | purged by hand |';

describe('the issue view', () => {
  it('i shows the live body safely (items with state, the Change Log in columns), follows edits and says who changed what', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    // A hostile title: the view shows the escape as text.
    const body = `${BODY.replace('Tidy dashboards', 'Tidy \u001b[31mdashboards')}${LOG}`;
    engine.stores.issue.setState({ body, document: parseIssue(body) });
    const ui = await renderConsole({ engine, columns: 160, rows: 48 });
    await ui.press('i');
    await ui.waitForText('Issue #42: the live body');
    let f = ui.frame();
    expect(f).toContain('Changes since the session opened (0, newest first)');
    expect(f).toMatch(/\[ \] open +\*\*A1 P0 Metal\*\*: Purge dead osd\.8/);
    expect(f).toMatch(/\[x\] done +\*\*B2 P1 Platform\*\*/);
    expect(f).toContain('══ Change Log');
    expect(f).toMatch(/Time +│ Action +│ By +│ Result/);
    expect(f).toContain('\\x1b[31m');
    expect(f).not.toContain('\u001b[31m');
    expect(ui.lines().length).toBeLessThanOrEqual(48);

    // A human appends a row on the server; the next poll brings it (the service records who).
    const edited = `${body.trimEnd()}\n${ROW}\n`;
    await ui.update(() =>
      engine.stores.issue.setState((s) => ({
        body: edited,
        document: parseIssue(edited),
        history: [{ at: Date.UTC(2026, 10, 26, 6, 20, 5), by: 'elsewhere', what: describeBodyChange(s.document!, parseIssue(edited)) }],
      })),
    );
    await ui.press('G');
    await ui.waitForText(/2026-11-26 06:20 UTC +│ A1: Purge dead osd\.8 +│ alice \(web\)/);
    await ui.press('g');
    await ui.waitForText('06:20:05  elsewhere     1 Change Log row appended');
    f = ui.frame();
    expect(f).toContain('Changes since the session opened (1, newest first)');
    await ui.press('/');
    await ui.type('alice');
    await ui.press(KEY.enter);
    await ui.waitForText('1 matching line');
    await ui.press(KEY.escape);
    await ui.waitForText('Layer health');
    await ui.unmount();
  });

  it('works at 40x20 without exceeding the terminal', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 40, rows: 20 });
    await ui.press('i');
    await ui.waitForText('Issue #42');
    expect(ui.lines().length).toBeLessThanOrEqual(20);
    for (const l of ui.lines()) expect(l.length).toBeLessThanOrEqual(40);
    await ui.unmount();
  });
});

describe('describeBodyChange', () => {
  it('names ticks, unticks, deferrals, added items and appended rows', () => {
    const before = parseIssue(`${BODY}${LOG}`);
    const after = parseIssue(
      `${BODY.replace('- [ ] **A1', '- [x] **A1').replace('- [x] **B2', '- [ ] **B2').replace('Archive Ceph crashes', 'Archive Ceph crashes *(deferred 2026-11-26 — after backup)*')}\n- [ ] **C2 P3 Apps**: New thing\n${LOG.trimEnd()}\n${ROW}\n`,
    );
    expect(describeBodyChange(before, after)).toBe('ticked A1; unticked B2; marked B3 deferred; added C2; 1 Change Log row appended');
    expect(describeBodyChange(before, before)).toBe('edited (no item or Change Log change)');
    // For a change made elsewhere, the rows say who they name (the table's By column here).
    expect(describeBodyChange(before, after, { authors: true })).toBe(
      'ticked A1; unticked B2; marked B3 deferred; added C2; 1 Change Log row appended by alice (web)',
    );
    expect(changeLogAuthors(before, after)).toEqual(['alice (web)']);
  });
});
