import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { GateResult } from '../../../src/domain/health/types.js';
import { parseIssue } from '../../../src/domain/issue/index.js';
import type { TypedAction } from '../../../src/domain/steps/typed-action.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import { Journal, stepRecords } from '../../../src/services/journal/journal.js';
import type { ActionOutcome } from '../../../src/services/steps/ports.js';
import { StepEngine } from '../../../src/services/steps/step-engine.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../../../src/sim/gitea/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import type { RunMode } from '../../../src/store/session-store.js';

const ISSUE = 42;

function gate(overall: GateResult['overall']): GateResult {
  const g = (status: GateResult['overall']) => ({
    status,
    healthyPercent: status === 'GREEN' ? 100 : 80,
    reasons: status === 'GREEN' ? [] : ['Ceph HEALTH_WARN: OSDMAP_FLAGS'],
    offenders: [],
  });
  return { overall, gradedAt: new Date().toISOString(), layers: { metal: g('GREEN'), system: g(overall), platform: g('GREEN'), apps: g('GREEN') } };
}

interface World {
  sim: GiteaSim;
  client: GiteaClient;
  stores: Stores;
  engine: StepEngine;
  journal: Journal;
  actions: TypedAction[];
  gates: number;
  actionResult: ActionOutcome;
  gateResult: GateResult;
}

let dir: string;
let w: World;

async function refreshIssue(stores: Stores, client: GiteaClient): Promise<string> {
  const issue = await client.getIssue(ISSUE);
  stores.issue.setState({
    repo: 'ops/homelab',
    number: ISSUE,
    body: issue.body ?? '',
    contentVersion: issue.content_version ?? null,
    document: parseIssue(issue.body ?? ''),
    labels: (issue.labels ?? []).map((l) => l.name),
  });
  return issue.body ?? '';
}

async function setup(mode: RunMode): Promise<World> {
  const sim = await startDemoGitea();
  const client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' } });
  const stores = createStores();
  stores.session.setState({ mode });
  await refreshIssue(stores, client);
  const journal = new Journal(path.join(dir, 'journal.jsonl'));
  const world = {
    sim,
    client,
    stores,
    journal,
    actions: [] as TypedAction[],
    gates: 0,
    actionResult: { ok: true, message: 'done' },
    gateResult: gate('YELLOW'),
  } as World;
  world.engine = new StepEngine({
    stores,
    journal,
    executeAction: async (action) => {
      world.actions.push(action);
      return world.actionResult;
    },
    gate: async () => {
      world.gates += 1;
      return world.gateResult;
    },
    writeBody: async (edit) => {
      const r = await writeBodyEdit(client, ISSUE, edit, { mode: 'content-version' });
      await refreshIssue(stores, client);
      return r.outcome === 'conflict' ? { ok: false, reason: r.conflict } : { ok: true };
    },
    addLabel: async (name) => {
      await client.addIssueLabels(ISSUE, [name], { [name]: { color: '#d93f0b' } });
    },
    now: () => new Date('2026-11-26T14:03:00Z'),
  });
  return world;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'steps-'));
});
afterEach(async () => {
  await w?.client.close();
  await w?.sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const body = async () => (await w.client.getIssue(ISSUE)).body ?? '';
const writes = () => w.sim.world.counters.attempted;

describe('step engine on the simulated Gitea', () => {
  test('run an item: exact action shown, gate run and shown, body ticked with the note and a Change Log row', async () => {
    w = await setup('WRITE');
    const plan = w.engine.planStep({ id: 'B1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.command).toBe('ceph crash archive-all');
    expect(plan.request.challenge).toBeNull();
    expect(w.stores.step.getState().current).toMatchObject({ itemId: 'B1', status: 'awaiting-confirm', phase: 'plan' });

    const ran = await w.engine.runStep(plan.request, '');
    expect(ran.ok).toBe(true);
    expect(w.actions).toEqual([{ kind: 'ceph-crash-archive-all' }]);
    expect(w.gates).toBe(1);
    expect(w.stores.health.getState().gate?.overall).toBe('YELLOW');
    expect(w.stores.step.getState().current).toMatchObject({ status: 'awaiting-judgement', phase: 'verify' });
    // Nothing is written before the operator accepts the step.
    expect(writes()).toBe(0);
    expect(await body()).toMatch(/- \[ \] \*\*B1 /);

    const judged = await w.engine.judgeStep('pass', 'crash list empty');
    expect(judged.ok).toBe(true);
    const after = await body();
    const b1 = after.split('\n').find((l) => l.includes('**B1 '))!;
    expect(b1).toMatch(/^- \[x\] \*\*B1 P0 Storage\*\*: Archive Ceph crash reports/);
    expect(b1).toContain('via homelab-console: `ceph crash archive-all`');
    expect(b1).toContain('gate YELLOW');
    expect(b1).toContain('crash list empty');
    const log = after.slice(after.indexOf('## Change Log'));
    expect(log).toMatch(/\|[^\n]*B1[^\n]*Archive Ceph crash reports[^\n]*\|/);
    expect(after).toMatch(/\*\*Overall Status\*\*\s*\|\s*[^|\n]*YELLOW/);
    expect(w.stores.step.getState().current).toMatchObject({ status: 'passed', phase: 'next' });
    expect(w.sim.world.counters.byOperation).toBeTruthy();

    const records = stepRecords(w.journal.read().entries);
    expect(records).toHaveLength(1);
    expect(records[0]!.outcome?.status).toBe('ran');
    expect(records[0]!.events.map((e) => e.event)).toEqual(['judged', 'body-updated']);
  });

  test('a destructive item refuses without the typed challenge, runs with it', async () => {
    w = await setup('WRITE');
    const plan = w.engine.planStep({ id: 'C1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.challenge).toBe('osd.8');
    expect(plan.request.notes.some((n) => n.startsWith('DESTRUCTIVE'))).toBe(true);
    for (const typed of ['', 'osd8', 'yes', 'osd.9']) {
      const r = await w.engine.runStep(plan.request, typed);
      expect(r).toEqual({ ok: false, reason: 'destructive step: type osd.8 exactly to run it' });
    }
    expect(w.actions).toEqual([]);
    expect(writes()).toBe(0);
    const r = await w.engine.runStep(plan.request, 'osd.8');
    expect(r.ok).toBe(true);
    expect(w.actions).toEqual([
      { kind: 'ceph-osd-out', osd: 8 },
      { kind: 'ceph-osd-purge', osd: 8 },
    ]);
  });

  test('read-only mode sends no write at all: steps, ticks and escalation are refused', async () => {
    w = await setup('READ-ONLY');
    const plan = w.engine.planStep({ id: 'B1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.notes).toContain('READ-ONLY mode: this step writes and will be refused.');
    expect((await w.engine.runStep(plan.request, '')).ok).toBe(false);
    const esc = w.engine.planEscalation({ id: 'B1', line: 0 }, 'operator request');
    if (!esc.ok) throw new Error(esc.reason);
    expect((await w.engine.runStep(esc.request, '')).ok).toBe(false);
    const safe = w.engine.planSafeState();
    if (!safe.ok) throw new Error(safe.reason);
    expect((await w.engine.runStep(safe.request, '')).ok).toBe(false);
    expect(w.actions).toEqual([]);
    expect(writes()).toBe(0);
    expect(w.sim.world.counters.byOperation).toEqual({});
  });

  test('dry-run shows what would run and sends nothing', async () => {
    w = await setup('DRY-RUN');
    const plan = w.engine.planStep({ id: 'B3', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.dryRun).toBe(true);
    const r = await w.engine.runStep(plan.request, '');
    expect(r).toEqual({ ok: true, message: 'would run: ceph osd reweight 5 1' });
    expect(w.stores.step.getState().current?.status).toBe('dry-run');
    expect(w.actions).toEqual([]);
    expect(writes()).toBe(0);
  });

  test('a failed step is never ticked; after 3 failures escalation labels, summarises, stops, and offers noout', async () => {
    w = await setup('WRITE');
    w.actionResult = { ok: false, message: 'Error EIO: crash archive failed' };
    w.gateResult = gate('RED');
    for (let i = 1; i <= 3; i++) {
      const plan = w.engine.planStep({ id: 'B1', line: 0 });
      if (!plan.ok) throw new Error(plan.reason);
      expect(w.stores.step.getState().current?.attempt).toBe(i);
      const r = await w.engine.runStep(plan.request, '');
      expect(r.ok).toBe(false);
      expect(w.stores.step.getState().current?.status).toBe('failed');
      expect((await w.engine.judgeStep('pass')).ok).toBe(false);
    }
    expect(w.gates).toBe(3);
    expect(w.stores.step.getState().failures).toEqual({ B1: 3 });
    expect(w.stores.step.getState().current?.message).toContain('3 failed attempts: escalate');
    // Each failure is a Change Log row (with the gate's status); the item is never ticked.
    const failedRows = parseIssue(await body()).changeLog!.rows.filter((r) => /failed \(attempt [123]\): Error EIO/.test(r.join(' ')));
    expect(failedRows).toHaveLength(3);
    expect(parseIssue(await body()).overallStatus).toBe('RED');
    expect(await body()).toMatch(/- \[ \] \*\*B1 /);

    const esc = w.engine.planEscalation({ id: 'B1', line: 0 }, '3 failed attempts');
    if (!esc.ok) throw new Error(esc.reason);
    const r = await w.engine.runStep(esc.request, '');
    expect(r.ok).toBe(true);
    const issue = await w.client.getIssue(ISSUE);
    expect((issue.labels ?? []).map((l) => l.name)).toContain('needs-human');
    const text = issue.body ?? '';
    expect(text).toContain('### Escalation: B1 Archive Ceph crash reports');
    expect(text.match(/- Attempt \d/g)).toHaveLength(3);
    expect(text).toContain('Error EIO: crash archive failed');
    expect(text).toContain('- System: 🔴 RED');
    expect(text.indexOf('### Escalation')).toBeLessThan(text.indexOf('## Change Log'));

    // Stopped: no other step runs; the safe state does.
    const next = w.engine.planStep({ id: 'B3', line: 0 });
    expect(next.ok).toBe(false);
    const safe = w.engine.planSafeState();
    if (!safe.ok) throw new Error(safe.reason);
    w.actionResult = { ok: true, message: 'noout is set' };
    expect((await w.engine.runStep(safe.request, '')).ok).toBe(true);
    expect(w.actions.at(-1)).toEqual({ kind: 'ceph-set-noout' });
  });

  test('rollback is its own confirmed step, recorded in the Change Log and never ticked', async () => {
    w = await setup('WRITE');
    const plan = w.engine.planRollback({ id: 'B3', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.action).toBe('rollback');
    expect(plan.request.command).toBe('ceph osd reweight 5 0');
    expect(plan.request.challenge).toBe('osd.5');
    expect((await w.engine.runStep(plan.request, '')).ok).toBe(false);
    expect((await w.engine.runStep(plan.request, 'osd.5')).ok).toBe(true);
    expect((await w.engine.judgeStep('pass')).ok).toBe(true);
    const after = await body();
    expect(after).toMatch(/- \[ \] \*\*B3 /);
    expect(after.slice(after.indexOf('## Change Log'))).toContain('Rollback B3');
  });

  test('a runbook step streams into the bounded pane; a non-zero exit fails it', async () => {
    w = await setup('WRITE');
    // D5 in the demo is a review item; make a runbook out of an item by swapping its Commands.
    const doc = w.stores.issue.getState().document!;
    const item = doc.items.find((i) => i.id === 'E1')!;
    w.stores.issue.setState({
      document: { ...doc, items: doc.items.map((i) => (i === item ? { ...i, commands: 'echo checking; echo capacity ok; exit 4' } : i)) },
    });
    const plan = w.engine.planStep({ id: 'E1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    const r = await w.engine.runStep(plan.request, '');
    expect(r).toEqual({ ok: false, reason: 'exit 4' });
    expect(w.stores.step.getState().output).toEqual(['checking', 'capacity ok']);
    expect(w.stores.step.getState().current).toMatchObject({ status: 'failed', exitCode: 4 });
    const rec = stepRecords(w.journal.read().entries)[0]!;
    expect(rec.outcome).toMatchObject({ status: 'failed', exitCode: 4, outputTail: ['checking', 'capacity ok'] });
  });

  test('after a crash: unknown outcomes are loaded with what the journal knows, hold every step, and each finding reaches journal and body', async () => {
    w = await setup('WRITE');
    const intent = (stepId: string, itemId: string, itemLine: number, title: string) =>
      w.journal.append({
        type: 'intent',
        stepId,
        at: '2026-11-26T13:00:00Z',
        issue: 'ops/homelab#42',
        itemId,
        itemLine,
        title,
        kind: 'runbook',
        commandText: 'ceph osd in osd.3',
        mode: 'WRITE',
        attempt: 1,
      });
    // B1 died while running, with a surviving process group; B2 ran and died before its verdict.
    const survivor = spawn('bash', ['-c', 'exec sleep 300'], { detached: true, stdio: 'ignore' });
    try {
      intent('lost', 'B1', 0, 'Archive crashes');
      w.journal.append({ type: 'event', stepId: 'lost', at: '2026-11-26T13:00:01Z', event: 'spawned', detail: 'process group', pgid: survivor.pid! });
      intent('noverdict', 'B2', 0, 'Restart osd.3');
      w.journal.append({
        type: 'outcome',
        stepId: 'noverdict',
        at: 't',
        status: 'ran',
        exitCode: 0,
        durationMs: 1200,
        outputTail: ['osd.3 up'],
        message: null,
      });
      // A torn tail from the crash: set aside and said at load.
      appendFileSync(w.journal.file, '{"type":"event","stepId":"half');

      const loaded = w.engine.loadUnknownOutcomes();
      expect(loaded.count).toBe(2);
      expect(loaded.torn).toMatch(/torn last line \(\d+ bytes .*set aside in .*journal\.jsonl\.torn/);
      const [lost, noverdict] = w.stores.step.getState().unknownOutcomes;
      expect(lost).toMatchObject({ stepId: 'lost', title: 'B1 Archive crashes', commandText: 'ceph osd in osd.3', acknowledged: false });
      expect(lost!.known[0]).toBe('no outcome: the console died while it ran');
      expect(lost!.groups).toEqual([{ pgid: survivor.pid, alive: true, members: [`${survivor.pid} sleep 300`] }]);
      expect(noverdict!.known[0]).toMatch(/^ran \(exit 0, 1\.2 s\); the console died before your verdict/);

      // Held: nothing plans or runs until each is verified.
      const refused = w.engine.planStep({ id: 'B3', line: 0 });
      expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/^outcome unknown — verify: B1 Archive crashes .* and 1 more/) });
      expect((await w.engine.deferItem({ id: 'B3', line: 0 }, 'later')).ok).toBe(false);

      expect(await w.engine.verifyUnknown('lost', 'failed', 'crashes still listed')).toMatchObject({ ok: true });
      expect(await w.engine.verifyUnknown('noverdict', 'done', 'osd.3 is up')).toMatchObject({ ok: true });
      expect(w.engine.heldReason()).toBeNull();
      expect(w.engine.planStep({ id: 'B3', line: 0 }).ok).toBe(true);

      const text = await body();
      expect(text).toMatch(/- \[x\] \*\*B2 .*\(completed .* — verified after a crash — osd\.3 is up\)/);
      expect(text).toMatch(/- \[ \] \*\*B1 P0 Storage\*\*: Archive Ceph crash reports\n/);
      expect(text).toContain('Verify B1 Archive crashes');
      expect(text).toMatch(/outcome unknown — verify after a crash \(started 2026-11-26T13:00:00Z\); verified failed by the operator: crashes still listed/);
      const records = stepRecords(w.journal.read().entries);
      expect(records.find((r) => r.intent.stepId === 'lost')!.outcome).toMatchObject({ status: 'failed' });
      expect(records.find((r) => r.intent.stepId === 'noverdict')!.outcome).toMatchObject({ status: 'verified-by-operator' });
      expect(records.find((r) => r.intent.stepId === 'noverdict')!.events.map((e) => e.event)).toEqual(['verified', 'body-updated']);
      expect(w.engine.loadUnknownOutcomes().count).toBe(0);

      // "Still unknown" is recorded and lets this session go on; the next start shows it again.
      intent('again', 'B3', 0, 'Something');
      w.engine.loadUnknownOutcomes();
      expect(w.engine.heldReason()).not.toBeNull();
      expect(await w.engine.verifyUnknown('again', 'unknown')).toMatchObject({ ok: true });
      expect(w.engine.heldReason()).toBeNull();
      expect(await body()).toContain('still unknown: the operator could not verify it');
      expect(w.engine.loadUnknownOutcomes().count).toBe(1);
    } finally {
      survivor.kill('SIGKILL');
    }
  });
});
