import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { GateResult } from '../../../src/domain/health/types.js';
import { parseIssue } from '../../../src/domain/issue/index.js';
import { clearRegisteredSecrets, registerSecret, REDACTED } from '../../../src/domain/redact.js';
import { Journal, stepRecords } from '../../../src/services/journal/journal.js';
import { OUTPUT_FILE_BYTES, OUTPUT_FILES_KEPT, outputDirFor, saveStepOutput } from '../../../src/services/runner/output-file.js';
import type { RunOptions, RunningCommand } from '../../../src/services/runner/run-bash.js';
import { StepEngine } from '../../../src/services/steps/step-engine.js';
import { readSeedText } from '../../../src/sim/seed/read-seed.js';
import { createStores, type Stores } from '../../../src/store/index.js';

// Each step's full output is kept in the state dir beside the journal: one file per step, bounded,
// secrets masked, named by the step's outcome entry.

const SECRET = 'hunter2-cluster-admin-token';

function gate(overall: GateResult['overall']): GateResult {
  const g = (status: GateResult['overall']) => ({ status, healthyPercent: 100, reasons: [], offenders: [] });
  return { overall, gradedAt: new Date().toISOString(), layers: { metal: g('GREEN'), system: g(overall), platform: g('GREEN'), apps: g('GREEN') } };
}

let dir: string;
let stores: Stores;
let journal: Journal;
let printed: string[];

/** A runbook command that prints `printed` (as the runner would stream it) and exits 0. */
function fakeRun(opts: RunOptions): RunningCommand {
  opts.onLines?.(printed);
  return {
    pid: 1,
    cancel: () => false,
    result: Promise.resolve({ exitCode: 0, signal: null, durationMs: 5, tail: printed.slice(-5), cancelled: false, timedOut: false }),
  };
}

function engine(outputDir: string | undefined) {
  return new StepEngine({
    stores,
    journal,
    ...(outputDir ? { outputDir } : {}),
    runCommand: fakeRun,
    executeAction: async () => ({ ok: true, message: 'done' }),
    gate: async () => gate('GREEN'),
    writeBody: async () => ({ ok: true }),
    addLabel: async () => undefined,
  });
}

async function runE1(e: StepEngine) {
  const plan = e.planStep({ id: 'E1', line: 0 });
  if (!plan.ok) throw new Error(plan.reason);
  const r = await e.runStep(plan.request, '');
  expect(r.ok).toBe(true);
  return stepRecords(journal.read().entries).at(-1)!;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'step-output-'));
  stores = createStores();
  stores.session.setState({ mode: 'WRITE' });
  const body = readSeedText('maintenance-body.md');
  stores.issue.setState({ repo: 'ops/homelab', number: 42, body, contentVersion: 1, document: parseIssue(body) });
  journal = new Journal(path.join(dir, 'state', 'journal.jsonl'));
  registerSecret(SECRET);
});
afterEach(() => {
  clearRegisteredSecrets();
  rmSync(dir, { recursive: true, force: true });
});

describe("a step's full output in the state dir", () => {
  test('E1 ran: its output file beside the journal holds every line, the secret masked, mode 600; the outcome names it', async () => {
    printed = ['POOL  ID  PGS  STORED', ...Array.from({ length: 300 }, (_, i) => `pool-${i}  ${i}  32  1.${i} GiB`), `token=${SECRET} TOTAL 42 GiB`];
    const outDir = outputDirFor(journal.file);
    const rec = await runE1(engine(outDir));
    const file = rec.outcome!.outputFile!;
    expect(path.dirname(file)).toBe(path.join(dir, 'state', 'output'));
    expect(path.basename(file)).toBe(`${rec.intent.stepId}.log`);
    const text = readFileSync(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# Run E1: Check Ceph capacity after the osd\.8 purge — \d{4}-\d\d-\d\dT.* — step /);
    // Every line the command printed, in order (the outcome's tail keeps only the last few).
    expect(lines.slice(1)).toEqual(printed.map((l) => l.replace(SECRET, REDACTED)));
    expect(text).not.toContain(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('without a state dir nothing is written and the outcome names no file', async () => {
    printed = ['one line'];
    const rec = await runE1(engine(undefined));
    expect(rec.outcome!.outputFile).toBeUndefined();
    expect(readdirSync(path.join(dir, 'state'))).toEqual(['journal.jsonl']);
  });

  test('bounded: a runaway output keeps its newest lines within the byte bound and says how many it dropped', () => {
    const line = 'x'.repeat(999);
    const lines = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(5, '0')} ${line}`);
    const saved = saveStepOutput(path.join(dir, 'out'), { stepId: 's1', title: 'Run B2', at: new Date() }, lines, 7)!;
    const text = readFileSync(saved.file, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(OUTPUT_FILE_BYTES + 200);
    expect(saved.lines).toBeLessThan(lines.length);
    expect(saved.dropped).toBe(7 + lines.length - saved.lines);
    expect(text.split('\n')[0]).toContain(`${saved.dropped} earlier lines not kept`);
    // The newest line is last; the oldest kept follows the last dropped one.
    expect(text.trimEnd().split('\n').at(-1)).toBe(lines.at(-1));
    expect(text.split('\n')[1]).toBe(lines[lines.length - saved.lines]);
  });

  test(`the directory keeps the newest ${OUTPUT_FILES_KEPT} step files`, () => {
    const out = path.join(dir, 'out');
    saveStepOutput(out, { stepId: 'oldest', title: 't', at: new Date() }, ['a']);
    // Older than every file written after it, whatever the clock's resolution.
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(out, 'oldest.log'), old, old);
    for (let i = 0; i < OUTPUT_FILES_KEPT; i++) saveStepOutput(out, { stepId: `s${i}`, title: 't', at: new Date() }, ['b']);
    const files = readdirSync(out);
    expect(files).toHaveLength(OUTPUT_FILES_KEPT);
    expect(files).not.toContain('oldest.log');
  });
});
