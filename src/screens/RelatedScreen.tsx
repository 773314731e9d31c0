import React, { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { ListPane } from '../ui/components/ListPane.js';
import { useEngine, useTheme } from '../ui/contexts.js';
import type { Binding } from '../ui/keys/bindings.js';
import { START, type ListCursor, type Row } from '../ui/rows.js';
import { relatedRows, type RelatedRowPayload } from './related-rows.js';

interface Props {
  width: number;
  height: number;
  active: boolean;
  /** Plan → confirmation dialog (typed number) → run, through the console's confirm flow. */
  onAct(number: number): void;
}

/** Related issues and PRs (workflow 4.2, 4.7) with their reasons; the operator acts on each. */
export function RelatedScreen({ width, height, active, onAct }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const related = useStore(engine.stores.related, (s) => s);
  const [cursor, setCursor] = useState<ListCursor>(START);
  const rows = useMemo(() => relatedRows(related, theme), [related, theme]);

  const rowBindings = useCallback(
    (row: Row | null): Binding[] => {
      const p = (row?.payload as RelatedRowPayload | undefined)?.proposal ?? null;
      const done = p ? related.done[p.number] : undefined;
      return [
        { command: 'relatedToggle', run: () => p && engine.toggleRelated(p.number), disabledReason: () => (p ? null : 'no entry under the cursor') },
        {
          command: 'relatedAct',
          run: () => p && onAct(p.number),
          disabledReason: () =>
            !p
              ? 'no entry under the cursor'
              : done?.ok
                ? `#${p.number} is done: ${done.text}`
                : !related.selected.includes(p.number)
                  ? `#${p.number} is not selected${p.hold ? ` (${p.hold})` : ''}; Space selects it if you mean it`
                  : null,
        },
      ];
    },
    [engine, related.done, related.selected, onAct],
  );

  const pending = related.selected.filter((n) => !related.done[n]?.ok).length;
  return (
    <ListPane
      title={`Related issues and PRs${related.proposals.length ? `  ${related.selected.length} selected, ${pending} to act on` : ''}`}
      rows={rows}
      status={null}
      focused
      active={active}
      width={width}
      height={height}
      filter=""
      cursor={cursor}
      onCursor={setCursor}
      rowBindings={rowBindings}
      emptyText="nothing related"
    />
  );
}
