import { Box } from 'ink';
import React, { memo, useCallback, useMemo, useState } from 'react';
import { useTheme } from '../contexts.js';
import type { Binding } from '../keys/bindings.js';
import { useBindings } from '../keys/use-bindings.js';
import { Priority } from '../keypress-context.js';
import { findMatches, PAGER_START, reveal, scrollPager, splitMatches, stepMatch, windowOffset, type PagerState } from '../pager.js';
import { MOVES } from '../rows.js';
import { Text } from '../text.js';
import { TextInput } from './TextInput.js';

/** One line of a viewer, already cut to the viewer's width by whoever built it. */
export interface PagerLine {
  text: string;
  color?: string | undefined;
  bold?: boolean;
  dim?: boolean;
}

interface Props {
  title: string;
  lines: readonly PagerLine[];
  width: number;
  /** Rows it may use: a title row, the window, and a row for the search prompt or its answer. */
  height: number;
  active: boolean;
  /** Start at the end and follow appended lines (output still coming in). */
  follow?: boolean;
  emptyText: string;
}

/**
 * A full-screen, virtualised viewer (less-like): only the window's lines are drawn, whatever the
 * total; `/` searches (any case), n/N go to the next/previous match, wrapping around. Esc and q
 * are the global back keys.
 */
export function Pager({ title, lines, width, height, active, follow = false, emptyText }: Props) {
  const theme = useTheme();
  const [state, setState] = useState<PagerState>(() => ({ ...PAGER_START, follow }));
  const [draft, setDraft] = useState<string | null>(null);
  const [answer, setAnswer] = useState<string | null>(null);
  const windowRows = Math.max(height - 2, 1);
  const total = lines.length;
  const texts = useMemo(() => lines.map((l) => l.text), [lines]);
  const matches = useMemo(() => findMatches(texts, state.query), [texts, state.query]);
  const offset = windowOffset(state, total, windowRows);

  const go = useCallback(
    (dir: 1 | -1) => {
      const from = state.matchLine >= 0 ? state.matchLine : dir === 1 ? offset - 1 : offset + windowRows;
      const line = stepMatch(matches, from, dir);
      setState(reveal({ ...state, offset }, line, total, windowRows));
      setAnswer(null);
    },
    [state, matches, offset, total, windowRows],
  );

  const bindings = useMemo<Binding[]>(() => {
    const noMatch = () => (!state.query ? 'nothing searched yet: / searches' : matches.length === 0 ? `no line matches "${state.query}"` : null);
    return [
      ...MOVES.map((move) => ({ command: move, run: () => setState((s) => scrollPager(s, move, total, windowRows)) })),
      { command: 'search' as const, run: () => setDraft(state.query) },
      { command: 'searchNext' as const, run: () => go(1), disabledReason: noMatch },
      { command: 'searchPrev' as const, run: () => go(-1), disabledReason: noMatch },
    ];
  }, [state.query, matches.length, total, windowRows, go]);
  useBindings(bindings, { priority: Priority.Normal, isActive: active && draft === null, visible: active });

  const submit = (q: string) => {
    setDraft(null);
    const found = findMatches(texts, q);
    const next = { ...state, offset, query: q, matchLine: -1 };
    if (!q) return setState(next);
    if (found.length === 0) {
      setAnswer(`no line matches "${q}"`);
      return setState(next);
    }
    setAnswer(`${found.length} matching line${found.length === 1 ? '' : 's'}: n next, N previous`);
    setState(reveal(next, stepMatch(found, offset - 1, 1), total, windowRows));
  };

  const visible = lines.slice(offset, offset + windowRows);
  const position = total === 0 ? 'empty' : `lines ${offset + 1}-${offset + visible.length} of ${total}`;
  const matchNote = state.query && matches.length ? `/${state.query} ${matches.indexOf(state.matchLine) + 1 || '-'}/${matches.length}` : '';
  // A narrow terminal cuts the end: what the last key did first, then where the window is.
  const status = [matchNote, answer ?? '', `${position}${state.follow && total > windowRows ? ' (following)' : ''}`].filter(Boolean).join('  ');
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate" color={theme.accent}>
        {title}
      </Text>
      <Box flexDirection="column" height={windowRows} overflow="hidden">
        {total === 0 ? (
          <Text color={theme.muted}>{emptyText}</Text>
        ) : (
          visible.map((l, i) => <PagerRow key={offset + i} line={l} query={state.query} current={offset + i === state.matchLine} />)
        )}
      </Box>
      <Box height={1} overflow="hidden">
        {draft !== null ? (
          <TextInput
            prompt="/"
            value={draft}
            isActive={active}
            onChange={setDraft}
            onSubmit={submit}
            onCancel={() => {
              setDraft(null);
              setAnswer(null);
              setState((s) => ({ ...s, query: '', matchLine: -1 }));
            }}
          />
        ) : (
          <Text wrap="truncate" color={theme.muted}>
            {status}
          </Text>
        )}
      </Box>
    </Box>
  );
}

const PagerRow = memo(function PagerRow({ line, query, current }: { line: PagerLine; query: string; current: boolean }) {
  const parts = query ? splitMatches(line.text, query) : null;
  if (!parts || parts.length === 1) {
    return (
      <Text wrap="truncate" color={line.color} bold={line.bold} dimColor={line.dim}>
        {line.text || ' '}
      </Text>
    );
  }
  return (
    <Text wrap="truncate" color={line.color} bold={line.bold} dimColor={line.dim}>
      {current ? '> ' : ''}
      {parts.map((p, i) =>
        p.hit ? (
          <Text key={i} inverse bold={current}>
            {p.text}
          </Text>
        ) : (
          <Text key={i}>{p.text}</Text>
        ),
      )}
    </Text>
  );
});
