import { badRequest } from './errors.js';
import type { ResourceType } from './resources.js';
import type { KubeObject, LabelSelectorSpec } from './types.js';

type Requirement = { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!exists' };

export type Matcher = (obj: KubeObject) => boolean;

const ALWAYS: Matcher = () => true;

/** Parses the label selector syntax of `?labelSelector=` (equality, set-based, existence). */
export function parseLabelSelector(text: string | null | undefined): Matcher {
  if (!text || !text.trim()) return ALWAYS;
  const reqs: Requirement[] = [];
  for (const raw of splitTopLevel(text)) {
    const part = raw.trim();
    if (!part) continue;
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) });
    } else if ((m = part.match(/^([^\s!=]+)\s*(==|=|!=)\s*([^\s,=!]*)$/))) {
      const op = m[2] === '!=' ? 'notin' : 'in';
      reqs.push({ key: m[1]!, op, values: [m[3]!] });
    } else if ((m = part.match(/^!\s*([^\s!=]+)$/))) {
      reqs.push({ key: m[1]!, op: '!exists' });
    } else if ((m = part.match(/^([^\s!=(),]+)$/))) {
      reqs.push({ key: m[1]!, op: 'exists' });
    } else {
      throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'in':
          return has && r.values.includes(labels[r.key]!);
        case 'notin':
          return !has || !r.values.includes(labels[r.key]!);
      }
    });
  };
}

/** `matchLabels` + `matchExpressions`, as a workload's `.spec.selector`. */
export function selectorMatcher(sel: LabelSelectorSpec | undefined): Matcher {
  if (!sel) return () => false;
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in' || op === 'notin') parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
    else if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
  }
  return parseLabelSelector(parts.join(','));
}

/** `app=rook-ceph-tools,x=y`: how Scale status and kubectl show a selector. */
export function selectorString(sel: LabelSelectorSpec | undefined): string {
  return Object.entries(sel?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parses `?fieldSelector=`; only the fields the real apiserver supports for the resource. */
export function parseFieldSelector(text: string | null | undefined, t: ResourceType): Matcher {
  if (!text || !text.trim()) return ALWAYS;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...t.fieldLabels]);
  const reqs: Array<{ field: string; neg: boolean; value: string }> = [];
  for (const raw of text.split(',')) {
    const m = raw.trim().match(/^([^!=]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${raw}'`);
    const field = m[1]!.trim();
    if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
    reqs.push({ field, neg: m[2] === '!=', value: m[3]!.trim() });
  }
  return (obj) => reqs.every((r) => (fieldValue(obj, r.field) === r.value) !== r.neg);
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** The `labelSelector` and `fieldSelector` query parameters of a list or watch, combined. */
export function selectionFor(t: ResourceType, q: URLSearchParams): Matcher {
  const labels = parseLabelSelector(q.get('labelSelector'));
  const fields = parseFieldSelector(q.get('fieldSelector'), t);
  return (o) => labels(o) && fields(o);
}
