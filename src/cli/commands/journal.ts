import type { CommandModule } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { isUnknown, Journal, journalPath, stepRecords, UNKNOWN_OUTCOME } from '../../services/journal/journal.js';
import { formatRecord } from '../../services/journal/format.js';
import { writeJson, writeOut } from '../output.js';

const usage = `usage: homelab-console journal [--json]

Prints the step journal ($XDG_STATE_HOME/homelab-console/journal.jsonl): every step the console
ran, its outcome, the operator's judgement and whether the issue was updated. A step whose
outcome was never written (the console died while it ran) shows "${UNKNOWN_OUTCOME}", and so
does a write that was in flight (an issue body edit, a merge and its sync wait, the closure),
with what it was and how far it got; the console checks Gitea for it when it starts.

  --json   the steps as JSON: { file, steps: [{ intent, outcome, events, unknown }], unreadableLines }`;

const command: CommandModule = {
  summary: 'print the step journal (what ran, outcomes, unknown outcomes)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs('journal', argv, { json: { type: 'boolean', default: false } });
    const journal = new Journal(journalPath());
    const { entries, bad } = journal.read();
    const records = stepRecords(entries);
    if (values.json) {
      const steps = records.map((r) => ({ ...r, unknown: isUnknown(r) }));
      writeJson({ file: journal.file, steps, unreadableLines: bad.map((b) => b.line) });
      return 0;
    }
    // Each body write is journaled while in flight; one whose outcome is known is already told by its step's "issue updated".
    const shown = records.filter((r) => r.intent.kind !== 'body-write' || isUnknown(r));
    if (records.length === 0) writeOut(`no steps journaled yet (${journal.file})\n`);
    for (const r of shown) writeOut(`${formatRecord(r)}\n`);
    const writes = records.length - shown.length;
    if (writes) writeOut(`(${writes} issue body write(s) that landed or failed are left out here; --json lists them)\n`);
    const unknown = records.filter(isUnknown).length;
    if (unknown) writeOut(`\n${unknown} step(s) with ${UNKNOWN_OUTCOME}: check the cluster before running them again.\n`);
    if (bad.length) writeOut(`${bad.length} unreadable line(s) in ${journal.file}: ${bad.map((b) => b.line).join(', ')}\n`);
    return 0;
  },
};
export default command;
