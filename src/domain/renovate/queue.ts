import { classifyPr, type ClassifyOptions } from './classify.js';
import type { PrInput } from './pr-input.js';
import { RISKS } from './rules.js';
import type { CiState, QueueEntry, UpdateType } from './types.js';

const TYPE_RANK: Record<UpdateType, number> = { pin: 0, digest: 1, patch: 2, minor: 3, major: 4, unknown: 5 };

/**
 * Merge order: Renovate PRs before anything else, then the category order (1–6), then lower risk,
 * then smaller updates, then the older PR. PRs the loop will not take sort after those it will.
 */
export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return (
    Number(b.renovate) - Number(a.renovate) ||
    Number(a.excluded !== null) - Number(b.excluded !== null) ||
    a.order - b.order ||
    RISKS.indexOf(a.risk) - RISKS.indexOf(b.risk) ||
    TYPE_RANK[a.updateType] - TYPE_RANK[b.updateType] ||
    a.number - b.number
  );
}

export interface QueueOptions extends Omit<ClassifyOptions, 'files' | 'ci'> {
  filesByPr?: ReadonlyMap<number, readonly string[]>;
  ciByPr?: ReadonlyMap<number, CiState>;
}

/** Classifies every PR and returns them in merge order. */
export function buildQueue(prs: readonly PrInput[], opts: QueueOptions = {}): QueueEntry[] {
  const { filesByPr, ciByPr, ...rest } = opts;
  return prs
    .map((pr) => classifyPr(pr, { ...rest, files: filesByPr?.get(pr.number) ?? null, ci: ciByPr?.get(pr.number) ?? 'unknown' }))
    .sort(compareQueueEntries);
}
