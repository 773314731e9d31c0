import { Box } from 'ink';
import { Text } from '../ui/text.js';
import React, { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { SessionMessage } from '../store/session-store.js';
import { useNow, useStores, useTheme } from '../ui/contexts.js';
import { GLYPH, type Theme } from '../ui/theme.js';
import { wrapLine } from '../ui/wrap.js';
import { displayText } from '../domain/display.js';

const BUSY_LOOP = new Set(['checking', 'merging', 'waiting-sync', 'gating', 'ticking', 'rolling-back']);

/** The step engine marks its lines with glyphs a Linux console font may lack; show CP437 ones. */
const MARKERS: Record<string, string> = { '▶': GLYPH.next, '✓': GLYPH.ok, '✔': GLYPH.ok, '✗': 'x', '✘': 'x' };
export function consoleSafe(line: string): string {
  return displayText(line, { mode: 'line' }).replace(/^[▶✓✔✗✘]/u, (m) => MARKERS[m] ?? m);
}

const tail = <T,>(xs: readonly T[], n: number): T[] => (n > 0 ? xs.slice(-n) : []);

/** Status is glyph + word, not colour alone: errors and warnings carry a mark. */
function messageLine(m: SessionMessage, theme: Theme): { text: string; color: string | undefined } {
  // Spelled out before it is wrapped, so an escape's visible form is never cut at the edge.
  const text = displayText(m.text, { mode: 'line' });
  if (m.level === 'error') return { text: `${GLYPH.fail} ${text}`, color: theme.fail };
  if (m.level === 'warn') return { text: `${GLYPH.warn} ${text}`, color: theme.warn };
  return { text, color: undefined };
}

/**
 * The newest lines of step output and session messages; never more rows than it was given.
 * A running or judged step owns the area (the newest message still gets the last line when it
 * came later, so a refusal is never hidden); otherwise whichever spoke last. A merge or rollback
 * in progress gets the first line, with its countdown.
 */
export const OutputArea = memo(function OutputArea({ height, width }: { height: number; width: number }) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const inner = Math.max(height - 1, 0);
  const step = useStore(
    stores.step,
    useShallow((s) => ({ current: s.current, output: s.output, dropped: s.outputDropped })),
  );
  const messages = useStore(stores.session, (s) => s.messages);
  const loop = useStore(stores.queue, (s) => s.loop);
  const cur = step.current;
  const active = cur !== null && (cur.status === 'running' || cur.status === 'awaiting-judgement');
  const last = messages.at(-1);
  const stepAt = cur ? (cur.finishedAt ?? cur.startedAt ?? 0) : 0;
  const showStep = cur !== null && cur.status !== 'awaiting-confirm' && cur.status !== 'idle' && (active || !last || stepAt >= last.at);

  const lines: Array<{ text: string; color: string | undefined }> = [];
  if (loop && BUSY_LOOP.has(loop.phase) && inner > 1) {
    const secs = loop.deadline ? Math.max(0, Math.ceil((loop.deadline - now) / 1000)) : null;
    const left = secs === null ? '' : `, ${loop.waitMs != null ? Math.min(secs, Math.round(loop.waitMs / 1000)) : secs} s left`;
    lines.push({ text: `${GLYPH.next} PR #${loop.pr} ${loop.phase}${left}: ${loop.message}`, color: theme.accent });
  }
  const room = inner - lines.length;
  if (showStep) {
    const lateMsg = last && cur!.startedAt !== null && last.at > cur!.startedAt && room > 0 ? messageLine(last, theme) : null;
    // A message newer than the step (a refusal, a result) wraps onto up to half the area.
    const late = lateMsg
      ? wrapLine(lateMsg.text, width)
          .slice(0, Math.max(1, Math.floor(room / 2)))
          .map((text) => ({ text, color: lateMsg.color }))
      : [];
    lines.push(...tail(step.output, room - late.length).map((t) => ({ text: consoleSafe(t), color: undefined })), ...late);
  } else {
    // Messages wrap (a refusal's reasons are long); step output is cut like a terminal would.
    const wrapped = tail(messages, room).flatMap((m) => {
      const l = messageLine(m, theme);
      return wrapLine(l.text, width).map((text) => ({ text, color: l.color }));
    });
    lines.push(...tail(wrapped, room));
  }
  const stepTitle = showStep && cur ? `${cur.title}: ${cur.status}${cur.exitCode !== null ? ` (exit ${cur.exitCode})` : ''}` : null;
  const shown = lines.slice(0, inner);
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate" color={theme.muted}>
        {'─ Output '}
        {stepTitle ?? ''}
        {showStep && step.dropped ? ` (${step.dropped} earlier lines dropped)` : ''}
        {' ' + '─'.repeat(Math.max(width - 10 - (stepTitle?.length ?? 0), 0))}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate" color={l.color}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
});
