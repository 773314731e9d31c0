import { useEffect, useRef, type Dispatch } from 'react';
import { useStore } from 'zustand';
import type { ConsoleEngine } from '../../store/index.js';
import type { Say } from './use-confirm-flow.js';
import type { ViewAction, ViewState } from './view-state.js';

/**
 * After the final recon (the session runs it once the last item is done or deferred): its proposals
 * open the recon picker — when the operator is on the panes with nothing open, so it never takes a
 * screen or a half-typed line away — and a GREEN one says closure is next.
 */
export function useFinalRecon(engine: ConsoleEngine, state: ViewState, dispatch: Dispatch<ViewAction>, say: Say): void {
  const seq = useStore(engine.stores.recon, (s) => s.seq);
  const shown = useRef(0);
  const idle = state.view.kind === 'main' && state.overlay.kind === 'none';
  useEffect(() => {
    if (seq === shown.current) return;
    const r = engine.stores.recon.getState();
    if (r.trigger !== 'final' || r.phase !== 'done') {
      shown.current = seq;
      return;
    }
    if (r.proposals.length === 0) {
      shown.current = seq;
      say(
        'info',
        `final recon ${r.overall}: ${r.findings.length ? 'every finding is covered by an open item' : 'nothing found'}${r.overall === 'GREEN' ? '; :close prepares the closure' : ''}`,
      );
      return;
    }
    if (!idle) return;
    shown.current = seq;
    say('info', `final recon ${r.overall}: ${r.proposals.length} finding(s) no item covers; pick which to add`);
    dispatch({ type: 'open', view: { kind: 'recon' } });
  }, [seq, idle, engine, dispatch, say]);
}
