import { useCallback, useMemo, type Dispatch } from 'react';
import type { QueueActions } from '../../panes/RenovateQueuePane.js';
import type { StepActions } from '../../screens/ActionDetailScreen.js';
import type { ActionResult, ConfirmRequest, ItemRef, PlanResult } from '../../domain/console-engine.js';
import type { ConsoleEngine } from '../../store/index.js';
import type { NoteRequest, NoteVerdict, ProtocolAsk, ViewAction } from './view-state.js';
import { parseVerdictNote, verdictNoteTemplate } from '../../domain/steps/verdict-note.js';

export type Say = (level: 'info' | 'warn' | 'error', text: string) => void;

const itemName = (ref: ItemRef) => ref.id ?? `the item at line ${ref.line}`;
const errorText = (err: unknown) => String((err as Error)?.message ?? err);

/**
 * Plan → dialog → run: the only way the UI acts. Each action is planned by the engine, shown in
 * the confirmation dialog (the dialog layer), and run with the plan the operator confirmed.
 */
export function useConfirmFlow(engine: ConsoleEngine, say: Say, dispatch: Dispatch<ViewAction>) {
  const confirmThen = useCallback(
    (what: string, plan: Promise<PlanResult>, run: (request: ConfirmRequest, typed: string) => Promise<ActionResult>) => {
      say('info', `${what}: checking...`);
      plan.then(
        (p) => {
          if (!p.ok) return say('warn', `${what}: refused, nothing was done: ${p.reason}`);
          const overlay = {
            kind: 'confirm' as const,
            request: p.request,
            run: (typed: string) => {
              run(p.request, typed).then(
                (r) =>
                  r.ok
                    ? say('info', r.message ?? `${what}: done`)
                    : // A step the operator stopped was cancelled, not failed: the message says which.
                      r.cancelled
                      ? say('warn', `${what}: ${r.reason}`)
                      : say('error', `${what} failed: ${r.reason ?? 'no reason given'}`),
                (err: unknown) => say('error', `${what} failed: ${errorText(err)}`),
              );
            },
          };
          dispatch({ type: 'overlay', overlay });
        },
        (err: unknown) => say('error', errorText(err)),
      );
    },
    [say, dispatch],
  );

  const ask = useCallback(
    (verdict: NoteVerdict, ref: ItemRef, required: boolean) =>
      dispatch({ type: 'overlay', overlay: { kind: 'note', request: { verdict, ref, name: itemName(ref), required }, draft: '' } }),
    [dispatch],
  );
  /** The note prompt's answer: the verdict goes to the engine with the note (the Change Log's words). */
  const noted = useCallback(
    ({ verdict, ref }: NoteRequest, note: string) => {
      const text = note.trim() || undefined;
      const report = (r: ActionResult) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason);
      const failed = (err: unknown) => say('error', `${verdict} ${itemName(ref)} failed: ${errorText(err)}`);
      if (verdict === 'defer') {
        // Its own step awaiting the verdict is judged deferred; an item not run is deferred as it is.
        const cur = engine.stores.step.getState().current;
        const judging = cur?.status === 'awaiting-judgement' && cur.itemLine === ref.line;
        return void (judging ? engine.judgeStep('defer', text) : engine.deferItem(ref, text)).then(report, failed);
      }
      void engine.judgeStep(verdict, text).then(report, failed);
    },
    [engine, say],
  );

  const steps = useMemo<StepActions>(
    () => ({
      start: (ref) => confirmThen(`start ${itemName(ref)}`, engine.planStep(ref), (r, t) => engine.runStep(r, t)),
      rollback: (ref) => confirmThen(`roll back ${itemName(ref)}`, engine.planRollback(ref), (r, t) => engine.runStep(r, t)),
      // The reason is the operator's: asked first (the reason overlay), then planned with it.
      escalate: (ref) => dispatch({ type: 'overlay', overlay: { kind: 'reason', draft: '', ref } }),
      judge: (verdict, ref) => ask(verdict, ref, false),
      defer: (ref) => ask('defer', ref, true),
      judgeInEditor: (ref, item) => {
        const name = `${item.id ?? `line ${item.line}`} ${item.title}`;
        void engine.editText({ initial: verdictNoteTemplate({ name, expected: item.expected }), fileName: `${item.id ?? 'item'}-VERDICT.md` }).then(
          (r) => {
            if (!r.ok) return say('warn', `${itemName(ref)}: ${r.reason}`);
            const parsed = parseVerdictNote(r.text);
            if (parsed.kind === 'empty') return say('info', `${itemName(ref)}: the note was empty, nothing recorded`);
            if (parsed.kind === 'error') return say('error', `${itemName(ref)}: ${parsed.reason}`);
            noted({ verdict: parsed.verdict, ref, name: itemName(ref), required: parsed.verdict === 'defer' }, parsed.note);
          },
          (err: unknown) => say('error', `${itemName(ref)}: the editor failed: ${errorText(err)}`),
        );
      },
    }),
    [confirmThen, engine, ask, dispatch, say, noted],
  );

  const queue = useMemo<Omit<QueueActions, 'protocol'>>(
    () => ({
      merge: (pr) => confirmThen(`merge PR #${pr}`, engine.planMerge(pr), (r, t) => engine.runMerge(r, t)),
      rollback: (pr) => confirmThen(`roll back PR #${pr}`, engine.planPrRollback(pr), (r, t) => engine.runMerge(r, t)),
      resume: () => {
        const r = engine.resumeMergeLoop();
        say(r.ok ? 'info' : 'warn', r.ok ? r.message : r.reason);
      },
    }),
    [confirmThen, engine, say],
  );

  const escalation = useMemo(
    () => ({
      /** Plans the escalation with the reason the operator typed. */
      escalateWith: (ref: ItemRef, reason: string) => {
        const why = reason.replace(/\s+/g, ' ').trim();
        if (!why) return say('error', `escalate ${itemName(ref)}: type why (it goes into the header and the issue); nothing was done`);
        confirmThen(`escalate ${itemName(ref)}`, engine.planEscalation(ref, why), (r, t) => engine.runStep(r, t));
      },
      safeState: () => confirmThen('the safe state', engine.planSafeState(), (r, t) => engine.runStep(r, t)),
      resume: () => confirmThen('resume after the escalation', engine.planResumeEscalation(), (r, t) => engine.runStep(r, t)),
    }),
    [confirmThen, engine, say],
  );

  /** A related issue or PR (workflow 4.7): its action planned, confirmed with its number typed, then run. */
  const related = useCallback(
    (number: number) => confirmThen(`#${number}`, engine.planRelated(number), (r, t) => engine.runRelated(r, t)),
    [confirmThen, engine],
  );

  /**
   * A major or database PR's protocol, one stage per press: what the engine says comes next is
   * asked (a typed reason or answer in the hint line), run (the pre-flight reads, the backup) or
   * planned and confirmed (the scale-down, the merge).
   */
  const protocol = useCallback(
    (pr: number) => {
      const report = (r: ActionResult) => say(r.ok ? 'info' : 'error', r.ok ? r.message : r.reason);
      const failed = (err: unknown) => say('error', `PR #${pr} protocol: ${errorText(err)}`);
      engine.protocolNext(pr).then((next) => {
        switch (next.kind) {
          case 'none':
            return say('info', next.message);
          case 'reason':
          case 'answer':
            return dispatch({ type: 'overlay', overlay: { kind: 'protocol', pr, ask: next, draft: '' } });
          case 'prepare':
            say('info', `${next.prompt}: reading...`);
            return void engine.protocolAct(pr, { kind: 'prepare' }).then(report, failed);
          case 'backup':
            say('info', `${next.prompt}: streaming...`);
            return void engine.protocolAct(pr, { kind: 'backup' }).then(report, failed);
          case 'scale-down':
            return confirmThen(`scale down PR #${pr}'s dependents`, engine.planProtocolScaleDown(pr), (r, t) => engine.runMerge(r, t));
          case 'merge':
            return confirmThen(`merge PR #${pr}`, engine.planMerge(pr), (r, t) => engine.runMerge(r, t));
        }
      }, failed);
    },
    [engine, say, dispatch, confirmThen],
  );

  /** The typed reason or answer: recorded, then the next question is asked at once (the backup and the rest wait for u). */
  const protocolAnswered = useCallback(
    (pr: number, ask: ProtocolAsk, text: string) => {
      const input = ask.kind === 'reason' ? { kind: 'reason' as const, text } : { kind: 'answer' as const, question: ask.question, text };
      engine.protocolAct(pr, input).then(
        (r) => {
          if (!r.ok) {
            say('warn', `${r.reason}; asked again (Esc leaves it)`);
            return dispatch({ type: 'overlay', overlay: { kind: 'protocol', pr, ask, draft: '' } });
          }
          say('info', r.message);
          void engine.protocolNext(pr).then((next) => {
            if (next.kind === 'reason' || next.kind === 'answer') dispatch({ type: 'overlay', overlay: { kind: 'protocol', pr, ask: next, draft: '' } });
            else say('info', `${r.message}; next: ${next.kind === 'none' ? next.message : `${next.prompt} (u)`}`);
          });
        },
        (err: unknown) => say('error', `PR #${pr} protocol: ${errorText(err)}`),
      );
    },
    [engine, say, dispatch],
  );

  // The queue pane's row keys include the protocol's `u`, as the PR detail's controls do.
  const queueActions = useMemo<QueueActions>(() => ({ ...queue, protocol }), [queue, protocol]);

  return { steps, queue: queueActions, escalation, noted, related, protocol, protocolAnswered };
}
