import type { PrInput } from './pr-input.js';
import { parseRenovateTitle } from './title.js';
import { RENOVATE_BODY_HEADER, RENOVATE_DEBUG_MARKER } from './update-table.js';

export interface RecogniseOptions {
  /** Renovate's `branchPrefix` (default `renovate/`). */
  branchPrefix?: string;
}

export interface RenovatePrRecognition {
  renovate: boolean;
  /** Which signals fired: `branch`, `body`, `debug-marker`, `title`. */
  signals: string[];
  /** Why the merge loop must not take this PR even though Renovate made it, or null. */
  excluded: string | null;
}

/**
 * A Renovate PR is recognised by its head branch, its body (the table header or the hidden debug
 * trailer) or a title in Renovate's vocabulary. The author is not a signal: real setups run the bot
 * under the same admin account that writes the maintenance issues.
 */
export function recognise(pr: PrInput, { branchPrefix = 'renovate/' }: RecogniseOptions = {}): RenovatePrRecognition {
  const signals: string[] = [];
  if (pr.headBranch?.startsWith(branchPrefix)) signals.push('branch');
  const body = pr.body ?? '';
  if (body.trimStart().startsWith(RENOVATE_BODY_HEADER)) signals.push('body');
  if (body.includes(RENOVATE_DEBUG_MARKER)) signals.push('debug-marker');
  const title = parseRenovateTitle(pr.title);
  if (title?.strong) signals.push('title');
  const renovate = signals.length > 0;
  return { renovate, signals, excluded: renovate ? exclusion(pr, branchPrefix) : null };
}

function exclusion(pr: PrInput, branchPrefix: string): string | null {
  if (pr.headBranch === `${branchPrefix}configure` || /^configure renovate$/i.test(pr.title.trim())) return 'onboarding PR (Configure Renovate)';
  if (pr.draft) return 'draft (WIP)';
  if (pr.labels.some((l) => l.toLowerCase() === 'stop-updating')) return "labelled 'stop-updating'";
  if (/lock file maintenance/i.test(pr.title)) return 'lock file maintenance (not a dependency update)';
  if (pr.state && pr.state !== 'open') return `not open (${pr.state})`;
  if (pr.merged) return 'already merged';
  return null;
}
