import { createStore } from 'zustand/vanilla';
import type { CephSummary } from '../domain/ceph/types.js';
import { IDLE, type Liveness } from './liveness.js';

export interface CephState {
  liveness: Liveness;
  summary: CephSummary | null;
  /** Where ceph runs: "exec rook-ceph/deploy/rook-ceph-tools", "local ceph -c FILE", "ssh controller". */
  source: string | null;
}

export const createCephStore = () => createStore<CephState>()(() => ({ liveness: IDLE, summary: null, source: null }));
export type CephStore = ReturnType<typeof createCephStore>;
