import { LAYERS, type GateResult, type LayerStatus } from '../health/types.js';
import { isResolvedTitle } from '../issue/edits/title.js';
import type { ActionItem } from '../issue/types.js';
import { isDeferred } from './blockers.js';
import { hasClosureSummary } from './edit.js';

export type CriterionState = 'met' | 'unmet' | 'unknown';

export interface Criterion {
  n: number;
  text: string;
  state: CriterionState;
  /** What holds it, or what is missing. */
  detail: string;
}

export interface CriteriaInput {
  items: readonly ActionItem[] | null;
  gate: GateResult | null;
  /** The last full recon's verdict; null when none ran this session. */
  recon: LayerStatus | null;
  body: string | null;
  title: string | null;
  state: 'open' | 'closed' | null;
  /** Open PRs the maintenance body lists (they must be merged or closed). */
  openListedPrs: readonly number[];
  /** Related issues and PRs: null until they were looked at; else the ones still to act on. */
  related: { pending: readonly number[] } | null;
}

const LAYER_TEXT = {
  metal: 'Metal Layer GREEN: all nodes Ready, resources healthy',
  system: 'System Layer GREEN: Ceph HEALTH_OK, core pods healthy',
  platform: 'Platform Layer GREEN: all ArgoCD apps Synced/Healthy',
  apps: 'Apps Layer GREEN: all application pods running',
} as const;

const c = (n: number, text: string, state: CriterionState, detail: string): Criterion => ({ n, text, state, detail });
const nums = (xs: readonly number[]) => xs.map((x) => `#${x}`).join(', ');

/** The workflow's success criteria 1–13 (homelab-action.md), each with whether it holds now and why. */
export function closureCriteria(x: CriteriaInput): Criterion[] {
  const out: Criterion[] = [];
  if (!x.items) out.push(c(1, 'All action items checked off', 'unknown', 'the issue is not loaded'));
  else {
    const open = x.items.filter((i) => !i.checked && !isDeferred(i));
    const deferred = x.items.filter((i) => !i.checked && isDeferred(i)).length;
    out.push(
      c(
        1,
        'All action items checked off',
        open.length ? 'unmet' : 'met',
        open.length
          ? `${open.length} open: ${open.map((i) => i.id ?? `line ${i.line}`).join(', ')}`
          : `${x.items.length - deferred} done${deferred ? `, ${deferred} deferred` : ''}`,
      ),
    );
  }
  LAYERS.forEach((l, i) => {
    const g = x.gate?.layers[l];
    out.push(
      c(
        2 + i,
        LAYER_TEXT[l],
        !g ? 'unknown' : g.status === 'GREEN' ? 'met' : 'unmet',
        g ? `${g.status}${g.reasons[0] ? `: ${g.reasons[0]}` : ''}` : 'not graded yet',
      ),
    );
  });
  out.push(c(6, 'Overall Status GREEN', !x.gate ? 'unknown' : x.gate.overall === 'GREEN' ? 'met' : 'unmet', x.gate?.overall ?? 'not graded yet'));
  out.push(c(7, 'Final recon confirms GREEN', x.recon === null ? 'unknown' : x.recon === 'GREEN' ? 'met' : 'unmet', x.recon ?? 'no recon yet (:recon)'));
  out.push(
    c(
      8,
      'All PRs actioned (merged or closed as the issue says)',
      x.openListedPrs.length ? 'unmet' : 'met',
      x.openListedPrs.length ? `still open: ${nums(x.openListedPrs)}` : 'no PR the issue lists is open',
    ),
  );
  out.push(
    c(
      9,
      'All related issues closed, with resolution references',
      x.related === null ? 'unknown' : x.related.pending.length ? 'unmet' : 'met',
      x.related === null ? 'not looked at yet' : x.related.pending.length ? `to act on: ${nums(x.related.pending)}` : 'none left',
    ),
  );
  const platform = x.gate?.layers.platform.status;
  out.push(
    c(
      10,
      'ArgoCD verified: merged changes synced',
      !platform ? 'unknown' : platform === 'GREEN' ? 'met' : 'unmet',
      platform ? `Platform ${platform}` : 'not graded yet',
    ),
  );
  const summary = x.body !== null && hasClosureSummary(x.body);
  out.push(
    c(
      11,
      'Exhaustive closure notes in the issue (with PR/Issue actions)',
      x.body === null ? 'unknown' : summary ? 'met' : 'unmet',
      summary ? 'summary at the top of the body' : 'not written (:close)',
    ),
  );
  const resolved = x.title !== null && isResolvedTitle(x.title);
  out.push(
    c(
      12,
      'Maintenance issue closed with [RESOLVED] title',
      x.state === null ? 'unknown' : resolved && x.state === 'closed' ? 'met' : 'unmet',
      `${resolved ? '[RESOLVED] title' : 'title not [RESOLVED]'}, ${x.state ?? 'state unknown'}`,
    ),
  );
  out.push(
    c(
      13,
      'Related issues and PRs identified, referenced, closed or merged',
      x.related === null ? 'unknown' : x.related.pending.length ? 'unmet' : 'met',
      x.related === null ? 'not looked at yet' : x.related.pending.length ? `${x.related.pending.length} to act on` : 'all acted on',
    ),
  );
  return out;
}

/** `#45` references in a body that name open PRs (criterion 8). */
export function listedOpenPrs(body: string | null, openPrs: readonly number[]): number[] {
  if (!body) return [];
  const referenced = new Set([...body.matchAll(/(?<![\w/])#(\d+)\b/g)].map((m) => Number(m[1])));
  return openPrs.filter((n) => referenced.has(n));
}
