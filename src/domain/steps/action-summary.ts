import type { StepPlan } from './plan-step.js';
import { writingCommands } from './read-only.js';
import { describeAction } from './typed-action.js';

const clip = (s: string, n = 90) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/**
 * What a step did, in one phrase, for its completion note and Change Log row: the most consequential
 * action (the purge, not the `osd out` before it; a write, not the `osd tree` read first), and how
 * many more ran with it. Waits and reads are not "what ran".
 */
export function actionSummary(plan: Pick<StepPlan, 'kind' | 'actions' | 'commandText' | 'destructive'>): string {
  if (plan.kind === 'manual') return 'done by hand';
  let all: string[];
  if (plan.kind === 'typed') all = plan.actions.filter((a) => a.kind !== 'argocd-wait').map(describeAction);
  else {
    const writes = writingCommands(plan.commandText);
    all = writes.length ? writes : plan.commandText.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  }
  if (all.length === 0) return clip(plan.commandText.split('\n')[0] ?? '');
  // The last destructive command is the point of the step (out, then purge; drain, then delete).
  const lead = [...plan.destructive].reverse().find((d) => all.some((c) => c.includes(d.command) || d.command.includes(c)))?.command;
  const main = lead ? (all.find((c) => c.includes(lead) || lead.includes(c)) ?? lead) : all.length === 2 ? `${all[0]}; ${all[1]}` : all[0]!;
  const shown = main.includes('; ') ? 2 : 1;
  const more = all.length - shown;
  return `${clip(main)}${more > 0 ? ` (+${more} more)` : ''}`;
}
