import { createStore } from 'zustand/vanilla';
import type { GateResult } from '../domain/health/types.js';

export interface HealthState {
  /** The latest grading of all layers; null until the first grade. */
  gate: GateResult | null;
}

export const createHealthStore = () => createStore<HealthState>()(() => ({ gate: null }));
export type HealthStore = ReturnType<typeof createHealthStore>;
