import { Box, Text } from 'ink';
import React, { memo } from 'react';
import { useSettings, useTheme } from '../contexts.js';
import type { Command, Scope } from '../keys/commands.js';
import { displayBinding } from '../keys/keypress.js';

/** The focused view's keys, from the key table; write keys are absent in read-only mode. */
export function hintText(specs: ReturnType<typeof useSettings>['keys']['specs'], scopes: Scope[], readOnly: boolean, disabled: Set<Command> = new Set()): string {
  const parts: Array<{ text: string; rank: number }> = [];
  for (const [name, spec] of Object.entries(specs) as Array<[Command, (typeof specs)[Command]]>) {
    if (!spec.hint || !scopes.includes(spec.scope)) continue;
    if (readOnly && spec.writes) continue;
    if (disabled.has(name)) continue;
    parts.push({ text: `${displayBinding(spec.keys[0]!)} ${spec.hint}`, rank: spec.scope === 'global' ? 2 : spec.scope === 'list' ? 1 : 0 });
  }
  // What only this view can do first: a narrow terminal cuts the end, and the end is the keys
  // every view has.
  return parts
    .sort((a, b) => a.rank - b.rank)
    .map((p) => p.text)
    .join('  ');
}

export const HintBar = memo(function HintBar({
  width,
  scopes,
  readOnly,
  extra,
  idle,
}: {
  width: number;
  scopes: Scope[];
  readOnly: boolean;
  extra?: string | null;
  /** Keys that do nothing in the current state (left out, like write keys in read-only mode). */
  idle?: Set<Command>;
}) {
  const { keys } = useSettings();
  const theme = useTheme();
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate" color={theme.muted}>
        {extra ? <Text color={theme.warn}>{extra + '  '}</Text> : null}
        {hintText(keys.specs, scopes, readOnly, idle)}
      </Text>
    </Box>
  );
});
