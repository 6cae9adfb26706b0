import { describe, expect, it } from 'vitest';
import { inOpenPeriods } from '../../src/templates/match.js';
import { timelineOf } from './harness.js';

// Events 0-2 open, 3 closes, 4 while closed, 5 reopens, 6 open again.
const timeline = timelineOf({
  rows: [
    ['2024-03-01', 'report'],
    ['2024-03-02', 'incident'],
    ['2024-03-03', 'contact'],
    ['2024-03-10', 'case_closed'],
    ['2024-03-12', 'incident'],
    ['2024-03-20', 'case_reopened'],
    ['2024-03-21', 'incident'],
  ],
  asOf: '2024-04-01',
});

describe('inOpenPeriods: the events of a list that fall while the case is open', () => {
  it('gives the list itself when every one does (nothing made)', () => {
    const all = [0, 1, 2];
    expect(inOpenPeriods(timeline, all)).toBe(all);
    expect(inOpenPeriods(timeline, [])).toEqual([]);
  });

  it('leaves out those while the case was closed, in order', () => {
    expect(inOpenPeriods(timeline, [1, 4, 6])).toEqual([1, 6]);
    expect(inOpenPeriods(timeline, [4])).toEqual([]);
  });

  it('with firstOnly, gives the first that does, or none', () => {
    expect(inOpenPeriods(timeline, [4, 6, 1], true)).toEqual([6]);
    expect(inOpenPeriods(timeline, [1, 6], true)).toEqual([1]);
    const one = [6];
    expect(inOpenPeriods(timeline, one, true)).toBe(one);
    expect(inOpenPeriods(timeline, [4], true)).toEqual([]);
  });
});
