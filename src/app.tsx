import { Box, Text } from 'ink';
import React, { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { LayerName } from './domain/health/types.js';
import type { ActionItem } from './domain/issue/types.js';
import type { QueueRowPayload } from './panes/queue-rows.js';
import type { QueueActions } from './panes/RenovateQueuePane.js';
import { ActionDetailScreen, findItem, STEP_COMMANDS, stepControlsEnabled, type StepActions } from './screens/ActionDetailScreen.js';
import { CephDetailScreen } from './screens/CephDetailScreen.js';
import { DashboardScreen } from './screens/DashboardScreen.js';
import { OutputArea } from './panes/OutputArea.js';
import { MainScreen } from './screens/MainScreen.js';
import { LayerDetailScreen } from './screens/LayerDetailScreen.js';
import { PrDetailScreen } from './screens/PrDetailScreen.js';
import type { ConfirmRequest, ConsoleEngine, ItemRef, PlanResult } from './store/engine.js';
import { pushMessage } from './store/session-store.js';
import { ConfirmDialog, dialogLayout, type DialogOutcome } from './ui/components/ConfirmDialog.js';
import { Header } from './ui/components/Header.js';
import { HelpOverlay } from './ui/components/HelpOverlay.js';
import { HintBar } from './ui/components/HintBar.js';
import { TextInput } from './ui/components/TextInput.js';
import {
  ClockProvider,
  EngineProvider,
  FrozenProvider,
  SettingsProvider,
  useTerminalSize,
  type Clock,
  type UiSettings,
} from './ui/contexts.js';
import { readOnlyRefusal, type Command, type Scope } from './ui/keys/commands.js';
import type { KeyPress } from './ui/keys/keypress.js';
import { KeypressProvider, Priority, useKeypress } from './ui/keypress-context.js';
import { computeLayout, PANES, type PaneId } from './ui/layout.js';
import { START, type ListCursor } from './ui/rows.js';

type View =
  | { kind: 'main' }
  | { kind: 'item'; ref: ItemRef }
  | { kind: 'pr'; number: number }
  | { kind: 'layer'; layer: LayerName | null }
  | { kind: 'dashboard' }
  | { kind: 'ceph' };
type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'filter'; draft: string }
  | { kind: 'command'; draft: string }
  | { kind: 'confirm'; request: ConfirmRequest; run: (typed: string) => void }
  | { kind: 'quit'; reason: string };

const DOUBLE_CTRL_C_MS = 2000;
const itemName = (ref: ItemRef) => ref.id ?? `the item at line ${ref.line}`;
const MAIN_SCOPES: Scope[] = ['global', 'list'];
const QUEUE_SCOPES: Scope[] = ['global', 'list', 'queue'];
// Detail views scroll with the list keys; their Enter and / do nothing (left out of the hint bar).
const DETAIL_SCOPES: Scope[] = ['global', 'list', 'detail'];
const PR_SCOPES: Scope[] = ['global', 'list', 'queue'];
const VIEW_SCOPES: Scope[] = ['global', 'list'];

/** Where the write keys would act: the step controls on an item, merge/rollback/continue on the queue and a PR. */
function writeScopesOf(view: View['kind'], focus: PaneId): Scope[] {
  if (view === 'item') return ['detail'];
  if (view === 'pr' || (view === 'main' && focus === 'queue')) return ['queue'];
  return [];
}

const EMPTY_FILTERS: Record<PaneId, string> = { items: '', health: '', ceph: '', queue: '' };
const START_CURSORS: Record<PaneId, ListCursor> = { items: START, health: START, ceph: START, queue: START };

export interface AppProps {
  engine: ConsoleEngine;
  settings: UiSettings;
  clock: Clock;
  /** Called once when the operator quits; the caller closes the engine and unmounts. */
  onExit(): void;
  initialPane?: PaneId;
}

/** Providers around the console; tests render this same tree through one helper. */
export function App(props: AppProps) {
  return (
    <EngineProvider value={props.engine}>
      <SettingsProvider value={props.settings}>
        <ClockProvider value={props.clock}>
          <KeypressProvider>
            <Console {...props} />
          </KeypressProvider>
        </ClockProvider>
      </SettingsProvider>
    </EngineProvider>
  );
}

function Console({ engine, settings, onExit, initialPane = 'items' }: AppProps) {
  const { columns, rows } = useTerminalSize();
  const { keys } = settings;
  const stores = engine.stores;
  const readOnly = useStore(stores.session, (s) => s.mode === 'READ-ONLY');
  const [view, setView] = useState<View>({ kind: 'main' });
  const loopStopped = useStore(stores.queue, (s) => s.loop?.phase === 'stopped');
  const queueHasMerged = useStore(stores.queue, (s) => s.merged.length > 0);
  const viewedPr = view.kind === 'pr' ? view.number : null;
  const viewedPrState = useStore(stores.queue, (s) =>
    viewedPr === null ? null : s.prs.some((p) => p.number === viewedPr) ? 'open' : s.merged.some((p) => p.number === viewedPr) ? 'merged' : 'gone',
  );
  const viewedItem = useStore(stores.issue, (s) => (view.kind === 'item' ? findItem(s.document?.items, view.ref) : null));
  const step = useStore(stores.step, (s) => s.current);
  const [focus, setFocus] = useState<PaneId>(initialPane);
  const [overlay, setOverlay] = useState<Overlay>({ kind: 'none' });
  const [filters, setFilters] = useState(EMPTY_FILTERS);
  const [cursors, setCursors] = useState(START_CURSORS);
  const [ctrlCAt, setCtrlCAt] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exited, setExited] = useState(false);

  const say = useCallback((level: 'info' | 'warn' | 'error', text: string) => pushMessage(stores.session, level, text), [stores.session]);

  const quit = useCallback(() => {
    if (exited) return;
    setExited(true);
    onExit();
  }, [exited, onExit]);

  const requestQuit = useCallback(() => {
    const guard = engine.quitGuard();
    if (guard.busy) setOverlay({ kind: 'quit', reason: guard.reason ?? 'work is in progress' });
    else quit();
  }, [engine, quit]);

  /** Plan → dialog → run: the only way the UI acts. */
  const confirmThen = useCallback(
    (what: string, plan: Promise<PlanResult>, run: (request: ConfirmRequest, typed: string) => Promise<{ ok: boolean; message?: string; reason?: string }>) => {
      say('info', `${what}: checking...`);
      plan.then(
        (p) => {
          if (!p.ok) return say('warn', `${what}: refused, nothing was done: ${p.reason}`);
          setOverlay({
            kind: 'confirm',
            request: p.request,
            run: (typed) => {
              run(p.request, typed).then(
                (r) => say(r.ok ? 'info' : 'error', r.ok ? (r.message ?? `${what}: done`) : `${what} failed: ${r.reason ?? 'no reason given'}`),
                (err: unknown) => say('error', `${what} failed: ${String((err as Error)?.message ?? err)}`),
              );
            },
          });
        },
        (err: unknown) => say('error', String((err as Error)?.message ?? err)),
      );
    },
    [say],
  );

  const stepActions = useMemo<StepActions>(
    () => ({
      start: (ref) => confirmThen(`start ${itemName(ref)}`, engine.planStep(ref), (r, t) => engine.runStep(r, t)),
      rollback: (ref) => confirmThen(`roll back ${itemName(ref)}`, engine.planRollback(ref), (r, t) => engine.runStep(r, t)),
      escalate: (ref) =>
        confirmThen(`escalate ${itemName(ref)}`, engine.planEscalation(ref, 'escalated by the operator from the console'), (r, t) => engine.runStep(r, t)),
      judge: (verdict) =>
        void engine.judgeStep(verdict).then((r) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason)),
    }),
    [confirmThen, engine, say],
  );
  const merge = useCallback((pr: number) => confirmThen(`merge PR #${pr}`, engine.planMerge(pr), (r, t) => engine.runMerge(r, t)), [confirmThen, engine]);
  const rollbackPr = useCallback(
    (pr: number) => confirmThen(`roll back PR #${pr}`, engine.planPrRollback(pr), (r, t) => engine.runMerge(r, t)),
    [confirmThen, engine],
  );
  const resumeLoop = useCallback(() => {
    const r = engine.resumeMergeLoop();
    say(r.ok ? 'info' : 'warn', r.ok ? r.message : r.reason);
  }, [engine, say]);
  const queueActions = useMemo<QueueActions | null>(
    () => (readOnly ? null : { merge, rollback: rollbackPr, explain: (text) => say('info', text) }),
    [readOnly, merge, rollbackPr, say],
  );

  const runCommand = useCallback(
    (line: string) => {
      const [cmd = '', ...args] = line.trim().split(/\s+/);
      const focusPane = (p: PaneId) => {
        setView({ kind: 'main' });
        setFocus(p);
      };
      switch (cmd.toLowerCase()) {
        case '':
          return;
        case 'q':
        case 'quit':
          return requestQuit();
        case 'health':
          return focusPane('health');
        case 'ceph':
          return focusPane('ceph');
        case 'prs':
        case 'queue':
        case 'pr':
          return focusPane('queue');
        case 'items':
          return focusPane('items');
        case 'help':
          return setOverlay({ kind: 'help' });
        case 'refresh':
          void engine.refresh('all');
          return say('info', 'refreshing everything');
        case 'issue': {
          const n = Number(args[0]);
          if (!args[0] || !Number.isInteger(n) || n <= 0) return say('error', ':issue needs an issue number, e.g. :issue 42');
          say('info', `opening issue #${n}`);
          focusPane('items');
          void engine.openIssue(n).then((r) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason));
          return;
        }
        default:
          say('error', `unknown command :${cmd} (try :issue N, :health, :ceph, :prs, :q)`);
      }
    },
    [engine, requestQuit, say],
  );

  const interrupt = useCallback(() => {
    const now = Date.now();
    if (ctrlCAt !== null && now - ctrlCAt <= DOUBLE_CTRL_C_MS) return quit();
    setCtrlCAt(now);
    const cancelled = engine.cancelStep();
    setNotice(cancelled ? 'Step cancelled. Press Ctrl-C again within 2 s to quit.' : 'Press Ctrl-C again within 2 s to quit.');
  }, [ctrlCAt, engine, quit]);

  // Global keys: lowest priority, so dialogs, inputs and panes see keys first.
  const onGlobalKey = useCallback(
    (k: KeyPress) => {
      if (keys.matches('interrupt', k)) {
        interrupt();
        return true;
      }
      if (notice) setNotice(null);
      if (overlay.kind !== 'none') return false;
      const refusal = readOnly ? readOnlyRefusal(keys, writeScopesOf(view.kind, focus), k) : null;
      if (keys.matches('help', k)) setOverlay({ kind: 'help' });
      else if (keys.matches('commandLine', k)) setOverlay({ kind: 'command', draft: '' });
      else if (keys.matches('refresh', k)) {
        void engine.refresh('all');
        say('info', 'refreshing everything');
      } else if (keys.matches('back', k)) {
        if (view.kind !== 'main') setView({ kind: 'main' });
        else if (filters[focus]) setFilters((f) => ({ ...f, [focus]: '' }));
      } else if (keys.matches('quit', k)) {
        if (view.kind !== 'main') setView({ kind: 'main' });
        else requestQuit();
      } else if (refusal) {
        say('warn', refusal);
      } else if (keys.matches('mergeResume', k) && !readOnly && ((view.kind === 'main' && focus === 'queue') || view.kind === 'pr')) {
        if (view.kind !== 'main') return false; // the PR screen's control handles it
        if (loopStopped) resumeLoop();
        else say('info', 'the merge loop is not stopped: nothing to continue');
      } else if (view.kind === 'main') {
        const idx = PANES.indexOf(focus);
        if (keys.matches('nextPane', k)) setFocus(PANES[(idx + 1) % PANES.length]!);
        else if (keys.matches('prevPane', k)) setFocus(PANES[(idx + PANES.length - 1) % PANES.length]!);
        else if (keys.matches('pane1', k)) setFocus('items');
        else if (keys.matches('pane2', k)) setFocus('health');
        else if (keys.matches('pane3', k)) setFocus('ceph');
        else if (keys.matches('pane4', k)) setFocus('queue');
        else if (keys.matches('filter', k)) setOverlay({ kind: 'filter', draft: filters[focus] });
        else return false;
      } else return false;
      return true;
    },
    [keys, interrupt, notice, overlay.kind, engine, say, view.kind, filters, focus, requestQuit, readOnly, resumeLoop, loopStopped],
  );
  useKeypress(onGlobalKey, { priority: Priority.Low });

  const onDialogClose = useCallback(
    (outcome: DialogOutcome) => {
      const current = overlay;
      setOverlay({ kind: 'none' });
      if (current.kind !== 'confirm') return;
      if (outcome.confirmed) current.run(outcome.typed);
      else if (outcome.reason === 'stale')
        say('error', `refused: ${current.request.binding.kind} ${current.request.binding.id} changed while the dialog was open; nothing was done`);
      else say('info', `cancelled: ${current.request.title}`);
    },
    [overlay, say],
  );
  const onQuitClose = useCallback(
    (outcome: DialogOutcome) => {
      setOverlay({ kind: 'none' });
      if (outcome.confirmed) {
        engine.cancelStep();
        quit();
      }
    },
    [engine, quit],
  );

  const onCursor = useMemo(
    () => Object.fromEntries(PANES.map((p) => [p, (c: ListCursor) => setCursors((all) => ({ ...all, [p]: c }))])) as Record<PaneId, (c: ListCursor) => void>,
    [],
  );
  const onOpenItem = useCallback((item: ActionItem) => setView({ kind: 'item', ref: { id: item.id, line: item.line } }), []);
  const onOpenQueueRow = useCallback((row: QueueRowPayload) => setView(row.kind === 'dashboard' ? { kind: 'dashboard' } : { kind: 'pr', number: row.pr.number }), []);
  const onOpenLayer = useCallback((layer: LayerName | null) => setView({ kind: 'layer', layer }), []);
  const onOpenCeph = useCallback(() => setView({ kind: 'ceph' }), []);
  const closeOverlay = useCallback(() => setOverlay({ kind: 'none' }), []);

  const layout = computeLayout(columns, rows, settings.compactBelowColumns);
  const width = Math.max(columns, 20);
  const height = Math.max(rows, 10);
  const bodyHeight = height - 2;
  const dialogOpen = overlay.kind === 'confirm' || overlay.kind === 'quit';
  const active = overlay.kind === 'none';

  const scopes =
    view.kind === 'main' ? (focus === 'queue' ? QUEUE_SCOPES : MAIN_SCOPES) : view.kind === 'item' ? DETAIL_SCOPES : view.kind === 'pr' ? PR_SCOPES : VIEW_SCOPES;
  // Keys the hint bar leaves out because they do nothing here right now.
  const idle = useMemo(() => {
    const set = new Set<Command>(view.kind === 'main' ? [] : ['nextPane', 'open', 'filter']);
    if (!loopStopped) set.add('mergeResume');
    if (view.kind === 'main' && !queueHasMerged) set.add('prRollback');
    if (viewedPrState !== null && viewedPrState !== 'open') set.add('merge');
    if (viewedPrState !== null && viewedPrState !== 'merged') set.add('prRollback');
    if (view.kind === 'item') {
      const on = stepControlsEnabled(viewedItem, step, engine.capabilities.steps);
      for (const c of STEP_COMMANDS) if (!on[c as keyof typeof on]) set.add(c);
    }
    return set;
  }, [view.kind, loopStopped, queueHasMerged, viewedPrState, viewedItem, step, engine.capabilities.steps]);

  let body: React.ReactNode;
  if (overlay.kind === 'help') {
    body = <HelpOverlay width={width} height={bodyHeight} readOnly={readOnly} onClose={closeOverlay} />;
  } else if (view.kind === 'layer') {
    body = <LayerDetailScreen layer={view.layer} width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'ceph') {
    body = <CephDetailScreen width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'dashboard') {
    body = <DashboardScreen width={width} height={bodyHeight} active={active} />;
  } else if (view.kind === 'item' || view.kind === 'pr') {
    // Step and merge output stays visible under the detail view.
    const output = Math.min(Math.max(Math.floor(bodyHeight * 0.25), 3), 10);
    const detailHeight = bodyHeight - output;
    body = (
      <>
        {view.kind === 'item' ? (
          <ActionDetailScreen item={view.ref} width={width} height={detailHeight} active={active} readOnly={readOnly} actions={stepActions} />
        ) : (
          <PrDetailScreen
            number={view.number}
            width={width}
            height={detailHeight}
            active={active}
            readOnly={readOnly}
            onMerge={merge}
            onRollback={rollbackPr}
            onResume={resumeLoop}
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
        queueActions={queueActions}
      />
    );
  }

  const dialogWidth = Math.min(width - 2, 120);
  // The dialog sits on the body, below the header and one row of the pane behind it.
  const dialogRows = Math.max(bodyHeight - 1, 8);
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
              setOverlay({ kind: 'filter', draft });
              setFilters((f) => ({ ...f, [focus]: draft }));
            }}
            onSubmit={closeOverlay}
            onCancel={() => {
              setFilters((f) => ({ ...f, [focus]: '' }));
              closeOverlay();
            }}
          />
        ) : overlay.kind === 'command' ? (
          <TextInput
            prompt=":"
            value={overlay.draft}
            isActive
            onChange={(draft) => setOverlay({ kind: 'command', draft })}
            onSubmit={(line) => {
              closeOverlay();
              runCommand(line);
            }}
            onCancel={closeOverlay}
          />
        ) : (
          <HintBar width={width} scopes={scopes} readOnly={readOnly} extra={notice} idle={idle} />
        )}
        {dialogOpen ? (
          <Box position="absolute" top={2} height={dialogRows} overflow="hidden" left={Math.max(Math.floor((width - dialogWidth) / 2), 0)} width={dialogWidth} flexDirection="column">
            <Blank width={dialogWidth} height={dialogLayout(overlay.kind === 'confirm' ? overlay.request : quitRequest(overlay.reason), dialogRows, dialogWidth).height} />
            <Box position="absolute" top={0} left={0} width={dialogWidth}>
              {overlay.kind === 'confirm' ? (
                <ConfirmDialog request={overlay.request} width={dialogWidth} maxRows={dialogRows} onClose={onDialogClose} />
              ) : overlay.kind === 'quit' ? (
                <ConfirmDialog request={quitRequest(overlay.reason)} width={dialogWidth} maxRows={dialogRows} onClose={onQuitClose} verify={alwaysCurrent} />
              ) : null}
            </Box>
          </Box>
        ) : null}
      </Box>
    </FrozenProvider>
  );
}

const alwaysCurrent = () => true;

function quitRequest(reason: string): ConfirmRequest {
  return {
    action: 'run-step',
    title: 'Quit while work is in progress?',
    target: reason,
    command: 'cancel it and quit',
    // Quitting changes nothing in the homelab; the dialog must not say it does.
    destructive: false,
    challenge: null,
    notes: ['The running step is cancelled; its journal entry records the cancellation.'],
    binding: { kind: 'item', id: 'quit', version: null },
    dryRun: false,
  };
}

/** Spaces that blank out the panes behind a dialog (Ink draws later boxes over earlier ones). */
function Blank({ width, height }: { width: number; height: number }) {
  const line = ' '.repeat(Math.max(width, 0));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {Array.from({ length: height }, (_, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );
}
