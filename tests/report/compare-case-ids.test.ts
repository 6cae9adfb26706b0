import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCaseIds } from '../../src/report/summary.js';

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
  it('answers as the tokenising reference for any pair of ids', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(compareCaseIds(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('sorts digit runs by value, then zero padding and code units as the tie-break', () => {
    const ids = ['ASB-10', 'ASB-9', 'ASB-009', 'ASB-09', 'ASB', '', 'asb-1', 'ASB-9a', 'ASB-9-1', '10', '9'];
    expect([...ids].sort(compareCaseIds)).toEqual([...ids].sort(reference));
    expect([...ids].sort(compareCaseIds)).toEqual(['', '9', '10', 'ASB', 'ASB-009', 'ASB-09', 'ASB-9', 'ASB-9-1', 'ASB-9a', 'ASB-10', 'asb-1']);
  });
});
