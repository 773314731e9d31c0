import { useCallback, useMemo, useRef, type Dispatch } from 'react';
import { useStore } from 'zustand';
import type { ConsoleEngine } from '../../store/index.js';
import type { Binding } from '../keys/bindings.js';
import type { KeyTable } from '../keys/commands.js';
import type { KeyPress } from '../keys/keypress.js';
import { useBindings } from '../keys/use-bindings.js';
import { Priority, useKeypress } from '../keypress-context.js';
import { PANES } from '../layout.js';
import { useUiTerminal } from '../terminal-handover.js';
import type { Say } from './use-confirm-flow.js';
import type { ViewState, ViewAction } from './view-state.js';

const DOUBLE_CTRL_C_MS = 2000;

/** The PR whose merge or rollback waits for ArgoCD now (the wait the stop key ends), else null. */
function useWaitingPr(engine: ConsoleEngine): number | null {
  const sync = useStore(engine.stores.queue, (s) => (s.loop?.phase === 'waiting-sync' ? s.loop.pr : null));
  // An upgrade protocol's wait (dependents scaling, Gate 1's pods) ends on the same key.
  const protocol = useStore(engine.stores.upgrade, (s) => s.waiting?.pr ?? null);
  return protocol ?? sync;
}

const NOT_ESCALATED = 'nothing is escalated (e on an action item escalates it)';

const stopWaitText = (pr: number | null) =>
  `Stopping the wait for PR #${pr ?? '?'}: it stays merged, the loop stops (nothing else merges until it is continued); the issue and the journal record it`;

interface GlobalKeys {
  state: ViewState;
  dispatch: Dispatch<ViewAction>;
  engine: ConsoleEngine;
  table: KeyTable;
  say: Say;
  /** Quit, asking first while work runs (`q`, Ctrl-C twice). */
  requestQuit(): void;
  /** The escalation's own keys: the safe state and resume (each planned, then confirmed). */
  escalation: { safeState(): void; resume(): void };
}

/**
 * The keys every view has, at the lowest priority: a dialog, an input or a pane sees a key first.
 * Ctrl-C is watched just above them, always (a dialog lets it through), as is the notice line.
 */
export function useGlobalKeys({ state, dispatch, engine, table, say, requestQuit, escalation }: GlobalKeys): void {
  const { view, focus, overlay, notice } = state;
  const ctrlCAt = useRef<number | null>(null);

  const quitAsked = overlay.kind === 'quit';
  const waitingPr = useWaitingPr(engine);
  const escalated = useStore(engine.stores.session, (s) => s.escalated ?? null);
  const interrupt = useCallback(() => {
    // The quit question is already on screen: its answer is Tab + Enter, not more Ctrl-C.
    if (quitAsked) return;
    const now = Date.now();
    if (ctrlCAt.current !== null && now - ctrlCAt.current <= DOUBLE_CTRL_C_MS) {
      ctrlCAt.current = null;
      // The same guard as `q`: a step awaiting its verdict or a merge in flight asks first.
      return requestQuit();
    }
    ctrlCAt.current = now;
    const cancelled = engine.cancelStep();
    // A merge wait outside a step is stopped like one inside (the step's cancel stops its merge).
    const stopped = !cancelled && waitingPr !== null;
    if (stopped) engine.stopMergeLoop();
    const what = cancelled ? 'Step cancelled. ' : stopped ? `${stopWaitText(waitingPr)}. ` : '';
    dispatch({ type: 'notice', text: `${what}Press Ctrl-C again within 2 s to quit.` });
  }, [engine, requestQuit, dispatch, quitAsked, waitingPr]);

  const onAnyKey = useCallback(
    (k: KeyPress) => {
      if (table.matches('interrupt', k)) {
        interrupt();
        return true;
      }
      if (notice) dispatch({ type: 'notice', text: null });
      return false;
    },
    [table, interrupt, notice, dispatch],
  );
  useKeypress(onAnyKey, { priority: Priority.Low + 1 });

  const main = view.kind === 'main';
  const hasOutput = useStore(engine.stores.step, (s) => s.output.length > 0 || (s.current !== null && s.current.status !== 'awaiting-confirm'));
  const terminal = useUiTerminal();
  const runningStep = useStore(engine.stores.step, (s) => (s.current?.status === 'running' ? (s.current.itemId ?? s.current.title) : null));
  const bindings = useMemo<Binding[]>(() => {
    const always: Binding[] = [
      {
        command: 'outputOpen',
        run: () => dispatch({ type: 'open', view: { kind: 'output', from: view } }),
        disabledReason: () => (hasOutput ? null : 'no step output yet: start a step first'),
      },
      {
        command: 'issueOpen',
        run: () => dispatch({ type: 'open', view: { kind: 'issue', from: view } }),
        disabledReason: () => (engine.stores.issue.getState().body === null ? 'no maintenance issue loaded yet' : null),
      },
      { command: 'help', run: () => dispatch({ type: 'overlay', overlay: { kind: 'help' } }) },
      { command: 'commandLine', run: () => dispatch({ type: 'overlay', overlay: { kind: 'command', draft: '' } }) },
      {
        command: 'refresh',
        run: () => {
          void engine.refresh('all');
          say('info', 'refreshing everything');
        },
      },
      { command: 'back', run: () => dispatch({ type: 'back' }) },
      {
        command: 'suspend',
        // A stopped console cannot watch what it started: a running step's output, a merge's sync wait.
        disabledReason: () =>
          terminal === null
            ? 'no terminal to hand back to a shell'
            : runningStep !== null
              ? `a step is running: ${runningStep} (Ctrl-C cancels it; suspend after)`
              : waitingPr !== null
                ? `PR #${waitingPr} waits for its sync (x stops the wait; suspend after)`
                : null,
        run: () => void terminal?.suspendToShell(),
      },
      {
        command: 'mergeStop',
        disabledReason: () => (waitingPr === null ? 'no merge, rollback or upgrade protocol is waiting' : null),
        run: () => {
          engine.stopMergeLoop();
          say('warn', stopWaitText(waitingPr));
        },
      },
      { command: 'quit', run: () => (main ? requestQuit() : dispatch({ type: 'back' })) },
      { command: 'safeState', disabledReason: () => (escalated === null ? NOT_ESCALATED : null), run: escalation.safeState },
      { command: 'escalationResume', disabledReason: () => (escalated === null ? NOT_ESCALATED : null), run: escalation.resume },
    ];
    if (!main) return always;
    // Pane switching and the filter act on the four panes only (a detail screen has neither).
    const idx = PANES.indexOf(focus);
    return [
      ...always,
      { command: 'nextPane', run: () => dispatch({ type: 'focus', pane: PANES[(idx + 1) % PANES.length]! }) },
      { command: 'prevPane', run: () => dispatch({ type: 'focus', pane: PANES[(idx + PANES.length - 1) % PANES.length]! }) },
      { command: 'pane1', run: () => dispatch({ type: 'focus', pane: 'items' }) },
      { command: 'pane2', run: () => dispatch({ type: 'focus', pane: 'health' }) },
      { command: 'pane3', run: () => dispatch({ type: 'focus', pane: 'ceph' }) },
      { command: 'pane4', run: () => dispatch({ type: 'focus', pane: 'queue' }) },
      { command: 'filter', run: () => dispatch({ type: 'overlay', overlay: { kind: 'filter', draft: state.filters[focus] } }) },
    ];
  }, [main, focus, state.filters, engine, say, dispatch, requestQuit, waitingPr, view, hasOutput, escalated, escalation, terminal, runningStep]);
  useBindings(bindings, { priority: Priority.Low, isActive: overlay.kind === 'none', visible: true });
}
