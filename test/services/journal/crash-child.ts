// Run as a child by crash.test.ts (bundled with esbuild): journals like the step engine does and
// reports each fsync'd append on stdout, so the parent knows what must survive a kill -9.
import { Journal } from '../../../src/services/journal/journal.js';
import { runBash } from '../../../src/services/runner/run-bash.js';

const journal = new Journal(process.env.JOURNAL_FILE!);
const mode = process.argv[2];

if (mode === 'step') {
  journal.append({
    type: 'intent',
    stepId: 'step-1',
    at: new Date().toISOString(),
    issue: 'ops/homelab#42',
    itemId: 'A1',
    itemLine: 10,
    title: 'Restart paperless',
    kind: 'runbook',
    commandText: 'sleep 30',
    mode: 'WRITE',
    attempt: 1,
  });
  process.stdout.write('intent\n');
  const run = runBash({ command: 'echo started; sleep 30', mode: 'WRITE', onLines: (l) => process.stdout.write(`out:${l.join('|')}\n`) });
  process.stdout.write(`pgid:${run.pid}\n`);
  const r = await run.result;
  journal.append({
    type: 'outcome',
    stepId: 'step-1',
    at: new Date().toISOString(),
    status: 'ran',
    exitCode: r.exitCode,
    durationMs: r.durationMs,
    outputTail: r.tail,
    message: null,
  });
  process.stdout.write('outcome\n');
} else {
  // burst: many appends, with long lines, until killed
  const pad = 'x'.repeat(Number(process.env.PAD ?? 3000));
  for (let i = 0; ; i++) {
    journal.append({ type: 'event', stepId: `s${i}`, at: new Date().toISOString(), event: 'judged', detail: `${i} ${pad}` });
    process.stdout.write(`${i}\n`);
  }
}
