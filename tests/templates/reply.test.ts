import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isAtOrAfter } from '../../src/model/time.js';
import { reply } from '../../src/templates/reply.js';
import { explainStub } from '../fixtures/templates/explain-stub.js';
import { evaluate, ruleOf, type Row } from './harness.js';

const INCIDENT_REPLY = {
  requests: ['incident', 'report'],
  answers: ['counting_contact', 'action'],
  limit: [{ if: 'high-risk', working_days: 1 }, { working_days: 5 }],
};
const UPDATE_REPLY = { requests: 'update_requested', answers: 'counting_contact', limit: { working_days: 2 } };
const THIRD_PARTY_REPLY = {
  requests: 'third_party_in',
  answers: 'third_party_out',
  same_party: true,
  limit: { working_days: 5 },
  party_limits: { police: { working_days: 2 } },
};
const EVIDENCE_REVIEWED = { requests: 'evidence_received', answers: 'evidence_reviewed', limit: { working_days: 10 } };
const OUT = { direction: 'outbound', channel: 'phone' };
// A case opened on Friday 31/05/2024 whose report was answered at once.
const OPENED: Row[] = [['2024-05-31', 'report'], ['2024-05-31', 'contact', OUT]];

describe('reply: the boundaries (incident-reply, 5 working days)', () => {
  test("the case's first report is never a request", () => {
    expect(evaluate(reply, INCIDENT_REPLY, { rows: [['2024-06-03', 'report']], asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('met on the last allowed working day', () => {
    expect(evaluate(reply, INCIDENT_REPLY, { rows: [...OPENED, ['2024-06-03', 'incident'], ['2024-06-10', 'action']], asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('late by one day, with trigger then answer as evidence', () => {
    const { summary, outcomes } = evaluate(reply, INCIDENT_REPLY, { rows: [...OPENED, ['2024-06-03', 'incident'], ['2024-06-11', 'action']], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-10', met: '2024-06-11', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.evidence).toEqual([2, 3]);
    expect(outcomes[0]!.message).toBe('Action of 11/06/2024 came 1 day late (1 working day) after the incident of 03/06/2024 (due by 10/06/2024)');
  });

  test('missing, counted to the audit date', () => {
    const { summary, outcomes } = evaluate(reply, INCIDENT_REPLY, { rows: [...OPENED, ['2024-06-03', 'incident']], asOf: '2024-06-12' });
    expect(summary).toEqual([{ kind: 'missing', due: '2024-06-10', daysLate: 2, workingDaysLate: 2, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.message).toBe('No contact with the resident or action after the incident of 03/06/2024 (due by 10/06/2024)');
  });

  test('not yet due: pending on the due date itself', () => {
    const { summary, findings } = evaluate(reply, INCIDENT_REPLY, { rows: [...OPENED, ['2024-06-03', 'incident']], asOf: '2024-06-10' });
    expect(findings).toEqual([]);
    expect(summary).toEqual([{ kind: 'pending', due: '2024-06-10', trigger: '2024-06-03' }]);
  });

  test('high risk: 1 working day, from a Friday to the Monday', () => {
    const rows: Row[] = [...OPENED, ['2024-06-07 17:30', 'incident'], ['2024-06-11', 'contact', OUT]];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21', record: { category: 'violence' } }).summary).toEqual([
      { kind: 'late', due: '2024-06-10', met: '2024-06-11', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-07' },
    ]);
  });

  test('a later report is a request like an incident', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'report']];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-03', due: '2024-06-10' }]);
  });

  test('a contact that does not count (left a message) is no answer', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'incident'], ['2024-06-04', 'contact', { direction: 'outbound', outcome: 'left_message' }]];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-03' }]);
  });

  test('a date-only answer on the date of a timed request counts as after it; one timed earlier does not', () => {
    const dateOnly = evaluate(reply, INCIDENT_REPLY, { rows: [...OPENED, ['2024-06-03 16:00', 'incident'], ['2024-06-03', 'action']], asOf: '2024-11-21' });
    expect(dateOnly.outcomes).toEqual([]);
    const earlier = evaluate(reply, INCIDENT_REPLY, { rows: [...OPENED, ['2024-06-03 16:00', 'incident'], ['2024-06-03 09:00', 'action']], asOf: '2024-11-21' });
    expect(earlier.summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-03' }]);
  });
});

describe('reply: one answer answers every earlier unanswered request', () => {
  test('two incidents, one contact within both limits: nothing to report', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'incident'], ['2024-06-05', 'incident'], ['2024-06-07', 'contact', OUT]];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('one answer late for the first request and on time for the second', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'incident'], ['2024-06-12', 'incident'], ['2024-06-13', 'action']];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-10', met: '2024-06-13', daysLate: 3, workingDaysLate: 3, trigger: '2024-06-03' },
    ]);
  });

  test('an answer before a request does not answer it', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'action'], ['2024-06-04', 'incident']];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-04' }]);
  });
});

describe('reply: open periods', () => {
  test('an incident while the case is closed creates nothing', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'case_closed'], ['2024-06-05', 'incident']];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('an answer after the case was closed still counts', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'incident'], ['2024-06-04', 'case_closed'], ['2024-06-05', 'contact', OUT]];
    expect(evaluate(reply, INCIDENT_REPLY, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });
});

describe('reply: update requests (2 working days)', () => {
  test('from a Friday, due the Tuesday', () => {
    const rows: Row[] = [...OPENED, ['2024-06-07', 'update_requested'], ['2024-06-12', 'contact', OUT]];
    expect(evaluate(reply, UPDATE_REPLY, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-11', met: '2024-06-12', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-07' },
    ]);
  });

  test('across Christmas 2023: from Friday 22/12 due Thursday 28/12', () => {
    const ok = evaluate(reply, UPDATE_REPLY, { rows: [['2023-12-01', 'report'], ['2023-12-22', 'update_requested'], ['2023-12-28', 'contact', OUT]], asOf: '2024-11-21' });
    expect(ok.outcomes).toEqual([]);
    const late = evaluate(reply, UPDATE_REPLY, { rows: [['2023-12-01', 'report'], ['2023-12-22', 'update_requested'], ['2023-12-29', 'contact', OUT]], asOf: '2024-11-21' });
    expect(late.summary).toEqual([{ kind: 'late', due: '2023-12-28', met: '2023-12-29', daysLate: 1, workingDaysLate: 1, trigger: '2023-12-22' }]);
  });

  test('across Easter 2024: from Thursday 28/03 due Wednesday 03/04', () => {
    const rows: Row[] = [['2024-03-01', 'report'], ['2024-03-28', 'update_requested']];
    expect(evaluate(reply, UPDATE_REPLY, { rows, asOf: '2024-04-04' }).summary).toEqual([
      { kind: 'missing', due: '2024-04-03', daysLate: 1, workingDaysLate: 1, trigger: '2024-03-28' },
    ]);
  });

  test('across the 2022 Jubilee and the 2023 Coronation', () => {
    const jubilee = evaluate(reply, UPDATE_REPLY, { rows: [['2022-05-03', 'report'], ['2022-06-01', 'update_requested'], ['2022-06-08', 'contact', OUT]], asOf: '2024-11-21' });
    // 1 June 2022 + 2 working days: Monday 06/06, Tuesday 07/06.
    expect(jubilee.summary).toEqual([{ kind: 'late', due: '2022-06-07', met: '2022-06-08', daysLate: 1, workingDaysLate: 1, trigger: '2022-06-01' }]);
    const coronation = evaluate(reply, UPDATE_REPLY, { rows: [['2023-04-03', 'report'], ['2023-05-05', 'update_requested'], ['2023-05-10', 'contact', OUT]], asOf: '2024-11-21' });
    // Friday 5 May 2023 + 2 working days: Tuesday 09/05, Wednesday 10/05.
    expect(coronation.outcomes).toEqual([]);
  });

  test('a request on a bank holiday counts from the next working day', () => {
    const rows: Row[] = [['2024-05-01', 'report'], ['2024-05-27', 'update_requested'], ['2024-05-30', 'contact', OUT]];
    // Spring bank holiday Monday 27/05/2024: due Wednesday 29/05.
    expect(evaluate(reply, UPDATE_REPLY, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-05-29', met: '2024-05-30', daysLate: 1, workingDaysLate: 1, trigger: '2024-05-27' },
    ]);
  });
});

describe('reply: third parties (same party, police 2 working days)', () => {
  test('the police are owed a reply in 2 working days, others in 5', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'third_party_in', { party: 'police' }], ['2024-06-03', 'third_party_in', { party: 'local_authority' }]];
    expect(evaluate(reply, THIRD_PARTY_REPLY, { rows, asOf: '2024-06-06' }).summary).toEqual([
      { kind: 'missing', due: '2024-06-05', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' },
      { kind: 'pending', due: '2024-06-10', trigger: '2024-06-03' },
    ]);
  });

  test('a reply to another party does not answer; one to the same party does', () => {
    const rows: Row[] = [
      ...OPENED,
      ['2024-06-03', 'third_party_in', { party: 'police' }],
      ['2024-06-04', 'third_party_out', { party: 'local_authority' }],
      ['2024-06-06', 'third_party_out', { party: 'police' }],
    ];
    const { summary, outcomes } = evaluate(reply, THIRD_PARTY_REPLY, { rows, asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-05', met: '2024-06-06', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.message).toBe('Reply to the third party (police) of 06/06/2024 came 1 day late (1 working day) after the message from a third party (police) of 03/06/2024 (due by 05/06/2024)');
  });

  test('without same_party any reply answers', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'third_party_in', { party: 'police' }], ['2024-06-04', 'third_party_out', { party: 'local_authority' }]];
    expect(evaluate(reply, { ...THIRD_PARTY_REPLY, same_party: false }, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
    expect(evaluate(reply, THIRD_PARTY_REPLY, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing' }]);
  });

  test('a reply without a party answers any party, and a message without a party is answered by any reply', () => {
    const noPartyOut: Row[] = [...OPENED, ['2024-06-03', 'third_party_in', { party: 'police' }], ['2024-06-04', 'third_party_out']];
    expect(evaluate(reply, THIRD_PARTY_REPLY, { rows: noPartyOut, asOf: '2024-11-21' }).outcomes).toEqual([]);
    const noPartyIn: Row[] = [...OPENED, ['2024-06-03', 'third_party_in'], ['2024-06-07', 'third_party_out', { party: 'health' }]];
    expect(evaluate(reply, THIRD_PARTY_REPLY, { rows: noPartyIn, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('one reply to the police answers every earlier police message, not the GP letter', () => {
    const rows: Row[] = [
      ...OPENED,
      ['2024-06-03', 'third_party_in', { party: 'police' }],
      ['2024-06-04', 'third_party_in', { party: 'health' }],
      ['2024-06-04', 'third_party_in', { party: 'police' }],
      ['2024-06-05', 'third_party_out', { party: 'police' }],
    ];
    expect(evaluate(reply, THIRD_PARTY_REPLY, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'missing', due: '2024-06-11', daysLate: 163, workingDaysLate: 116, trigger: '2024-06-04' },
    ]);
  });

  test('the earliest of a same-party and a party-less reply is the answer', () => {
    const rows: Row[] = [
      ...OPENED,
      ['2024-06-03', 'third_party_in', { party: 'police' }],
      ['2024-06-06', 'third_party_out'],
      ['2024-06-07', 'third_party_out', { party: 'police' }],
    ];
    expect(evaluate(reply, THIRD_PARTY_REPLY, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-05', met: '2024-06-06', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' },
    ]);
  });
});

describe('reply: evidence reviewed (10 working days)', () => {
  test('from Friday 24/05/2024 over the spring bank holiday, due Monday 10/06', () => {
    const base: Row[] = [['2024-05-01', 'report'], ['2024-05-24', 'evidence_received']];
    expect(evaluate(reply, EVIDENCE_REVIEWED, { rows: [...base, ['2024-06-10', 'evidence_reviewed']], asOf: '2024-11-21' }).outcomes).toEqual([]);
    expect(evaluate(reply, EVIDENCE_REVIEWED, { rows: [...base, ['2024-06-11', 'evidence_reviewed']], asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-10', met: '2024-06-11', daysLate: 1, workingDaysLate: 1, trigger: '2024-05-24' },
    ]);
  });
});

describe('reply: agrees with a plain reading of SPEC 2.1 on random cases', () => {
  const PARTIES = ['police', 'health', undefined] as const;
  const row = fc.record({
    type: fc.constantFrom('third_party_in', 'third_party_out'),
    day: fc.integer({ min: 1, max: 20 }),
    hour: fc.option(fc.integer({ min: 8, max: 18 }), { nil: undefined }),
    party: fc.constantFrom(...PARTIES),
  });

  test('each request takes the first answer after it (same date counts when untimed), of its party or none', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (generated, sameParty) => {
        const rows: Row[] = [['2024-01-01', 'report']];
        for (const g of generated) {
          const date = `2024-02-${String(g.day).padStart(2, '0')}${g.hour === undefined ? '' : ` ${String(g.hour).padStart(2, '0')}:00`}`;
          rows.push([date, g.type, g.party === undefined ? {} : { party: g.party }]);
        }
        const opts = { requests: 'third_party_in', answers: 'third_party_out', same_party: sameParty, limit: { days: 2 } };
        const { outcomes, timeline } = evaluate(reply, opts, { rows, asOf: '2024-12-31' });
        const events = timeline.events;
        // The reference: a quadratic scan, straight from the words of SPEC 2.1.
        const expected: Array<{ trigger: number; met: number | undefined; kind: string }> = [];
        events.forEach((r, i) => {
          if (r.type !== 'third_party_in') return;
          const answer = events.findIndex(
            (a, j) => j !== i && a.type === 'third_party_out' && isAtOrAfter(a, r) && (!sameParty || a.party === undefined || r.party === undefined || a.party === r.party),
          );
          if (answer < 0) expected.push({ trigger: i, met: undefined, kind: 'missing' });
          else if (events[answer]!.day > r.day + 2) expected.push({ trigger: i, met: answer, kind: 'late' });
        });
        expect(outcomes.map((o) => ({ trigger: o.trigger, met: o.met, kind: o.kind }))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reply: options and explanation', () => {
  test('strict options', () => {
    expect(reply.options.safeParse({ ...THIRD_PARTY_REPLY, sameParty: true }).success).toBe(false);
    expect(reply.options.safeParse({ ...THIRD_PARTY_REPLY, party_limits: { police: { weeks: 1 } } }).success).toBe(false);
    expect(reply.options.safeParse({ requests: [], answers: 'action', limit: { days: 1 } }).success).toBe(false);
  });

  test('explain()', () => {
    expect(reply.explain(ruleOf(reply, INCIDENT_REPLY), explainStub)).toBe(
      'Each incident or report (other than the report that opened the case) while the case is open must be answered by a contact with the resident or an action within 1 working day if the case is high-risk, otherwise 5 working days. One answer answers every earlier unanswered request.',
    );
    expect(reply.explain(ruleOf(reply, THIRD_PARTY_REPLY), explainStub)).toBe(
      'Each message from a third party while the case is open must be answered by a reply to the same third party within 5 working days; from police, within 2 working days. One answer answers every earlier unanswered request of the same party (a record without a party matches any party).',
    );
  });
});
