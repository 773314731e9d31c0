import { describe, expect, it } from 'vitest';
import { fixedNumbers, proposeRelated, renovatePackage, resolutionNote, type ThreadRef } from '../../src/domain/closure/related.js';
import { nextIds } from '../../src/domain/recon/propose.js';
import type { ActionItem } from '../../src/domain/issue/types.js';

const item = (id: string, title: string, checked = true): ActionItem => ({
  id,
  priority: 'P0',
  severity: 'CRITICAL',
  layer: 'System',
  title,
  checked,
  group: null,
  line: 1,
  goal: null,
  commands: null,
  expected: null,
  ifFails: null,
  rollback: null,
  notes: [],
  outOfOrder: false,
});
const thread = (t: Partial<ThreadRef> & { number: number; title: string }): ThreadRef => ({
  body: '',
  isPull: false,
  labels: [],
  poster: 'admin',
  createdAt: '2026-11-01T00:00:00Z',
  ...t,
});

describe('related issues and PRs (4.2)', () => {
  const input = {
    maintenance: { number: 42, body: 'Open Renovate PRs: #43, #44 (#48 CI failing); Dashboard #4' },
    items: [item('B1', 'Archive Ceph crash reports'), item('C1', 'Sync paperless'), item('D1', 'Restart osd.3', false)],
    merged: [{ number: 43, title: 'chore(deps): update grafana', body: 'Fixes #50' }],
    open: [
      thread({ number: 4, title: 'Dependency Dashboard', poster: 'renovate', body: 'Fixes nothing' }),
      thread({ number: 42, title: '[Maintenance] 2026-11-26', labels: ['maintenance'] }),
      thread({
        number: 44,
        title: 'update cloudflared to v2.1',
        isPull: true,
        headBranch: 'renovate/cloudflared-2.x',
        createdAt: '2026-11-02T00:00:00Z',
        checks: 'success',
        mergeable: true,
      }),
      thread({
        number: 49,
        title: 'update cloudflared to v2.2',
        isPull: true,
        headBranch: 'renovate/cloudflared-2.x',
        createdAt: '2026-11-20T00:00:00Z',
        checks: 'success',
        mergeable: true,
      }),
      thread({ number: 48, title: 'update paperless', isPull: true, headBranch: 'renovate/paperless-3.x', checks: 'failure', mergeable: true }),
      thread({ number: 50, title: 'Grafana dashboards blank', body: '' }),
      thread({ number: 51, title: 'Ceph crash warnings keep coming back', body: 'RECENT_CRASH after every reboot' }),
      thread({ number: 52, title: 'Feature request: add a ceph dashboard', labels: ['enhancement'] }),
      thread({ number: 53, title: 'Rotate the backup keys', body: 'follow-up to #42' }),
      thread({ number: 60, title: 'Unrelated: new Jellyfin library' }),
    ],
  };

  it('proposes each with its reasons; nothing on the Do NOT close list is pre-selected', () => {
    const got = proposeRelated(input);
    const by = new Map(got.map((p) => [p.number, p]));
    expect(by.has(42)).toBe(false);
    expect(by.has(60)).toBe(false);
    expect(by.get(4)).toMatchObject({ selected: false, hold: 'the Dependency Dashboard is never closed' });
    expect(by.get(44)).toMatchObject({ action: 'close-unmerged', selected: true });
    expect(by.get(44)!.reasons).toContain('superseded by #49 (newer cloudflared update)');
    expect(by.get(48)).toMatchObject({ action: 'merge', selected: false, hold: 'failing checks' });
    expect(by.get(50)).toMatchObject({ action: 'close', selected: true, reasons: ['fixed by merged PR #43'] });
    expect(by.get(51)).toMatchObject({ selected: true });
    expect(by.get(51)!.reasons[0]).toMatch(/^names .*ceph.*, which an item fixed$/);
    expect(by.get(52)).toMatchObject({ selected: false, hold: 'a feature request, separate work' });
    expect(by.get(53)).toMatchObject({ selected: true, reasons: ['child of #42'] });
  });

  it('reads Fixes/Closes links, Renovate branches, and writes the note that references the maintenance issue', () => {
    expect(fixedNumbers('Fixes #3, closes #7 and Resolves: #9; see #10')).toEqual([3, 7, 9]);
    expect(renovatePackage('renovate/cloudflared-2.x')).toBe('cloudflared');
    expect(renovatePackage('feature/x')).toBeNull();
    expect(resolutionNote(42, 'Resolved by the Ceph crash archive (B1)', '2026-11-26 12:00')).toBe(
      '> **Resolved as part of maintenance issue #42** (2026-11-26 12:00): Resolved by the Ceph crash archive (B1). See #42 for the full resolution details.\n\n',
    );
  });
});

describe('recon item IDs continue the body sequence', () => {
  it('A1…F1 → G1, G2; numeric → next numbers; none → R1', () => {
    expect(nextIds([item('A1', 'a'), item('F1', 'f'), item('B2', 'b')], 2)).toEqual(['G1', 'G2']);
    expect(nextIds([item('7', 'a'), item('9', 'b')], 2)).toEqual(['10', '11']);
    expect(nextIds([{ ...item('x', 'a'), id: null }], 1)).toEqual(['R1']);
  });
});
