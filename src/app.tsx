import { Box } from 'ink';
import React, { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useStore } from 'zustand';
import type { LayerName } from './domain/health/types.js';
import type { ActionItem } from './domain/issue/types.js';
import type { QueueRowPayload } from './panes/queue-rows.js';
import { ActionDetailScreen } from './screens/ActionDetailScreen.js';
import { CephDetailScreen } from './screens/CephDetailScreen.js';
import { DashboardScreen } from './screens/DashboardScreen.js';
import { OutputArea } from './panes/OutputArea.js';
import { OutputScreen } from './screens/OutputScreen.js';
import { IssueScreen } from './screens/IssueScreen.js';
import { MainScreen } from './screens/MainScreen.js';
import { LayerDetailScreen } from './screens/LayerDetailScreen.js';
import { PrDetailScreen } from './screens/PrDetailScreen.js';
import { ClosureScreen } from './screens/ClosureScreen.js';
import { CriteriaScreen } from './screens/CriteriaScreen.js';
import { ReconScreen } from './screens/ReconScreen.js';
import { RelatedScreen } from './screens/RelatedScreen.js';
import { VerifyScreen } from './screens/VerifyScreen.js';
import { holdReason } from './domain/steps/unknown-hold.js';
import { giteaDownReason } from './domain/offline-text.js';
import type { ActionResult, ItemRef } from './domain/console-engine.js';
import { useFinalRecon } from './ui/console/use-final-recon.js';
import type { ConsoleEngine } from './store/index.js';
import { pushMessage } from './store/session-store.js';
import { DialogLayer } from './ui/console/DialogLayer.js';
import { NotePrompt } from './ui/console/NotePrompt.js';
import { useColonCommands } from './ui/console/use-colon-commands.js';
import { useConfirmFlow, type Say } from './ui/console/use-confirm-flow.js';
import { useGlobalKeys } from './ui/console/use-global-keys.js';
import { initialViewState, viewReducer, type ViewAction } from './ui/console/view-state.js';
import { Header } from './ui/components/Header.js';
import { CommandPalette } from './ui/components/CommandPalette.js';
import { HelpOverlay } from './ui/components/HelpOverlay.js';
import { HintBar } from './ui/components/HintBar.js';
import { TextInput } from './ui/components/TextInput.js';
import { ClockProvider, EngineProvider, FrozenProvider, SettingsProvider, useTerminalSize, type Clock, type UiSettings } from './ui/contexts.js';
import { BindingProvider } from './ui/keys/use-bindings.js';
import { KeypressProvider } from './ui/keypress-context.js';
import { TerminalProvider, type UiTerminal } from './ui/terminal-handover.js';
import { computeLayout, detailOutputRows, PANES, type PaneId } from './ui/layout.js';
import type { ListCursor } from './ui/rows.js';

export interface AppProps {
  engine: ConsoleEngine;
  settings: UiSettings;
  clock: Clock;
  /** Called once when the operator quits; the caller closes the engine and unmounts. */
  onExit(): void;
  initialPane?: PaneId;
  /** The real terminal (hand-over binding, Ctrl-Z); absent under tests. */
  terminal?: UiTerminal;
}

/** Providers around the console; tests render this same tree through one helper. */
export function App(props: AppProps) {
  return (
    <EngineProvider value={props.engine}>
      <SettingsProvider value={props.settings}>
        <ClockProvider value={props.clock}>
          <TerminalProvider value={props.terminal ?? null}>
            <KeypressProvider>
              <Bindings engine={props.engine} settings={props.settings}>
                <Console {...props} />
              </Bindings>
            </KeypressProvider>
            {props.terminal ? <props.terminal.Binder /> : null}
          </TerminalProvider>
        </ClockProvider>
      </SettingsProvider>
    </EngineProvider>
  );
}

/** The binding table's environment: the key table, the mode, and where an off key's reason goes. */
function Bindings({ engine, settings, children }: { engine: ConsoleEngine; settings: UiSettings; children: React.ReactNode }) {
  const readOnly = useStore(engine.stores.session, (s) => s.mode === 'READ-ONLY');
  const escalated = useStore(engine.stores.session, (s) => s.escalated ?? null);
  // After a crash: until each unknown outcome is verified, write keys say why they wait (the session refuses them too).
  const held = useStore(engine.stores.step, (s) => holdReason(s.unknownOutcomes));
  // Gitea unreachable: merges, closing and related actions are off with the reason (the session refuses them too).
  const giteaDown = useStore(engine.stores.issue, (s) => giteaDownReason(s.offline));
  const report = useCallback((reason: string) => pushMessage(engine.stores.session, 'warn', reason), [engine]);
  return (
    <BindingProvider table={settings.keys} readOnly={readOnly} escalated={escalated} held={held} giteaDown={giteaDown} report={report}>
      {children}
    </BindingProvider>
  );
}

/**
 * After a crash the steps the journal left "outcome unknown" come first: the verify screen opens
 * as soon as they are loaded (the engine loads them while it starts), and once the last is
 * answered the console goes back to the panes and says that work may go on.
 */
function useVerifyFirst(engine: ConsoleEngine, showing: boolean, dispatch: React.Dispatch<ViewAction>, say: Say): void {
  const open = useStore(engine.stores.step, (s) => s.unknownOutcomes.filter((u) => !u.acknowledged).length);
  const was = useRef(0);
  useEffect(() => {
    if (open > 0 && was.current === 0) dispatch({ type: 'open', view: { kind: 'verify' } });
    if (open === 0 && was.current > 0) {
      if (showing) dispatch({ type: 'back' });
      say('info', 'every unknown outcome is answered and recorded: steps, merges and closure may run again');
    }
    was.current = open;
  }, [open, showing, dispatch, say]);
}

/**
 * The console: view state in one reducer (src/ui/console/view-state.ts), the keys every view has
 * in useGlobalKeys, plan → dialog → run in useConfirmFlow, the dialogs in DialogLayer; each view
 * registers its own bindings. This file only lays the body out.
 */
function Console({ engine, settings, onExit, initialPane = 'items' }: AppProps) {
  const { columns, rows } = useTerminalSize();
  const stores = engine.stores;
  const readOnly = useStore(stores.session, (s) => s.mode === 'READ-ONLY');
  const [state, dispatch] = useReducer(viewReducer, initialPane, initialViewState);
  const { view, focus, overlay, filters, cursors, notice } = state;

  const say = useCallback((level: 'info' | 'warn' | 'error', text: string) => pushMessage(stores.session, level, text), [stores.session]);

  const exited = useRef(false);
  const quit = useCallback(() => {
    if (exited.current) return;
    exited.current = true;
    onExit();
  }, [onExit]);
  const requestQuit = useCallback(() => {
    const guard = engine.quitGuard();
    if (guard.busy) dispatch({ type: 'overlay', overlay: { kind: 'quit', reason: guard.reason ?? 'work is in progress' } });
    else quit();
  }, [engine, quit]);
  // Confirmed quit: nothing is cancelled here. The engine's close() (after unmount) records a step
  // running or awaiting its verdict, and a merge still waiting, as interrupted in the issue and journal;
  // cancelling first would record it as an ordinary cancel instead.
  const quitNow = quit;

  const actions = useConfirmFlow(engine, say, dispatch);
  const runCommand = useColonCommands(engine, say, dispatch, requestQuit);
  useGlobalKeys({ state, dispatch, engine, table: settings.keys, say, requestQuit, escalation: actions.escalation });
  useFinalRecon(engine, state, dispatch, say);
  useVerifyFirst(engine, view.kind === 'verify', dispatch, say);
  const report = useCallback((r: ActionResult) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason), [say]);
  const openClosure = useCallback(() => {
    dispatch({ type: 'open', view: { kind: 'closure' } });
    void engine.prepareClosure().then((r) => say(r.ok ? 'info' : 'warn', r.ok ? r.message : r.reason));
  }, [engine, say]);
  const back = useCallback(() => dispatch({ type: 'back' }), []);
  // A finding that survived three recons: the escalation asks why first, as from an item.
  const escalateFinding = useCallback((ref: ItemRef, why: string) => dispatch({ type: 'overlay', overlay: { kind: 'reason', ref, draft: why } }), []);

  const onCursor = useMemo(
    () =>
      Object.fromEntries(PANES.map((p) => [p, (cursor: ListCursor) => dispatch({ type: 'cursor', pane: p, cursor })])) as Record<
        PaneId,
        (c: ListCursor) => void
      >,
    [],
  );
  const onOpenItem = useCallback((item: ActionItem) => dispatch({ type: 'open', view: { kind: 'item', ref: { id: item.id, line: item.line } } }), []);
  const onOpenQueueRow = useCallback(
    (row: QueueRowPayload) => dispatch({ type: 'open', view: row.kind === 'dashboard' ? { kind: 'dashboard' } : { kind: 'pr', number: row.pr.number } }),
    [],
  );
  const onOpenLayer = useCallback((layer: LayerName | null) => dispatch({ type: 'open', view: { kind: 'layer', layer } }), []);
  const onOpenCeph = useCallback(() => dispatch({ type: 'open', view: { kind: 'ceph' } }), []);
  const closeOverlay = useCallback(() => dispatch({ type: 'overlay', overlay: { kind: 'none' } }), []);

  const hasStepOutput = useStore(stores.step, (s) => s.output.length > 0);
  const layout = computeLayout(columns, rows, settings.compactBelowColumns);
  const width = Math.max(columns, 20);
  const height = Math.max(rows, 10);
  const bodyHeight = height - 2;
  const dialogOpen = overlay.kind === 'confirm' || overlay.kind === 'quit';
  const active = overlay.kind === 'none';

  let body: React.ReactNode;
  if (overlay.kind === 'help') {
    body = <HelpOverlay width={width} height={bodyHeight} readOnly={readOnly} onClose={closeOverlay} />;
  } else if (view.kind === 'issue') {
    body = <IssueScreen width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'output') {
    body = <OutputScreen width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'layer') {
    body = <LayerDetailScreen layer={view.layer} width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'ceph') {
    body = <CephDetailScreen width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'verify') {
    // What each mark recorded (or why not) stays visible below.
    const output = Math.min(Math.max(Math.floor(bodyHeight * 0.2), 3), 8);
    body = (
      <>
        <VerifyScreen width={width} height={bodyHeight - output} active={active} say={say} />
        <OutputArea width={width} height={output} />
      </>
    );
  } else if (view.kind === 'recon' || view.kind === 'closure' || view.kind === 'criteria' || view.kind === 'related') {
    // The end of the workflow: what the recon, closure and criteria answer stays visible below.
    const output = Math.min(Math.max(Math.floor(bodyHeight * 0.2), 3), 8);
    const h = bodyHeight - output;
    body = (
      <>
        {view.kind === 'recon' ? (
          <ReconScreen width={width} height={h} active={active} report={report} onClose={openClosure} onEscalate={escalateFinding} />
        ) : view.kind === 'related' ? (
          <RelatedScreen width={width} height={h} active={active} onAct={actions.related} />
        ) : view.kind === 'closure' ? (
          <ClosureScreen width={width} height={h} active={active} report={report} onBack={back} />
        ) : (
          <CriteriaScreen width={width} height={h} active={active} />
        )}
        <OutputArea width={width} height={output} />
      </>
    );
  } else if (view.kind === 'dashboard') {
    body = <DashboardScreen width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'item' || view.kind === 'pr') {
    // Step and merge output stays visible under the detail view: a quarter of it, half once a step ran.
    const output = detailOutputRows(bodyHeight, hasStepOutput);
    const detailHeight = bodyHeight - output;
    body = (
      <>
        {view.kind === 'item' ? (
          <ActionDetailScreen item={view.ref} width={width} height={detailHeight} active={active} readOnly={readOnly} actions={actions.steps} />
        ) : (
          <PrDetailScreen
            number={view.number}
            width={width}
            height={detailHeight}
            active={active}
            readOnly={readOnly}
            onMerge={actions.queue.merge}
            onRollback={actions.queue.rollback}
            onResume={actions.queue.resume}
            onProtocol={actions.protocol}
          />
        )}
        <OutputArea width={width} height={output} />
      </>
    );
  } else {
    body = (
      <MainScreen
        layout={layout}
        focus={focus}
        active={active}
        filters={filters}
        cursors={cursors}
        onCursor={onCursor}
        onOpenItem={onOpenItem}
        onOpenQueueRow={onOpenQueueRow}
        onOpenLayer={onOpenLayer}
        onOpenCeph={onOpenCeph}
        queueActions={actions.queue}
        stepActions={actions.steps}
      />
    );
  }

  return (
    <FrozenProvider value={dialogOpen}>
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Header width={width} />
        <Box height={bodyHeight} width={width} overflow="hidden" flexDirection="column">
          {body}
        </Box>
        {overlay.kind === 'filter' ? (
          <TextInput
            prompt={`filter ${focus} (Enter keeps, Esc clears, !text inverts) /`}
            value={overlay.draft}
            isActive
            onChange={(draft) => {
              dispatch({ type: 'overlay', overlay: { kind: 'filter', draft } });
              dispatch({ type: 'filter', text: draft });
            }}
            onSubmit={closeOverlay}
            onCancel={() => {
              dispatch({ type: 'filter', text: '' });
              closeOverlay();
            }}
          />
        ) : overlay.kind === 'reason' ? (
          <TextInput
            prompt={`why escalate ${overlay.ref.id ?? `line ${overlay.ref.line}`}? (Enter, Esc cancels) `}
            value={overlay.draft}
            isActive
            onChange={(draft) => dispatch({ type: 'overlay', overlay: { ...overlay, draft } })}
            onSubmit={(reason) => {
              closeOverlay();
              actions.escalation.escalateWith(overlay.ref, reason);
            }}
            onCancel={closeOverlay}
          />
        ) : overlay.kind === 'protocol' ? (
          <TextInput
            prompt={overlay.ask.prompt}
            value={overlay.draft}
            isActive
            onChange={(draft) => dispatch({ type: 'overlay', overlay: { ...overlay, draft } })}
            onSubmit={(text) => {
              closeOverlay();
              actions.protocolAnswered(overlay.pr, overlay.ask, text.replace(/\s+/g, ' ').trim());
            }}
            onCancel={() => {
              say('info', `PR #${overlay.pr} protocol: nothing recorded (u asks again)`);
              closeOverlay();
            }}
          />
        ) : overlay.kind === 'command' ? (
          <CommandPalette
            draft={overlay.draft}
            width={width}
            bodyHeight={bodyHeight}
            onChange={(draft) => dispatch({ type: 'overlay', overlay: { kind: 'command', draft } })}
            onRun={(line) => {
              closeOverlay();
              runCommand(line);
            }}
            onCancel={closeOverlay}
          />
        ) : overlay.kind === 'note' ? (
          <NotePrompt
            request={overlay.request}
            draft={overlay.draft}
            say={say}
            onChange={(draft) => dispatch({ type: 'overlay', overlay: { ...overlay, draft } })}
            onSubmit={(request, note) => {
              closeOverlay();
              actions.noted(request, note);
            }}
            onCancel={closeOverlay}
          />
        ) : (
          <HintBar width={width} extra={notice} />
        )}
        <DialogLayer overlay={overlay} width={width} bodyHeight={bodyHeight} dispatch={dispatch} say={say} onQuit={quitNow} />
      </Box>
    </FrozenProvider>
  );
}
