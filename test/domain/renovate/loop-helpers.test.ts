import { describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../../src/domain/health/types.js';
import type { ActionItem } from '../../../src/domain/issue/types.js';
import { majorUpdateChecklist } from '../../../src/domain/renovate/checklist.js';
import { classifyPr } from '../../../src/domain/renovate/classify.js';
import { findPrItem } from '../../../src/domain/renovate/pr-item.js';
import { revertChanges } from '../../../src/domain/renovate/revert-plan.js';
import { syncProgress } from '../../../src/domain/renovate/sync-progress.js';

const SHA = 'abcdef1234567890abcdef1234567890abcdef12';
const view = (
  name: string,
  syncStatus: string,
  healthStatus: string,
  revision: string | null,
  operationPhase: string | null = 'Succeeded',
): ApplicationView => ({
  namespace: 'argocd',
  name,
  syncStatus,
  healthStatus,
  revision,
  sourcePaths: [],
  repoURL: null,
  operationPhase,
});

describe('syncProgress', () => {
  it('tells waiting (not noticed), progressing, synced, degraded and missing apart', () => {
    const p = syncProgress(
      ['old', 'noticed', 'syncing', 'done', 'broken', 'failedop', 'gone'],
      [
        view('old', 'Synced', 'Healthy', '1111111'),
        view('noticed', 'OutOfSync', 'Degraded', SHA), // compared against the commit, not synced yet: old health
        view('syncing', 'Synced', 'Progressing', SHA, 'Running'),
        view('done', 'Synced', 'Healthy', SHA.slice(0, 7)),
        view('broken', 'Synced', 'Degraded', SHA),
        view('failedop', 'OutOfSync', 'Healthy', SHA, 'Failed'),
      ],
      SHA,
    );
    expect(p.apps.map((a) => [a.name, a.state])).toEqual([
      ['old', 'waiting'],
      ['noticed', 'progressing'],
      ['syncing', 'progressing'],
      ['done', 'synced'],
      ['broken', 'degraded'],
      ['failedop', 'degraded'],
      ['gone', 'missing'],
    ]);
    expect(p.done).toBe(false);
    expect(p.notNoticed).toEqual(['old']);
    expect(p.failed.map((a) => a.name)).toEqual(['broken', 'failedop']);
    expect(syncProgress(['done'], [view('done', 'Synced', 'Healthy', SHA)], SHA).done).toBe(true);
    expect(syncProgress([], [], SHA).done).toBe(true);
  });
});

describe('findPrItem', () => {
  const item = (id: string, title: string, checked = false, commands: string | null = null): ActionItem => ({
    id,
    priority: 'P2',
    severity: 'MEDIUM',
    layer: 'Apps',
    title,
    checked,
    group: null,
    line: 1,
    goal: null,
    commands,
    expected: null,
    ifFails: null,
    rollback: null,
    notes: [],
    outOfOrder: false,
  });
  it('prefers an open "merge PR #N" item, then any item naming it, then one whose commands merge it', () => {
    const items = [
      item('D1', 'Review PR #50 (bulk non-major deps)'),
      item('D2', 'If approved, merge PR #50 and validate'),
      item('D3', 'Review PR #52', false, 'Merge PR #52; wait for ArgoCD sync'),
    ];
    expect(findPrItem(items, 50)?.id).toBe('D2');
    expect(findPrItem(items, 52)?.id).toBe('D3');
    expect(findPrItem([item('X', 'Process Renovate PR #505')], 50)).toBeNull();
    expect(findPrItem([item('D2', 'merge PR #50', true)], 50)).toBeNull();
    expect(findPrItem([item('E1', '[Renovate] pulls/61 external-secrets v2')], 61)?.id).toBe('E1');
  });
});

describe('revertChanges', () => {
  it('restores changed files, deletes added ones, re-creates deleted ones, skips files already restored', () => {
    expect(
      revertChanges([
        { path: 'a.yaml', before: 'v1', current: 'v2', currentSha: 's-a' },
        { path: 'new.yaml', before: null, current: 'x', currentSha: 's-new' },
        { path: 'gone.yaml', before: 'old', current: null, currentSha: null },
        { path: 'same.yaml', before: 'v1', current: 'v1', currentSha: 's-same' },
        { path: 'never.yaml', before: null, current: null, currentSha: null },
      ]),
    ).toEqual([
      { operation: 'update', path: 'a.yaml', content: 'v1', sha: 's-a' },
      { operation: 'delete', path: 'new.yaml', sha: 's-new' },
      { operation: 'create', path: 'gone.yaml', content: 'old' },
    ]);
  });
});

describe('majorUpdateChecklist', () => {
  const body = (row: string) => `This PR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n${row}\n`;
  const base = {
    state: 'open',
    headBranch: 'renovate/x',
    headSha: null,
    baseBranch: 'main',
    author: null,
    labels: [],
    mergeable: true,
    draft: false,
    merged: false,
    createdAt: null,
    htmlUrl: null,
  };
  it('is empty for non-major updates and grows for databases and known components', () => {
    expect(majorUpdateChecklist(classifyPr({ ...base, number: 1, title: 'x', body: body('| grafana | minor | `1.0.0` → `1.1.0` |') }))).toEqual([]);
    const kps = majorUpdateChecklist(classifyPr({ ...base, number: 2, title: 'x', body: body('| kube-prometheus-stack | major | `81.6.3` → `82.2.0` |') }));
    expect(kps[0]!.text).toContain('kube-prometheus-stack 81.6.3 → 82.2.0');
    expect(kps.map((i) => i.text).join('\n')).toMatch(/ServiceMonitors discovered/);
    expect(kps.some((i) => i.id === 'db-backup')).toBe(false);
    const pg = majorUpdateChecklist(classifyPr({ ...base, number: 3, title: 'x', body: body('| postgres | major | `17.6` → `18.1` |') }));
    expect(pg.map((i) => i.id)).toEqual(['release-notes', 'crds', 'values-schema', 'secret-formats', 'rollback-plan', 'db-backup', 'db-dependents']);
  });
});
