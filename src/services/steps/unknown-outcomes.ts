import { stepOutcomeEdit } from '../../domain/issue/index.js';
import type { ActionItem } from '../../domain/issue/types.js';
import { formatDuration } from '../../domain/steps/completion.js';
import { redactSecrets } from '../../domain/redact.js';
import type { ActionResult, VerifyFinding } from '../../domain/console-engine.js';
import type { UnknownOutcome } from '../../store/step-store.js';
import { outcomeEntry, spawnedGroups, unknownOutcomes, UNKNOWN_OUTCOME, type StepRecord } from '../journal/journal.js';
import { findGroup } from '../runner/process-group.js';
import { inFlightFacts } from '../journal/in-flight.js';
import type { StepPorts } from './ports.js';
import { editFromSpec } from '../../domain/issue/edits/from-spec.js';
import { landedIn } from '../../domain/steps/in-flight.js';
import { reapplyOff } from '../../domain/steps/reapply.js';
export { holdReason } from '../../domain/steps/unknown-hold.js';

/** What the operator found when they checked a step whose outcome was unknown. */
export type Finding = VerifyFinding;

const FINDINGS: Record<Finding, string> = {
  done: 'verified done by the operator',
  failed: 'verified failed by the operator',
  unknown: 'still unknown: the operator could not verify it',
  reapply: "written again at the operator's request",
};

/**
 * A body write "not in the body" after a crash, written again from its EditSpec through the
 * conflict-safe writer. Never a second row: if the body holds it by now (the issue store's body, then
 * the writer's own fresh read, where an edit already there changes nothing), it is settled unwritten.
 */
async function reapply(ports: VerifyPorts, u: UnknownOutcome): Promise<ActionResult> {
  const off = reapplyOff(u);
  if (off) return { ok: false, reason: `${u.title}: ${off}` };
  const f = u.inFlight as Extract<NonNullable<UnknownOutcome['inFlight']>, { what: 'body-write' }>;
  const at = () => (ports.now?.() ?? new Date()).toISOString();
  let edit: ReturnType<typeof editFromSpec>;
  try {
    edit = editFromSpec(f.spec!);
  } catch (err) {
    return { ok: false, reason: `${u.title}: its edit could not be read (${redactSecrets(err instanceof Error ? err.message : String(err))})` };
  }
  const body = ports.stores.issue.getState().body;
  // Never sent (no lines): nothing of it can be there, whatever a same-text row says; the writer's apply decides.
  const landed = body === null ? null : landedIn(f.lines, body);
  const there = body !== null && (landed === true || (landed !== null && edit.isApplied(body)));
  let message: string;
  if (there) message = `in the body of #${f.issue} by now; settled without writing`;
  else {
    const written = await ports
      .writeBody(edit)
      .catch((err: unknown) => ({ ok: false as const, reason: redactSecrets(err instanceof Error ? err.message : String(err)) }));
    if (!written.ok) {
      ports.journal.append({ type: 'event', stepId: u.stepId, at: at(), event: 'body-update-failed', detail: written.reason });
      return { ok: false, reason: `${u.title}: not written again: ${written.reason}` };
    }
    message = `written again to #${f.issue} at the operator's request (conflict-safe, verified)`;
  }
  ports.journal.append(outcomeEntry(u.stepId, at(), 'passed', `${UNKNOWN_OUTCOME} after a crash; ${message}`));
  ports.stores.step.setState((s) => ({ unknownOutcomes: s.unknownOutcomes.filter((x) => x.stepId !== u.stepId) }));
  return { ok: true, message: `${u.title}: ${message}` };
}

function knownOf(r: StepRecord): string[] {
  const o = r.outcome;
  const known: string[] = [];
  if (o === null) known.push(r.intent.inFlight ? 'no outcome: the console died while this was in flight' : 'no outcome: the console died while it ran');
  else if (o.status === 'ran')
    known.push(`ran (exit ${o.exitCode ?? '?'}, ${formatDuration(o.durationMs)}); the console died before your verdict (pass or fail)`);
  else known.push(`${o.status}${o.message ? `: ${o.message}` : ''}`);
  for (const e of r.events) {
    if (e.event === 'spawned') continue;
    known.push(`${e.event}: ${e.detail}`);
  }
  if (o?.outputTail.length) known.push(`last output: ${o.outputTail.slice(-3).join(' | ')}`);
  if (o?.outputFile) known.push(`full output: ${o.outputFile}`);
  return known.map(redactSecrets);
}

/** Every unknown outcome in `entries`, with what the journal knows and whether its process group survived. */
export function describeUnknown(records: StepRecord[] = []): UnknownOutcome[] {
  return records.map((r) => {
    const i = r.intent;
    return {
      stepId: i.stepId,
      // Plans title themselves `Run B2: …`; older intents carry the bare item title.
      title: i.itemId && !i.title.includes(i.itemId) ? `${i.itemId} ${i.title}` : i.title,
      at: i.at,
      itemId: i.itemId,
      itemLine: i.itemLine,
      issue: i.issue,
      kind: i.kind,
      commandText: i.commandText,
      mode: i.mode,
      attempt: i.attempt,
      kubeContext: i.kubeContext ?? null,
      giteaHost: i.giteaHost ?? null,
      known: knownOf(r),
      groups: spawnedGroups(r).map((pgid) => {
        const g = findGroup(pgid);
        return { pgid, alive: g.alive, members: g.members.map((m) => redactSecrets(`${m.pid} ${m.command}`)) };
      }),
      acknowledged: false,
      ...inFlightOf(r),
    };
  });
}

function inFlightOf(r: StepRecord): Pick<UnknownOutcome, 'inFlight'> {
  const facts = inFlightFacts(r);
  return facts ? { inFlight: { ...facts.subject, lines: facts.lines, found: null } } : {};
}

/**
 * The console starting: a torn journal tail is set aside (and said), then every step the journal
 * left without a known outcome is loaded into the step store, where the UI shows it first and the
 * session holds every step, merge and closure until the operator verified it.
 */
export function loadUnknown(ports: Pick<StepPorts, 'journal' | 'stores'>): { unknown: UnknownOutcome[]; torn: string | null } {
  const torn = ports.journal.repairTail();
  const { entries, bad } = ports.journal.read();
  const unknown = describeUnknown(unknownOutcomes(entries));
  ports.stores.step.setState({ unknownOutcomes: unknown });
  const tornLine = torn
    ? `journal: a torn last line (${torn.bytes} bytes at offset ${torn.offset}, a write cut short by a crash) was set aside in ${torn.file}`
    : bad.length
      ? `journal: ${bad.length} unreadable line(s) in ${ports.journal.file} (${bad.map((b) => b.line).join(', ')}), left out`
      : null;
  return { unknown, torn: tornLine };
}

type VerifyPorts = Pick<StepPorts, 'journal' | 'stores' | 'writeBody' | 'timeZone' | 'now'>;

function findItem(ports: VerifyPorts, u: UnknownOutcome): ActionItem | null {
  const doc = ports.stores.issue.getState().document;
  if (!doc) return null;
  return doc.items.find((i) => (u.itemId !== null ? i.id === u.itemId : i.line === u.itemLine)) ?? null;
}

/**
 * Records what the operator found, in the journal and the issue (Change Log row; `done` ticks the
 * item if it is still open): done and failed end the unknown for good; `unknown` is recorded and
 * stops holding this session, and the next start shows it again, as the journal still knows nothing.
 */
export async function verifyUnknown(ports: VerifyPorts, stepId: string, finding: Finding, note?: string): Promise<ActionResult> {
  const u = ports.stores.step.getState().unknownOutcomes.find((x) => x.stepId === stepId);
  if (!u) return { ok: false, reason: 'no such step with an unknown outcome' };
  // The finding goes to the issue too: wait for it rather than record it in the journal alone.
  if (ports.stores.session.getState().mode === 'WRITE' && ports.stores.issue.getState().document === null)
    return { ok: false, reason: 'the maintenance issue is not loaded yet: mark it once it is (the finding goes to its Change Log); nothing recorded' };
  if (finding === 'reapply') return reapply(ports, u);
  const now = ports.now?.() ?? new Date();
  const clean = note?.replace(/\s+/g, ' ').trim() || undefined;
  const what = `${FINDINGS[finding]}${clean ? `: ${clean}` : ''}`;
  ports.journal.append({ type: 'event', stepId, at: now.toISOString(), event: 'verified', detail: what });
  if (finding !== 'unknown')
    ports.journal.append(
      outcomeEntry(stepId, now.toISOString(), finding === 'done' ? 'verified-by-operator' : 'failed', `${UNKNOWN_OUTCOME} after a crash; ${what}`),
    );
  ports.stores.step.setState((s) => ({
    unknownOutcomes:
      finding === 'unknown'
        ? s.unknownOutcomes.map((x) => (x.stepId === stepId ? { ...x, acknowledged: true } : x))
        : s.unknownOutcomes.filter((x) => x.stepId !== stepId),
  }));

  const mode = ports.stores.session.getState().mode;
  if (u.inFlight && u.inFlight.what !== 'merge')
    // A write's own rows are in the body or not (the restart said which): nothing is written again, no second row.
    return { ok: true, message: `${u.title}: ${what}; recorded in the journal (nothing written to the issue again)` };
  if (mode !== 'WRITE') return { ok: true, message: `${u.title}: ${what} (journal only: ${mode.toLowerCase()} mode writes no issue)` };
  const item = findItem(ports, u);
  const stamp = { at: now, timeZone: ports.timeZone };
  const edit = stepOutcomeEdit({
    // Only a still-open item is ticked; a failed or unknown finding leaves the line as it is (the row tells it).
    kind: finding === 'done' && item && !item.checked ? 'done' : 'logged',
    item: item ? { id: item.id, title: item.title, priority: item.priority, layer: item.layer } : null,
    stamp,
    note: finding === 'done' ? `verified after a crash${clean ? ` — ${clean}` : ''}` : undefined,
    action: `Verify ${u.title}`,
    result: redactSecrets(`${UNKNOWN_OUTCOME} after a crash (started ${u.at}); ${what}`),
    phase: 'Verify',
    ...(item ? {} : { itemLabel: u.itemId ?? 'maintenance' }),
  });
  const written = await ports
    .writeBody(edit)
    .catch((err: unknown) => ({ ok: false as const, reason: redactSecrets(err instanceof Error ? err.message : String(err)) }));
  ports.journal.append({
    type: 'event',
    stepId,
    at: (ports.now?.() ?? new Date()).toISOString(),
    event: written.ok ? 'body-updated' : 'body-update-failed',
    detail: written.ok ? edit.description : written.reason,
  });
  return written.ok
    ? { ok: true, message: `${u.title}: ${what}; recorded in the journal and the Change Log` }
    : { ok: false, reason: `${u.title}: ${what} in the journal, but the issue was not updated: ${written.reason}` };
}
