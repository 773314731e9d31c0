import { priorityFromToken } from './priority.js';
import type { ActionItem, IssueDocument, Plan, PlanFilter } from './types.js';

function layerWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function isEmpty(filter: PlanFilter | undefined): boolean {
  return !filter || ((filter.ids?.length ?? 0) === 0 && (filter.layers?.length ?? 0) === 0 && (filter.priorities?.length ?? 0) === 0);
}

/**
 * Whether an item is in the operator's focus. IDs always pass; otherwise an item must match one of
 * the layers (if any given) and one of the priorities (if any given). A layer matches a part of the
 * item's layer (`Platform` matches `System/Platform/Apps`) or a word of its group heading
 * (`Network` matches items under `### P2 - Network`).
 */
export function inFocus(item: ActionItem, filter: PlanFilter | undefined): boolean {
  if (!filter || isEmpty(filter)) return true;
  const ids = filter.ids ?? [];
  if (item.id && ids.some((id) => id.toLowerCase() === item.id?.toLowerCase())) return true;
  const layers = filter.layers ?? [];
  const priorities = filter.priorities ?? [];
  if (layers.length === 0 && priorities.length === 0) return false;
  if (priorities.length > 0 && (!item.priority || !priorities.includes(item.priority))) return false;
  if (layers.length > 0) {
    const words = new Set([...layerWords(item.layer ?? ''), ...layerWords(item.group ?? '')]);
    if (!layers.some((l) => layerWords(l).every((w) => words.has(w)))) return false;
  }
  return true;
}

/**
 * Reads the operator's focus (`--focus Metal,P0`, `--focus C2`): a P0–P3 (or CRITICAL…LOW) token is a
 * priority, a token equal to an item's ID is an ID, anything else a layer.
 */
export function parseFocus(tokens: readonly string[], doc: IssueDocument): PlanFilter {
  const ids = new Set(doc.items.map((i) => i.id?.toLowerCase()).filter((id): id is string => !!id));
  const filter: Required<PlanFilter> = { ids: [], layers: [], priorities: [] };
  for (const raw of tokens.flatMap((t) => t.split(/[,\s]+/))) {
    const token = raw.trim();
    if (token === '') continue;
    if (ids.has(token.toLowerCase())) filter.ids.push(token);
    else {
      const p = priorityFromToken(token);
      if (p) filter.priorities.push(p);
      else filter.layers.push(token);
    }
  }
  return filter;
}

/** True when the item is open because the operator explicitly deferred it (`*(deferred … — why)*`). */
export function isDeferred(item: Pick<ActionItem, 'checked' | 'stateNote'>): boolean {
  return !item.checked && item.stateNote?.kind === 'deferred';
}

/**
 * The unchecked items in document order within the focus; the next is the first of them that was
 * not explicitly deferred (a deferred item stays open and listed, but the work moves past it).
 */
export function buildPlan(doc: IssueDocument, filter?: PlanFilter): Plan {
  const pending = doc.items.filter((i) => !i.checked && inFocus(i, filter));
  const nextItem = pending.find((i) => !isDeferred(i)) ?? null;
  return { pending, next: nextItem?.id ?? null, nextItem };
}
