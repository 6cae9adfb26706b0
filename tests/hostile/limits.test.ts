import { describe, expect, it } from 'vitest';
import { binaryOffset, nestsDeeperThan, parseMaxEventsPerCase } from '../../src/input/limits.js';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('limits', () => {
  it('nestsDeeperThan: exactly the limit is kept, one more is too deep, without recursion', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
    expect(nestsDeeperThan({ shallow: [1], deep: nested(65) }, 65)).toBe(true);
    expect(nestsDeeperThan(nested(1_000_000), 64)).toBe(true);
  });

  it('binaryOffset: the first zero byte in the first 8 KB, or -1', () => {
    expect(binaryOffset(Buffer.from('case_id,type\nA,report\n'))).toBe(-1);
    expect(binaryOffset(Buffer.from([0xff, 0xfe, 0x63, 0x00]))).toBe(3); // UTF-16LE "c"
    const late = Buffer.alloc(9000, 0x61);
    late[8191] = 0;
    expect(binaryOffset(late)).toBe(8191);
    late[8191] = 0x61;
    late[8192] = 0;
    expect(binaryOffset(late)).toBe(-1);
  });

  it('parseMaxEventsPerCase: whole numbers from 1', () => {
    expect(parseMaxEventsPerCase('1')).toBe(1);
    expect(parseMaxEventsPerCase('250000')).toBe(250000);
    for (const bad of ['0', '-3', '2.5', 'ten', '', '1e3', '99999999999999999999']) expect(() => parseMaxEventsPerCase(bad), bad).toThrow('expected a whole number of at least 1');
  });
});
