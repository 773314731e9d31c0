import { Box, Text } from 'ink';
import React, { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { useStores, useTheme } from '../ui/contexts.js';

/** The newest lines of step output and session messages; never more rows than it was given. */
export const OutputArea = memo(function OutputArea({ height, width }: { height: number; width: number }) {
  const stores = useStores();
  const theme = useTheme();
  const inner = Math.max(height - 1, 0);
  const step = useStore(stores.step, useShallow((s) => ({ current: s.current, output: s.output, dropped: s.outputDropped })));
  const messages = useStore(stores.session, (s) => s.messages);
  const stepTitle = step.current ? `${step.current.title}: ${step.current.status}${step.current.exitCode !== null ? ` (exit ${step.current.exitCode})` : ''}` : null;
  const lines: Array<{ text: string; color: string | undefined }> = step.current
    ? step.output.slice(-inner).map((t) => ({ text: t, color: undefined }))
    : messages.slice(-inner).map((m) => ({ text: m.text, color: m.level === 'error' ? theme.fail : m.level === 'warn' ? theme.warn : undefined }));
  const shown = lines.slice(-inner);
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text wrap="truncate" color={theme.muted}>
        {'─ Output '}
        {stepTitle ?? ''}
        {step.current && step.dropped ? ` (${step.dropped} earlier lines dropped)` : ''}
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
