import React, { memo, useCallback, useMemo } from 'react';
import type { Binding } from '../ui/keys/bindings.js';
import { useStore } from 'zustand';
import { needsProtocol } from '../domain/upgrade/protocol.js';
import { ListPane } from '../ui/components/ListPane.js';
import { useEngine, useFreeze, useFrozen, useNow, useStores, useTheme } from '../ui/contexts.js';
import { describeLiveness } from '../ui/liveness.js';
import type { Row } from '../ui/rows.js';
import type { PaneSlot } from './ActionItemsPane.js';
import { loopHolding, queueOffReasons, type QueueTarget } from './queue-off-reasons.js';
import { queueRows, type QueueRowPayload } from './queue-rows.js';
import { stepBusyText } from './step-busy.js';
import { useCopy } from '../ui/clipboard.js';
import { queueCopy } from '../ui/copy-targets.js';

/** What the queue pane's keys do (why one is off for the selected row is queueOffReasons; read-only and escalation are the binding table's). */
export interface QueueActions {
  merge(pr: number): void;
  rollback(pr: number): void;
  /** Continue the merge loop after it stopped. */
  resume(): void;
  /** A major or database PR's upgrade protocol, its next stage. */
  protocol(pr: number): void;
}

export const RenovateQueuePane = memo(function RenovateQueuePane({
  slot,
  onOpen,
  actions,
}: {
  slot: PaneSlot;
  onOpen(row: QueueRowPayload): void;
  actions: QueueActions;
}) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const frozen = useFrozen();
  const prs = useFreeze(
    useStore(stores.queue, (s) => s.prs),
    frozen,
  );
  const merged = useFreeze(
    useStore(stores.queue, (s) => s.merged),
    frozen,
  );
  const dashboard = useFreeze(
    useStore(stores.queue, (s) => s.dashboard),
    frozen,
  );
  const liveness = useStore(stores.queue, (s) => s.liveness);
  const loopPr = useStore(stores.queue, (s) => s.loop?.pr ?? null);
  const loopText = useStore(stores.queue, (s) => (s.loop ? `#${s.loop.pr} ${s.loop.phase}` : null));
  const narrow = slot.width < 70;
  const rows = useMemo(() => queueRows(prs, theme, loopPr, merged, dashboard, narrow), [prs, theme, loopPr, merged, dashboard, narrow]);
  const open = useMemo(() => (row: Row) => onOpen(row.payload as QueueRowPayload), [onOpen]);
  const holding = useStore(stores.queue, (s) => loopHolding(s.loop));
  const stopped = useStore(stores.queue, (s) => s.loop?.phase === 'stopped');
  const stepBusy = useStore(stores.step, (s) => stepBusyText(s.current));
  const wired = useEngine().capabilities.mergeLoop;
  const runs = useStore(stores.upgrade, (s) => s.runs);
  const copy = useCopy();
  const rowBindings = useCallback(
    (row: Row | null): Binding[] => {
      const p = (row?.payload as QueueRowPayload | undefined) ?? null;
      const target: QueueTarget = p === null ? null : p.kind === 'dashboard' ? { kind: 'dashboard' } : { kind: p.kind, number: p.pr.number };
      const off = queueOffReasons(target, { wired, holding, stopped, stepBusy });
      const pr = p && p.kind !== 'dashboard' ? p.pr.number : null;
      const toCopy = queueCopy(p);
      // The PR detail's reasons for u: only an open major or database PR (or one whose protocol runs) has one.
      const running = pr !== null && runs[pr] !== undefined;
      const protocolOff = !wired
        ? off.merge
        : running
          ? null
          : p === null
            ? 'nothing selected: select an open major or database PR'
            : p.kind === 'dashboard'
              ? 'the Dependency Dashboard is not a PR: select an open major or database PR'
              : p.kind === 'merged'
                ? `PR #${p.pr.number} is not open: no protocol to work`
                : needsProtocol(p.pr)
                  ? null
                  : `PR #${p.pr.number} needs no protocol: m merges it`;
      return [
        { command: 'protocolNext', disabledReason: () => protocolOff, run: () => pr !== null && actions.protocol(pr) },
        { command: 'merge', disabledReason: () => off.merge, run: () => pr !== null && actions.merge(pr) },
        { command: 'prRollback', disabledReason: () => off.prRollback, run: () => pr !== null && actions.rollback(pr) },
        { command: 'mergeResume', disabledReason: () => off.mergeResume, run: actions.resume },
        { command: 'copy', disabledReason: () => toCopy.reason ?? null, run: () => toCopy.target && copy(toCopy.target) },
      ];
    },
    [actions, wired, holding, stopped, stepBusy, runs, copy],
  );
  const status = describeLiveness(liveness, now);
  return (
    <ListPane
      title={`Renovate queue${prs.length ? ` ${prs.length}` : ''}${loopText ? ` [${loopText}]` : ''}`}
      number={4}
      rows={rows}
      status={status}
      emptyText="no open Renovate PRs"
      onOpen={open}
      rowBindings={rowBindings}
      {...slot}
    />
  );
});
