import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { Pager } from '../ui/components/Pager.js';
import { useStores, useTheme } from '../ui/contexts.js';
import { issueLines } from './issue-lines.js';

/**
 * The maintenance issue inside the console (the `i` key): the live body as it is on the server,
 * its Status and Change Log tables in columns, and who changed what since the session opened,
 * updated as edits land; a virtualised pager with / search.
 */
export function IssueScreen({ width, height, active }: { width: number; height: number; active: boolean }) {
  const stores = useStores();
  const theme = useTheme();
  const v = useStore(
    stores.issue,
    useShallow((s) => ({ number: s.number, title: s.title, state: s.state, labels: s.labels, body: s.body, history: s.history })),
  );
  const lines = useMemo(() => issueLines(v, width, theme), [v, width, theme]);
  return (
    <Pager title={`Issue #${v.number ?? '?'}: the live body`} lines={lines} width={width} height={height} active={active} emptyText="no issue loaded yet" />
  );
}
