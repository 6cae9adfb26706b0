import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isAtOrAfter } from '../../src/model/time.js';
import { parse } from 'yaml';
import { TEMPLATES } from '../../src/templates/index.js';
import { within } from '../../src/templates/within.js';
import { explainStub } from '../fixtures/templates/explain-stub.js';
import type { Severity } from '../../src/model/finding.js';
import type { PolicyRule } from '../../src/policy/types.js';
import { auditWith, evaluate, ruleOf, type Row } from './harness.js';

const HIGH_RISK_LIMIT = [{ if: 'high-risk', working_days: 1 }, { working_days: 5 }];
const FIRST_CONTACT = { trigger: 'report', target: 'counting_contact', limit: HIGH_RISK_LIMIT };
const RISK_ASSESSMENT = { trigger: 'report', target: 'risk_assessment', limit: HIGH_RISK_LIMIT };
const RA_REVIEW = {
  trigger: ['report', 'incident'],
  each: true,
  trigger_mentions: 'escalation',
  after_first: 'risk_assessment',
  target: ['risk_assessment_review', 'risk_assessment'],
  limit: { working_days: 5 },
};
const CLOSURE_NOTIFIED = {
  trigger: 'case_closed',
  each: true,
  target: 'closure_notified',
  target_window_before: { days: 5 },
  use_targets_once: true,
  limit: { working_days: 5 },
};
const OUT = { direction: 'outbound', channel: 'phone' };
const HIGH = { priority: 'high' };

describe('within: the boundaries of a working-day deadline', () => {
  // Monday 03/06/2024; 5 working days end on Monday 10/06/2024.
  test('met on the last allowed working day', () => {
    const { outcomes } = evaluate(within, FIRST_CONTACT, { rows: [['2024-06-03 10:00', 'report'], ['2024-06-10 16:00', 'contact', OUT]], asOf: '2024-11-21' });
    expect(outcomes).toEqual([]);
  });

  test('late by one day: 1 day and 1 working day late, evidence trigger then target', () => {
    const { summary, outcomes } = evaluate(within, FIRST_CONTACT, { rows: [['2024-06-03 10:00', 'report'], ['2024-06-11 09:00', 'contact', OUT]], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-10', met: '2024-06-11', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.evidence).toEqual([0, 1]);
    expect(outcomes[0]!.message).toBe('Contact of 11/06/2024 came 1 day late (1 working day) after the report of 03/06/2024 (due by 10/06/2024)');
  });

  test('late across a weekend: 3 days but 1 working day late', () => {
    // Friday 07/06/2024 + 5 working days = Friday 14/06; met Monday 17/06.
    const { summary } = evaluate(within, FIRST_CONTACT, { rows: [['2024-06-07', 'report'], ['2024-06-17', 'contact', OUT]], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-14', met: '2024-06-17', daysLate: 3, workingDaysLate: 1, trigger: '2024-06-07' }]);
  });

  test('missing: days late counted to the audit date', () => {
    const { summary, outcomes } = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-03', 'report']], asOf: '2024-06-20' });
    // 11,12,13,14,17,18,19,20 June: 8 working days after Monday 10/06.
    expect(summary).toEqual([{ kind: 'missing', due: '2024-06-10', daysLate: 10, workingDaysLate: 8, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.message).toBe('No risk assessment after the report of 03/06/2024 (due by 10/06/2024)');
    expect(outcomes[0]!.evidence).toEqual([0]);
  });

  test('a due date equal to the audit date is still pending, the day after it is missing', () => {
    const rows: Row[] = [['2024-06-03', 'report']];
    const onDue = evaluate(within, RISK_ASSESSMENT, { rows, asOf: '2024-06-10' });
    expect(onDue.findings).toEqual([]);
    expect(onDue.summary).toEqual([{ kind: 'pending', due: '2024-06-10', trigger: '2024-06-03' }]);
    expect(onDue.outcomes[0]!.message).toBe('A risk assessment is due by 10/06/2024 after the report of 03/06/2024');
    const dayAfter = evaluate(within, RISK_ASSESSMENT, { rows, asOf: '2024-06-11' });
    expect(dayAfter.summary).toEqual([{ kind: 'missing', due: '2024-06-10', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
  });

  test('the high-risk limit applies to a high-priority case, the other limit otherwise', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-05', 'risk_assessment']];
    expect(evaluate(within, RISK_ASSESSMENT, { rows, asOf: '2024-11-21', record: HIGH }).summary).toEqual([
      { kind: 'late', due: '2024-06-04', met: '2024-06-05', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' },
    ]);
    expect(evaluate(within, RISK_ASSESSMENT, { rows, asOf: '2024-11-21', record: { priority: 'low' } }).summary).toEqual([]);
  });

  test("a report's own hate keyword makes the case high risk", () => {
    const rows: Row[] = [['2024-06-03', 'report', { detail: 'Racist graffiti on the door' }], ['2024-06-05', 'risk_assessment']];
    expect(evaluate(within, RISK_ASSESSMENT, { rows, asOf: '2024-11-21' }).summary[0]).toMatchObject({ kind: 'late', due: '2024-06-04' });
  });
});

describe('within: deadlines across bank holidays', () => {
  const cases: Array<[string, string, string, string]> = [
    // [what, trigger date, last allowed day, first late day]
    ['a trigger on a Friday', '2024-06-07', '2024-06-10', '2024-06-11'],
    ['Christmas and Boxing Day 2023', '2023-12-22', '2023-12-27', '2023-12-28'],
    ['a trigger on Christmas Day 2023', '2023-12-25', '2023-12-27', '2023-12-28'],
    ['Easter 2024 (Good Friday, Easter Monday)', '2024-03-28', '2024-04-02', '2024-04-03'],
    ['the 2022 Jubilee holidays of 02/06 and 03/06', '2022-06-01', '2022-06-06', '2022-06-07'],
    ['the 2023 Coronation holiday of 08/05', '2023-05-05', '2023-05-09', '2023-05-10'],
  ];
  for (const [what, trigger, last, late] of cases) {
    test(`1 working day across ${what}: met on ${last}, late on ${late}`, () => {
      const met = evaluate(within, RISK_ASSESSMENT, { rows: [[trigger, 'report'], [last, 'risk_assessment']], asOf: '2024-11-21', record: HIGH });
      expect(met.outcomes).toEqual([]);
      const lateRun = evaluate(within, RISK_ASSESSMENT, { rows: [[trigger, 'report'], [late, 'risk_assessment']], asOf: '2024-11-21', record: HIGH });
      expect(lateRun.summary).toEqual([{ kind: 'late', due: last, met: late, daysLate: 1, workingDaysLate: 1, trigger }]);
    });
  }

  test('5 working days from Friday 22/12/2023 end on Wednesday 03/01/2024', () => {
    const { summary } = evaluate(within, RISK_ASSESSMENT, { rows: [['2023-12-22', 'report'], ['2024-01-04', 'risk_assessment']], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-01-03', met: '2024-01-04', daysLate: 1, workingDaysLate: 1, trigger: '2023-12-22' }]);
  });

  test('a late day after a bank holiday weekend counts the holiday as a day but not a working day', () => {
    // Due Thursday 28/03/2024 (high risk, report Wednesday 27/03); met Tuesday 02/04 after Good Friday and Easter Monday.
    const { summary } = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-03-27', 'report'], ['2024-04-02', 'risk_assessment']], asOf: '2024-11-21', record: HIGH });
    expect(summary).toEqual([{ kind: 'late', due: '2024-03-28', met: '2024-04-02', daysLate: 5, workingDaysLate: 1, trigger: '2024-03-27' }]);
  });
});

describe('within: what counts as after the trigger', () => {
  test('a date-only target on the date of a timed trigger counts as after it', () => {
    const { outcomes, timeline } = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-03 15:00', 'report'], ['2024-06-03', 'risk_assessment']], asOf: '2024-11-21' });
    // The date-only assessment sorts before the timed report, and still meets it.
    expect(timeline.events[0]!.type).toBe('risk_assessment');
    expect(outcomes).toEqual([]);
  });

  test('a target timed earlier the same day does not count', () => {
    const { summary } = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-03 15:00', 'report'], ['2024-06-03 09:00', 'risk_assessment']], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'missing', due: '2024-06-10', daysLate: 164, workingDaysLate: 117, trigger: '2024-06-03' }]);
  });

  test('a contact that does not count (no answer, inbound) does not meet first contact', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'contact', { direction: 'outbound', outcome: 'no_answer' }],
      ['2024-06-05', 'contact', { direction: 'inbound', channel: 'phone' }],
      ['2024-06-12', 'contact', { channel: 'visit' }],
    ];
    expect(evaluate(within, FIRST_CONTACT, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-10', met: '2024-06-12', daysLate: 2, workingDaysLate: 2, trigger: '2024-06-03' },
    ]);
  });

  test('the trigger is never its own target', () => {
    const { summary } = evaluate(within, { trigger: 'incident', each: true, target: 'incident', limit: { days: 3 } }, {
      rows: [['2024-06-03', 'report'], ['2024-06-04', 'incident'], ['2024-06-10', 'incident']],
      asOf: '2024-06-12',
    });
    expect(summary).toEqual([
      { kind: 'late', due: '2024-06-07', met: '2024-06-10', daysLate: 3, trigger: '2024-06-04' },
      { kind: 'pending', due: '2024-06-13', trigger: '2024-06-10' },
    ]);
  });
});

describe('within: open periods', () => {
  const INCIDENT_ACTION = { trigger: 'incident', each: true, target: 'action', limit: { working_days: 5 } };

  test('a trigger while the case is closed creates nothing', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-05', 'case_closed'], ['2024-06-10', 'incident']];
    expect(evaluate(within, INCIDENT_ACTION, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('with any_state the same trigger does create an obligation', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-05', 'case_closed'], ['2024-06-10', 'incident']];
    expect(evaluate(within, { ...INCIDENT_ACTION, any_state: true }, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'missing', due: '2024-06-17', daysLate: 157, workingDaysLate: 112, trigger: '2024-06-10' },
    ]);
  });

  test('an incident on the closure date belongs to the period the closure ends', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-05', 'case_closed'], ['2024-06-05', 'incident']];
    expect(evaluate(within, INCIDENT_ACTION, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-05' }]);
  });

  test('a trigger after a reopening creates an obligation again', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-05', 'case_closed'], ['2024-06-10', 'case_reopened'], ['2024-06-11', 'incident']];
    expect(evaluate(within, INCIDENT_ACTION, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-11', due: '2024-06-18' }]);
  });

  test('a target after the case was closed still counts', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-04', 'case_closed'], ['2024-06-07', 'risk_assessment']];
    expect(evaluate(within, RISK_ASSESSMENT, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('a case never opened creates nothing', () => {
    expect(evaluate(within, INCIDENT_ACTION, { rows: [['2024-06-10', 'incident']], asOf: '2024-11-21' }).outcomes).toEqual([]);
  });
});

describe('within: a case opened by its record\'s reported_at, with no report row', () => {
  test('a rule triggered by the report runs from the reported date', () => {
    const { outcomes } = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-04', 'contact', OUT]], asOf: '2024-06-20', record: { reportedAt: '2024-06-03' } });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: 'missing', trigger: -1, daysLate: 10, workingDaysLate: 8, evidence: [] });
    expect(outcomes[0]!.message).toBe("No risk assessment after the report of 03/06/2024 (the case's reported date) (due by 10/06/2024)");
  });

  test('a target on or after the reported date meets it; one before does not', () => {
    const met = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-03', 'risk_assessment']], asOf: '2024-11-21', record: { reportedAt: '2024-06-03' } });
    expect(met.outcomes).toEqual([]);
    const before = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-02', 'risk_assessment']], asOf: '2024-11-21', record: { reportedAt: '2024-06-03' } });
    expect(before.outcomes.map((o) => o.kind)).toEqual(['missing']);
  });

  test('a late target is the only evidence row', () => {
    const { outcomes } = evaluate(within, RISK_ASSESSMENT, { rows: [['2024-06-11', 'risk_assessment']], asOf: '2024-11-21', record: { reportedAt: '2024-06-03' } });
    expect(outcomes).toMatchObject([{ kind: 'late', trigger: -1, met: 0, daysLate: 1, evidence: [0] }]);
  });
});

describe('within: first or each trigger', () => {
  const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-04', 'action_plan'], ['2024-06-10', 'incident'], ['2024-06-24', 'incident']];
  const opts = { trigger: ['report', 'incident'], target: 'action_plan', limit: { working_days: 5 } };

  test('each: false judges the first trigger only', () => {
    expect(evaluate(within, opts, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('each: true judges every trigger, each against the first target after it', () => {
    expect(evaluate(within, { ...opts, each: true }, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'missing', due: '2024-06-17', daysLate: 157, workingDaysLate: 112, trigger: '2024-06-10' },
      { kind: 'missing', due: '2024-07-01', daysLate: 143, workingDaysLate: 102, trigger: '2024-06-24' },
    ]);
  });

  test('each: true with one late target: the target meets every earlier trigger', () => {
    const withTarget: Row[] = [...rows, ['2024-06-26', 'action_plan']];
    expect(evaluate(within, { ...opts, each: true }, { rows: withTarget, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-17', met: '2024-06-26', daysLate: 9, workingDaysLate: 7, trigger: '2024-06-10' },
    ]);
  });
});

describe('within: risk-assessment-review (trigger_mentions, after_first)', () => {
  test('an escalating report before the first risk assessment is not a trigger', () => {
    const rows: Row[] = [['2024-06-03', 'report', { detail: 'He threatened me with a knife' }], ['2024-06-04', 'risk_assessment']];
    expect(evaluate(within, RA_REVIEW, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('an escalating incident after it needs a review; one without keywords does not', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report', { detail: 'Loud music' }],
      ['2024-06-04', 'risk_assessment'],
      ['2024-06-06', 'incident', { detail: 'Music again until 2am' }],
      ['2024-06-10', 'incident', { detail: 'He threatened my son' }],
    ];
    const { summary, outcomes } = evaluate(within, RA_REVIEW, { rows, asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'missing', due: '2024-06-17', daysLate: 157, workingDaysLate: 112, trigger: '2024-06-10' }]);
    expect(outcomes[0]!.message).toBe('No risk assessment review or risk assessment after the incident of 10/06/2024 (due by 17/06/2024)');
  });

  test('keywords are whole words: "begun" and "gunnery" are not "gun", "a gun" is', () => {
    const base: Row[] = [['2024-06-03', 'report'], ['2024-06-04', 'risk_assessment']];
    const quiet = evaluate(within, RA_REVIEW, {
      rows: [...base, ['2024-06-06', 'incident', { detail: 'Works have begun next door' }], ['2024-06-07', 'incident', { detail: 'Talked about gunnery at the club' }]],
      asOf: '2024-11-21',
    });
    expect(quiet.outcomes).toEqual([]);
    const loud = evaluate(within, RA_REVIEW, { rows: [...base, ['2024-06-06', 'incident', { detail: 'He showed me a gun.' }]], asOf: '2024-11-21' });
    expect(loud.summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-06' }]);
  });

  test('a hate keyword is an escalation keyword, and a review meets it', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'risk_assessment'],
      ['2024-06-06', 'incident', { detail: 'Homophobic abuse shouted at me' }],
      ['2024-06-13', 'risk_assessment_review'],
      ['2024-06-14', 'incident', { detail: 'They were threatening again' }],
      ['2024-06-24', 'risk_assessment'],
    ];
    expect(evaluate(within, RA_REVIEW, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-21', met: '2024-06-24', daysLate: 3, workingDaysLate: 1, trigger: '2024-06-14' },
    ]);
  });

  test('with no risk assessment at all there is no review to owe', () => {
    const rows: Row[] = [['2024-06-03', 'report'], ['2024-06-06', 'incident', { detail: 'assaulted on the stairs' }]];
    expect(evaluate(within, RA_REVIEW, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });
});

describe('within: closure-notified (window before, first unused)', () => {
  test('a notification 5 days before the closure counts; 6 days before does not', () => {
    // Closed Monday 10/06/2024: due Monday 17/06.
    const fiveBefore = evaluate(within, CLOSURE_NOTIFIED, { rows: [['2024-06-03', 'report'], ['2024-06-05', 'closure_notified'], ['2024-06-10', 'case_closed']], asOf: '2024-11-21' });
    expect(fiveBefore.outcomes).toEqual([]);
    const sixBefore = evaluate(within, CLOSURE_NOTIFIED, { rows: [['2024-06-03', 'report'], ['2024-06-04', 'closure_notified'], ['2024-06-10', 'case_closed']], asOf: '2024-11-21' });
    expect(sixBefore.summary).toEqual([{ kind: 'missing', due: '2024-06-17', daysLate: 157, workingDaysLate: 112, trigger: '2024-06-10' }]);
  });

  test('met on the 5th working day after closure, late on the 6th', () => {
    const rows = (notified: string): Row[] => [['2024-06-03', 'report'], ['2024-06-10', 'case_closed'], [notified, 'closure_notified']];
    expect(evaluate(within, CLOSURE_NOTIFIED, { rows: rows('2024-06-17'), asOf: '2024-11-21' }).outcomes).toEqual([]);
    expect(evaluate(within, CLOSURE_NOTIFIED, { rows: rows('2024-06-18'), asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-17', met: '2024-06-18', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-10' },
    ]);
  });

  test('each closure takes the first unused notification: one letter cannot serve two closures', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report'],
      ['2024-06-10', 'case_closed'],
      ['2024-06-11', 'closure_notified'],
      ['2024-06-12', 'case_reopened'],
      ['2024-07-01', 'case_closed'],
    ];
    const { summary } = evaluate(within, CLOSURE_NOTIFIED, { rows, asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'missing', due: '2024-07-08', daysLate: 136, workingDaysLate: 97, trigger: '2024-07-01' }]);
    // Without use_targets_once the same letter would be taken again (and be before the window).
    const shared = evaluate(within, { ...CLOSURE_NOTIFIED, use_targets_once: false }, { rows, asOf: '2024-11-21' });
    expect(shared.summary).toEqual(summary);
  });

  test('a letter belongs to the closure it follows most closely, not to an earlier one still unpaired', () => {
    const rows: Row[] = [
      ['2024-03-04', 'report'],
      ['2024-03-08', 'case_closed'],
      ['2024-04-10', 'case_reopened'],
      ['2024-04-15', 'case_closed'],
      ['2024-04-16', 'closure_notified'],
    ];
    expect(evaluate(within, CLOSURE_NOTIFIED, { rows, asOf: '2024-04-30' }).summary).toEqual([
      { kind: 'missing', due: '2024-03-15', daysLate: 46, workingDaysLate: 30, trigger: '2024-03-08' },
    ]);
  });

  test('a letter just before a second closure belongs to it when the first closure has its own', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report'],
      ['2024-06-10', 'case_closed'],
      ['2024-06-11', 'closure_notified'],
      ['2024-06-12', 'case_reopened'],
      ['2024-06-26', 'closure_notified'],
      ['2024-07-01', 'case_closed'],
    ];
    expect(evaluate(within, CLOSURE_NOTIFIED, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('a letter within 5 days before the next closure belongs to that one (SPEC 2.1); without use_targets_once it would serve both', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report'],
      ['2024-06-10', 'case_closed'],
      ['2024-06-12', 'case_reopened'],
      ['2024-06-14', 'closure_notified'],
      ['2024-06-18', 'case_closed'],
    ];
    expect(evaluate(within, CLOSURE_NOTIFIED, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-10' }]);
    expect(evaluate(within, { ...CLOSURE_NOTIFIED, use_targets_once: false }, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });
});

describe('within: agrees with a plain reading of the contract on random cases', () => {
  const row = fc.record({
    type: fc.constantFrom('incident', 'action'),
    day: fc.integer({ min: 1, max: 15 }),
    hour: fc.option(fc.integer({ min: 8, max: 18 }), { nil: undefined }),
  });

  test('each trigger takes the first (unused) target after it', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (generated, once) => {
        const rows: Row[] = [['2024-01-01', 'report']];
        for (const g of generated) rows.push([`2024-02-${String(g.day).padStart(2, '0')}${g.hour === undefined ? '' : ` ${String(g.hour).padStart(2, '0')}:00`}`, g.type]);
        const opts = { trigger: 'incident', each: true, target: 'action', use_targets_once: once, limit: { days: 1 } };
        const { outcomes, timeline } = evaluate(within, opts, { rows, asOf: '2024-12-31' });
        const events = timeline.events;
        const used = new Set<number>();
        const expected: Array<{ trigger: number; met: number | undefined; kind: string }> = [];
        events.forEach((t, i) => {
          if (t.type !== 'incident') return;
          const target = events.findIndex((a, j) => j !== i && a.type === 'action' && !used.has(j) && isAtOrAfter(a, t));
          if (once && target >= 0) used.add(target);
          if (target < 0) expected.push({ trigger: i, met: undefined, kind: 'missing' });
          else if (events[target]!.day > t.day + 1) expected.push({ trigger: i, met: target, kind: 'late' });
        });
        expect(outcomes.map((o) => ({ trigger: o.trigger, met: o.met, kind: o.kind }))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('within: options and explanation', () => {
  test('unknown options and malformed matchers are rejected', () => {
    expect(within.options.safeParse({ ...FIRST_CONTACT, each_trigger: true }).success).toBe(false);
    expect(within.options.safeParse({ ...FIRST_CONTACT, target: { type: 'action_plan', frequency: 7 } }).success).toBe(false);
    expect(within.options.safeParse({ ...FIRST_CONTACT, limit: { working_days: -1 } }).success).toBe(false);
    expect(within.options.safeParse({ trigger: 'report', target: 'risk_assessment' }).success).toBe(false);
  });

  test('an object matcher with has: only an action plan with frequency_days counts as a contact agreement', () => {
    const opts = { trigger: 'report', target: ['contact_agreement', { type: 'action_plan', has: 'frequency_days' }], limit: { working_days: 10 } };
    const plain = evaluate(within, opts, { rows: [['2024-06-03', 'report'], ['2024-06-05', 'action_plan']], asOf: '2024-11-21' });
    expect(plain.summary).toMatchObject([{ kind: 'missing', due: '2024-06-17' }]);
    const withFrequency = evaluate(within, opts, { rows: [['2024-06-03', 'report'], ['2024-06-05', 'action_plan', { frequency_days: '7' }]], asOf: '2024-11-21' });
    expect(withFrequency.outcomes).toEqual([]);
  });

  test('an object matcher with party: only a reply to one of those parties counts', () => {
    const opts = { trigger: 'report', target: { type: 'third_party_out', party: ['police', 'marac'] }, limit: { working_days: 5 } };
    const other = evaluate(within, opts, { rows: [['2024-06-03', 'report'], ['2024-06-04', 'third_party_out', { party: 'health' }], ['2024-06-05', 'third_party_out']], asOf: '2024-11-21' });
    expect(other.summary).toMatchObject([{ kind: 'missing' }]);
    const marac = evaluate(within, opts, { rows: [['2024-06-03', 'report'], ['2024-06-04', 'third_party_out', { party: 'marac' }]], asOf: '2024-11-21' });
    expect(marac.outcomes).toEqual([]);
  });

  test('explain() says what, after what, and within which limit', () => {
    expect(within.explain(ruleOf(within, RISK_ASSESSMENT), explainStub)).toBe(
      'After the first report, a risk assessment must follow within 1 working day if the case is high-risk, otherwise 5 working days.',
    );
    expect(within.explain(ruleOf(within, RA_REVIEW), explainStub)).toBe(
      'After each report or incident while the case is open whose note has a keyword of the "escalation" list (violen*, assault*, attack*, weapon*, knife, ...), once there has been a risk assessment, a risk assessment review or a risk assessment must follow within 5 working days.',
    );
    expect(within.explain(ruleOf(within, CLOSURE_NOTIFIED), explainStub)).toBe(
      'After each case closure while the case is open, a closure notification must follow within 5 working days. One recorded up to 5 days before it also counts. Each closure notification answers only one case closure, in order: the one it follows most closely, or the next one when it comes up to 5 days before it.',
    );
  });
});

describe('policies/asb-default.yaml', () => {
  const policy = parse(readFileSync(new URL('../../policies/asb-default.yaml', import.meta.url), 'utf8')) as { rules: Array<Record<string, unknown>> };

  test('has exactly the ids, themes and severities of SPEC 3, in its order', () => {
    expect(policy.rules.map((r) => `${r.id} ${r.theme} ${r.severity}`)).toEqual([
      'first-contact communication medium',
      'risk-assessment risk-assessment high',
      'risk-assessment-review risk-assessment high',
      'action-plan action-plan medium',
      'contact-agreement communication low',
      'contact-cadence communication medium',
      'incident-reply communication medium',
      'update-request-reply communication medium',
      'third-party-reply third-parties high',
      'evidence-reviewed action-plan medium',
      'vulnerability-recorded risk-assessment high',
      'hate-incident-recorded hate-crime high',
      'safeguarding risk-assessment critical',
      'case-review-signposting communication low',
      'closure action-plan high',
      'closure-notified communication medium',
      'complaint-acknowledged communication medium',
      'complaint-response communication medium',
    ]);
    for (const r of policy.rules) expect(String(r.clause)).toMatch(/Landlord's ASB|Complaint Handling Code 2024|statutory guidance/);
  });

  test('every within, reply and complaint rule is valid for its template', () => {
    const mine = policy.rules.filter((r) => ['within', 'reply', 'complaint'].includes(String(r.template)));
    expect(mine.map((r) => r.id)).toEqual([
      'first-contact', 'risk-assessment', 'risk-assessment-review', 'action-plan', 'contact-agreement', 'incident-reply',
      'update-request-reply', 'third-party-reply', 'evidence-reviewed', 'closure-notified', 'complaint-acknowledged', 'complaint-response',
    ]);
    for (const r of mine) {
      const { id, theme, severity, clause, when, aggravate, template, ...options } = r;
      const result = TEMPLATES[String(template)]!.options.safeParse(options);
      expect(result.success, `${String(id)}: ${result.success ? '' : result.error.message}`).toBe(true);
    }
  });

  /** The default policy's within, reply and complaint rules, as the loader would build them. */
  function defaultRules(): PolicyRule[] {
    return policy.rules
      .filter((r) => ['within', 'reply', 'complaint'].includes(String(r.template)))
      .map((r) => {
        const { id, theme, severity, clause, template, ...options } = r;
        return ruleOf(TEMPLATES[String(template)]!, options, { id: String(id), theme: String(theme), severity: severity as Severity, clause: String(clause), template: String(template) });
      });
  }

  test('a well-handled case produces no finding from these rules', () => {
    const rows: Row[] = [
      ['2024-06-03 10:00', 'report', { detail: 'Loud music every night' }],
      ['2024-06-04', 'contact', OUT],
      ['2024-06-05', 'risk_assessment'],
      ['2024-06-07', 'action_plan', { frequency_days: '14' }],
      ['2024-06-10', 'incident', { detail: 'Music again' }],
      ['2024-06-11', 'contact', OUT],
      ['2024-06-12', 'update_requested'],
      ['2024-06-13', 'contact', { channel: 'visit' }],
      ['2024-06-14', 'third_party_in', { party: 'police' }],
      ['2024-06-18', 'third_party_out', { party: 'police' }],
      ['2024-06-18', 'evidence_received'],
      ['2024-06-20', 'evidence_reviewed'],
      ['2024-06-24', 'incident', { detail: 'He threatened me on the stairs' }],
      ['2024-06-25', 'risk_assessment_review'],
      ['2024-06-25', 'action', { action_kind: 'warning' }],
      ['2024-07-08', 'case_closed'],
      ['2024-07-09', 'closure_notified'],
      ['2024-07-15', 'complaint', { stage: '1' }],
      ['2024-07-17', 'complaint_acknowledged', { stage: '1' }],
      ['2024-07-26', 'complaint_response', { stage: '1' }],
    ];
    expect(auditWith(defaultRules(), { rows, asOf: '2024-11-21', record: { priority: 'medium', category: 'noise' } })).toEqual([]);
  });

  test('a neglected high-risk case fails exactly the rules it should', () => {
    const rows: Row[] = [
      ['2024-06-03 10:00', 'report', { detail: 'He threatened me with a knife' }],
      ['2024-06-10', 'incident', { detail: 'Shouting at the door' }],
      ['2024-06-20', 'complaint'],
    ];
    const findings = auditWith(defaultRules(), { rows, asOf: '2024-11-21' });
    expect(findings.map((f) => `${f.rule} ${f.kind} ${f.dueAt}`).sort()).toEqual([
      'action-plan missing 2024-06-17',
      'complaint-acknowledged missing 2024-06-27',
      'complaint-response missing 2024-07-11',
      'contact-agreement missing 2024-06-17',
      'first-contact missing 2024-06-04',
      'incident-reply missing 2024-06-11',
      'risk-assessment missing 2024-06-04',
    ]);
  });
});
