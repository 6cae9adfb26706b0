import { describe, expect, it } from 'vitest';
import { resolveLimit } from '../../src/engine/case-scope.js';
import type { Condition, ConditionalLimit } from '../../src/policy/parts.js';

const highRisk: Condition = { priority: ['high'] };
const limit = [{ if: highRisk, working_days: 1 }, { hours: 48 }] as unknown as ConditionalLimit;

describe('resolveLimit: the first limit whose condition holds', () => {
  it('gives the entry without its condition', () => {
    expect(resolveLimit(limit, () => true)).toEqual({ working_days: 1 });
    expect(resolveLimit(limit, () => false)).toEqual({ hours: 48 });
  });

  it('asks the conditions in order, and no further than the one that holds', () => {
    const asked: Condition[] = [];
    resolveLimit(limit, (c) => (asked.push(c), true));
    expect(asked).toEqual([highRisk]);
  });

  it('gives a plain limit as it is', () => {
    const plain = { days: 14 } as ConditionalLimit;
    expect(resolveLimit(plain, () => false)).toBe(plain);
  });

  it('makes each entry plain once: every case asking gets the same object, which never changes', () => {
    const first = resolveLimit(limit, () => true);
    expect(resolveLimit(limit, () => true)).toBe(first);
    expect(resolveLimit(limit, () => false)).toBe(resolveLimit(limit, () => false));
    expect(Object.keys(first)).toEqual(['working_days']);
  });

  it('takes the last entry when none holds and the last has a condition (a policy the loader would refuse)', () => {
    const odd = [{ if: highRisk, days: 1 }, { if: highRisk, days: 2 }] as unknown as ConditionalLimit;
    expect(resolveLimit(odd, () => false)).toEqual({ days: 2 });
  });
});
