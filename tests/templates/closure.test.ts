import { describe, expect, test } from 'vitest';
import { closure } from '../../src/templates/closure.js';
import type { ExplainContext } from '../../src/templates/template.js';
import { auditWith, DEFAULT_KEYWORDS, evaluate, ruleOf, type Row } from './harness.js';

/** The default policy's closure rule (SPEC 3). */
const CLOSURE = {
  required_before: ['risk_assessment', 'action_plan'],
  unanswered: {
    window: { days: 14 },
    requests: [
      { request: ['incident', 'report'], answers: ['counting_contact', 'action'] },
      { request: 'update_requested', answers: 'counting_contact' },
      { request: 'third_party_in', answers: 'third_party_out', same_party: true },
    ],
  },
  reopen: { window: { days: 28 }, signs: ['case_reopened', 'incident', 'report'] },
};
const out = { direction: 'outbound', channel: 'phone' };

const report: Row = ['2024-06-03', 'report'];
const assessed: Row = ['2024-06-04', 'risk_assessment'];
const planned: Row = ['2024-06-05', 'action_plan'];
const closed: Row = ['2024-06-20', 'case_closed'];

function failed(rows: Row[]) {
  return evaluate(closure, CLOSURE, { rows, asOf: '2024-11-21' }).outcomes.map((o) => o.details?.failed);
}

describe('closure: a well-handled closure', () => {
  test('produces nothing', () => {
    const { outcomes } = evaluate(closure, CLOSURE, {
      rows: [report, assessed, planned, ['2024-06-10', 'incident'], ['2024-06-11', 'contact', out], ['2024-06-12', 'update_requested'], ['2024-06-13', 'contact', { channel: 'visit' }], closed, ['2024-06-21', 'closure_notified']],
      asOf: '2024-11-21',
    });
    expect(outcomes).toEqual([]);
  });
  test('an open case has no closure to judge', () => {
    expect(failed([report, ['2024-06-10', 'incident']])).toEqual([]);
  });
});

describe('closure: required steps before it', () => {
  test('no risk assessment', () => {
    const { outcomes } = evaluate(closure, CLOSURE, { rows: [report, planned, closed], asOf: '2024-11-21' });
    expect(outcomes.map((o) => [o.kind, o.details, o.evidence, o.trigger, o.due])).toEqual([['premature', { failed: ['no risk assessment before the closure'] }, [2], 2, undefined]]);
    expect(outcomes[0]!.message).toBe('Case closed on 20/06/2024 prematurely: no risk assessment before the closure');
  });
  test('no action plan', () => {
    expect(failed([report, assessed, closed])).toEqual([['no action plan before the closure']]);
  });
  test('a risk assessment after the closure does not count; a date-only one on its date does', () => {
    expect(failed([report, planned, ['2024-06-20 09:00', 'case_closed'], ['2024-06-20 11:00', 'risk_assessment']])).toEqual([['no risk assessment before the closure']]);
    expect(failed([report, planned, ['2024-06-20 09:00', 'case_closed'], ['2024-06-20', 'risk_assessment']])).toEqual([]);
  });
});

describe('closure: requests left unanswered in the 14 days before it', () => {
  test('an unanswered incident is named and is evidence', () => {
    const { outcomes } = evaluate(closure, CLOSURE, { rows: [report, assessed, planned, ['2024-06-10', 'incident'], closed], asOf: '2024-11-21' });
    expect(outcomes.map((o) => [o.details, o.evidence])).toEqual([[{ failed: ['incident of 10/06/2024 unanswered at closure'] }, [4, 3]]]);
  });
  test('an incident answered by an action is not counted', () => {
    expect(failed([report, assessed, planned, ['2024-06-10', 'incident'], ['2024-06-12', 'action'], closed])).toEqual([]);
  });
  test('an answer after the closure is too late; an inbound call is no answer', () => {
    expect(failed([report, assessed, planned, ['2024-06-10', 'incident'], ['2024-06-11', 'contact', { direction: 'inbound' }], closed, ['2024-06-21', 'contact', out]])).toEqual([
      ['incident of 10/06/2024 unanswered at closure'],
    ]);
  });
  test('one answer answers every earlier request of its kind', () => {
    expect(failed([report, assessed, planned, ['2024-06-08', 'incident'], ['2024-06-09', 'incident'], ['2024-06-10', 'contact', out], closed])).toEqual([]);
  });
  test('an answer before the request does not answer it', () => {
    expect(failed([report, assessed, planned, ['2024-06-10 09:00', 'contact', out], ['2024-06-10 14:00', 'update_requested'], closed])).toEqual([
      ['update request of 10/06/2024 unanswered at closure'],
    ]);
  });
  test('an update request needs a counting contact, not an action', () => {
    expect(failed([report, assessed, planned, ['2024-06-10', 'update_requested'], ['2024-06-11', 'action'], closed])).toEqual([['update request of 10/06/2024 unanswered at closure']]);
  });
  test('a third party needs an answer to the same party (or one without a party)', () => {
    const police: Row = ['2024-06-10', 'third_party_in', { party: 'police' }];
    expect(failed([report, assessed, planned, police, ['2024-06-11', 'third_party_out', { party: 'local_authority' }], closed])).toEqual([
      ['message from a third party (police) of 10/06/2024 unanswered at closure'],
    ]);
    expect(failed([report, assessed, planned, police, ['2024-06-11', 'third_party_out', { party: 'police' }], closed])).toEqual([]);
    expect(failed([report, assessed, planned, police, ['2024-06-11', 'third_party_out'], closed])).toEqual([]);
  });
  test('the window includes its 14th day before the closure, not its 15th', () => {
    expect(failed([report, assessed, planned, ['2024-06-06', 'incident'], closed])).toEqual([['incident of 06/06/2024 unanswered at closure']]);
    expect(failed([report, assessed, planned, ['2024-06-05', 'incident'], closed])).toEqual([]);
  });
  test('the report that opened the case is never a request; a later report is', () => {
    expect(failed([['2024-06-10', 'report'], ['2024-06-10', 'risk_assessment'], ['2024-06-10', 'action_plan'], closed])).toEqual([]);
    expect(failed([report, assessed, planned, ['2024-06-15', 'report'], closed])).toEqual([['report of 15/06/2024 unanswered at closure']]);
  });
});

describe('closure: signs within 28 days after it', () => {
  const handled: Row[] = [report, assessed, planned];
  test('a reopening on day 28 after the closure counts; on day 29 it does not', () => {
    const { outcomes } = evaluate(closure, CLOSURE, { rows: [...handled, closed, ['2024-07-18', 'case_reopened']], asOf: '2024-11-21' });
    expect(outcomes.map((o) => [o.details, o.evidence])).toEqual([[{ failed: ['reopened on 18/07/2024, 28 days after it'] }, [3, 4]]]);
    expect(failed([...handled, closed, ['2024-07-19', 'case_reopened']])).toEqual([]);
  });
  test('a new incident or report on the closed case is a sign', () => {
    expect(failed([...handled, closed, ['2024-06-25', 'incident'], ['2024-06-30', 'report']])).toEqual([['incident on 25/06/2024, 5 days after it', 'report on 30/06/2024, 10 days after it']]);
  });
  test('on the closure date, an incident sorted after the closure is a sign, one sorted before it a request (never both)', () => {
    expect(failed([...handled, ['2024-06-20 09:00', 'case_closed'], ['2024-06-20 16:00', 'incident']])).toEqual([['incident on 20/06/2024, the day of the closure']]);
    // a date-only incident of that date sorts before the closure: a request, not a sign
    expect(failed([...handled, ['2024-06-20', 'incident'], ['2024-06-20 09:00', 'case_closed']])).toEqual([['incident of 20/06/2024 unanswered at closure']]);
  });
  test('a reopened case: signs after a later closure speak to that closure only', () => {
    const { outcomes } = evaluate(closure, CLOSURE, {
      rows: [...handled, closed, ['2024-06-25', 'case_reopened'], ['2024-06-26', 'contact', out], ['2024-07-01', 'case_closed'], ['2024-07-05', 'incident']],
      asOf: '2024-11-21',
    });
    expect(outcomes.map((o) => [o.trigger, o.details])).toEqual([
      [3, { failed: ['reopened on 25/06/2024, 5 days after it'] }],
      [6, { failed: ['incident on 05/07/2024, 4 days after it'] }],
    ]);
  });
});

describe('closure: every failed condition together', () => {
  test('one premature outcome naming them all, with the evidence in order', () => {
    const { outcomes } = evaluate(closure, CLOSURE, {
      rows: [
        report, // 0
        ['2024-06-12', 'third_party_in', { party: 'police' }], // 1
        ['2024-06-14', 'incident'], // 2
        ['2024-06-16', 'update_requested'], // 3
        closed, // 4
        ['2024-06-27', 'case_reopened'], // 5
      ],
      asOf: '2024-11-21',
    });
    expect(outcomes).toHaveLength(1);
    const failedConditions = [
      'no risk assessment before the closure',
      'no action plan before the closure',
      'message from a third party (police) of 12/06/2024 unanswered at closure',
      'incident of 14/06/2024 unanswered at closure',
      'update request of 16/06/2024 unanswered at closure',
      'reopened on 27/06/2024, 7 days after it',
    ];
    expect(outcomes[0]!.details).toEqual({ failed: failedConditions });
    expect(outcomes[0]!.evidence).toEqual([4, 1, 2, 3, 5]);
    expect(outcomes[0]!.message).toBe(`Case closed on 20/06/2024 prematurely: ${failedConditions.join('; ')}`);
  });
});

describe('closure: options and explanation', () => {
  test('needs at least one condition; strict keys', () => {
    expect(closure.options.safeParse({}).success).toBe(false);
    expect(closure.options.safeParse({ reopen: { window: { days: 28 }, sign: 'incident' } }).success).toBe(false);
  });
  test('explain names every condition', () => {
    const ctx: ExplainContext = { keywords: DEFAULT_KEYWORDS, conditions: {}, describeCondition: () => '', describeLimit: () => '' };
    expect(closure.explain(ruleOf(closure, CLOSURE), ctx)).toBe(
      'A case closure is premature if any of these holds: no risk assessment was recorded before it; no action plan was recorded before it; ' +
        'an incident or a report in the 14 days before it was still not answered by a contact with the resident or an action when it closed; ' +
        'an update request in the 14 days before it was still not answered by a contact with the resident when it closed; ' +
        'a message from a third party in the 14 days before it was still not answered by a reply to the third party (to the same party) when it closed; ' +
        'a reopening, an incident or a report came within 28 days after it. Each premature closure is one finding naming every failed condition.',
    );
  });
});

describe('closure through the auditor', () => {
  test('is registered; a premature finding has no due date and carries its failed conditions', () => {
    const findings = auditWith([ruleOf(closure, CLOSURE, { id: 'closure', severity: 'high' })], { rows: [report, assessed, closed, ['2024-06-25', 'incident']], asOf: '2024-11-21' });
    expect(findings.map((f) => [f.kind, f.dueAt, f.daysLate, f.details, f.evidence.map((e) => e.type)])).toEqual([
      ['premature', null, null, { failed: ['no action plan before the closure', 'incident on 25/06/2024, 5 days after it'] }, ['case_closed', 'incident']],
    ]);
  });
});

describe('closure: the closure date and later reports (SPEC 2.1)', () => {
  test('a later report left unanswered before closure counts like an incident; the opening report never does', () => {
    expect(failed([report, assessed, planned, ['2024-06-18', 'report'], closed])).toEqual([['report of 18/06/2024 unanswered at closure']]);
  });
  test('a date-only request recorded on the closure date after the closure belongs to the period it ends', () => {
    expect(failed([report, assessed, planned, closed, ['2024-06-20', 'update_requested']])).toEqual([['update request of 20/06/2024 unanswered at closure']]);
  });
  test('an incident on the closure date, after a date-only closure, is an unanswered request, not a reopening sign', () => {
    expect(failed([report, assessed, planned, closed, ['2024-06-20 15:00', 'incident']])).toEqual([['incident of 20/06/2024 unanswered at closure']]);
  });
  test('both timed, a later incident that day is a sign after the closure', () => {
    const timed: Row = ['2024-06-20 10:00', 'case_closed'];
    expect(failed([report, assessed, planned, timed, ['2024-06-20 15:00', 'incident']])).toEqual([['incident on 20/06/2024, the day of the closure']]);
  });
});
