import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { GateResult } from '../../../src/domain/health/types.js';
import { parseIssue } from '../../../src/domain/issue/index.js';
import { writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { Journal, stepRecords, unknownOutcomes } from '../../../src/services/journal/journal.js';
import type { ActionContext, ActionOutcome } from '../../../src/services/steps/ports.js';
import { StepEngine } from '../../../src/services/steps/step-engine.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../../../src/sim/gitea/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import type { TypedAction } from '../../../src/domain/steps/typed-action.js';

// Every outcome reaches the issue once, in the body's style, and the journal: done, failed,
// cancelled, deferred, rolled back, interrupted — against the Gitea simulator.

const ISSUE = 42;
function gate(overall: GateResult['overall']): GateResult {
  const g = (status: GateResult['overall']) => ({ status, healthyPercent: 100, reasons: [], offenders: [] });
  return { overall, gradedAt: new Date().toISOString(), layers: { metal: g('GREEN'), system: g(overall), platform: g('GREEN'), apps: g('GREEN') } };
}

let dir: string;
let sim: GiteaSim;
let client: GiteaClient;
let stores: Stores;
let journal: Journal;
let engine: StepEngine;
let nextGate: GateResult;
let act: (a: TypedAction, ctx: ActionContext) => Promise<ActionOutcome>;

async function refreshIssue() {
  const issue = await client.getIssue(ISSUE);
  stores.issue.setState({
    repo: 'ops/homelab',
    number: ISSUE,
    body: issue.body ?? '',
    contentVersion: issue.content_version ?? null,
    document: parseIssue(issue.body ?? ''),
  });
}
const body = async () => (await client.getIssue(ISSUE)).body ?? '';
const item = async (id: string) => parseIssue(await body()).items.find((i) => i.id === id)!;
const line = async (id: string) => (await body()).split('\n')[(await item(id)).line - 1]!;
const rows = async () => parseIssue(await body()).changeLog!.rows.map((r) => r.join(' | '));

function makeEngine() {
  return new StepEngine({
    stores,
    journal,
    executeAction: (a, ctx) => act(a, ctx),
    gate: async () => nextGate,
    writeBody: async (edit) => {
      const r = await writeBodyEdit(client, ISSUE, edit, { mode: 'content-version' });
      await refreshIssue();
      return r.outcome === 'conflict' ? { ok: false, reason: r.conflict } : { ok: true };
    },
    addLabel: async () => undefined,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'outcomes-'));
  sim = await startDemoGitea();
  client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' } });
  stores = createStores();
  stores.session.setState({ mode: 'WRITE' });
  await refreshIssue();
  journal = new Journal(path.join(dir, 'journal.jsonl'));
  nextGate = gate('YELLOW');
  act = async () => ({ ok: true, message: 'done' });
  engine = makeEngine();
});
afterEach(async () => {
  await client.close();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(id: string, typed = '', rollback = false) {
  const plan = rollback ? engine.planRollback({ id, line: 0 }) : engine.planStep({ id, line: 0 });
  if (!plan.ok) throw new Error(plan.reason);
  return engine.runStep(plan.request, typed);
}

describe('every outcome is written once, in the body’s own style', () => {
  test('C2 done → rolled back (unticked, note, row) → run again and ticked again; Overall Status follows each gate', async () => {
    expect((await run('C2')).ok).toBe(true);
    nextGate = gate('GREEN');
    // The gate ran in runStep; the verdict writes what it said.
    expect((await engine.judgeStep('pass')).ok).toBe(true);
    expect(await line('C2')).toMatch(/^- \[x\] .*\*\(completed .* — via homelab-console: `ceph osd unset noout`/);
    expect(parseIssue(await body()).overallStatus).toBe('YELLOW');

    nextGate = gate('RED');
    expect((await run('C2', '', true)).ok).toBe(true);
    expect((await engine.judgeStep('pass', 'noout back on while osd.8 is replaced')).ok).toBe(true);
    expect(await line('C2')).toMatch(/^- \[ \] \*\*C2 P1 Storage\*\*: Unset the noout flag \*\(rolled back .* — noout back on while osd\.8 is replaced\)\*$/);
    expect((await rows()).at(-1)).toMatch(/Rollback C2: Unset the noout flag .* rolled back: done in .*; noout back on/);
    expect(parseIssue(await body()).overallStatus).toBe('RED');

    nextGate = gate('GREEN');
    expect((await run('C2')).ok).toBe(true);
    expect((await engine.judgeStep('pass')).ok).toBe(true);
    expect(await line('C2')).toMatch(/^- \[x\] .*\*\(completed .*gate GREEN.*\)\*$/);
    expect(await line('C2')).not.toContain('rolled back');
    expect(parseIssue(await body()).overallStatus).toBe('GREEN');
    expect(await rows()).toHaveLength(3);
  });

  test('defer D5 without running it: open, marked deferred with the reason, a row; the journal has it', async () => {
    const r = await engine.deferItem({ id: 'D5', line: 0 }, 'merge after the PostgreSQL backup');
    expect(r.ok).toBe(true);
    expect(await item('D5')).toMatchObject({ checked: false, stateNote: { kind: 'deferred' } });
    expect(await line('D5')).toMatch(/\*\(deferred \d{4}-\d{2}-\d{2} — merge after the PostgreSQL backup\)\*$/);
    expect((await rows()).at(-1)).toMatch(/Defer D5: .*deferred — merge after the PostgreSQL backup/);
    const rec = stepRecords(journal.read().entries).at(-1)!;
    expect(rec.outcome).toMatchObject({ status: 'deferred', message: 'merge after the PostgreSQL backup' });
  });

  test('a step judged failed and a cancelled one each leave a row; the item stays open; the attempts count', async () => {
    await run('B1');
    expect((await engine.judgeStep('fail', 'crash list still shows two')).ok).toBe(true);
    expect((await rows()).at(-1)).toMatch(/B1: Archive Ceph crash reports .*judged failed \(attempt 1\): crash list still shows two/);

    // B2 restarts two OSDs; Ctrl-C during the second: the row says what had already run.
    let calls = 0;
    act = async (_a, ctx) => {
      calls += 1;
      if (calls === 1) return { ok: true, message: 'deployment/rook-ceph-osd-3 restarted and rolled out' };
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      return { ok: true, message: 'deployment/rook-ceph-osd-7 restarted and rolled out' };
    };
    const running = run('B2');
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.cancelStep()).toBe(true);
    const r = await running;
    expect(r.ok).toBe(false);
    expect(stores.step.getState().current).toMatchObject({ status: 'cancelled' });
    expect(stores.step.getState().current?.message).toMatch(/^cancelled \(already done: deployment\/rook-ceph-osd-3 restarted and rolled out\)/);
    expect((await rows()).at(-1)).toMatch(/B2: .*cancelled by the operator \(attempt 1; already done: deployment\/rook-ceph-osd-3 restarted/);
    expect((await item('B1')).checked).toBe(false);
    expect((await item('B2')).checked).toBe(false);
    expect(stores.step.getState().failures).toEqual({ B1: 1 });
    expect(stepRecords(journal.read().entries).map((x) => x.outcome?.status)).toEqual(['ran', 'cancelled']);
  });

  test('quitting while a step awaits its verdict records "interrupted — outcome unknown" in the issue and the journal', async () => {
    await run('B3');
    expect(engine.isBusy()).toMatchObject({ busy: true, reason: expect.stringContaining('awaits your verdict') });
    await engine.close();
    expect((await rows()).at(-1)).toMatch(/B3: .*interrupted — outcome unknown: it ran/);
    expect((await item('B3')).checked).toBe(false);
    const entries = journal.read().entries;
    expect(stepRecords(entries).at(-1)!.outcome).toMatchObject({ status: 'interrupted' });
    // The next session shows it as unknown until the operator verifies it.
    expect(unknownOutcomes(entries)).toHaveLength(1);
  });

  test('the completion note names the action that ran: the purge, not its first command', async () => {
    await run('C1', 'osd.8');
    await engine.judgeStep('pass');
    const l = await line('C1');
    expect(l).toContain('ceph osd purge 8');
    expect(l).not.toMatch(/via homelab-console: `ceph osd out 8`/);
  });
});
