import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCaseIds, sortByCaseId } from '../../src/report/summary.js';

/** The first implementation (tokens by regular expression), kept as the reference. */
function reference(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(ra.length, rb.length);
  for (let i = 0; i < n; i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const xd = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yd = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xd && yd) {
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

// Short strings from a small alphabet, so digit runs, zero padding, shared prefixes and
// non-ASCII (a surrogate pair included) meet often.
const id = fc.string({ unit: fc.constantFrom('0', '0', '1', '9', '5', 'A', 'a', 'B', '-', '_', ' ', 'é', '😀'), maxLength: 12 });

describe('compareCaseIds', () => {
  // A comparator's answer is its sign: the magnitude differs where the same-layout shortcut decides.
  it('answers as the tokenising reference for any pair of ids', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(Math.sign(compareCaseIds(a, b))).toBe(Math.sign(reference(a, b)));
      }),
      { numRuns: 20_000 },
    );
  });

  // The shortcut's ground: the same length with digits in the same places ("ASB-00017", "ASB-20931").
  const digit = fc.constantFrom('0', '0', '1', '5', '9');
  const other = fc.constantFrom('A', 'a', 'B', '-', ' ', 'é', '\ud83d', '\ude00');
  const sameLayout = fc
    .array(fc.boolean(), { maxLength: 12 })
    .chain((layout) => {
      const one = fc.tuple(...layout.map((isDigit) => (isDigit ? digit : other))).map((units) => units.join(''));
      return fc.tuple(one, one);
    });

  it('answers as the reference for ids of the same layout, zero padding and equal ids included', () => {
    fc.assert(
      fc.property(sameLayout, ([a, b]) => {
        expect(Math.sign(compareCaseIds(a, b))).toBe(Math.sign(reference(a, b)));
        expect(Math.sign(compareCaseIds(b, a))).toBe(Math.sign(reference(b, a)));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['ASB-00017', 'ASB-20931', -1],
    ['ASB-20931', 'ASB-00017', 1],
    ['ASB-00017', 'ASB-00017', 0],
    ['A0010', 'A0009', 1],
    ['A0009', 'A0010', -1],
    ['B-1', 'A-2', 1],
    ['x09y', 'x10a', -1],
  ])('%s against %s (same layout) is %i', (a, b, sign) => expect(Math.sign(compareCaseIds(a, b))).toBe(sign));

  it('sorts digit runs by value, then zero padding and code units as the tie-break', () => {
    const ids = ['ASB-10', 'ASB-9', 'ASB-009', 'ASB-09', 'ASB', '', 'asb-1', 'ASB-9a', 'ASB-9-1', '10', '9'];
    expect([...ids].sort(compareCaseIds)).toEqual([...ids].sort(reference));
    expect([...ids].sort(compareCaseIds)).toEqual(['', '9', '10', 'ASB', 'ASB-009', 'ASB-09', 'ASB-9', 'ASB-9-1', 'ASB-9a', 'ASB-10', 'asb-1']);
  });
});

describe('sortByCaseId', () => {
  const byComparator = (items: Array<{ id: string; at: number }>) => [...items].sort((a, b) => compareCaseIds(a.id, b.id));
  const tagged = (ids: string[]) => ids.map((id, at) => ({ id, at }));
  // Ids of one layout (the shortcut) and of mixed layouts (the comparator), duplicates included.
  const oneLayout = fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }).chain((layout) =>
    fc.array(
      fc.tuple(...layout.map((d) => (d ? fc.constantFrom('0', '1', '9') : fc.constantFrom('A', '-', 'é', '\ud83d')))).map((u) => u.join('')),
      { maxLength: 30 },
    ),
  );

  // Same length, digits anywhere: one layout must not be taken for one length.
  const sameLength = fc.integer({ min: 1, max: 4 }).chain((n) =>
    fc.array(fc.string({ unit: fc.constantFrom('0', '1', '9', 'A', 'B'), minLength: n, maxLength: n }), { maxLength: 30 }),
  );

  it('orders as compareCaseIds, equal ids kept in their order, whether or not every id has one layout', () => {
    fc.assert(
      fc.property(fc.oneof(oneLayout, sameLength, fc.array(id, { maxLength: 30 })), (ids) => {
        const items = tagged(ids);
        expect(sortByCaseId([...items], (i) => i.id)).toEqual(byComparator(items));
      }),
      { numRuns: 3000 },
    );
  });

  it('sorts same-layout ids by value and falls back for mixed layouts', () => {
    expect(sortByCaseId(['ASB-00010', 'ASB-00009', 'ASB-00100'], (i) => i)).toEqual(['ASB-00009', 'ASB-00010', 'ASB-00100']);
    expect(sortByCaseId(['ASB-10', 'ASB-9', 'ASB-100'], (i) => i)).toEqual(['ASB-9', 'ASB-10', 'ASB-100']);
    expect(sortByCaseId(['B1', 'A22', 'A3'], (i) => i)).toEqual(['A3', 'A22', 'B1']);
    expect(sortByCaseId(['A10', 'A9B'], (i) => i)).toEqual(['A9B', 'A10']);
  });
});
