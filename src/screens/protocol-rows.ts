import { countdown, windowRemaining, type StabilisationWindow } from '../domain/upgrade/order.js';
import type { ProtocolRun, ProtocolWait, StepStatus } from '../store/upgrade-store.js';
import type { Row } from '../ui/rows.js';
import { type Theme } from '../ui/theme.js';

const row = (key: string, text: string, extra: Partial<Row['segments'][number]> = {}): Row => ({
  key,
  segments: [{ text, ...extra }],
  filterText: '',
  selectable: false,
});

/** A wait in progress, indented: the spinner goes after the indent. */
const busyRow = (key: string, text: string, extra: Partial<Row['segments'][number]>): Row => ({
  key,
  segments: [{ text: '  ' }, { text, busy: true, ...extra }],
  filterText: '',
  selectable: false,
});

/** Every step status as glyph + word (never colour alone). */
export function stepLook(status: StepStatus, theme: Theme): { glyph: string; word: string; color: string | undefined } {
  switch (status) {
    case 'done':
      return { glyph: theme.glyphs.ok, word: 'done', color: theme.ok };
    case 'running':
      return { glyph: theme.glyphs.next, word: 'running', color: theme.accent };
    case 'failed':
      return { glyph: theme.glyphs.fail, word: 'FAILED', color: theme.fail };
    case 'cancelled':
      return { glyph: theme.glyphs.warn, word: 'cancelled', color: theme.warn };
    case 'skipped':
      return { glyph: theme.glyphs.bullet, word: 'skipped', color: undefined };
    default:
      return { glyph: theme.glyphs.bullet, word: 'pending', color: undefined };
  }
}

/**
 * A major or database PR's protocol as the checklist that fills in as each step is verified:
 * stage by stage, each step's status and what was verified, the wait in progress and the
 * stabilisation window's countdown, then the findings (breaking changes, backup, plans).
 */
export function protocolRows(
  run: ProtocolRun,
  theme: Theme,
  { window, waiting, now }: { window: StabilisationWindow | null; waiting: ProtocolWait | null; now: number },
): Row[] {
  const p = run.protocol;
  const rows: Row[] = [row('p:h', `${p.upgradeClass} protocol (risk ${p.risk}): ${p.requiredPrep}`, { bold: true, color: theme.accent })];
  const done = run.steps.filter((s) => s.status === 'done').length;
  const finished = run.finished
    ? `; ${run.finished === 'passed' ? `${theme.glyphs.ok} passed` : run.finished === 'failed' ? `${theme.glyphs.fail} FAILED` : `${theme.glyphs.warn} cancelled`}`
    : '';
  rows.push(row('p:n', `  ${done} of ${run.steps.length} steps verified${finished}`));
  let stage: string | null = null;
  for (const s of run.steps) {
    if (s.stage !== stage) {
      stage = s.stage;
      const title = p.stages.find((x) => x.id === s.stage)?.title ?? s.stage;
      rows.push(row(`p:s:${s.stage}`, `  ${title}`, { bold: true }));
    }
    const look = stepLook(s.status, theme);
    rows.push({
      key: `p:${s.id}`,
      segments: [
        { text: '    ' },
        // A running step spins (the glyph's place, so the columns stay); the others show their glyph.
        s.status === 'running'
          ? { text: `${look.word.padEnd(9)} `, color: look.color, busy: true }
          : { text: `${look.glyph} ${look.word.padEnd(9)} `, color: look.color },
        { text: s.text },
        ...(s.detail ? [{ text: `: ${s.detail}`, dim: true }] : []),
      ],
      filterText: '',
      selectable: false,
    });
  }
  if (waiting && waiting.pr === run.pr) {
    const left = Math.max(0, Math.ceil((waiting.deadline - now) / 1000));
    rows.push(
      busyRow('p:wait', `waiting: ${waiting.label}, ${Math.min(left, Math.round(waiting.waitMs / 1000))} s left (x stops)`, {
        color: theme.accent,
      }),
    );
  }
  if (window && window.pr === run.pr) {
    const left = windowRemaining(window, now);
    rows.push(
      busyRow(
        'p:window',
        `${left > 0 ? '' : `${theme.glyphs.next} `}Gate 3 stabilisation window: ${countdown(left)} left; ${window.findings.length ? `${window.findings.length} finding(s): ${window.findings.join('; ')}` : 'no new alerts, no restarts'}`,
        // It spins while the window is open; once it has run out, nothing waits any more.
        { color: window.findings.length ? theme.warn : theme.accent, busy: left > 0 },
      ),
    );
  }
  rows.push(row('p:sp', ''));
  if (run.notes.length) {
    rows.push(row('p:notes', 'Protocol findings', { bold: true, color: theme.accent }));
    run.notes.forEach((n, i) => rows.push(row(`p:note:${i}`, `  ${n}`)));
    rows.push(row('p:sp2', ''));
  }
  return rows;
}
