import { Box, Text } from 'ink';
import React, { useCallback } from 'react';
import { useSettings, useTheme } from '../contexts.js';
import { type Command, type Scope } from '../keys/commands.js';
import { displayBinding, type KeyPress } from '../keys/keypress.js';
import { Priority, useKeypress } from '../keypress-context.js';

const SCOPE_TITLE: Record<Scope, string> = {
  global: 'Everywhere',
  list: 'Lists',
  items: 'Action items',
  queue: 'Renovate queue and PR detail',
  detail: 'Action detail',
  dialog: 'Confirmation dialog',
};

export interface HelpLine {
  scope: Scope;
  keys: string;
  description: string;
}

/** Help generated from the key table the handlers use; write keys are absent in read-only mode. */
export function helpLines(specs: ReturnType<typeof useSettings>['keys']['specs'], readOnly: boolean): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const scope of Object.keys(SCOPE_TITLE) as Scope[]) {
    for (const [, spec] of (Object.entries(specs) as Array<[Command, (typeof specs)[Command]]>).filter(([, s]) => s.scope === scope)) {
      if (readOnly && spec.writes) continue;
      lines.push({ scope, keys: spec.keys.map(displayBinding).join(' '), description: spec.description });
    }
  }
  return lines;
}

export function HelpOverlay({ width, height, readOnly, onClose }: { width: number; height: number; readOnly: boolean; onClose(): void }) {
  const theme = useTheme();
  const { keys } = useSettings();
  const onKey = useCallback(
    (k: KeyPress) => {
      if (keys.matches('interrupt', k)) return false;
      if (k.name === 'escape' || keys.matches('help', k) || k.name === 'q') onClose();
      return true;
    },
    [keys, onClose],
  );
  useKeypress(onKey, { priority: Priority.High });
  const lines = helpLines(keys.specs, readOnly);
  const rows: React.ReactNode[] = [];
  let scope: Scope | null = null;
  for (const l of lines) {
    if (l.scope !== scope) {
      scope = l.scope;
      rows.push(
        <Text key={`s:${scope}`} bold color={theme.accent}>
          {SCOPE_TITLE[scope]}
        </Text>,
      );
    }
    rows.push(
      <Text key={`${l.scope}:${l.description}`} wrap="truncate">
        {'  '}
        {l.keys.padEnd(22)}
        {l.description}
      </Text>,
    );
  }
  // Two columns when the list does not fit in one.
  const inner = Math.max(height - 3, 1);
  const columns = rows.length > inner ? [rows.slice(0, inner), rows.slice(inner, inner * 2)] : [rows];
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderColor={theme.accent} overflow="hidden">
      <Text bold>
        Keys {readOnly ? '(read-only: write keys hidden)' : ''} <Text color={theme.muted}>Esc or ? closes</Text>
      </Text>
      <Box flexDirection="row">
        {columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={Math.floor((width - 2) / columns.length)} overflow="hidden">
            {col}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
