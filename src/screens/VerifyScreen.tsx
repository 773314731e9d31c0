import React, { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { ListPane } from '../ui/components/ListPane.js';
import { useEngine, useTheme } from '../ui/contexts.js';
import type { Binding } from '../ui/keys/bindings.js';
import { START, type ListCursor, type Row } from '../ui/rows.js';
import type { VerifyFinding } from '../domain/console-engine.js';
import { reapplyOff } from '../domain/steps/reapply.js';
import { verifyRows, type VerifyRowPayload } from './verify-rows.js';

interface Props {
  width: number;
  height: number;
  active: boolean;
  /** Where what was recorded (or why not) is said. */
  say(level: 'info' | 'warn' | 'error', text: string): void;
}

/**
 * After a crash, first: every step the journal left "outcome unknown — verify", with what the
 * journal knows and whether its process group still runs. The operator checks each in the homelab
 * and marks it done, failed or still unknown; each is recorded in the journal and the issue. Until
 * then the session refuses steps, merges and closure (src/services/engine/arbiter.ts holds them).
 */
export function VerifyScreen({ width, height, active, say }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const list = useStore(engine.stores.step, (s) => s.unknownOutcomes);
  const loaded = useStore(engine.stores.issue, (s) => s.document !== null);
  const [cursor, setCursor] = useState<ListCursor>(START);
  const rows = useMemo(() => verifyRows(list, theme), [list, theme]);

  const rowBindings = useCallback(
    (row: Row | null): Binding[] => {
      const u = (row?.payload as VerifyRowPayload | undefined)?.unknown ?? null;
      const mark = (finding: VerifyFinding) => () => {
        if (!u) return;
        void engine.verifyUnknown(u.stepId, finding).then((r) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason));
      };
      const off = () => (!u ? 'no step under the cursor' : !loaded ? 'the maintenance issue is not loaded yet (the finding goes to its Change Log)' : null);
      const offUnknown = () => off() ?? (u?.acknowledged ? `${u.title} is already recorded as still unknown` : null);
      return [
        { command: 'verifyDone', run: mark('done'), disabledReason: off },
        { command: 'verifyFailed', run: mark('failed'), disabledReason: off },
        { command: 'verifyUnknown', run: mark('unknown'), disabledReason: offUnknown },
        { command: 'verifyReapply', run: mark('reapply'), disabledReason: () => off() ?? reapplyOff(u!) },
      ];
    },
    [engine, say, loaded],
  );

  const open = list.filter((u) => !u.acknowledged).length;
  return (
    <ListPane
      title={
        list.length === 0
          ? 'Outcome unknown — verify: nothing left'
          : `Outcome unknown — verify: the console stopped while ${list.length === 1 ? 'this step' : `these ${list.length} steps`} ran. Check each in the homelab, then mark it${open ? ` (${open} to go; steps, merges and closure wait)` : ''}`
      }
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
      emptyText="nothing to verify"
    />
  );
}
