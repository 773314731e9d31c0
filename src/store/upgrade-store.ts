import { createStore } from 'zustand/vanilla';
import type { StabilisationWindow } from '../domain/upgrade/order.js';
import type { StageId, UpgradeProtocol } from '../domain/upgrade/protocol.js';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface StepState {
  id: string;
  stage: StageId;
  text: string;
  status: StepStatus;
  /** What was verified (or why it failed), one line. */
  detail: string | null;
}

/** One PR's protocol as the operator sees it: the checklist that fills in as each step is verified. */
export interface ProtocolRun {
  pr: number;
  title: string;
  headSha: string | null;
  protocol: UpgradeProtocol;
  steps: StepState[];
  /** Lines shown under the checklist: pre-flight findings, backup report, gate verdicts. */
  notes: string[];
  /** The verified backup, once taken. */
  backup: { file: string; size: number; engine: string; namespace: string; pod: string } | null;
  /** cancelled: the operator stopped one of its waits (the stop key). */
  finished: 'passed' | 'failed' | 'cancelled' | null;
}

export interface UpgradeState {
  runs: Record<number, ProtocolRun>;
  window: StabilisationWindow | null;
  /** Typed reasons for taking a PR out of the workflow's order, by PR. */
  orderReasons: Record<number, string>;
  /** A protocol wait in progress (dependents scaling, Gate 1's pods): the stop key ends it. */
  waiting: ProtocolWait | null;
}

export interface ProtocolWait {
  pr: number;
  /** What is awaited: "Gate 1: component pods Running", "scale-down of deployment/paperless/paperless-ngx". */
  label: string;
  deadline: number;
  waitMs: number;
}

export const createUpgradeStore = () => createStore<UpgradeState>()(() => ({ runs: {}, window: null, orderReasons: {}, waiting: null }));
export type UpgradeStore = ReturnType<typeof createUpgradeStore>;
