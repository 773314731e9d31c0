import React, { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { closureBlockers } from '../domain/closure/blockers.js';
import type { ActionItem } from '../domain/issue/types.js';
import type { ActionResult, ItemRef } from '../domain/console-engine.js';
import { ESCALATE_AFTER } from '../store/recon-store.js';
import { ListPane } from '../ui/components/ListPane.js';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import type { Binding } from '../ui/keys/bindings.js';
import { START, type ListCursor, type Row } from '../ui/rows.js';
import { reconRows, type ReconRowPayload } from './recon-rows.js';

interface Props {
  width: number;
  height: number;
  active: boolean;
  /** Reports an engine answer on the message line. */
  report(r: ActionResult): void;
  /** Opens the closure preview (the `c` key, once closure is allowed). */
  onClose(): void;
  /** Asks why, then escalates the item that worked a finding (the `e` key). */
  onEscalate(ref: ItemRef, why: string): void;
}

/** The latest item that names the object (the one whose attempts did not fix it). */
function workedBy(items: readonly ActionItem[], name: string): ActionItem | null {
  const n = name.toLowerCase();
  const hits = items.filter((i) => [i.title, i.commands ?? ''].join('\n').toLowerCase().includes(n));
  return hits.at(-1) ?? null;
}

/** The full recon's findings, and the picker that turns the chosen ones into action items (3.4). */
export function ReconScreen({ width, height, active, report, onClose, onEscalate }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const recon = useFreeze(
    useStore(engine.stores.recon, (s) => s),
    frozen,
  );
  const items = useStore(engine.stores.issue, (s) => s.document?.items ?? null);
  const gate = useStore(engine.stores.health, (s) => s.gate);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [cursor, setCursor] = useState<ListCursor>(START);
  // Only proposals the recon still offers count as selected (an added one drops out).
  const chosen = useMemo(() => recon.proposals.map((p) => p.id).filter((id) => selected.has(id)), [recon.proposals, selected]);
  const rows = useMemo(() => reconRows(recon, new Set(chosen), theme), [recon, chosen, theme]);

  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const closeReason = useMemo(() => {
    if (recon.phase !== 'done') return recon.phase === 'running' ? 'the recon is still running' : 'run :recon first';
    const blockers = closureBlockers(items ?? [], gate, recon.overall ?? undefined);
    return blockers.length ? `closure needs every item done and the recon GREEN; still standing: ${blockers.slice(0, 3).join('; ')}` : null;
  }, [recon.phase, recon.overall, items, gate]);

  const rowBindings = useCallback(
    (row: Row | null): Binding[] => {
      const payload = (row?.payload as ReconRowPayload | undefined) ?? null;
      return [
        {
          command: 'reconToggle',
          run: () => payload && toggle(payload.proposal.id),
          disabledReason: () => (payload ? null : 'no proposed item under the cursor'),
        },
        {
          command: 'reconAdd',
          run: () => void engine.addReconItems(chosen).then(report),
          disabledReason: () =>
            recon.adding ? 'adding items to the issue...' : chosen.length === 0 ? 'nothing selected: Space selects a proposed item' : null,
        },
        { command: 'reconClose', run: onClose, disabledReason: () => closeReason },
        {
          command: 'reconEscalate',
          run: () => {
            const f = payload?.proposal.finding;
            const item = f ? workedBy(items ?? [], f.name) : null;
            if (f && item) onEscalate({ id: item.id, line: item.line }, `${f.kind} ${f.name} (${f.reason}) survived ${recon.seen[f.key]} recons`);
          },
          disabledReason: () => {
            const f = payload?.proposal.finding;
            if (!f) return 'no proposed item under the cursor';
            const times = recon.seen[f.key] ?? 0;
            if (times < ESCALATE_AFTER) return `found by ${times} recon(s) in a row; escalation is offered after ${ESCALATE_AFTER}`;
            return workedBy(items ?? [], f.name) ? null : `no item has worked ${f.name} yet: add it (a) and run it first`;
          },
        },
      ];
    },
    [toggle, engine, chosen, report, recon.adding, recon.seen, onClose, closeReason, items, onEscalate],
  );
  const onOpen = useCallback(
    (row: Row) => {
      const payload = row.payload as ReconRowPayload | undefined;
      if (payload) toggle(payload.proposal.id);
    },
    [toggle],
  );

  const title = `Recon${recon.trigger === 'final' ? ' (final: every item done or deferred)' : ''}${chosen.length ? `  ${chosen.length} selected` : ''}`;
  return (
    <ListPane
      title={title}
      rows={rows}
      status={null}
      focused
      active={active}
      width={width}
      height={height}
      filter=""
      cursor={cursor}
      onCursor={setCursor}
      onOpen={onOpen}
      rowBindings={rowBindings}
      emptyText="no recon yet"
    />
  );
}
