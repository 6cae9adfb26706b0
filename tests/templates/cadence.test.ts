import { describe, expect, test } from 'vitest';
import { cadence } from '../../src/templates/cadence.js';
import { auditWith, evaluate, policyOf, ruleOf, type Row } from './harness.js';

const RULE = { every: { days: 14 } };
const out = { direction: 'outbound', channel: 'phone' };

function run(rows: Row[], asOf = '2024-11-21', record?: Parameters<typeof evaluate>[2]['record']) {
  return evaluate(cadence, RULE, { rows, asOf, record });
}

function gaps(rows: Row[], asOf?: string) {
  return run(rows, asOf).outcomes.map((o) => o.details);
}

describe('cadence: the gap between contacts', () => {
  test('a gap of exactly 14 days is kept', () => {
    const { outcomes } = run([
      ['2024-06-03', 'report'],
      ['2024-06-17', 'contact', out],
      ['2024-07-01', 'contact', out],
      ['2024-07-15', 'case_closed'],
    ]);
    expect(outcomes).toEqual([]);
  });

  test('a gap of 15 days has lapsed by 1, from the report', () => {
    const { outcomes, summary } = run([
      ['2024-06-03', 'report'],
      ['2024-06-18', 'contact', out],
      ['2024-06-25', 'case_closed'],
    ]);
    expect(outcomes.map((o) => o.details)).toEqual([{ from: '2024-06-03', to: '2024-06-18', allowedDays: 14, daysOver: 1 }]);
    expect(summary).toEqual([{ kind: 'lapsed', due: '2024-06-17', met: '2024-06-18', daysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.evidence).toEqual([0, 1]);
    expect(outcomes[0]!.message).toBe('No contact with the resident for 15 days, from 03/06/2024 (the report) to 18/06/2024 (the policy allows 14 days; 1 day over)');
  });

  test('each lapsed gap is its own outcome', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-20', 'contact', out],
        ['2024-06-30', 'contact', out],
        ['2024-07-20', 'case_closed'],
      ]),
    ).toEqual([
      { from: '2024-06-03', to: '2024-06-20', allowedDays: 14, daysOver: 3 },
      { from: '2024-06-30', to: '2024-07-20', allowedDays: 14, daysOver: 6 },
    ]);
  });

  test('the last gap runs to the closure, which is its evidence', () => {
    const { outcomes } = run([
      ['2024-06-03', 'report'],
      ['2024-06-10', 'contact', out],
      ['2024-06-30', 'case_closed'],
    ]);
    expect(outcomes.map((o) => [o.details, o.evidence, o.met])).toEqual([[{ from: '2024-06-10', to: '2024-06-30', allowedDays: 14, daysOver: 6 }, [1, 2], undefined]]);
    expect(outcomes[0]!.message).toContain('to the closure on 30/06/2024');
  });
});

describe('cadence: the open tail runs to the audit date', () => {
  const rows: Row[] = [
    ['2024-06-03', 'report'],
    ['2024-06-10', 'contact', out],
  ];
  test('14 days to the audit date is nothing, not even pending', () => {
    expect(run(rows, '2024-06-24').outcomes).toEqual([]);
  });
  test('15 days to the audit date has lapsed by 1', () => {
    const { outcomes } = run(rows, '2024-06-25');
    expect(outcomes.map((o) => [o.kind, o.details, o.met])).toEqual([['lapsed', { from: '2024-06-10', to: '2024-06-25', allowedDays: 14, daysOver: 1 }, undefined]]);
    expect(outcomes[0]!.message).toContain('to the audit date 25/06/2024');
  });
  test('a case opened from reported_at (no report row) is anchored on that date', () => {
    const { outcomes } = evaluate(cadence, RULE, { rows: [['2024-06-20', 'contact', out]], asOf: '2024-06-30', record: { reportedAt: '2024-06-01' } });
    expect(outcomes.map((o) => [o.trigger, o.details])).toEqual([[-1, { from: '2024-06-01', to: '2024-06-20', allowedDays: 14, daysOver: 5 }]]);
  });
});

describe('cadence: agreed frequency', () => {
  test('an agreement of 7 days: 7 is kept, 8 lapses by 1', () => {
    const { outcomes } = run([
      ['2024-06-03', 'report'],
      ['2024-06-03', 'contact_agreement', { frequency_days: '7' }],
      ['2024-06-10', 'contact', out],
      ['2024-06-18', 'contact', out],
      ['2024-06-20', 'case_closed'],
    ]);
    expect(outcomes.map((o) => o.details)).toEqual([{ from: '2024-06-10', to: '2024-06-18', allowedDays: 7, daysOver: 1 }]);
    // the agreement that set N proves the allowance
    expect(outcomes[0]!.evidence).toEqual([2, 3, 1]);
    expect(outcomes[0]!.message).toContain('the agreement of 03/06/2024 allows 7 days');
  });

  test('an action plan with frequency_days is an agreement; one without is not', () => {
    const rows = (withFrequency: boolean): Row[] => [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'action_plan', withFrequency ? { frequency_days: '7' } : {}],
      ['2024-06-04', 'contact', out],
      ['2024-06-14', 'contact', out],
      ['2024-06-20', 'case_closed'],
    ];
    expect(gaps(rows(true))).toEqual([{ from: '2024-06-04', to: '2024-06-14', allowedDays: 7, daysOver: 3 }]);
    expect(gaps(rows(false))).toEqual([]);
  });

  test('an agreement made inside a gap takes effect from the next contact', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-05', 'contact', out],
        ['2024-06-10', 'contact_agreement', { frequency_days: '7' }],
        ['2024-06-19', 'contact', out], // 14 days: judged on the 14 in force when the gap began
        ['2024-06-27', 'contact', out], // 8 days: now the agreed 7 apply
        ['2024-06-28', 'case_closed'],
      ]),
    ).toEqual([{ from: '2024-06-19', to: '2024-06-27', allowedDays: 7, daysOver: 1 }]);
  });

  test('on the same date, an agreement timed after the contact starts with the next gap', () => {
    const rows = (agreedAt: string): Row[] => [
      ['2024-06-03 09:00', 'report'],
      ['2024-06-05 10:00', 'contact', out],
      [agreedAt, 'contact_agreement', { frequency_days: '7' }],
      ['2024-06-19 10:00', 'contact', out],
      ['2024-06-20 10:00', 'case_closed'],
    ];
    expect(gaps(rows('2024-06-05 15:00'))).toEqual([]);
    expect(gaps(rows('2024-06-05 09:00'))).toEqual([{ from: '2024-06-05', to: '2024-06-19', allowedDays: 7, daysOver: 7 }]);
    // a date-only agreement on the contact's date is "on or before" it
    expect(gaps(rows('05/06/2024'))).toEqual([{ from: '2024-06-05', to: '2024-06-19', allowedDays: 7, daysOver: 7 }]);
  });

  test('a date-only contact sees every agreement of its date, even one timed later (sorted after it)', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-05', 'contact', out],
        ['2024-06-05 15:00', 'contact_agreement', { frequency_days: '7' }],
        ['2024-06-13', 'contact', out],
        ['2024-06-14', 'case_closed'],
      ]),
    ).toEqual([{ from: '2024-06-05', to: '2024-06-13', allowedDays: 7, daysOver: 1 }]);
  });

  test('...but a timed contact earlier that date does not, and it is the one the next gap starts from', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-05', 'contact', out],
        ['2024-06-05 10:00', 'contact', out],
        ['2024-06-05 15:00', 'contact_agreement', { frequency_days: '7' }],
        ['2024-06-19', 'contact', out],
        ['2024-06-20', 'case_closed'],
      ]),
    ).toEqual([]);
  });

  test('an agreement without frequency_days keeps the N in force', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-03', 'contact_agreement', { frequency_days: '7' }],
        ['2024-06-10', 'contact', out],
        ['2024-06-10', 'contact_agreement', { frequency_days: '' }],
        ['2024-06-10', 'contact_agreement', { frequency_days: 'fortnightly' }],
        ['2024-06-18', 'contact', out],
        ['2024-06-20', 'case_closed'],
      ]),
    ).toEqual([{ from: '2024-06-10', to: '2024-06-18', allowedDays: 7, daysOver: 1 }]);
  });

  test('a later agreement can relax the frequency again', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-03', 'contact_agreement', { frequency_days: '7' }],
        ['2024-06-10', 'contact', out],
        ['2024-06-10', 'contact_agreement', { frequency_days: '21' }],
        ['2024-07-01', 'contact', out],
        ['2024-07-02', 'case_closed'],
      ]),
    ).toEqual([]);
  });
});

describe('cadence: open periods', () => {
  test('a reopened case: the closed time between periods is no gap', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-10', 'contact', out],
        ['2024-06-20', 'case_closed'],
        ['2024-08-01', 'case_reopened'],
        ['2024-08-10', 'contact', out],
        ['2024-08-20', 'case_closed'],
      ]),
    ).toEqual([]);
  });

  test('the reopened period is anchored on the reopening', () => {
    const { outcomes } = run([
      ['2024-06-03', 'report'],
      ['2024-06-10', 'contact', out],
      ['2024-06-20', 'case_closed'],
      ['2024-07-01', 'contact', out], // while closed: no anchor for the next period
      ['2024-08-01', 'case_reopened'],
      ['2024-08-16', 'contact', out],
      ['2024-08-20', 'case_closed'],
    ]);
    expect(outcomes.map((o) => [o.trigger, o.details])).toEqual([[4, { from: '2024-08-01', to: '2024-08-16', allowedDays: 14, daysOver: 1 }]]);
    expect(outcomes[0]!.message).toContain('(the reopening)');
  });

  test('a reopened case still open runs to the audit date', () => {
    expect(
      gaps(
        [
          ['2024-06-03', 'report'],
          ['2024-06-10', 'contact', out],
          ['2024-06-20', 'case_closed'],
          ['2024-08-01', 'case_reopened'],
        ],
        '2024-08-16',
      ),
    ).toEqual([{ from: '2024-08-01', to: '2024-08-16', allowedDays: 14, daysOver: 1 }]);
  });
});

describe('cadence: what counts as contact (SPEC 2.1 Contact)', () => {
  test('no answer, inbound calls and contacts with other parties do not count', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-08', 'contact', { direction: 'outbound', outcome: 'no_answer' }],
        ['2024-06-09', 'contact', { direction: 'outbound', outcome: 'left_message' }],
        ['2024-06-10', 'contact', { direction: 'inbound', channel: 'phone' }],
        ['2024-06-12', 'contact', { direction: 'outbound', party: 'police' }],
        ['2024-06-20', 'case_closed'],
      ]),
    ).toEqual([{ from: '2024-06-03', to: '2024-06-20', allowedDays: 14, daysOver: 3 }]);
  });

  test('visits and meetings count whatever their direction; outbound with the resident counts', () => {
    expect(
      gaps([
        ['2024-06-03', 'report'],
        ['2024-06-15', 'contact', { channel: 'visit', direction: 'inbound' }],
        ['2024-06-29', 'contact', { channel: 'meeting' }],
        ['2024-07-12', 'contact', { direction: 'outbound', channel: 'letter', party: 'resident', outcome: 'made' }],
        ['2024-07-20', 'case_closed'],
      ]),
    ).toEqual([]);
  });

  test('counts may name other events', () => {
    const { outcomes } = evaluate(cadence, { every: { days: 7 }, counts: 'action_plan_review' }, {
      rows: [
        ['2024-06-03', 'report'],
        ['2024-06-10', 'action_plan_review'],
        ['2024-06-11', 'contact', out],
        ['2024-06-18', 'case_closed'],
      ],
      asOf: '2024-11-21',
    });
    expect(outcomes.map((o) => o.details)).toEqual([{ from: '2024-06-10', to: '2024-06-18', allowedDays: 7, daysOver: 1 }]);
  });
});

describe('cadence: options and explanation', () => {
  test('a typo in an option is rejected', () => {
    expect(cadence.options.safeParse({ every: { days: 14 }, count: 'contact' }).success).toBe(false);
    expect(cadence.options.safeParse({ every: { days: 0 } }).success).toBe(false);
  });

  test('explain says what a compliance officer would check', () => {
    const text = cadence.explain(ruleOf(cadence, RULE), {
      keywords: policyOf().keywords,
      conditions: {},
      describeCondition: () => '',
      describeLimit: () => '',
    });
    expect(text).toContain('While a case is open, the landlord must make a contact with the resident at least every 14 days, or as often as the agreed contact frequency says');
  });
});

describe('cadence through the auditor', () => {
  test('is registered, and each lapsed gap is its own finding with its own fingerprint', () => {
    const findings = auditWith([ruleOf(cadence, RULE, { id: 'contact-cadence' })], {
      rows: [
        ['2024-06-03', 'report'],
        ['2024-06-20', 'contact', out],
        ['2024-06-30', 'contact', out],
        ['2024-07-20', 'case_closed'],
      ],
      asOf: '2024-11-21',
    });
    expect(findings.map((f) => [f.rule, f.kind, f.dueAt, f.metAt, f.daysLate, f.evidence.map((e) => e.source.line)])).toEqual([
      ['contact-cadence', 'lapsed', '2024-06-17', '2024-06-20', 3, [2, 3]],
      ['contact-cadence', 'lapsed', '2024-07-14', null, 6, [4, 5]],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });
});
