import { describe, expect, test } from 'vitest';
import { planCommands, needsTerminal } from '../../../src/domain/steps/plan-step.js';
import { changeLogRow, completionNote, escalationSummary, type StepFacts } from '../../../src/domain/steps/completion.js';
import type { GateResult } from '../../../src/domain/health/types.js';

const TOOLS = 'kubectl -n rook-ceph exec deploy/rook-ceph-tools --';

describe('typed-action recognition', () => {
  // Merges are their own kind (test/domain/steps/merge-recognition.test.ts).
  test.each([
    [`${TOOLS} ceph crash archive-all`, [{ kind: 'ceph-crash-archive-all' }]],
    [`${TOOLS} ceph crash archive 2026-11-25T10:00:00.000000Z_abc`, [{ kind: 'ceph-crash-archive', crashId: '2026-11-25T10:00:00.000000Z_abc' }]],
    [`${TOOLS} ceph osd reweight osd.5 1.0`, [{ kind: 'ceph-osd-reweight', osd: 5, weight: 1 }]],
    [`ceph osd out 8`, [{ kind: 'ceph-osd-out', osd: 8 }]],
    [
      `ceph osd in 3 4`,
      [
        { kind: 'ceph-osd-in', osd: 3 },
        { kind: 'ceph-osd-in', osd: 4 },
      ],
    ],
    [`${TOOLS} ceph osd purge 8 --yes-i-really-mean-it`, [{ kind: 'ceph-osd-purge', osd: 8 }]],
    [`${TOOLS} ceph osd unset noout`, [{ kind: 'ceph-unset-noout' }]],
    ['ceph osd set noout', [{ kind: 'ceph-set-noout' }]],
    [
      'kubectl rollout restart deployment/paperless-ngx -n paperless\nkubectl rollout status deployment/paperless-ngx -n paperless',
      [{ kind: 'rollout-restart', namespace: 'paperless', workload: 'deployment', name: 'paperless-ngx', wait: true }],
    ],
    ['kubectl delete pod paperless-ngx-7d9f -n paperless', [{ kind: 'delete-pod', namespace: 'paperless', name: 'paperless-ngx-7d9f' }]],
    ['argocd app sync home-assistant\nargocd app wait home-assistant', [{ kind: 'argocd-sync', app: 'home-assistant', wait: true }]],
    ['argocd app get paperless --refresh', [{ kind: 'argocd-refresh', app: 'paperless' }]],
    ['curl -s -X PATCH "https://git.example/api/v1/repos/ops/homelab/pulls/48" -d \'{"state": "closed"}\'', [{ kind: 'pr-close', number: 48 }]],
    ['curl -s -X PATCH "https://git.example/api/v1/repos/ops/homelab/issues/4" -d \'{"state":"closed"}\'', [{ kind: 'issue-close', number: 4 }]],
    ['curl -s -X PATCH "${GITEA_URL}/api/v1/repos/ops/homelab/pulls/48" -d \'{"state": "closed"}\'', [{ kind: 'pr-close', number: 48 }]],
  ])('%s', (text, actions) => {
    const plan = planCommands(text, 'X1');
    expect(plan.kind).toBe('typed');
    expect(plan.actions).toEqual(actions);
  });

  test('a typed item keeps its read-only checks for display and runs only the actions', () => {
    const plan = planCommands(`${TOOLS} ceph crash archive-all && ${TOOLS} ceph health`, 'A1');
    expect(plan.commandText).toBe('ceph crash archive-all');
    expect(plan.checks).toEqual([`${TOOLS} ceph health`]);
    expect(plan.challenge).toBeNull();
  });

  test('a purge is typed and destructive: the challenge is the OSD', () => {
    const plan = planCommands(`${TOOLS} ceph osd out 8\n${TOOLS} ceph osd purge 8 --yes-i-really-mean-it`, 'B2');
    expect(plan.actions.map((a) => a.kind)).toEqual(['ceph-osd-out', 'ceph-osd-purge']);
    expect(plan.challenge).toBe('osd.8');
    expect(plan.destructive.map((d) => d.target)).toContain('osd.8');
  });

  test('writes mixed with typed actions make it a runbook (exact text runs)', () => {
    const text = 'kubectl get deploy -o yaml > /tmp/backup.yaml\nkubectl rollout restart deploy/x -n y';
    const plan = planCommands(text, 'A1');
    expect(plan.kind).toBe('runbook');
    expect(plan.commandText).toBe(text);
    expect(plan.readOnly).toBe(false);
  });

  test('placeholders and prose make manual steps; N/A is nothing', () => {
    expect(planCommands('git revert <commit> && git push', 'A1')).toMatchObject({ kind: 'manual', manualReason: expect.stringContaining('<commit>') });
    expect(planCommands('Review PR #50; list components', 'D1').kind).toBe('manual');
    expect(planCommands('N/A (monitoring task)', 'A3').kind).toBe('none');
    expect(planCommands(null, 'A3').kind).toBe('none');
  });

  test('interactive commands are recognised', () => {
    expect(needsTerminal('kubectl exec -it -n x pod -- sh')).toBe(true);
    expect(needsTerminal('ssh root@10.0.20.11')).toBe(true);
    expect(needsTerminal("ssh root@10.0.20.11 'df -h'")).toBe(false);
    expect(needsTerminal('kubectl get pods')).toBe(false);
  });
});

const gate = (overall: GateResult['overall']): GateResult => ({
  overall,
  gradedAt: '2026-11-26T10:00:00Z',
  layers: {
    metal: { status: 'GREEN', healthyPercent: 100, reasons: [], offenders: [] },
    system: { status: overall, healthyPercent: 90, reasons: overall === 'GREEN' ? [] : ['Ceph HEALTH_WARN'], offenders: [] },
    platform: { status: 'GREEN', healthyPercent: 100, reasons: [], offenders: [] },
    apps: { status: 'GREEN', healthyPercent: 100, reasons: [], offenders: [] },
  },
});

const facts: StepFacts = {
  itemId: 'A1',
  title: 'Archive Ceph crashes',
  kind: 'typed',
  commandText: 'ceph crash archive-all',
  exitCode: 0,
  durationMs: 1234,
  gate: gate('YELLOW'),
  at: new Date('2026-11-26T14:03:27Z'),
};

describe('completion text', () => {
  test('the note says when, what, the result and the gate', () => {
    expect(completionNote(facts)).toBe(
      'via homelab-console: `ceph crash archive-all` exit 0, 1.2 s; gate YELLOW (Metal GREEN, System YELLOW, Platform GREEN, Apps GREEN)',
    );
  });

  test('Change Log rows follow the table’s own columns', () => {
    expect(changeLogRow(['Timestamp', 'Phase', 'Item', 'Action', 'Result', 'Status After'], facts, 'ok | fine')).toEqual([
      '2026-11-26T14:03:27Z',
      'Execute',
      'A1',
      'A1: Archive Ceph crashes',
      'ok \\| fine',
      '🟡 YELLOW',
    ]);
    expect(changeLogRow(['Timestamp', 'Action', 'User', 'Result'], facts, 'done')).toEqual([
      '2026-11-26T14:03:27Z',
      'A1: Archive Ceph crashes',
      'homelab-console',
      'done',
    ]);
  });

  test('the escalation summary lists attempts, outputs and each layer', () => {
    const text = escalationSummary({
      itemId: 'A1',
      title: 'Archive Ceph crashes',
      reason: '3 failed attempts',
      attempts: [{ at: '2026-11-26T14:00:00Z', commandText: 'ceph crash archive-all', status: 'failed', exitCode: 1, outputTail: ['Error EIO'] }],
      gate: gate('RED'),
      at: new Date('2026-11-26T14:05:00Z'),
    });
    expect(text).toContain('### Escalation: A1 Archive Ceph crashes');
    expect(text).toContain('Attempt 1 (2026-11-26T14:00:00Z): `ceph crash archive-all` → failed, exit 1');
    expect(text).toContain('  Error EIO');
    expect(text).toContain('- System: 🔴 RED — Ceph HEALTH_WARN');
    expect(text).toContain('ceph osd set noout');
  });
});
