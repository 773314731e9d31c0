import type { GateResult, LayerName, LayerStatus } from '../health/types.js';
import { LAYERS } from '../health/types.js';

/** What happened in one executed step, as the note, the Change Log and the journal tell it. */
export interface StepFacts {
  itemId: string | null;
  title: string;
  kind: 'typed' | 'runbook' | 'manual' | 'rollback';
  /** What ran (first line is enough for the note). */
  commandText: string;
  /** The action that ran, in one phrase (`actionSummary`): named in the note instead of the first command. */
  actionText?: string;
  exitCode: number | null;
  durationMs: number | null;
  gate: GateResult | null;
  /** The operator's own words, if any. */
  operatorNote?: string | null;
  at: Date;
}

const STATUS_EMOJI: Record<LayerStatus, string> = { GREEN: '🟢', YELLOW: '🟡', RED: '🔴', UNKNOWN: '⚪' };

export function formatDuration(ms: number | null): string {
  if (ms === null) return '?';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `2026-11-26 14:03 UTC` — the corpus writes minutes, never seconds, in notes. */
export function formatStamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function gateLine(gate: GateResult | null): string {
  if (!gate) return 'gate not run';
  const layers = LAYERS.map((l: LayerName) => `${l[0]!.toUpperCase()}${l.slice(1)} ${gate.layers[l].status}`).join(', ');
  return `gate ${gate.overall} (${layers})`;
}

const firstLine = (s: string) => {
  const line =
    s
      .split('\n')
      .find((l) => l.trim() && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
};

/**
 * The outcome in a ticked item's note: how, the result and the gate. The tick itself writes
 * `*(completed <stamp> — <this>)*`, so the time is not repeated here.
 */
export function completionNote(f: StepFacts): string {
  const how =
    f.kind === 'manual'
      ? 'done by hand'
      : `\`${(f.actionText ?? firstLine(f.commandText)).replace(/`/g, "'")}\`${f.exitCode !== null ? ` exit ${f.exitCode}` : ''}, ${formatDuration(f.durationMs)}`;
  const note = f.operatorNote?.trim() ? `; ${f.operatorNote.trim()}` : '';
  return `via homelab-console: ${how}; ${gateLine(f.gate)}${note}`;
}

/**
 * One Change Log row for the table's own columns (the corpus has `Timestamp | Action | User |
 * Result` and `Timestamp | Phase | Item | Action | Result | Status After`, among others). Cells
 * never contain a `|` or a newline.
 */
export function changeLogRow(columns: string[], f: StepFacts, result: string): string[] {
  const cell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
  const status = f.gate ? `${STATUS_EMOJI[f.gate.overall]} ${f.gate.overall}` : 'UNKNOWN';
  return columns.map((raw) => {
    const c = raw.replace(/[*_`]/g, '').trim().toLowerCase();
    if (/time|date|when/.test(c)) return cell(f.at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (/status/.test(c)) return status;
    if (/^(item|id|task)/.test(c)) return cell(f.itemId ?? f.title);
    if (/phase/.test(c)) return f.kind === 'rollback' ? 'Rollback' : 'Execute';
    if (/user|who|by|actor|agent/.test(c)) return 'homelab-console';
    if (/result|outcome/.test(c)) return cell(result);
    if (/action|change|what|description/.test(c)) return cell(`${f.itemId ? `${f.itemId}: ` : ''}${f.title}`);
    return '';
  });
}

/** The one-line result for the Change Log. */
export function changeLogResult(f: StepFacts): string {
  const how =
    f.kind === 'manual'
      ? 'done by hand'
      : f.exitCode === null
        ? `done in ${formatDuration(f.durationMs)}` // a typed action has a verified result, not an exit code
        : `exit ${f.exitCode} in ${formatDuration(f.durationMs)}`;
  return `${how}; ${gateLine(f.gate)}`;
}

/** One failed or tried attempt, for the escalation summary. */
export interface AttemptRecord {
  at: string;
  commandText: string;
  status: string;
  exitCode: number | null;
  outputTail: string[];
}

/** The escalation section written into the issue body (never a comment: comments are for humans). */
export function escalationSummary(input: {
  itemId: string | null;
  title: string;
  reason: string;
  attempts: AttemptRecord[];
  gate: GateResult | null;
  at: Date;
}): string {
  const lines = [
    `### Escalation: ${input.itemId ? `${input.itemId} ` : ''}${input.title}`,
    '',
    `**Escalated**: ${formatStamp(input.at)} by homelab-console (\`needs-human\`). **Reason**: ${input.reason}`,
    '',
    '**What was tried**:',
  ];
  if (input.attempts.length === 0) lines.push('- nothing ran');
  input.attempts.forEach((a, i) => {
    lines.push(
      `- Attempt ${i + 1} (${a.at}): \`${firstLine(a.commandText).replace(/`/g, "'")}\` → ${a.status}${a.exitCode !== null ? `, exit ${a.exitCode}` : ''}`,
    );
    if (a.outputTail.length) {
      lines.push('  ```text');
      for (const l of a.outputTail.slice(-10)) lines.push(`  ${l.replace(/```/g, "'''")}`);
      lines.push('  ```');
    }
  });
  lines.push('', '**State of each layer**:');
  if (!input.gate) lines.push('- gate not available');
  else
    for (const l of LAYERS) {
      const g = input.gate.layers[l];
      lines.push(
        `- ${l[0]!.toUpperCase()}${l.slice(1)}: ${STATUS_EMOJI[g.status]} ${g.status}${g.reasons.length ? ` — ${g.reasons.slice(0, 3).join('; ')}` : ''}`,
      );
    }
  lines.push('', '**Safe state offered**: `ceph osd set noout` (prevents data movement). Automated steps stopped.');
  return lines.join('\n');
}
