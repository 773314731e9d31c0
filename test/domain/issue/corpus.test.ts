import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/domain/issue/plan.js';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import type { IssueDocument } from '../../../src/domain/issue/types.js';
import { hasShared, listCorpus, readCorpus, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';

/**
 * Expectations written by reading each body in ../shared/corpus/issues. Items are
 * `ID PRIORITY LAYER` (`-` for none), with ` x` when checked.
 */
interface Expected {
  title: string;
  status: IssueDocument['overallStatus'];
  lastUpdated: string | null;
  actionSection: boolean;
  items: string[];
  /** IDs (or 1-based item positions) of items that have Commands; 'all' when every item has them. */
  commands: 'all' | 'none';
  groups: Array<string | null>;
  changeLog: { columns: number; rows: number; placeholder: boolean } | null;
  closure: boolean;
  next: string | null;
  outOfOrder: string[];
  warnings: number;
  check?: (doc: IssueDocument) => void;
}

const byId = (doc: IssueDocument, id: string) => {
  const item = doc.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

const EXPECTED: Record<string, Expected> = {
  '2025-12-09-maintenance-report-issue-wrapper.md': {
    title: 'Gitea Issue Update - Homelab Maintenance Report 2025-12-09',
    status: 'YELLOW',
    lastUpdated: '2025-12-09T23:26:38-06:00',
    actionSection: true,
    items: ['- P1 -', '- P1 -', '- - - x', '- - - x', '- - - x', '- - - x'],
    commands: 'none',
    groups: ['High Priority', 'High Priority', 'Completed ✅', 'Completed ✅', 'Completed ✅', 'Completed ✅'],
    changeLog: null,
    closure: false,
    next: null,
    outOfOrder: [],
    warnings: 0,
    check(doc) {
      expect(doc.items.map((i) => i.title)).toEqual([
        'Monitor Ceph slow BlueStore OSD',
        'Address monitor disk space warnings (d, f, g)',
        'Resolve OSD daemon crashes (629 → 0)',
        'Bring all OSDs online (7/9 → 7/7)',
        'Clear noout flag',
        'Restore cluster to operational state',
      ]);
      expect(doc.items[0]?.notes[0]).toBe('Identify slow OSD: `kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph health detail`');
      expect(buildPlan(doc).nextItem?.title).toBe('Monitor Ceph slow BlueStore OSD');
    },
  },
  '2025-12-15-status-report-era0-body.md': {
    title: 'Homelab Status Report - 2025-12-15',
    status: 'GREEN',
    lastUpdated: '2025-12-15 17:52 CST',
    actionSection: false,
    items: ['- - - x', '- - - x', '- - - x'],
    commands: 'none',
    groups: ['Configuration Concerns', 'Configuration Concerns', 'Configuration Concerns'],
    changeLog: null,
    closure: false,
    next: null,
    outOfOrder: [],
    warnings: 1,
    check(doc) {
      expect(doc.items.map((i) => i.title)).toEqual([
        'Renovate token expired',
        'GPU operator nvidia-container-toolkit incompatible',
        'Ceph mon h low space warning',
      ]);
      expect(doc.items[0]?.notes).toEqual(['Was transient issue, now working']);
    },
  },
  '2026-01-28-maintenance-body.md': {
    title: '[Maintenance] 2026-01-28 - Homelab',
    status: 'RED',
    lastUpdated: '2026-01-28 17:51',
    actionSection: true,
    items: [
      'A1 P0 Apps',
      'A2 P0 Platform',
      'A3 P0 Apps',
      'B1 P0 Apps',
      'B2 P0 Apps',
      'B3 P0 Apps/Platform',
      'C1 P1 System',
      'C2 P1 System',
      'D1 P2 Platform/System',
      'D2 P2 Platform/System',
      'D3 P2 Apps',
      'D4 P2 Apps',
      'D5 P2 System/Storage',
      'D6 P2 System/Storage',
      'E1 P3 Tooling',
      'F1 P0 All',
    ],
    commands: 'all',
    groups: [
      ...Array(3).fill('Phase A: Preflight'),
      ...Array(3).fill('Phase B: Critical (P0)'),
      ...Array(2).fill('Phase C: High (P1)'),
      ...Array(6).fill('Phase D: Medium (P2)'),
      'Phase E: Low (P3)',
      'Phase F: Final Validation',
    ],
    changeLog: { columns: 6, rows: 0, placeholder: true },
    closure: true,
    next: 'A1',
    outOfOrder: ['F1'],
    warnings: 0,
    check(doc) {
      expect(byId(doc, 'A2').commands).toBe('kubectl -n zot get pods -o wide; kubectl -n zot get svc -o wide');
      expect(byId(doc, 'B2').rollback).toBe('Revert the PR (new PR) to restore prior image reference');
      expect(byId(doc, 'E1').ifFails).toBe('Run with bash -x to identify failing line; capture stdout/stderr');
      expect(doc.changeLog?.columns).toEqual(['Timestamp', 'Phase', 'Item', 'Action', 'Result', 'Status After']);
    },
  },
  '2026-01-30-maintenance-body-issue53.md': {
    title: '[Maintenance] 2026-01-30 - Homelab',
    status: 'GREEN',
    lastUpdated: '2026-01-30 19:15 CST',
    actionSection: true,
    items: ['A1 P2 -', 'A2 P2 -', 'A3 P3 -'],
    commands: 'all',
    groups: [null, null, null],
    changeLog: { columns: 4, rows: 4, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: [],
    warnings: 0,
    check(doc) {
      // A fenced block indented under `**Commands**: ` (trailing space), its indentation removed.
      expect(byId(doc, 'A3').commands).toBe(
        'kubectl describe node growlithe | grep -A5 Conditions\nkubectl get events -A --field-selector involvedObject.name=growlithe | grep InvalidDiskCapacity',
      );
      expect(byId(doc, 'A1').commands).toContain(
        'curl -X POST "https://git.eaglepass.io/api/v1/repos/ops/homelab/pulls/54/merge" \\\n  -H "Authorization: token $GITEA_TOKEN"',
      );
      expect(byId(doc, 'A1').rollback).toBe('`git revert <commit>` + ArgoCD sync');
      expect(doc.changeLog?.rows[3]).toEqual(['2026-01-30 19:15', 'Evening recon update', 'opencode', 'GREEN status confirmed, PRs still pending']);
    },
  },
  '2026-01-31-maintenance-body-issue53-1656z.md': {
    title: '[Maintenance] 2026-01-31 - Homelab',
    status: 'YELLOW',
    lastUpdated: '2026-01-31 11:05 CST',
    actionSection: true,
    items: ['A0 P1 -', 'A1 P2 -', 'A2 P2 -'],
    commands: 'all',
    groups: [null, null, null],
    changeLog: { columns: 4, rows: 2, placeholder: false },
    closure: true,
    next: 'A0',
    outOfOrder: [],
    warnings: 0,
    check(doc) {
      expect(byId(doc, 'A0').ifFails).toBe('Escalation required (Hardware check)');
      expect(byId(doc, 'A1').ifFails).toBeNull();
      expect(byId(doc, 'A2').ifFails).toBeNull();
      expect(byId(doc, 'A0').commands?.split('\n')).toHaveLength(7);
      expect(byId(doc, 'A0').expected).toBe('`ceph health` returns `HEALTH_OK` after restart/mitigation');
    },
  },
  '2026-01-31-maintenance-body-issue53-1903z.md': {
    title: '[Maintenance] 2026-01-31 - Homelab',
    status: 'RED',
    lastUpdated: '2026-01-31T13:03:31-06:00',
    actionSection: true,
    items: ['A1 P2 -', 'A2 P2 -', 'B1 P2 -', 'B2 P2 -', 'C1 P2 -', 'C2 P2 -', 'D1 P2 -', 'D2 P2 -', 'E1 P3 -', 'E2 P3 -'],
    commands: 'all',
    groups: [
      'P2 - Network',
      'P2 - Network',
      'P2 - Storage (NAS)',
      'P2 - Storage (NAS)',
      'P2 - Platform (Renovate)',
      'P2 - Platform (Renovate)',
      'P2 - Apps (Renovate)',
      'P2 - Apps (Renovate)',
      'P3 - Renovate Dashboard Problems',
      'P3 - Renovate Dashboard Problems',
    ],
    changeLog: { columns: 6, rows: 1, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: [],
    warnings: 0,
    check(doc) {
      // Blank lines inside the fence are kept; blank lines around it are not part of it.
      expect(byId(doc, 'A1').commands).toBe(
        [
          '~/.config/opencode/scripts/homelab-network-check.sh --verbose || true',
          '',
          'for ip in 10.0.10.1 10.0.20.1 10.0.30.1 10.0.40.1 10.0.50.1; do',
          '  nc -zv -w 2 "$ip" 443 || true',
          'done',
          '',
          'ping -c 2 10.0.20.1 || true',
        ].join('\n'),
      );
      expect(doc.items.filter((i) => i.tags?.includes('Renovate')).map((i) => i.id)).toEqual(['C1', 'C2', 'D1', 'D2', 'E1', 'E2']);
      expect(byId(doc, 'C1').title).toBe('[Renovate] Review PR #55 (Renovate v46 major)');
      expect(doc.changeLog?.rows[0]?.[0]).toBe('2026-01-31T13:03:31-06:00');
    },
  },
  '2026-02-12-maintenance-body.md': {
    title: '[Maintenance] 2026-02-12 - Homelab',
    status: 'YELLOW',
    lastUpdated: '2026-02-12T15:45:00-06:00',
    actionSection: true,
    items: [
      'A1 P1 Metal',
      'B1 P2 Metal',
      'C1 P2 Network',
      'D1 P2 Storage',
      'E1 P2 Platform',
      'E2 P2 Platform',
      'E3 P2 Platform',
      'E4 P2 Platform',
      'F1 P2 Apps',
      'G1 P3 Platform',
      'G2 P3 Platform',
    ],
    commands: 'all',
    groups: [
      'P1 - Metal',
      'P2 - Metal',
      'P2 - Network',
      'P2 - Storage (NAS)',
      ...Array(4).fill('P2 - Platform (Renovate PRs)'),
      'P2 - Apps',
      'P3 - Platform (Improvements)',
      'P3 - Platform (Improvements)',
    ],
    changeLog: { columns: 6, rows: 1, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: [],
    warnings: 0,
    check(doc) {
      expect(byId(doc, 'C1').commands?.split('\n')[0]).toBe('# Backup existing script');
      expect(byId(doc, 'A1').commands).toContain('ssh brimdor@10.0.20.10 "ssh arcanine \'sudo crictl rmi --prune 2>/dev/null\'"');
      expect(byId(doc, 'C1').rollback).toBe('`cp ~/.config/opencode/scripts/homelab-network-check.sh.bak ~/.config/opencode/scripts/homelab-network-check.sh`');
    },
  },
  '2026-02-13-maintenance-body-issue64.md': {
    title: '[Maintenance] 2026-02-13 - Homelab',
    status: 'YELLOW',
    lastUpdated: '2026-02-13 09:10',
    actionSection: true,
    items: ['A1 P1 Storage', 'A2 P2 Metal', 'A3 P2 Apps'],
    commands: 'all',
    groups: ['High (P1)', 'Medium (P2)', 'Medium (P2)'],
    changeLog: { columns: 6, rows: 1, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: [],
    warnings: 0,
    check(doc) {
      expect(byId(doc, 'A1').commands).toBe(
        'kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph crash archive-all && kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph health',
      );
      // Rollback written without backticks stays as written.
      expect(byId(doc, 'A3').rollback).toBe('git revert <merge-commit> && git push');
      expect(byId(doc, 'A3').commands).toBe('Review PR #63 diff at https://git.eaglepass.io/ops/homelab/pulls/63, then merge via Gitea UI or API');
    },
  },
  '2026-02-23-maintenance-body-issue64.md': {
    title: '[Maintenance] 2026-02-23 - Homelab',
    status: 'GREEN',
    lastUpdated: '2026-02-23 09:06',
    actionSection: true,
    items: [
      'A1 P0 System',
      'C1 P1 Platform',
      'C2 P1 Platform',
      'C3 P1 Platform',
      'D1 P2 Storage',
      'D2 P2 Platform',
      'D3 P2 Platform',
      'D4 P2 Platform',
      'D5 P2 Apps',
      'E1 P3 Apps',
      'E2 P3 Apps',
      'E3 P3 Apps',
      'E4 P3 Apps',
      'F1 P0 System',
    ],
    commands: 'all',
    groups: ['Preflight', ...Array(3).fill('High (P1)'), ...Array(5).fill('Medium (P2)'), ...Array(4).fill('Low (P3)'), 'Final Validation'],
    changeLog: { columns: 6, rows: 2, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: ['F1'],
    warnings: 0,
    check(doc) {
      // `- [ ] ` and `- [x] ` inside inline code in Commands/Rollback are text, not items.
      expect(byId(doc, 'E1').commands).toContain("b=b.replace('- [ ] '+m,'- [x] '+m,1)");
      expect(byId(doc, 'E1').rollback).toContain("b=b.replace('- [x] '+m,'- [ ] '+m,1)");
      expect(doc.changeLog?.rows.map((r) => r[0])).toEqual(['2026-02-23 08:54', '2026-02-23 09:12']);
    },
  },
  '2026-03-07-maintenance-body-issue71.md': {
    title: '[Maintenance] 2026-03-07 - Homelab',
    status: 'YELLOW',
    lastUpdated: '2026-03-07 17:14',
    actionSection: true,
    items: [
      'A1 P0 Metal',
      'C3 P1 System',
      'C1 P1 Platform',
      'C4 P1 Platform',
      'C2 P1 Apps',
      'D1 P2 Platform',
      'D2 P2 Platform',
      'D3 P2 Platform',
      'D4 P2 Platform',
      'D5 P2 Platform',
      'F1 P0 System',
    ],
    commands: 'all',
    groups: ['Preflight', ...Array(4).fill('High (P1)'), ...Array(5).fill('Medium (P2)'), 'Final Validation'],
    changeLog: { columns: 6, rows: 2, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: ['F1'],
    warnings: 0,
    check(doc) {
      expect(byId(doc, 'C2').tags).toEqual(['Renovate']);
      expect(doc.changeLog?.rows.map((r) => r[0])).toEqual(['2026-03-07T22:43:00Z', '2026-03-07T22:50:00Z']);
    },
  },
  '2026-04-03-maintenance-body-issue79.md': {
    title: '[Maintenance] 2026-03-31 - Homelab',
    status: 'YELLOW',
    lastUpdated: '2026-04-03 13:42',
    actionSection: true,
    items: [
      'A1 P0 System',
      'B1 P0 Storage',
      'B2 P0 Storage',
      'C1 P1 Platform',
      'C2 P1 Storage',
      'C3 P1 Apps',
      'D1 P2 Platform',
      'D2 P2 Apps',
      'D3 P2 System',
      'D4 P2 Apps',
      'E1 P3 Storage',
      'F1 P0 System',
    ],
    commands: 'all',
    groups: ['Preflight', 'Critical (P0)', 'Critical (P0)', ...Array(3).fill('High (P1)'), ...Array(4).fill('Medium (P2)'), 'Low (P3)', 'Final Validation'],
    changeLog: { columns: 6, rows: 2, placeholder: false },
    closure: true,
    next: 'A1',
    outOfOrder: ['F1'],
    warnings: 0,
    check(doc) {
      expect(byId(doc, 'B1').commands).toContain('ceph crash archive-all');
      expect(byId(doc, 'C2').rollback).toBe('N/A - investigation and planning only');
    },
  },
};

function itemKey(i: IssueDocument['items'][number]): string {
  return `${i.id ?? '-'} ${i.priority ?? '-'} ${i.layer ?? '-'}${i.checked ? ' x' : ''}`;
}

describeCorpus(`issue model over every corpus body ${hasShared ? '' : SHARED_ABSENT}`, () => {
  it('has an expectation for every body in the corpus', () => {
    expect(listCorpus('issues', '.md').sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, want] of Object.entries(EXPECTED)) {
    describe(file, () => {
      const doc = parseIssue(readCorpus('issues', file));

      it('reads the document fields', () => {
        expect(doc.title).toBe(want.title);
        expect(doc.overallStatus).toBe(want.status);
        expect(doc.lastUpdated).toBe(want.lastUpdated);
        expect(doc.hasActionItemsSection).toBe(want.actionSection);
        expect(doc.hasClosure).toBe(want.closure);
        expect(doc.warnings).toHaveLength(want.warnings);
        if (want.changeLog === null) expect(doc.changeLog).toBeNull();
        else {
          expect(doc.changeLog?.columns).toHaveLength(want.changeLog.columns);
          expect(doc.changeLog?.rows).toHaveLength(want.changeLog.rows);
          expect(doc.changeLog?.hasPlaceholder).toBe(want.changeLog.placeholder);
          for (const row of doc.changeLog?.rows ?? []) expect(row).toHaveLength(want.changeLog.columns);
        }
      });

      it('reads exactly the action items: IDs, priorities, layers, state, groups', () => {
        expect(doc.items.map(itemKey)).toEqual(want.items);
        expect(doc.items.map((i) => i.group)).toEqual(want.groups);
        for (const item of doc.items) {
          expect(item.severity).toBe(item.priority ? { P0: 'CRITICAL', P1: 'HIGH', P2: 'MEDIUM', P3: 'LOW' }[item.priority] : null);
          expect(item.title.length).toBeGreaterThan(0);
        }
      });

      it('reads each item’s details', () => {
        for (const item of doc.items) {
          if (want.commands === 'all') {
            expect(item.commands, `${item.id} commands`).toBeTruthy();
            expect(item.goal, `${item.id} goal`).toBeTruthy();
            expect(item.expected, `${item.id} expected`).toBeTruthy();
            expect(item.rollback, `${item.id} rollback`).toBeTruthy();
            expect(item.notes).toEqual([]);
          } else {
            expect(item.commands).toBeNull();
          }
        }
        want.check?.(doc);
      });

      it('plans from the first unchecked item and flags items out of priority order', () => {
        expect(buildPlan(doc).next).toBe(want.next);
        expect(doc.items.filter((i) => i.outOfOrder).map((i) => i.id)).toEqual(want.outOfOrder);
      });

      it('gives each item the line its checkbox is on', () => {
        const lines = readCorpus('issues', file).split('\n');
        for (const item of doc.items) expect(lines[item.line - 1]).toMatch(/^[-*+] \[[ xX]\] /);
      });
    });
  }
});
