import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListSplitter } from '../../../src/services/kube/list-stream.js';

/** Feeds `bytes` cut at `cuts`, collecting the items and the rest. */
function split(bytes: Uint8Array, cuts: number[] = []) {
  const items: unknown[] = [];
  const s = new ListSplitter((item) => items.push(item));
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const p of [...points, bytes.length]) {
    s.push(bytes.subarray(at, p));
    at = p;
  }
  return { items, rest: s.end() };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// Strings full of what could confuse a scanner: quotes, backslashes, brackets, commas, multi-byte text.
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', 'a', ' ', 'é', '€', '😀', '\n', '\u0000') }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('items', 'it\\ems', '"items"', '\\'),
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(tricky, fc.constant('items')), tie('value'), { maxKeys: 4 }),
})).value;
const item = fc.record({ metadata: fc.record({ name: tricky, namespace: fc.string() }), spec: json, status: json, items: fc.array(json, { maxLength: 3 }) });
const list = fc.record({
  kind: fc.constant('PodList'),
  apiVersion: fc.constant('v1'),
  metadata: fc.record({ resourceVersion: fc.string(), continue: fc.option(fc.string(), { nil: undefined }) }),
  items: fc.array(item, { maxLength: 8 }),
  extra: json,
});

describe('ListSplitter: a list response split into items as its bytes arrive', () => {
  it('gives the same items and the same rest as JSON.parse, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        list,
        fc.boolean(),
        fc.constantFrom(undefined, 2, '\t'),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.option(fc.string({ minLength: 60, maxLength: 80 }), { nil: undefined }),
        (l, itemsFirst, indent, cuts, longKey) => {
          const { items, ...others } = l;
          const doc = itemsFirst ? { items, ...others } : { ...others, items };
          if (longKey) Object.assign(doc, { [longKey]: [{ x: longKey }] });
          const text = JSON.stringify(doc, null, indent);
          const got = split(utf8(text), cuts);
          const want = JSON.parse(text) as { items: unknown[] };
          expect(got.items).toEqual(want.items);
          expect(got.rest).toEqual({ ...want, items: [] });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('every cut of a small list, one byte at a time included', () => {
    const text = JSON.stringify({ kind: 'List', metadata: { resourceVersion: '7', continue: 'x' }, items: [{ a: '}{"\\' }, { b: ['é', { c: '😀' }] }] });
    const bytes = utf8(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const got = split(bytes, [cut]);
      expect(got.items).toEqual([{ a: '}{"\\' }, { b: ['é', { c: '😀' }] }]);
      expect(got.rest.metadata).toEqual({ resourceVersion: '7', continue: 'x' });
    }
    expect(
      split(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ).items,
    ).toHaveLength(2);
  });

  it('only the top-level items are split out; an escaped spelling of "items" is still the key', () => {
    expect(split(utf8('{"metadata":{"items":[{"x":1}]},"items":[]}'))).toEqual({ items: [], rest: { metadata: { items: [{ x: 1 }] }, items: [] } });
    expect(split(utf8('{"it\\u0065ms":[{"x":1}]}')).items).toEqual([{ x: 1 }]);
    expect(split(utf8('{"kind":"items","other":[{"x":1}]}'))).toEqual({ items: [], rest: { kind: 'items', other: [{ x: 1 }] } });
    const long = 'k'.repeat(100);
    expect(split(utf8(`{"items":[{"a":1}],"${long}":[{"x":1}]}`))).toEqual({ items: [{ a: 1 }], rest: { items: [], [long]: [{ x: 1 }] } });
  });

  it('a response cut short or an item that is not an object is an error, not a shorter list', () => {
    const text = '{"metadata":{"resourceVersion":"1"},"items":[{"a":1},{"b":2}]}';
    for (const end of [10, 40, text.length - 2, text.length - 1]) expect(() => split(utf8(text.slice(0, end)))).toThrow(SyntaxError);
    expect(() => split(utf8('{"items":[{"a":1},null]}'))).toThrow(SyntaxError);
    expect(() => split(utf8('{"items":["pod"]}'))).toThrow(SyntaxError);
    expect(() => split(utf8('{"items":[{"a":1]]}'))).toThrow(SyntaxError);
  });
});
