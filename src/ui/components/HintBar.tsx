import { Box } from 'ink';
import { Text } from '../text.js';
import React, { memo } from 'react';
import { useTheme } from '../contexts.js';
import { useHintText } from '../keys/use-bindings.js';

/**
 * The keys of what is on screen, from the bindings the views registered: a key that is off right
 * now (read-only, nothing to act on) is left out. The text is built in src/ui/keys/bindings.ts.
 */
export const HintBar = memo(function HintBar({ width, extra }: { width: number; extra?: string | null }) {
  const theme = useTheme();
  const text = useHintText();
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate" color={theme.muted}>
        {extra ? <Text color={theme.warn}>{extra + '  '}</Text> : null}
        {text}
      </Text>
    </Box>
  );
});
