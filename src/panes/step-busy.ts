import type { StepRun } from '../store/step-store.js';

/** A step that holds the console (running, or waiting for its verdict), as a key's reason; null when none. */
export function stepBusyText(step: StepRun | null): string | null {
  if (step?.status === 'running') return `a step is running: ${step.itemId ?? step.title}`;
  if (step?.status === 'awaiting-judgement') return `${step.itemId ?? step.title} waits for your verdict (p passed, f failed)`;
  return null;
}
