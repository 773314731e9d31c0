import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { needsProtocol } from '../domain/upgrade/protocol.js';
import { useEngine, useFreeze, useFrozen, useNow, useTheme } from '../ui/contexts.js';
import type { Row } from '../ui/rows.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';
import { mergedPrDetailRows, prDetailRows } from './detail-lines.js';
import { protocolRows } from './protocol-rows.js';
import { loopHolding, queueOffReasons } from '../panes/queue-off-reasons.js';
import { stepBusyText } from '../panes/step-busy.js';

interface Props {
  number: number;
  width: number;
  height: number;
  active: boolean;
  readOnly: boolean;
  onMerge(pr: number): void;
  onRollback(pr: number): void;
  onResume(): void;
  /** The protocol's next stage for a major or database PR (pre-flight, reason, answers, backup, scale-down). */
  onProtocol(pr: number): void;
}

/** One PR: an open one with its merge control, or a merged one with its rollback. */
export function PrDetailScreen({ number, width, height, active, readOnly, onMerge, onRollback, onResume, onProtocol }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const pr = useFreeze(
    useStore(engine.stores.queue, (s) => s.prs.find((p) => p.number === number) ?? null),
    frozen,
  );
  const merged = useFreeze(
    useStore(engine.stores.queue, (s) => s.merged.find((p) => p.number === number) ?? null),
    frozen,
  );
  const loop = useStore(engine.stores.queue, (s) => (s.loop?.pr === number ? s.loop : null));
  const holding = useStore(engine.stores.queue, (s) => loopHolding(s.loop));
  const stopped = useStore(engine.stores.queue, (s) => s.loop?.phase === 'stopped');
  const stepBusy = useStore(engine.stores.step, (s) => stepBusyText(s.current));
  const run = useStore(engine.stores.upgrade, (s) => s.runs[number] ?? null);
  const window = useStore(engine.stores.upgrade, (s) => (s.window?.pr === number ? s.window : null));
  const waiting = useStore(engine.stores.upgrade, (s) => (s.waiting?.pr === number ? s.waiting : null));
  // The countdowns tick with the UI clock only while one runs for this PR.
  const tick = useNow();
  const now = window || waiting ? tick : 0;
  const protocol = pr ? needsProtocol(pr) : false;
  const rows = useMemo(() => {
    const base = pr ? prDetailRows(pr, theme) : merged ? mergedPrDetailRows(merged, theme) : [];
    if (!run) {
      if (!protocol) return base;
      const hint: Row = {
        key: 'p:none',
        segments: [{ text: 'a major or database update merges only through its protocol: u starts the pre-flight', color: theme.warn }],
        filterText: '',
        selectable: false,
      };
      return [...base.slice(0, 3), hint, ...base.slice(3)];
    }
    // The checklist first: it is what this PR waits on.
    return [...base.slice(0, 4), ...protocolRows(run, theme, { window, waiting, now }), ...base.slice(4)];
  }, [pr, merged, theme, run, protocol, window, waiting, now]);
  const wired = engine.capabilities.mergeLoop;
  const kind = pr !== null ? 'open' : merged !== null ? 'merged' : null;
  const controls = useMemo<DetailControl[]>(() => {
    // The same reasons as the queue pane's row keys; a PR that is neither open nor merged has nothing to act on.
    const off = queueOffReasons(kind ? { kind, number } : null, { wired, holding, stopped, stepBusy });
    const gone = kind === null ? `PR #${number} is neither open nor merged recently` : null;
    return [
      {
        command: 'protocolNext',
        label: 'protocol',
        disabledReason: () =>
          (wired ? null : off.merge) ??
          (kind !== 'open' && !run
            ? `PR #${number} is not open: no protocol to work`
            : !protocol && !run
              ? `PR #${number} needs no protocol: m merges it`
              : null),
        run: () => onProtocol(number),
      },
      { command: 'merge', label: 'merge', disabledReason: () => gone ?? off.merge, run: () => onMerge(number) },
      { command: 'prRollback', label: 'roll back', disabledReason: () => gone ?? off.prRollback, run: () => onRollback(number) },
      { command: 'mergeResume', label: 'continue loop', disabledReason: () => off.mergeResume, run: onResume },
    ];
  }, [wired, kind, holding, stopped, stepBusy, number, onMerge, onRollback, onResume, onProtocol, run, protocol]);
  const title = pr ? `PR #${pr.number} (open)` : merged ? `PR #${merged.number} (merged)` : `PR #${number} is neither open nor merged recently`;
  return (
    <DetailScreen
      title={title}
      rows={rows}
      width={width}
      height={height}
      active={active}
      controls={controls}
      disabledReason={!readOnly && !wired ? 'merge and rollback are off: the merge loop is not wired in this build' : null}
      status={loop ? `${loop.phase}: ${loop.message}` : null}
    />
  );
}
