import { describe, expect, it } from 'vitest';
import { jsonPathFind } from '../../../src/sim/kube/jsonpath.js';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../../src/sim/kube/patch.js';
import { ResourceRegistry } from '../../../src/sim/kube/resources.js';
import { parseFieldSelector, parseLabelSelector } from '../../../src/sim/kube/selectors.js';
import { humanDuration } from '../../../src/sim/kube/tables/age.js';
import type { KubeObject } from '../../../src/sim/kube/types.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('AGE like kubectl (duration.HumanDuration)', () => {
  it.each([
    [5 * S, '5s'],
    [119 * S, '119s'],
    [3 * M + 4 * S, '3m4s'],
    [5 * M, '5m'],
    [91 * M, '91m'],
    [7 * H + 20 * M, '7h20m'],
    [10 * H + 59 * M, '10h'],
    [2 * D + 18 * H, '2d18h'],
    [7 * D + 11 * H, '7d11h'],
    [405 * D + 3 * H, '405d'],
    [3 * 365 * D + 10 * D, '3y10d'],
  ])('%i ms → %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

const pod = (labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'n', uid: 'u', resourceVersion: '1', creationTimestamp: '', labels },
  ...extra,
});

describe('selectors', () => {
  it('parses equality, set-based and existence label selectors', () => {
    expect(parseLabelSelector('app=a,tier!=db')(pod({ app: 'a', tier: 'web' }))).toBe(true);
    expect(parseLabelSelector('app in (a, b),!canary')(pod({ app: 'b' }))).toBe(true);
    expect(parseLabelSelector('app in (a, b),!canary')(pod({ app: 'b', canary: '1' }))).toBe(false);
    expect(parseLabelSelector('app notin (a),tier')(pod({ app: 'c' }))).toBe(false);
    expect(() => parseLabelSelector('app===x')).toThrow(/unable to parse requirement/);
  });

  it('accepts only the field labels the apiserver supports', () => {
    const t = new ResourceRegistry().builtin('Pod');
    expect(parseFieldSelector('spec.nodeName=onyx,status.phase!=Failed', t)(pod({}, { spec: { nodeName: 'onyx' }, status: { phase: 'Running' } }))).toBe(true);
    expect(() => parseFieldSelector('spec.containers=x', t)).toThrow(/field label not supported: spec.containers/);
  });
});

describe('patches', () => {
  it('merge patch deletes with null and replaces lists', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null }, l: [3] })).toEqual({ a: 1, b: { d: 3 }, l: [3] });
  });

  it('strategic merge merges keyed lists and honours $patch: delete', () => {
    const base = {
      spec: {
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
      },
    };
    expect(
      strategicMergePatch(base, {
        spec: {
          containers: [
            { name: 'b', image: 'b:2' },
            { name: 'a', $patch: 'delete' },
          ],
        },
      }),
    ).toEqual({ spec: { containers: [{ name: 'b', image: 'b:2' }] } });
  });

  it('JSON patch supports add/replace/remove/test and escapes', () => {
    const doc = { metadata: { annotations: { 'a/b': '1' } }, list: [1] };
    const out = jsonPatch(doc, [
      { op: 'test', path: '/metadata/annotations/a~1b', value: '1' },
      { op: 'replace', path: '/metadata/annotations/a~1b', value: '2' },
      { op: 'add', path: '/list/-', value: 2 },
      { op: 'remove', path: '/list/0' },
    ]);
    expect(out).toEqual({ metadata: { annotations: { 'a/b': '2' } }, list: [2] });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 9 }])).toThrow(/testing value/);
  });
});

describe('printer-column JSONPath', () => {
  it('finds conditions by filter', () => {
    const obj = {
      status: {
        conditions: [
          { type: 'Other', status: 'False' },
          { type: 'Ready', status: 'True', reason: 'SecretSynced' },
        ],
      },
    };
    expect(jsonPathFind(obj, '.status.conditions[?(@.type=="Ready")].reason')).toEqual(['SecretSynced']);
    expect(jsonPathFind(obj, '.status.conditions[0].status')).toEqual(['False']);
    expect(jsonPathFind(obj, '.status.missing.x')).toEqual([]);
  });
});
