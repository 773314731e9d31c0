import { Box } from 'ink';
import { Text } from '../text.js';
import React, { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { useNow, useSettings, useStores, useTheme } from '../contexts.js';
import { displayBinding } from '../keys/keypress.js';
import { BusyGlyph } from './Busy.js';
import { offlineHeaderText } from '../../domain/offline-text.js';
import type { IssueState } from '../../store/issue-store.js';

/** Context, repository, issue, mode and edit protection: what the operator must never guess. */
export const Header = memo(function Header({ width }: { width: number }) {
  const stores = useStores();
  const theme = useTheme();
  const s = useStore(
    stores.session,
    useShallow((x) => ({ mode: x.mode, demo: x.demo, context: x.context, repo: x.repo, escalated: x.escalated ?? null })),
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
        {/* Escalation stops every write: it must be the first thing read, with the operator's reason. */}
        {s.escalated !== null ? (
          <>
            {' '}
            <Text inverse bold color={theme.fail}>
              {' ESCALATED '}
            </Text>
            <Text bold color={theme.fail}>{` ${theme.glyphs.fail} ${shorten(s.escalated, 48, theme.glyphs.cut)}`}</Text>
          </>
        ) : null}
        <OfflineNotice />
        {/* The issue first: in a 40-column side pane it is what must not be cut off. */}
        <Text>{`  issue `}</Text>
        <Text bold>{issue.number !== null ? `#${issue.number}` : '?'}</Text>
        <WaitCountdown />
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

/** Gitea unreachable (working from the copy, edits queued, the next retry) or its queue still being written. */
function OfflineNotice() {
  const stores = useStores();
  const theme = useTheme();
  const offline = useStore(stores.issue, (s) => s.offline);
  // The countdown's clock is read only while there is something to say.
  return offline ? <OfflineText offline={offline} theme={theme} /> : null;
}

function OfflineText({ offline, theme }: { offline: NonNullable<IssueState['offline']>; theme: ReturnType<typeof useTheme> }) {
  const text = offlineHeaderText(offline, useNow());
  if (!text) return null;
  return (
    <>
      {' '}
      <Text inverse bold color={offline.reachable ? theme.warn : theme.fail}>{` ${theme.glyphs.warn} ${text} `}</Text>
    </>
  );
}

/** Cut by code points, never inside a surrogate pair. */
const shorten = (text: string, max: number, cut: string) => {
  const cps = Array.from(text);
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}${cut}` : text;
};

/**
 * A merge or rollback waiting for ArgoCD: phase and seconds left, and the key that stops it, in the
 * header so it shows on every screen and in every layout (the output area may have no rows); its
 * spinner is mounted only while the wait lasts.
 */
function WaitCountdown() {
  const stores = useStores();
  const theme = useTheme();
  const stopKey = displayBinding(useSettings().keys.specs.mergeStop.keys[0] ?? 'x', theme.glyphs);
  const loop = useStore(
    stores.queue,
    useShallow((s) => (s.loop?.phase === 'waiting-sync' ? { pr: s.loop.pr, deadline: s.loop.deadline, waitMs: s.loop.waitMs ?? null } : null)),
  );
  // A protocol wait (dependents scaling, Gate 1's pods) is stopped by the same key.
  const protocol = useStore(
    stores.upgrade,
    useShallow((s) => (s.waiting ? { pr: s.waiting.pr, label: s.waiting.label, deadline: s.waiting.deadline, waitMs: s.waiting.waitMs } : null)),
  );
  const now = useNow();
  if (protocol) {
    const total = Math.round(protocol.waitMs / 1000);
    const secs = Math.min(total, Math.max(0, Math.ceil((protocol.deadline - now) / 1000)));
    return (
      <Text color={theme.accent} bold>
        {'  '}
        <BusyGlyph />
        {` WAIT PR #${protocol.pr} ${protocol.label} ${secs}/${total} s left (${stopKey} stops)`}
      </Text>
    );
  }
  if (!loop) return null;
  // The UI clock ticks once a second: clamp so a wait never shows more than its limit.
  const total = loop.waitMs != null ? Math.round(loop.waitMs / 1000) : null;
  const secs = loop.deadline !== null ? Math.max(0, Math.ceil((loop.deadline - now) / 1000)) : null;
  const left = secs === null ? 'no deadline' : total !== null ? `${Math.min(secs, total)}/${total} s left` : `${secs} s left`;
  return (
    <Text color={theme.accent} bold>
      {'  '}
      <BusyGlyph />
      {` WAIT PR #${loop.pr} sync ${left} (${stopKey} stops)`}
    </Text>
  );
}
