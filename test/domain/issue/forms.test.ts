import { describe, expect, it } from 'vitest';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { buildPlan, parseFocus } from '../../../src/domain/issue/plan.js';
import type { ActionItem } from '../../../src/domain/issue/types.js';
import { fixture } from './fixtures.js';

const pick = (i: ActionItem) => ({ id: i.id, priority: i.priority, layer: i.layer, title: i.title, checked: i.checked });

describe('item header forms', () => {
  const doc = parseIssue(fixture('header-forms.md'));
  const items = doc.items;

  it('reads every form, and only the Action Items section (the spec table reuses A1)', () => {
    expect(items.map(pick)).toEqual([
      { id: 'A1', priority: 'P0', layer: 'Metal', title: 'Bold label with ID, priority and layer', checked: false },
      { id: 'A2', priority: 'P2', layer: null, title: 'Bold label without a layer', checked: false },
      { id: 'A3', priority: 'P1', layer: null, title: 'No bold and no colon', checked: false },
      { id: 'A00', priority: null, layer: null, title: 'Bold ID without a priority', checked: false },
      { id: 'B00', priority: 'P0', layer: null, title: 'Bold inside the priority token', checked: false },
      { id: 'B01', priority: 'P1', layer: 'System/Platform/Apps', title: 'Compound layer', checked: false },
      { id: 'B02', priority: 'P3', layer: 'All', title: 'Layer All', checked: false },
      { id: 'B03', priority: 'P2', layer: 'Tooling', title: '[Renovate] Tag after the colon', checked: false },
      { id: 'B04', priority: 'P2', layer: 'Apps', title: 'Colon inside the bold run', checked: false },
      { id: 'D1', priority: 'P1', layer: 'Network', title: 'Star bullet, IDs skip C', checked: false },
      { id: 'D2', priority: 'P2', layer: 'Storage', title: 'Plus bullet and capital X', checked: true },
      { id: null, priority: null, layer: null, title: 'Issue: Status-report era label', checked: false },
      { id: null, priority: null, layer: null, title: 'Struck-through title', checked: true },
      { id: null, priority: null, layer: null, title: 'Monitor the slow OSD', checked: false },
      { id: null, priority: null, layer: null, title: 'Plain title, no label at all', checked: false },
      { id: 'A9', priority: 'P0', layer: 'Metal', title: 'Out of order after less urgent items', checked: false },
    ]);
  });

  it('maps P0–P3 to CRITICAL / HIGH / MEDIUM / LOW', () => {
    expect(items.slice(0, 3).map((i) => i.severity)).toEqual(['CRITICAL', 'MEDIUM', 'HIGH']);
    expect(items.find((i) => i.id === 'B02')?.severity).toBe('LOW');
    expect(items.find((i) => i.id === 'A00')?.severity).toBeNull();
  });

  it('reads tags after the colon and the note after a struck title', () => {
    expect(items.find((i) => i.id === 'B03')?.tags).toEqual(['Renovate']);
    expect(items.find((i) => i.title === 'Struck-through title')?.notes).toEqual(['resolved upstream']);
  });

  it('flags unchecked items that come after a less urgent unchecked item', () => {
    expect(items.filter((i) => i.outOfOrder).map((i) => i.id)).toEqual(['A3', 'B00', 'B01', 'B03', 'B04', 'D1', 'A9']);
  });

  it('reads document fields', () => {
    expect(doc.title).toBe('[Maintenance] 2026-05-02 - Homelab');
    expect(doc.overallStatus).toBe('YELLOW');
    expect(doc.lastUpdated).toBe('2026-05-02 10:15 CDT');
    expect(doc.warnings).toEqual([]);
  });
});

describe('item details', () => {
  const doc = parseIssue(fixture('details-forms.md'));
  const item = (id: string) => doc.items.find((i) => i.id === id) as ActionItem;

  it('reads bare bold lines and any capitalisation of If fails', () => {
    expect(item('A1')).toMatchObject({
      goal: 'Bare lines, no bullets',
      commands: 'kubectl get nodes -o wide',
      expected: 'All nodes Ready',
      ifFails: 'Capital F',
      rollback: 'N/A',
    });
    expect(item('A2').ifFails).toBe('Shouting');
    expect(item('B2').ifFails).toBe('lower case');
  });

  it('keeps a fenced block exactly, at any indent, tilde fences too', () => {
    expect(item('A2').commands).toBe('kubectl get pods -n kube-system\n  echo "indented more"');
    expect(item('A2').rollback).toBe('`kubectl rollout undo deploy/coredns -n kube-system`');
    expect(item('F1').commands).toBe('kubectl get nodes | grep -v Ready || true');
  });

  it('leaves missing fields null and keeps other lines as notes (nested checkboxes are notes)', () => {
    expect(item('B1')).toMatchObject({ goal: 'Only a goal', commands: null, expected: null, ifFails: null, rollback: null });
    expect(item('B1').notes).toEqual(['**Owner**: someone', 'a free-form note with `- [x] inside code`', '[ ] a nested checkbox is a note, not an item']);
  });

  it('keeps prose commands as written; a single code span is unwrapped', () => {
    expect(item('B2').commands).toBe('Ask the network admin to open TCP 443 on the VLAN gateways');
    expect(item('B3').commands).toBe('run `make tools` then `ssh root@node`');
    expect(item('B3').goal).toBe('Colon inside the bold');
  });

  it('reads a bullet-form Overall Status with a shortcode, ISO Last Updated, 3-column log with placeholder, table closure', () => {
    expect(doc.overallStatus).toBe('RED');
    expect(doc.lastUpdated).toBe('2026-05-04T09:30:00-05:00');
    expect(doc.changeLog).toEqual({ columns: ['Timestamp', 'Action', 'Result'], rows: [], hasPlaceholder: true });
    expect(doc.hasClosure).toBe(true);
  });

  it('takes a priority from the group heading when the item has none', () => {
    expect(item('B1').priority).toBe('P2');
    expect(item('B1').group).toBe('P2 - Network');
  });
});

describe('where items come from', () => {
  it('falls back to every top-level checkbox outside code, fences, inline code, dashboard and closure boxes excluded', () => {
    const doc = parseIssue(fixture('no-action-section.md'));
    expect(doc.items.map((i) => i.id)).toEqual(['A1', 'A2']);
    expect(doc.hasActionItemsSection).toBe(false);
    expect(doc.warnings).toEqual([expect.stringContaining('no "## Action Items (Tasks)" section')]);
    expect(doc.overallStatus).toBe('UNKNOWN');
  });

  it('yields no items and says why when every checkbox sits in a fence', () => {
    const doc = parseIssue(fixture('fenced-only.md'));
    expect(doc.items).toEqual([]);
    expect(doc.warnings).toEqual(['all 2 checkboxes sit inside code fences, so there are no action items']);
    expect(doc.overallStatus).toBe('GREEN');
  });

  it('ends a nested unclosed fence with its list item; a top-level one runs to the end, with a warning', () => {
    const doc = parseIssue(fixture('unbalanced-fence.md'));
    expect(doc.items.map((i) => i.id)).toEqual(['A1', 'A2']);
    expect(doc.items[0]?.commands).toBe('kubectl get nodes');
    expect(doc.items[1]?.goal).toBe('Still an item');
    expect(doc.warnings).toEqual([expect.stringContaining('line 12 is never closed')]);
  });

  it('reads the status-report era: bold Overall Status line, italic Last Updated, struck items', () => {
    const doc = parseIssue(fixture('status-report-era.md'));
    expect(doc.overallStatus).toBe('GREEN');
    expect(doc.lastUpdated).toBe('2026-05-03 18:02 CDT');
    expect(doc.items.map((i) => [i.title, i.checked])).toEqual([
      ['Renovate token expired', true],
      ['Issue: Kured reboot window too short', false],
      ['Investigate DNS latency on the IoT VLAN', false],
    ]);
    expect(buildPlan(doc).nextItem?.title).toBe('Issue: Kured reboot window too short');
  });

  it('reads a heading-form Overall Status and an H2 "Action Items" without "(Tasks)"', () => {
    const doc = parseIssue(fixture('status-heading.md'));
    expect(doc.overallStatus).toBe('YELLOW');
    expect(doc.lastUpdated).toBe('2026-05-09T08:00-05:00');
    expect(doc.items.map((i) => [i.title, i.priority, i.checked])).toEqual([
      ['Rotate the Gitea runner token', 'P1', false],
      ['Clear the noout flag', null, true],
    ]);
    expect(doc.changeLog?.hasPlaceholder).toBe(true);
  });

  it('reads the same body the same way whatever its line endings, trailing spaces or final newline', () => {
    const base = parseIssue(fixture('changelog-wrappers.md'));
    for (const name of ['crlf.md', 'no-final-newline.md', 'trailing-spaces.md', 'mixed-eol.md']) {
      const doc = parseIssue(fixture(name));
      expect({ ...doc, warnings: [] }, name).toEqual({ ...base, warnings: [] });
    }
    expect(base.changeLog?.rows).toEqual([['2026-05-08T13:50:00Z', 'Recon', 'Issue #90', 'Created', 'Baseline captured', '🔴']]);
  });

  it('treats a body with nothing maintenance-like as empty', () => {
    const doc = parseIssue('Just some text.\n\nNo checkboxes here.\n');
    expect(doc).toMatchObject({ title: null, overallStatus: null, lastUpdated: null, items: [], changeLog: null, hasClosure: false });
  });
});

describe('plan and focus', () => {
  const doc = parseIssue(fixture('header-forms.md'));

  it('next is the first unchecked item in document order, not the most urgent', () => {
    expect(buildPlan(doc).next).toBe('A1');
    const withA1Done = { ...doc, items: doc.items.map((i) => (i.id === 'A1' ? { ...i, checked: true } : i)) };
    expect(buildPlan(withA1Done).next).toBe('A2');
  });

  it('filters by layer (parts of compound layers), priority and ID', () => {
    const ids = (tokens: string[]) => buildPlan(doc, parseFocus(tokens, doc)).pending.map((i) => i.id);
    expect(ids(['Platform'])).toEqual(['B01']);
    expect(ids(['P0'])).toEqual(['A1', 'B00', 'A9']);
    expect(ids(['Metal,P0'])).toEqual(['A1', 'A9']);
    expect(ids(['critical'])).toEqual(['A1', 'B00', 'A9']);
    expect(ids(['b03', 'D1'])).toEqual(['B03', 'D1']);
    expect(ids(['Storage'])).toEqual([]); // D2 is Storage but already checked
  });

  it('matches a layer against the group heading too', () => {
    const d = parseIssue(fixture('details-forms.md'));
    expect(buildPlan(d, parseFocus(['Network'], d)).pending.map((i) => i.id)).toEqual(['B1', 'B2', 'B3']);
  });
});
