import { createStore } from 'zustand/vanilla';
import type { AlertsInput } from '../domain/health/grade-input.js';

export interface AlertsState {
  /** The last read of Alertmanager; null until the first read finished. */
  alerts: AlertsInput | null;
}

export const createAlertsStore = () => createStore<AlertsState>()(() => ({ alerts: null }));
export type AlertsStore = ReturnType<typeof createAlertsStore>;
