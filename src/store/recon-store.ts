import { createStore } from 'zustand/vanilla';
import type { LayerStatus } from '../domain/health/types.js';
import type { Finding } from '../domain/recon/findings.js';
import type { Proposal } from '../domain/recon/propose.js';

/** Why a recon ran: the operator's `:recon`, the final recon after the last item, or closure's own. */
export type ReconTrigger = 'operator' | 'final' | 'closure';

/** The console's last full recon (workflow 3.3) and what it proposes (3.4). */
export interface ReconState {
  phase: 'idle' | 'running' | 'done' | 'error';
  trigger: ReconTrigger | null;
  overall: LayerStatus | null;
  findings: Finding[];
  /** Findings no open item covers, as new items in the body's style (IDs continue its sequence). */
  proposals: Proposal[];
  /** When the recon graded (ISO), null before the first. */
  at: string | null;
  error: string | null;
  /** Counts completed recons; the UI opens the picker once per final recon. */
  seq: number;
  /** Finding key → recons in a row that found it (3.4's "same issues persist": 3 → escalate). */
  seen: Record<string, number>;
  /** Adding the chosen proposals to the issue is in flight. */
  adding: boolean;
}

export const initialReconState: ReconState = {
  phase: 'idle',
  trigger: null,
  overall: null,
  findings: [],
  proposals: [],
  at: null,
  error: null,
  seq: 0,
  seen: {},
  adding: false,
};

export const createReconStore = () => createStore<ReconState>()(() => ({ ...initialReconState }));
export type ReconStore = ReturnType<typeof createReconStore>;

/** Recons in a row a finding has survived before it is offered for escalation (workflow 8.1: "3+ times"). */
export const ESCALATE_AFTER = 3;
