import { describe, expect, test } from 'vitest';
import { threshold } from '../../src/templates/threshold.js';
import type { ExplainContext } from '../../src/templates/template.js';
import { DEFAULT_KEYWORDS, evaluate, ruleOf, type Row } from './harness.js';

/** The default policy's case-review-signposting rule (SPEC 3). */
const CASE_REVIEW = {
  events: ['report', 'incident'],
  count: 2,
  window: { days: 183 },
  target: 'case_review_signposted',
  once: true,
  earlier_target_counts: true,
  limit: { working_days: 10 },
};

const run = (rows: Row[], options: object = CASE_REVIEW, asOf = '2024-11-21') => evaluate(threshold, options, { rows, asOf });

describe('threshold: a second report within 183 days', () => {
  test('a second report on day 183 reaches the threshold; due 10 working days after it', () => {
    const { summary, outcomes } = run(
      [
        ['2024-01-01', 'report'],
        ['2024-07-02', 'report'],
      ],
      CASE_REVIEW,
      '2024-07-19',
    );
    expect(summary).toEqual([{ kind: 'missing', due: '2024-07-16', daysLate: 3, workingDaysLate: 3, trigger: '2024-07-02' }]);
    // the event that reached the threshold first, then the earlier one it was counted with
    expect(outcomes[0]!.evidence).toEqual([1, 0]);
    expect(outcomes[0]!.message).toBe(
      'No signposting to the case review after the report of 02/07/2024, the second report or incident within 183 days (from 01/01/2024) (due by 16/07/2024)',
    );
  });
  test('on day 184 it does not', () => {
    expect(
      run([
        ['2024-01-01', 'report'],
        ['2024-07-03', 'incident'],
      ]).outcomes,
    ).toEqual([]);
  });
  test('met on the due date; late by one day after it', () => {
    const rows = (signposted: string): Row[] => [
      ['2024-01-01', 'report'],
      ['2024-03-01', 'incident'],
      [signposted, 'case_review_signposted'],
    ];
    expect(run(rows('2024-03-15')).outcomes).toEqual([]);
    const late = run(rows('2024-03-18'));
    expect(late.summary).toEqual([{ kind: 'late', due: '2024-03-15', met: '2024-03-18', daysLate: 3, workingDaysLate: 1, trigger: '2024-03-01' }]);
    expect(late.outcomes[0]!.evidence).toEqual([1, 2, 0]);
  });
  test('not yet due is pending', () => {
    const { outcomes, findings } = run(
      [
        ['2024-01-01', 'report'],
        ['2024-03-01', 'incident'],
      ],
      CASE_REVIEW,
      '2024-03-15',
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['pending']);
    expect(findings).toEqual([]);
  });
  test('a case review signposted earlier in the case counts; without the option it does not', () => {
    const rows: Row[] = [
      ['2024-01-01', 'report'],
      ['2024-01-02', 'case_review_signposted'],
      ['2024-03-01', 'incident'],
    ];
    expect(run(rows).outcomes).toEqual([]);
    expect(run(rows, { ...CASE_REVIEW, earlier_target_counts: false }).summary.map((s) => s.kind)).toEqual(['missing']);
  });
  test('once only: later incidents in the window add nothing', () => {
    const rows: Row[] = [
      ['2024-01-01', 'report'],
      ['2024-02-01', 'incident'],
      ['2024-03-01', 'incident'],
      ['2024-04-01', 'incident'],
    ];
    expect(run(rows).summary.map((s) => s.trigger)).toEqual(['2024-02-01']);
    expect(run(rows, { ...CASE_REVIEW, once: false }).summary.map((s) => s.trigger)).toEqual(['2024-02-01', '2024-03-01', '2024-04-01']);
  });
  test('the window rolls: two far apart, then a third close to the second', () => {
    const { summary } = run([
      ['2024-01-01', 'report'],
      ['2024-08-01', 'incident'],
      ['2024-09-01', 'incident'],
    ]);
    expect(summary.map((s) => s.trigger)).toEqual(['2024-09-01']);
  });
  test('a count of 3 needs three within the window', () => {
    const options = { ...CASE_REVIEW, count: 3, window: { days: 30 } };
    const rows: Row[] = [
      ['2024-01-01', 'report'],
      ['2024-01-20', 'incident'],
      ['2024-02-05', 'incident'], // 35 days after the report: the first three span too long
      ['2024-02-10', 'incident'], // 21 days after 20/01: three within 30 days
    ];
    const { summary, outcomes } = run(rows, options);
    expect(summary.map((s) => s.trigger)).toEqual(['2024-02-10']);
    expect(outcomes[0]!.evidence).toEqual([3, 1, 2]);
  });
  test('reached while the case is closed: no obligation until it is reached again while open', () => {
    const { summary } = run([
      ['2024-01-01', 'report'],
      ['2024-01-10', 'case_closed'],
      ['2024-02-01', 'report'], // on a closed case: no reopening, no obligation
      ['2024-03-01', 'case_reopened'],
      ['2024-03-05', 'incident'],
    ]);
    expect(summary.map((s) => s.trigger)).toEqual(['2024-03-05']);
  });
});

describe('threshold: options and explanation', () => {
  test('strict options: a count below 2 or an unknown key is rejected', () => {
    expect(threshold.options.safeParse({ ...CASE_REVIEW, count: 1 }).success).toBe(false);
    expect(threshold.options.safeParse({ ...CASE_REVIEW, within: { days: 1 } }).success).toBe(false);
  });
  test('explain', () => {
    const ctx: ExplainContext = { keywords: DEFAULT_KEYWORDS, conditions: {}, describeCondition: () => '', describeLimit: () => '10 working days' };
    expect(threshold.explain(ruleOf(threshold, CASE_REVIEW), ctx)).toBe(
      'The first time a case has 2 events (report or incident) within 183 days of each other while it is open, signposting to the case review must follow within 10 working days of the second. One recorded earlier in the case also counts.',
    );
  });
});
