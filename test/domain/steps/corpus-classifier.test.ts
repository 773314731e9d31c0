import { expect, test } from 'vitest';
import { hasShared, listCorpus, readCorpus, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';
import { extractCommandTexts } from './corpus-commands.js';
import { planCommands } from '../../../src/domain/steps/plan-step.js';
import type { StepPlan } from '../../../src/domain/steps/plan-step.js';

/**
 * Expectations for EVERY Commands (c) and Rollback (r) text of the real maintenance bodies,
 * written by reading each one: how the console carries it out (typed actions, a bash runbook that
 * is provably read-only (ro) or not, a manual step for prose and `<placeholders>`, or nothing for
 * N/A) and, after `!`, the destructive rules that demand the typed confirmation.
 * Every PR merge, whatever its shape, plans as `merge N…` (the merge loop runs it; the item's other
 * commands run around it). Only `crictl rmi --prune` (image removal on a node) is destructive in this corpus; the merges,
 * reverts and `cp …bak` restores are writes, not destruction.
 */
const EXPECTED: Record<string, Record<string, string>> = {
  '2025-12-09-maintenance-report-issue-wrapper.md': {},
  '2025-12-15-status-report-era0-body.md': {},
  '2026-01-28-maintenance-body.md': {
    A1c: 'runbook ro',
    A1r: 'none',
    A2c: 'runbook ro',
    A2r: 'none',
    A3c: 'manual',
    A3r: 'none',
    B1c: 'manual',
    B1r: 'none',
    B2c: 'manual',
    B2r: 'manual',
    B3c: 'runbook ro',
    B3r: 'manual',
    C1c: 'manual',
    C1r: 'none',
    C2c: 'merge 51',
    C2r: 'manual',
    D1c: 'manual',
    D1r: 'none',
    D2c: 'merge 50',
    D2r: 'manual',
    D3c: 'manual',
    D3r: 'none',
    D4c: 'merge 52',
    D4r: 'manual',
    D5c: 'runbook ro',
    D5r: 'none',
    D6c: 'manual',
    D6r: 'none',
    E1c: 'manual',
    E1r: 'none',
    F1c: 'runbook ro',
    F1r: 'none',
  },
  '2026-01-30-maintenance-body-issue53.md': {
    A1c: 'merge 54',
    A1r: 'manual',
    A2c: 'merge 55',
    A2r: 'manual',
    A3c: 'runbook ro',
    A3r: 'none',
  },
  '2026-01-31-maintenance-body-issue53-1656z.md': {
    A0c: 'typed rollout-restart:rook-ceph-osd-2,rollout-restart:rook-ceph-osd-4',
    A0r: 'none',
    A1c: 'merge 54',
    A1r: 'manual',
    A2c: 'merge 55',
    A2r: 'manual',
  },
  '2026-01-31-maintenance-body-issue53-1903z.md': {
    A1c: 'runbook',
    A1r: 'none',
    A2c: 'runbook',
    A2r: 'runbook',
    B1c: 'runbook',
    B1r: 'none',
    B2c: 'runbook',
    B2r: 'runbook',
    C1c: 'runbook ro',
    C1r: 'none',
    C2c: 'merge 55',
    C2r: 'manual',
    D1c: 'runbook ro',
    D1r: 'none',
    D2c: 'merge 54',
    D2r: 'manual',
    E1c: 'runbook ro',
    E1r: 'manual',
    E2c: 'runbook ro',
    E2r: 'none',
  },
  '2026-02-12-maintenance-body.md': {
    A1c: 'runbook !crictl rmi',
    A1r: 'none',
    B1c: 'runbook !crictl rmi,crictl rmi',
    B1r: 'none',
    C1c: 'runbook',
    C1r: 'runbook',
    D1c: 'runbook',
    D1r: 'runbook',
    E1c: 'runbook ro',
    E1r: 'none',
    E2c: 'merge 54',
    E2r: 'manual',
    E3c: 'runbook ro',
    E3r: 'none',
    E4c: 'merge 61',
    E4r: 'manual',
    F1c: 'merge 62',
    F1r: 'manual',
    G1c: 'runbook ro',
    G1r: 'manual',
    G2c: 'runbook ro',
    G2r: 'none',
  },
  '2026-02-13-maintenance-body-issue64.md': {
    A1c: 'typed ceph-crash-archive-all',
    A1r: 'none',
    A2c: 'runbook ro',
    A2r: 'none',
    A3c: 'merge 63',
    A3r: 'manual',
  },
  '2026-02-23-maintenance-body-issue64.md': {
    A1c: 'runbook',
    A1r: 'none',
    C1c: 'runbook',
    C1r: 'none',
    C2c: 'merge 65',
    C2r: 'manual',
    C3c: 'runbook ro',
    C3r: 'manual',
    D1c: 'runbook',
    D1r: 'none',
    D2c: 'runbook',
    D2r: 'none',
    D3c: 'merge 63',
    D3r: 'manual',
    D4c: 'runbook ro',
    D4r: 'manual',
    D5c: 'runbook',
    D5r: 'manual',
    E1c: 'runbook',
    E1r: 'runbook',
    E2c: 'runbook',
    E2r: 'runbook',
    E3c: 'runbook',
    E3r: 'runbook',
    E4c: 'runbook',
    E4r: 'runbook',
    F1c: 'runbook',
    F1r: 'none',
  },
  '2026-03-07-maintenance-body-issue71.md': {
    A1c: 'runbook ro',
    A1r: 'none',
    C3c: 'runbook ro',
    C3r: 'manual',
    C1c: 'runbook ro',
    C1r: 'manual',
    C4c: 'runbook ro',
    C4r: 'manual',
    C2c: 'runbook ro',
    C2r: 'manual',
    D1c: 'runbook ro',
    D1r: 'none',
    D2c: 'runbook ro',
    D2r: 'none',
    D3c: 'runbook ro',
    D3r: 'none',
    D4c: 'runbook ro',
    D4r: 'none',
    D5c: 'runbook ro',
    D5r: 'none',
    F1c: 'runbook',
    F1r: 'manual',
  },
  '2026-04-03-maintenance-body-issue79.md': {
    A1c: 'runbook',
    A1r: 'none',
    B1c: 'typed ceph-crash-archive-all',
    B1r: 'none',
    B2c: 'runbook',
    B2r: 'manual',
    C1c: 'runbook ro',
    C1r: 'manual',
    C2c: 'runbook ro',
    C2r: 'none',
    C3c: 'runbook ro',
    C3r: 'none',
    D1c: 'runbook',
    D1r: 'manual',
    D2c: 'runbook ro',
    D2r: 'manual',
    D3c: 'runbook ro',
    D3r: 'none',
    D4c: 'runbook ro',
    D4r: 'none',
    E1c: 'runbook ro',
    E1r: 'none',
    F1c: 'runbook',
    F1r: 'manual',
  },
};

function summarise(p: StepPlan): string {
  const parts = [p.kind + (p.kind === 'runbook' && p.readOnly ? ' ro' : '')];
  if (p.prs?.length) parts.push(p.prs.join(','));
  if (p.actions.length)
    parts.push(p.actions.map((a) => a.kind + ('osd' in a ? `:${a.osd}` : 'number' in a ? `:${a.number}` : 'name' in a ? `:${a.name}` : '')).join(','));
  if (p.destructive.length) parts.push(`!${p.destructive.map((d) => d.rule).join(',')}`);
  return parts.join(' ');
}

describeCorpus(`classifier over every corpus Commands and Rollback text ${hasShared ? '' : SHARED_ABSENT}`, () => {
  const files = listCorpus('issues', '.md');

  test('every corpus body has an expectation table, and every text in it is covered', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
    for (const f of files) {
      const keys = extractCommandTexts(readCorpus('issues', f)).map((t) => `${t.item}${t.field === 'commands' ? 'c' : 'r'}`);
      expect(keys.sort(), f).toEqual(Object.keys(EXPECTED[f]!).sort());
    }
  });

  for (const f of files) {
    test(f, () => {
      const texts = extractCommandTexts(readCorpus('issues', f));
      for (const t of texts) {
        const key = `${t.item}${t.field === 'commands' ? 'c' : 'r'}`;
        expect(summarise(planCommands(t.text, t.item)), `${f} ${key}: ${t.text.slice(0, 120)}`).toBe(EXPECTED[f]![key]);
      }
    });
  }

  test('the destructive corpus items name what they hit and ask for the item ID', () => {
    const body = readCorpus('issues', '2026-02-12-maintenance-body.md');
    const a1 = extractCommandTexts(body).find((t) => t.item === 'A1' && t.field === 'commands')!;
    const plan = planCommands(a1.text, 'A1');
    expect(plan.destructive[0]!.command).toContain('ssh brimdor@10.0.20.10 › ssh arcanine › sudo crictl rmi --prune');
    expect(plan.challenge).toBe('A1');
  });
});
