import { Box } from 'ink';
import { Text } from '../ui/text.js';
import React, { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { SessionMessage } from '../store/session-store.js';
import { BusyGlyph } from '../ui/components/Busy.js';
import { useNow, useStores, useTheme } from '../ui/contexts.js';
import type { GlyphSet } from '../ui/glyphs.js';
import { type Theme } from '../ui/theme.js';
import { wrapLine } from '../ui/wrap.js';
import { displayText } from '../domain/display.js';

const BUSY_LOOP = new Set(['checking', 'merging', 'waiting-sync', 'gating', 'ticking', 'rolling-back']);

/** The step engine marks its lines with glyphs a Linux console font may lack; show CP437 ones. */
export function consoleSafe(line: string, glyphs: GlyphSet): string {
  const markers: Record<string, string> = { '▶': glyphs.next, '✓': glyphs.ok, '✔': glyphs.ok, '✗': 'x', '✘': 'x' };
  return displayText(line, { mode: 'line' }).replace(/^[▶✓✔✗✘]/u, (m) => markers[m] ?? m);
}

const tail = <T,>(xs: readonly T[], n: number): T[] => (n > 0 ? xs.slice(-n) : []);

/** Status is glyph + word, not colour alone: errors and warnings carry a mark. */
function messageLine(m: SessionMessage, theme: Theme): { text: string; color: string | undefined } {
  // Spelled out before it is wrapped, so an escape's visible form is never cut at the edge.
  const text = displayText(m.text, { mode: 'line' });
  if (m.level === 'error') return { text: `${theme.glyphs.fail} ${text}`, color: theme.fail };
  if (m.level === 'warn') return { text: `${theme.glyphs.warn} ${text}`, color: theme.warn };
  return { text, color: undefined };
}

/**
 * The newest lines of step output and session messages; never more rows than it was given.
 * The last step's output owns the area from its start until the next step is planned — through
 * its verdict and after it, so the evidence is still there when the operator judges; messages
 * newer than the step get a band of at most a third of the rows under it (a refusal is never
 * hidden). With no step, messages fill it. A merge or rollback in progress gets the first line,
 * with its countdown. Every line the step printed stays in the store: `o` shows them all.
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
  const showStep = cur !== null && cur.status !== 'awaiting-confirm' && cur.status !== 'idle';

  // `busy`: a wait in progress, drawn with the spinner before its text (mounted only while it waits).
  const lines: Array<{ text: string; color: string | undefined; busy?: boolean }> = [];
  if (loop && BUSY_LOOP.has(loop.phase) && inner > 1) {
    const secs = loop.deadline ? Math.max(0, Math.ceil((loop.deadline - now) / 1000)) : null;
    const left = secs === null ? '' : `, ${loop.waitMs != null ? Math.min(secs, Math.round(loop.waitMs / 1000)) : secs} s left`;
    lines.push({ text: `PR #${loop.pr} ${loop.phase}${left}: ${loop.message}`, color: theme.accent, busy: true });
  }
  const room = inner - lines.length;
  const wrapMessages = (ms: readonly SessionMessage[], rows: number) =>
    tail(
      // Messages wrap (a refusal's reasons are long); step output is cut like a terminal would.
      tail(ms, rows).flatMap((m) => {
        const l = messageLine(m, theme);
        return wrapLine(l.text, width).map((text) => ({ text, color: l.color }));
      }),
      rows,
    );
  if (showStep) {
    const since = cur.startedAt ?? Number.POSITIVE_INFINITY;
    const newer = messages.filter((m) => m.at >= since);
    const band = room > 1 ? wrapMessages(newer, Math.max(1, Math.floor(room / 3))) : [];
    lines.push(...tail(step.output, room - band.length).map((t) => ({ text: consoleSafe(t, theme.glyphs), color: undefined })), ...band);
  } else {
    lines.push(...wrapMessages(messages, room));
  }
  const running = showStep && cur.status === 'running';
  const stepTitle = showStep ? `${cur.title}: ${running ? '' : cur.status}${cur.exitCode !== null ? ` (exit ${cur.exitCode})` : ''}` : null;
  const more =
    showStep && step.output.length > room
      ? ` ${theme.glyphs.bullet} o: all ${step.output.length + step.dropped} lines`
      : showStep && step.dropped
        ? ` (${step.dropped} earlier lines dropped)`
        : '';
  const label = `${stepTitle ?? ''}${running ? `${theme.glyphs.busy} running` : ''}${more}`;
  const shown = lines.slice(0, inner);
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate" color={theme.muted}>
        {`${theme.glyphs.rule} Output `}
        {stepTitle}
        {running ? (
          <>
            <BusyGlyph />
            {' running'}
          </>
        ) : null}
        {more}
        {' ' + theme.glyphs.rule.repeat(Math.max(width - 10 - label.length, 0))}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate" color={l.color}>
          {l.busy ? (
            <>
              <BusyGlyph />{' '}
            </>
          ) : null}
          {l.text}
        </Text>
      ))}
    </Box>
  );
});
