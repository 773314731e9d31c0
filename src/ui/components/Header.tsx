import { Box } from 'ink';
import { Text } from '../text.js';
import React, { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { useStores, useTheme } from '../contexts.js';

/** Context, repository, issue, mode and edit protection: what the operator must never guess. */
export const Header = memo(function Header({ width }: { width: number }) {
  const stores = useStores();
  const theme = useTheme();
  const s = useStore(
    stores.session,
    useShallow((x) => ({ mode: x.mode, demo: x.demo, context: x.context, repo: x.repo })),
  );
  const issue = useStore(
    stores.issue,
    useShallow((x) => ({ number: x.number, editMode: x.editMode, title: x.title })),
  );
  const modeColor = s.mode === 'READ-ONLY' ? theme.ok : s.mode === 'DRY-RUN' ? theme.accent : theme.warn;
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate">
        {s.demo ? (
          <Text inverse bold color={theme.warn}>
            {' DEMO '}
          </Text>
        ) : null}
        {s.demo ? ' ' : ''}
        <Text inverse bold color={modeColor}>{` ${s.mode} `}</Text>
        {/* The issue first: in a 40-column side pane it is what must not be cut off. */}
        <Text>{`  issue `}</Text>
        <Text bold>{issue.number !== null ? `#${issue.number}` : '?'}</Text>
        <Text>{`  ctx `}</Text>
        <Text bold>{s.context ?? '?'}</Text>
        <Text>{`  repo `}</Text>
        <Text bold>{s.repo ?? '?'}</Text>
        {issue.editMode ? <Text color={issue.editMode === 'last-writer-wins' ? theme.warn : theme.muted}>{`  edits: ${issue.editMode}`}</Text> : null}
        {issue.title ? <Text color={theme.muted}>{`  ${issue.title}`}</Text> : null}
      </Text>
    </Box>
  );
});
