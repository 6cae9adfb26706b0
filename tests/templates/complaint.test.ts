import { describe, expect, test } from 'vitest';
import { complaint } from '../../src/templates/complaint.js';
import { explainStub } from '../fixtures/templates/explain-stub.js';
import { evaluate, ruleOf, type Row } from './harness.js';

const ACK = { step: 'acknowledged', limits: { '1': { working_days: 5 }, '2': { working_days: 5 } } };
const RESPONSE = { step: 'response', limits: { '1': { working_days: 10 }, '2': { working_days: 20 } }, extensions: { '1': 10, '2': 20 } };
const OPENED: Row[] = [['2024-05-01', 'report']];
const S1 = { stage: '1' };
const S2 = { stage: '2' };

describe('complaint acknowledged: the boundaries (5 working days)', () => {
  test('met on the last allowed working day', () => {
    expect(evaluate(complaint, ACK, { rows: [...OPENED, ['2024-06-03', 'complaint', S1], ['2024-06-10', 'complaint_acknowledged', S1]], asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('late by one day', () => {
    const { summary, outcomes } = evaluate(complaint, ACK, { rows: [...OPENED, ['2024-06-03', 'complaint', S1], ['2024-06-11', 'complaint_acknowledged', S1]], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-10', met: '2024-06-11', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.message).toBe('Complaint acknowledgement of 11/06/2024 came 1 day late (1 working day) after the stage 1 complaint of 03/06/2024 (due by 10/06/2024)');
    expect(outcomes[0]!.evidence).toEqual([1, 2]);
  });

  test('missing at the audit date; pending on the due date', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint', S1]];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-06-13' }).summary).toEqual([{ kind: 'missing', due: '2024-06-10', daysLate: 3, workingDaysLate: 3, trigger: '2024-06-03' }]);
    const pending = evaluate(complaint, ACK, { rows, asOf: '2024-06-10' });
    expect(pending.findings).toEqual([]);
    expect(pending.summary).toEqual([{ kind: 'pending', due: '2024-06-10', trigger: '2024-06-03' }]);
  });

  test('across Christmas 2023: a complaint on Friday 22/12 is due Wednesday 03/01/2024', () => {
    const rows: Row[] = [['2023-12-01', 'report'], ['2023-12-22', 'complaint'], ['2024-01-04', 'complaint_acknowledged']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-01-03', met: '2024-01-04', daysLate: 1, workingDaysLate: 1, trigger: '2023-12-22' },
    ]);
  });

  test('a complaint received on Easter Monday 2024 counts from Tuesday 02/04', () => {
    const rows: Row[] = [['2024-03-01', 'report'], ['2024-04-01', 'complaint'], ['2024-04-08', 'complaint_acknowledged']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
    const late: Row[] = [['2024-03-01', 'report'], ['2024-04-01', 'complaint'], ['2024-04-09', 'complaint_acknowledged']];
    expect(evaluate(complaint, ACK, { rows: late, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'late', due: '2024-04-08', daysLate: 1 }]);
  });
});

describe('complaint: stages and pairing', () => {
  test('a complaint without a stage is stage 1 and pairs with a stage 1 acknowledgement', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint'], ['2024-06-04', 'complaint_acknowledged', S1]];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('an acknowledgement of another stage does not acknowledge it', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint', S2], ['2024-06-04', 'complaint_acknowledged']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-03', due: '2024-06-10' }]);
  });

  test('stage 1 and stage 2 are judged each against their own acknowledgements', () => {
    const rows: Row[] = [
      ...OPENED,
      ['2024-06-03', 'complaint', S1],
      ['2024-06-04', 'complaint_acknowledged', S1],
      ['2024-07-01', 'complaint', { stage: 'Stage 2' }],
      ['2024-07-09', 'complaint_acknowledged', S2],
    ];
    const { summary, outcomes } = evaluate(complaint, ACK, { rows, asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-07-08', met: '2024-07-09', daysLate: 1, workingDaysLate: 1, trigger: '2024-07-01' }]);
    expect(outcomes[0]!.message).toContain('stage 2 complaint of 01/07/2024');
  });

  test('complaints pair in order: one acknowledgement serves one complaint only', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint'], ['2024-06-04', 'complaint_acknowledged'], ['2024-06-05', 'complaint']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-05', due: '2024-06-12' }]);
  });

  test('an acknowledgement recorded before any complaint acknowledges none', () => {
    const rows: Row[] = [...OPENED, ['2024-06-01', 'complaint_acknowledged'], ['2024-06-03', 'complaint']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-03' }]);
  });

  test('a stage the policy sets no limit for is not judged', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint', { stage: '3' }]];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
  });
});

describe('complaint: any state of the case', () => {
  test('a complaint after the case was closed still needs acknowledging', () => {
    const rows: Row[] = [...OPENED, ['2024-05-20', 'case_closed'], ['2024-06-03', 'complaint']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', trigger: '2024-06-03' }]);
  });

  test('a case that was never opened still has its complaints judged', () => {
    const rows: Row[] = [['2024-06-03', 'complaint'], ['2024-06-12', 'complaint_acknowledged']];
    expect(evaluate(complaint, ACK, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'late', due: '2024-06-10', daysLate: 2 }]);
  });
});

describe('complaint response: due from the acknowledgement', () => {
  // Complaint Monday 03/06/2024, acknowledged Wednesday 05/06: response due Wednesday 19/06.
  const acked: Row[] = [...OPENED, ['2024-06-03', 'complaint'], ['2024-06-05', 'complaint_acknowledged']];

  test('met on the 10th working day after the acknowledgement', () => {
    expect(evaluate(complaint, RESPONSE, { rows: [...acked, ['2024-06-19', 'complaint_response']], asOf: '2024-11-21' }).outcomes).toEqual([]);
  });

  test('late by one day, with the acknowledgement in the evidence', () => {
    const { summary, outcomes } = evaluate(complaint, RESPONSE, { rows: [...acked, ['2024-06-20', 'complaint_response']], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-19', met: '2024-06-20', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.evidence).toEqual([1, 3, 2]);
    expect(outcomes[0]!.message).toBe(
      'Complaint response of 20/06/2024 came 1 day late (1 working day) after the stage 1 complaint of 03/06/2024 (due by 19/06/2024, 10 working days from the acknowledgement of 05/06/2024)',
    );
  });

  test('missing, and pending on its due date', () => {
    expect(evaluate(complaint, RESPONSE, { rows: acked, asOf: '2024-06-21' }).summary).toEqual([
      { kind: 'missing', due: '2024-06-19', daysLate: 2, workingDaysLate: 2, trigger: '2024-06-03' },
    ]);
    expect(evaluate(complaint, RESPONSE, { rows: acked, asOf: '2024-06-19' }).summary).toEqual([{ kind: 'pending', due: '2024-06-19', trigger: '2024-06-03' }]);
  });

  test('a late acknowledgement moves the response date with it', () => {
    // Acknowledged Wednesday 12/06 (late): response due Wednesday 26/06.
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint'], ['2024-06-12', 'complaint_acknowledged'], ['2024-06-27', 'complaint_response']];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-26', met: '2024-06-27', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' },
    ]);
  });

  test('with no acknowledgement, due from the date the acknowledgement was due', () => {
    // Acknowledgement due Monday 10/06; response due 10 working days later, Monday 24/06.
    const base: Row[] = [...OPENED, ['2024-06-03', 'complaint']];
    expect(evaluate(complaint, RESPONSE, { rows: [...base, ['2024-06-24', 'complaint_response']], asOf: '2024-11-21' }).outcomes).toEqual([]);
    const { summary, outcomes } = evaluate(complaint, RESPONSE, { rows: [...base, ['2024-06-25', 'complaint_response']], asOf: '2024-11-21' });
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-24', met: '2024-06-25', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.message).toContain('10 working days from 10/06/2024, when the acknowledgement was due');
  });

  test('stage 2: 20 working days from its own acknowledgement, across the August bank holiday', () => {
    // Stage 2 acknowledged Friday 02/08/2024; 20 working days skip Monday 26/08: due Monday 02/09.
    const rows: Row[] = [
      ...OPENED,
      ['2024-06-03', 'complaint'],
      ['2024-06-04', 'complaint_acknowledged'],
      ['2024-06-10', 'complaint_response'],
      ['2024-07-29', 'complaint', S2],
      ['2024-08-02', 'complaint_acknowledged', S2],
      ['2024-09-03', 'complaint_response', S2],
    ];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-09-02', met: '2024-09-03', daysLate: 1, workingDaysLate: 1, trigger: '2024-07-29' },
    ]);
  });

  test('a stage 1 response does not answer a stage 2 complaint', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint', S2], ['2024-06-04', 'complaint_acknowledged', S2], ['2024-06-05', 'complaint_response', S1]];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', due: '2024-07-02' }]);
  });
});

describe('complaint response: extensions', () => {
  // Due Wednesday 19/06/2024 before any extension (complaint 03/06, acknowledged 05/06).
  const acked: Row[] = [...OPENED, ['2024-06-03', 'complaint'], ['2024-06-05', 'complaint_acknowledged']];

  test('an extension made on the due date counts: 10 more working days, to Wednesday 03/07', () => {
    const rows: Row[] = [...acked, ['2024-06-19', 'complaint_extension', { extension_days: '10' }], ['2024-07-03', 'complaint_response']];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).outcomes).toEqual([]);
    const late = evaluate(complaint, RESPONSE, { rows: [...acked, ['2024-06-19', 'complaint_extension', { extension_days: '10' }], ['2024-07-04', 'complaint_response']], asOf: '2024-11-21' });
    expect(late.summary).toEqual([{ kind: 'late', due: '2024-07-03', met: '2024-07-04', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' }]);
    expect(late.outcomes[0]!.evidence).toEqual([1, 4, 2, 3]);
    expect(late.outcomes[0]!.message).toContain('extended by 10 working days');
  });

  test('an extension made the day after the due date extends nothing', () => {
    const rows: Row[] = [...acked, ['2024-06-20', 'complaint_extension', { extension_days: '10' }], ['2024-07-03', 'complaint_response']];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-06-19', met: '2024-07-03', daysLate: 14, workingDaysLate: 10, trigger: '2024-06-03' },
    ]);
  });

  test('an extension without extension_days gives the stage maximum', () => {
    const rows: Row[] = [...acked, ['2024-06-10', 'complaint_extension'], ['2024-07-04', 'complaint_response']];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-07-03', met: '2024-07-04', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' },
    ]);
  });

  test('several extensions add up, capped at the stage maximum', () => {
    // 5 days to 26/06, then 10 asked but only 5 left: 03/07 (not 10/07).
    const rows: Row[] = [
      ...acked,
      ['2024-06-10', 'complaint_extension', { extension_days: '5' }],
      ['2024-06-25', 'complaint_extension', { extension_days: '10' }],
      ['2024-07-04', 'complaint_response'],
    ];
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toEqual([
      { kind: 'late', due: '2024-07-03', met: '2024-07-04', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-03' },
    ]);
  });

  test('a second extension made after the first one\'s new due date extends nothing', () => {
    const rows: Row[] = [
      ...acked,
      ['2024-06-10', 'complaint_extension', { extension_days: '2' }],
      ['2024-06-24', 'complaint_extension', { extension_days: '5' }],
    ];
    // 19/06 + 2 working days = Friday 21/06; the second, on Monday 24/06, is too late.
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', due: '2024-06-21' }]);
  });

  describe('two stage 1 complaints waiting at once: an extension extends one of them', () => {
    // A: 03/06, acknowledged 05/06, due 19/06. B: 10/06, acknowledged 11/06, due Tuesday 25/06.
    const two: Row[] = [...acked, ['2024-06-10', 'complaint'], ['2024-06-11', 'complaint_acknowledged']];

    test('the earlier complaint still waiting takes it; the later keeps its own due date', () => {
      const rows: Row[] = [...two, ['2024-06-12', 'complaint_extension', { extension_days: '10' }]];
      const { summary, outcomes } = evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' });
      expect(summary).toEqual([
        { kind: 'missing', due: '2024-07-03', daysLate: 141, workingDaysLate: 100, trigger: '2024-06-03' },
        { kind: 'missing', due: '2024-06-25', daysLate: 149, workingDaysLate: 106, trigger: '2024-06-10' },
      ]);
      expect(outcomes[0]!.evidence).toEqual([1, 2, 5]);
      expect(outcomes[1]!.evidence).toEqual([3, 4]);
      expect(outcomes[1]!.message).not.toContain('extended');
    });

    test('once the earlier one is answered, the extension is the later one\'s', () => {
      const rows: Row[] = [...two, ['2024-06-11', 'complaint_response'], ['2024-06-12', 'complaint_extension', { extension_days: '10' }]];
      // The response pairs with A (in order); B, due 25/06, gets 10 working days more: Tuesday 09/07.
      expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', due: '2024-07-09', trigger: '2024-06-10' }]);
    });

    test('one made after the earlier one\'s due date, by the later one\'s, is the later one\'s', () => {
      const rows: Row[] = [...two, ['2024-06-20', 'complaint_extension', { extension_days: '10' }]];
      expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([
        { kind: 'missing', due: '2024-06-19', trigger: '2024-06-03' },
        { kind: 'missing', due: '2024-07-09', trigger: '2024-06-10' },
      ]);
    });

    test('two extensions: one each, in order', () => {
      const rows: Row[] = [...two, ['2024-06-12', 'complaint_extension', { extension_days: '10' }], ['2024-06-13', 'complaint_extension', { extension_days: '10' }]];
      expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([
        { kind: 'missing', due: '2024-07-03', trigger: '2024-06-03' },
        { kind: 'missing', due: '2024-07-09', trigger: '2024-06-10' },
      ]);
    });
  });

  test('a stage 1 extension does not extend a stage 2 response', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint', S2], ['2024-06-04', 'complaint_acknowledged', S2], ['2024-06-10', 'complaint_extension', S1]];
    // 20 working days from Tuesday 04/06: Tuesday 02/07.
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', due: '2024-07-02' }]);
  });

  test('a stage 2 extension without days gives 20 working days', () => {
    const rows: Row[] = [...OPENED, ['2024-06-03', 'complaint', S2], ['2024-06-04', 'complaint_acknowledged', S2], ['2024-06-10', 'complaint_extension', S2]];
    // 02/07 + 20 working days = Tuesday 30/07.
    expect(evaluate(complaint, RESPONSE, { rows, asOf: '2024-11-21' }).summary).toMatchObject([{ kind: 'missing', due: '2024-07-30' }]);
  });
});

describe('complaint: options and explanation', () => {
  test('strict options: a stage must be a number, extensions belong to the response step', () => {
    expect(complaint.options.safeParse({ ...ACK, limits: { one: { working_days: 5 } } }).success).toBe(false);
    expect(complaint.options.safeParse({ ...ACK, extensions: { '1': 10 } }).success).toBe(false);
    expect(complaint.options.safeParse({ ...RESPONSE, step: 'respond' }).success).toBe(false);
    expect(complaint.options.safeParse(RESPONSE).success).toBe(true);
  });

  test('explain()', () => {
    expect(complaint.explain(ruleOf(complaint, ACK), explainStub)).toBe(
      'Each complaint, whether the case is open or closed, must be acknowledged within 5 working days at stage 1 and 5 working days at stage 2. Complaints of a stage pair in order with the acknowledgements of that stage; a complaint without a stage is stage 1.',
    );
    expect(complaint.explain(ruleOf(complaint, RESPONSE), explainStub)).toBe(
      'Each complaint, whether the case is open or closed, must have its response of the same stage within 10 working days at stage 1 and 20 working days at stage 2, counted from the acknowledgement or, when there is none, from the date the acknowledgement was due (5 working days at stage 1 and 5 working days at stage 2 after the complaint). An extension given on or before the due date adds its days (several add up), to at most 10 working days at stage 1 and 20 working days at stage 2; a later one extends nothing. Each extension extends one complaint: the earliest of its stage still waiting for its response. A complaint without a stage is stage 1.',
    );
  });
});
