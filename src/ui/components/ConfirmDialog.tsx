import { Box } from 'ink';
import { Text } from '../text.js';
import React, { useCallback, useState } from 'react';
import type { ConfirmRequest } from '../../domain/console-engine.js';
import { useEngine, useSettings, useTheme } from '../contexts.js';
import type { KeyPress } from '../keys/keypress.js';
import { Priority, useKeypress } from '../keypress-context.js';
import { displayText } from '../../domain/display.js';
import { wrapLine } from '../wrap.js';

export type DialogOutcome = { confirmed: true; typed: string } | { confirmed: false; reason: 'cancelled' | 'stale' };

interface Props {
  request: ConfirmRequest;
  width: number;
  /** Rows available; long commands and notes are cut to fit. */
  maxRows: number;
  onClose(outcome: DialogOutcome): void;
  /** Re-checks the bound object; default: the engine's isCurrent. */
  verify?(binding: ConfirmRequest['binding']): boolean;
}

const FIXED_ROWS = 2 + 4; // borders, title, "Command:", buttons, help line

/**
 * What fits in `maxRows` at `width`: the target and the command are wrapped, never cut at the
 * edge; the buttons and the challenge always show; command lines come before notes, and a cut
 * says how many lines are not shown (the detail screen has them all).
 */
export function dialogLayout(
  request: ConfirmRequest,
  maxRows: number,
  width = 90,
): { target: string[]; commandLines: string[]; notes: string[]; height: number } {
  const inner = width - 4;
  // Spelled out before wrapping, so an escape's visible form is wrapped like any text and never
  // cut off at the edge: the lines shown are exactly the command that runs, byte for byte.
  const target = wrapLine(displayText(`Target: ${request.target}`, { mode: 'line' }), inner).slice(0, 3);
  const all = request.command.split('\n').flatMap((l) => wrapLine(displayText(l, { mode: 'command' }), inner - 2));
  let room = Math.max(maxRows - FIXED_ROWS - target.length - (request.challenge !== null ? 1 : 0), 1);
  let commandLines = all;
  if (all.length > room) {
    commandLines = [...all.slice(0, Math.max(room - 1, 0)), `... ${all.length - Math.max(room - 1, 0)} more lines (all of them on the detail screen)`];
  }
  room -= commandLines.length;
  const notes = request.notes.flatMap((n) => wrapLine(displayText(n, { mode: 'line' }), inner)).slice(0, Math.max(room, 0));
  const height = FIXED_ROWS + target.length + commandLines.length + notes.length + (request.challenge !== null ? 1 : 0);
  return { target, commandLines, notes, height };
}

/**
 * Names the exact target and command. Focus starts on Cancel and Enter there does nothing; OK needs
 * Tab first, and the typed challenge when there is one. On OK the bound object's version is checked
 * again: if it changed while the dialog was open, the dialog refuses instead of acting.
 */
export function ConfirmDialog({ request, width, maxRows, onClose, verify }: Props) {
  const theme = useTheme();
  const { keys } = useSettings();
  const engine = useEngine();
  const [focus, setFocus] = useState<'cancel' | 'ok'>('cancel');
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const challengeMet = request.challenge === null || typed === request.challenge;
  const fit = dialogLayout(request, maxRows, width);

  const onKey = useCallback(
    (k: KeyPress) => {
      if (keys.matches('interrupt', k)) return false;
      if (k.name === 'escape') {
        onClose({ confirmed: false, reason: 'cancelled' });
      } else if (keys.matches('dialogSwitch', k)) {
        setFocus((f) => (f === 'cancel' ? 'ok' : 'cancel'));
      } else if (keys.matches('dialogActivate', k)) {
        if (focus === 'cancel') {
          setMessage('Cancel is focused: Esc closes, Tab moves to OK.');
        } else if (!challengeMet) {
          setMessage(`Type ${request.challenge} to enable OK.`);
        } else if (!(verify ?? ((b) => engine.isCurrent(b)))(request.binding)) {
          onClose({ confirmed: false, reason: 'stale' });
        } else {
          onClose({ confirmed: true, typed });
        }
      } else if (request.challenge !== null && (k.name === 'backspace' || k.name === 'delete')) {
        setTyped((t) => t.slice(0, -1));
        setMessage(null);
      } else if (request.challenge !== null && k.text) {
        setTyped((t) => t + k.text);
        setMessage(null);
      }
      // A dialog shadows everything beneath it.
      return true;
    },
    [keys, focus, challengeMet, engine, request, typed, onClose, verify],
  );
  useKeypress(onKey, { priority: Priority.Critical });

  const button = (label: string, on: boolean, enabled: boolean) => (
    <Text inverse={on} bold={on} dimColor={!enabled}>
      {on ? `> ${label} <` : `  ${label}  `}
    </Text>
  );
  return (
    <Box
      flexDirection="column"
      borderStyle={theme.glyphs.borderDialog}
      borderColor={request.destructive ? theme.danger : theme.accent}
      width={width}
      paddingX={1}
    >
      <Text bold wrap="truncate" color={request.destructive ? theme.danger : theme.accent}>
        {request.destructive ? 'CONFIRM (changes the homelab): ' : 'CONFIRM: '}
        {request.title}
        {request.dryRun ? '  [DRY-RUN: nothing will be sent]' : ''}
      </Text>
      {fit.target.map((l, i) => (
        <Text key={`t${i}`} wrap="truncate">
          {i === 0 ? <Text bold>Target: </Text> : null}
          {i === 0 ? l.slice('Target: '.length) : l}
        </Text>
      ))}
      <Text bold>Command:</Text>
      {fit.commandLines.map((l, i) => (
        <Text key={i} wrap="truncate" color={theme.accent}>
          {'  '}
          {l}
        </Text>
      ))}
      {fit.notes.map((n, i) => (
        <Text key={`n${i}`} wrap="truncate" color={theme.warn}>
          {n}
        </Text>
      ))}
      {request.challenge !== null ? (
        <Text wrap="truncate">
          Type <Text bold>{request.challenge}</Text> to confirm: {typed}
          <Text inverse> </Text>
          {challengeMet ? <Text color={theme.ok}> ok</Text> : null}
        </Text>
      ) : null}
      <Box gap={2} height={1}>
        {button('Cancel', focus === 'cancel', true)}
        {button('OK', focus === 'ok', challengeMet)}
      </Box>
      <Text color={theme.muted} wrap="truncate">
        {message ?? 'Tab: move  Enter: press  Esc: cancel'}
      </Text>
    </Box>
  );
}
