import { describe, expect, test } from 'vitest';
import { runBash, WriteRefused } from '../../../src/services/runner/run-bash.js';
import { appendOutput } from '../../../src/services/runner/output-sink.js';
import { createStepStore, OUTPUT_LINE_CHARS, OUTPUT_LINES_KEPT } from '../../../src/store/step-store.js';
import { clearRegisteredSecrets, registerSecret } from '../../../src/domain/redact.js';
import { waitFor } from '../../support/wait.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('bash runner', () => {
  test('streams output line by line, records exit code, duration and tail', async () => {
    const seen: string[] = [];
    const run = runBash({ command: 'echo one; echo two >&2; printf "partial"; exit 3', mode: 'WRITE', onLines: (l) => seen.push(...l) });
    const r = await run.result;
    expect(r.exitCode).toBe(3);
    expect(seen.sort()).toEqual(['one', 'partial', 'two']);
    expect(r.tail).toHaveLength(3);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.cancelled).toBe(false);
  });

  test('output appears while the command still runs', async () => {
    const seen: string[] = [];
    const run = runBash({ command: 'echo first; read -t 20 x < /dev/zero; sleep 20', mode: 'WRITE', onLines: (l) => seen.push(...l), killGraceMs: 200 });
    await waitFor(() => seen.includes('first'), { what: 'first line before exit' });
    run.cancel();
    const r = await run.result;
    expect(r.cancelled).toBe(true);
  });

  test('cancel ends the whole process group: SIGTERM, then SIGKILL for what ignores it', async () => {
    const seen: string[] = [];
    const run = runBash({
      command: 'bash -c \'trap "" TERM; echo child $$; sleep 30\' & wait',
      mode: 'WRITE',
      onLines: (l) => seen.push(...l),
      killGraceMs: 300,
    });
    const line = await waitFor(() => seen.find((l) => l.startsWith('child ')), { what: 'child pid' });
    const childPid = Number(line.split(' ')[1]);
    expect(alive(childPid)).toBe(true);
    expect(run.cancel()).toBe(true);
    const r = await run.result;
    expect(r.cancelled).toBe(true);
    await waitFor(() => !alive(childPid), { what: 'the TERM-ignoring child to be killed' });
    expect(run.cancel()).toBe(false);
  });

  test('timeout stops the run and says so', async () => {
    const r = await runBash({ command: 'sleep 20', mode: 'WRITE', timeoutMs: 200, killGraceMs: 200 }).result;
    expect(r.timedOut).toBe(true);
    expect(r.exitCode === null || r.exitCode !== 0).toBe(true);
  });

  test('read-only mode refuses anything that may write, runs provable reads', async () => {
    expect(() => runBash({ command: 'touch /tmp/x', mode: 'READ-ONLY' })).toThrow(WriteRefused);
    expect(() => runBash({ command: 'echo hi > /tmp/x', mode: 'READ-ONLY' })).toThrow(/read-only mode/);
    expect(() => runBash({ command: 'echo hi', mode: 'DRY-RUN' })).toThrow(/dry-run/);
    const r = await runBash({ command: 'echo hi | grep h', mode: 'READ-ONLY' }).result;
    expect(r.exitCode).toBe(0);
  });

  test('secrets are redacted before anyone sees a line', async () => {
    registerSecret('tok-1234567890');
    const seen: string[] = [];
    await runBash({ command: 'echo token is tok-1234567890', mode: 'WRITE', onLines: (l) => seen.push(...l) }).result;
    clearRegisteredSecrets();
    expect(seen).toEqual(['token is ‹redacted›']);
  });

  test('the step pane keeps only the newest lines and counts the dropped ones', () => {
    const store = createStepStore();
    appendOutput(
      store,
      Array.from({ length: OUTPUT_LINES_KEPT + 5 }, (_, i) => `l${i}`),
    );
    expect(store.getState().output).toHaveLength(OUTPUT_LINES_KEPT);
    expect(store.getState().output[0]).toBe('l5');
    expect(store.getState().outputDropped).toBe(5);
  });

  test('a line longer than the store keeps is cut, saying how much', () => {
    const store = createStepStore();
    appendOutput(store, ['x'.repeat(OUTPUT_LINE_CHARS + 10), 'short']);
    const [long, short] = store.getState().output;
    expect(long).toBe(`${'x'.repeat(OUTPUT_LINE_CHARS)} … (10 more characters cut)`);
    expect(short).toBe('short');
  });
});
