import { Box } from 'ink';
import { Link, Text } from '../text.js';
import React, { memo } from 'react';
import { useTheme } from '../contexts.js';
import { BusyGlyph } from './Busy.js';
import type { Row } from '../rows.js';

interface Props {
  rows: Row[];
  /** Rows of screen the list may use; only this many rows are ever rendered. */
  height: number;
  /** First visible row. */
  offset: number;
  /** Selected row index, or -1 for none (lists that are not focused still show it dimly). */
  selected: number;
  showCursor: boolean;
}

const RowLine = memo(function RowLine({ row, selected, showCursor }: { row: Row; selected: boolean; showCursor: boolean }) {
  const theme = useTheme();
  const marker = selected && showCursor ? theme.glyphs.cursor : ' ';
  return (
    <Text wrap="truncate" inverse={selected && showCursor}>
      {marker}
      {row.segments.map((s, i) =>
        s.link ? (
          <Link key={i} url={s.link} color={s.color} bold={s.bold} dimColor={s.dim}>
            {s.text}
          </Link>
        ) : (
          <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim}>
            {s.busy ? (
              <>
                <BusyGlyph />{' '}
              </>
            ) : null}
            {s.text}
          </Text>
        ),
      )}
    </Text>
  );
});

/** Renders only the visible window of a list, so 10,000 rows cost what 20 do. */
export function VirtualizedList({ rows, height, offset, selected, showCursor }: Props) {
  const visible = rows.slice(offset, offset + Math.max(height, 0));
  return (
    <Box flexDirection="column" height={Math.max(height, 0)} overflow="hidden">
      {visible.map((row, i) => (
        <RowLine key={row.key} row={row} selected={offset + i === selected} showCursor={showCursor} />
      ))}
    </Box>
  );
}
