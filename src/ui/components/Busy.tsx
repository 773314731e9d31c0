import Spinner from 'ink-spinner';
import React from 'react';
import { useFrozen, useSettings } from '../contexts.js';
import { Text } from '../text.js';

/**
 * The glyph of a wait in progress: ink-spinner's animation, drawn inside a Text (it is a nested
 * text node, so the surrounding Text's colour, bold and ASCII fold apply to it). The frames come
 * from the glyph table's world: `pipe` (box-drawing corners, code page 437, which a Linux console
 * font has) or, when the locale is not UTF-8, `line` (- \ | /). With animation held
 * (UiSettings.animate false: UI tests, a slow link) or behind an open dialog, it is the first
 * frame, and no timer runs. The spinner's timer lives exactly as long as the wait is on screen:
 * every caller mounts this only while it waits, so an idle console has no animation timer.
 */
export function BusyGlyph() {
  const { theme, animate } = useSettings();
  const frozen = useFrozen();
  if (!animate || frozen) return <>{theme.glyphs.busy}</>;
  return <Spinner type={theme.glyphs.ascii ? 'line' : 'pipe'} />;
}

/**
 * A wait as status: the spinning glyph and the word that says what is waited on ("running",
 * "WAIT", "closing"), then any detail. Never colour alone: the word is there in every theme.
 */
export function Busy({ word, detail, color, bold }: { word: string; detail?: string; color?: string | undefined; bold?: boolean }) {
  return (
    <Text wrap="truncate" color={color} bold={bold}>
      <BusyGlyph />
      {` ${word}${detail ? ` ${detail}` : ''}`}
    </Text>
  );
}
