import { describe, expect, test } from 'vitest';
import { indicated } from '../../src/templates/indicated.js';
import type { ExplainContext } from '../../src/templates/template.js';
import { DEFAULT_KEYWORDS, evaluate, ruleOf, type CaseSpec, type Row } from './harness.js';

/** The default policy's three indicated rules (SPEC 3). */
const VULNERABILITY = { keywords: 'vulnerability', first_only: true, satisfied_by: 'vulnerabilities', target: 'vulnerability_recorded', recorded_before_counts: true, limit: { working_days: 5 } };
const HATE = { keywords: 'hate', first_only: true, satisfied_by: 'hate_motivated', target: 'hate_incident_recorded', limit: { working_days: 1 } };
const SAFEGUARDING = {
  keywords: 'risk_of_harm',
  also_when: { type: 'report', if: { category: 'domestic_abuse' } },
  first_only: false,
  target: ['safeguarding_referral', 'support_signposted'],
  recent_target_window: { days: 28 },
  limit: { working_days: 1 },
};
const ESCALATION = { keywords: 'escalation', first_only: false, target: 'risk_assessment_review', limit: { working_days: 5 } };

const run = (options: object, rows: Row[], asOf = '2024-11-21', record?: CaseSpec['record']) => evaluate(indicated, options, { rows, asOf, record });

describe('indicated: keywords are whole words (SPEC 2.1 Keywords)', () => {
  const triggered = (detail: string, options: object = ESCALATION) =>
    run(options, [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'incident', { detail }],
    ]).findings.length;

  test('"begun" and "gunnery" are not "gun"; "gun" is', () => {
    expect(triggered('Work has begun on the fence')).toBe(0);
    expect(triggered('Noise from the gunnery range')).toBe(0);
    expect(triggered('He showed a GUN at the door')).toBe(1);
  });
  test('"threatened" is threat*', () => {
    expect(triggered('Neighbour threatened her on the stairs')).toBe(1);
    expect(triggered('The weather threw us off')).toBe(0);
  });
  test('"non-violent" contains "violent" (hyphens are word boundaries)', () => {
    expect(triggered('a non-violent dispute about parking')).toBe(1);
  });
  test('"self-harm" matches "self harm*"', () => {
    expect(triggered('resident mentioned self-harm last year', VULNERABILITY)).toBe(1);
    expect(triggered('resident mentioned selfharm', VULNERABILITY)).toBe(0);
  });
  test('only notes of what the landlord was told are read: an officer\'s action note is no indication', () => {
    const { findings } = run(VULNERABILITY, [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'action', { detail: 'warning letter mentions anxiety of neighbours' }],
    ]);
    expect(findings).toEqual([]);
  });
  test('an event with several matching keywords is one indication', () => {
    const { findings } = run(ESCALATION, [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'incident', { detail: 'threats, an assault and a knife' }],
    ]);
    expect(findings).toHaveLength(1);
  });
});

describe('indicated: the vulnerability rule', () => {
  const rows = (...more: Row[]): Row[] => [['2024-06-03', 'report'], ['2024-06-04', 'incident', { detail: 'resident suffers from anxiety' }], ...more];

  test('missing after the first indication, with the due date 5 working days on', () => {
    const { outcomes, summary } = run(VULNERABILITY, rows(), '2024-06-14');
    expect(summary).toEqual([{ kind: 'missing', due: '2024-06-11', daysLate: 3, workingDaysLate: 3, trigger: '2024-06-04' }]);
    expect(outcomes[0]!.message).toBe(
      'No vulnerability record after the first indication, the incident of 04/06/2024, whose note mentions vulnerability keywords (due by 11/06/2024)',
    );
    expect(outcomes[0]!.evidence).toEqual([1]);
  });
  test('met on the last allowed day; late by one day the day after', () => {
    expect(run(VULNERABILITY, rows(['2024-06-11', 'vulnerability_recorded'])).outcomes).toEqual([]);
    const late = run(VULNERABILITY, rows(['2024-06-12', 'vulnerability_recorded']));
    expect(late.summary).toEqual([{ kind: 'late', due: '2024-06-11', met: '2024-06-12', daysLate: 1, workingDaysLate: 1, trigger: '2024-06-04' }]);
    expect(late.outcomes[0]!.evidence).toEqual([1, 2]);
    // Worded as every template words a late obligation (src/templates/wording.ts).
    expect(late.outcomes[0]!.message).toBe(
      'Vulnerability record of 12/06/2024 came 1 day late (1 working day) after the first indication, the incident of 04/06/2024, whose note mentions vulnerability keywords (due by 11/06/2024)',
    );
  });
  test('not yet due at the audit date is pending, not a finding', () => {
    const { outcomes, findings } = run(VULNERABILITY, rows(), '2024-06-11');
    expect(outcomes.map((o) => o.kind)).toEqual(['pending']);
    expect(findings).toEqual([]);
  });
  test('a recording before the first indication satisfies the rule', () => {
    const before: Row[] = [
      ['2024-06-03', 'report'],
      ['2024-06-03', 'vulnerability_recorded'],
      ['2024-06-20', 'incident', { detail: 'anxiety' }],
    ];
    expect(run(VULNERABILITY, before).outcomes).toEqual([]);
    // without recorded_before_counts it would not
    expect(run({ ...VULNERABILITY, recorded_before_counts: false }, before).summary.map((s) => s.kind)).toEqual(['missing']);
  });
  test('a case whose record lists a vulnerability is already satisfied; "none" is no vulnerability', () => {
    expect(run(VULNERABILITY, rows(), '2024-11-21', { vulnerabilities: ['mobility'] }).outcomes).toEqual([]);
    expect(run(VULNERABILITY, rows(), '2024-11-21', { vulnerabilities: ['none'] }).findings.map((f) => f.kind)).toEqual(['missing']);
  });
  test('first only: a second indication adds nothing; each: it needs its own recording', () => {
    const two = rows(['2024-06-05', 'vulnerability_recorded'], ['2024-07-01', 'incident', { detail: 'she uses a wheelchair' }]);
    expect(run({ ...VULNERABILITY, recorded_before_counts: false }, two).outcomes).toEqual([]);
    expect(run({ ...VULNERABILITY, recorded_before_counts: false, first_only: false }, two, '2024-07-10').summary).toEqual([
      { kind: 'missing', due: '2024-07-08', daysLate: 2, workingDaysLate: 2, trigger: '2024-07-01' },
    ]);
  });
  test('an indication while the case is closed creates nothing; the first one while open does', () => {
    const { summary } = run(VULNERABILITY, [
      ['2024-06-03', 'report'],
      ['2024-06-10', 'case_closed'],
      ['2024-06-12', 'complaint', { detail: 'my depression is worse since you closed the case' }],
      ['2024-07-01', 'case_reopened'],
      ['2024-07-02', 'incident', { detail: 'anxious about leaving the flat' }],
    ]);
    expect(summary.map((s) => [s.kind, s.trigger])).toEqual([['missing', '2024-07-02']]);
  });
  test('a recording after the case was closed still counts', () => {
    const { summary } = run(VULNERABILITY, [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'incident', { detail: 'anxiety' }],
      ['2024-06-05', 'case_closed'],
      ['2024-06-14', 'vulnerability_recorded'],
    ]);
    expect(summary).toEqual([{ kind: 'late', due: '2024-06-11', met: '2024-06-14', daysLate: 3, workingDaysLate: 3, trigger: '2024-06-04' }]);
  });
  test('a date-only recording on the date of a timed indication counts as after it', () => {
    const { outcomes } = run(VULNERABILITY, [
      ['2024-06-03', 'report'],
      ['2024-06-04', 'vulnerability_recorded'],
      ['2024-06-04 15:00', 'incident', { detail: 'PTSD' }],
    ]);
    expect(outcomes).toEqual([]);
  });
});

describe('indicated: the hate rule', () => {
  const rows: Row[] = [
    ['2024-06-03', 'report'],
    ['2024-06-07', 'incident', { detail: 'racist graffiti on the door' }],
  ];
  test('a hate indication needs a hate incident recorded within 1 working day (Friday -> Monday)', () => {
    expect(run(HATE, rows, '2024-06-12').summary).toEqual([{ kind: 'missing', due: '2024-06-10', daysLate: 2, workingDaysLate: 2, trigger: '2024-06-07' }]);
    expect(run(HATE, [...rows, ['2024-06-10', 'hate_incident_recorded']]).outcomes).toEqual([]);
  });
  test('satisfied by hate_motivated, or by category hate', () => {
    expect(run(HATE, rows, '2024-11-21', { hateMotivated: true }).outcomes).toEqual([]);
    expect(run(HATE, rows, '2024-11-21', { category: 'hate' }).outcomes).toEqual([]);
    expect(run(HATE, rows, '2024-11-21', { category: 'noise', hateMotivated: false }).outcomes).toHaveLength(1);
  });
});

describe('indicated: the safeguarding rule', () => {
  const indication: Row = ['2024-06-03', 'incident', { detail: 'he said he would take his own life' }];
  test('a referral 28 days before the indication satisfies it; 29 days before does not', () => {
    const base: Row[] = [['2024-04-01', 'report']];
    expect(run(SAFEGUARDING, [...base, ['2024-05-06', 'safeguarding_referral'], indication]).outcomes).toEqual([]);
    const { summary, outcomes } = run(SAFEGUARDING, [...base, ['2024-05-05', 'support_signposted'], indication], '2024-06-07');
    expect(summary).toEqual([{ kind: 'missing', due: '2024-06-04', daysLate: 3, workingDaysLate: 3, trigger: '2024-06-03' }]);
    expect(outcomes[0]!.message).toBe(
      'No safeguarding referral or signposting to support after the incident of 03/06/2024, whose note mentions risk of harm keywords (due by 04/06/2024)',
    );
  });
  test('each indication is its own trigger', () => {
    const { summary } = run(SAFEGUARDING, [
      ['2024-04-01', 'report'],
      indication,
      ['2024-06-04', 'safeguarding_referral'],
      ['2024-07-15', 'incident', { detail: 'threatened with a knife' }],
    ]);
    expect(summary.map((s) => [s.kind, s.trigger])).toEqual([['missing', '2024-07-15']]);
  });
  test('the report of a domestic-abuse case is a trigger; of a noise case it is not', () => {
    const rows: Row[] = [['2024-06-03', 'report', { detail: 'shouting next door' }]];
    expect(run(SAFEGUARDING, rows, '2024-06-07', { category: 'domestic_abuse' }).summary).toEqual([
      { kind: 'missing', due: '2024-06-04', daysLate: 3, workingDaysLate: 3, trigger: '2024-06-03' },
    ]);
    expect(run(SAFEGUARDING, rows, '2024-11-21', { category: 'noise' }).outcomes).toEqual([]);
  });
  test('only the report that opened a domestic-abuse case is a trigger: a later report counts as an incident', () => {
    const rows: Row[] = [
      ['2024-06-03', 'report', { detail: 'shouting next door' }],
      ['2024-06-03', 'safeguarding_referral'],
      ['2024-08-12', 'report', { detail: 'more shouting' }],
    ];
    expect(run(SAFEGUARDING, rows, '2024-11-21', { category: 'domestic_abuse' }).outcomes).toEqual([]);
  });
  test('a domestic-abuse report whose note also has a keyword is one trigger, and its message says the note', () => {
    const { outcomes } = run(SAFEGUARDING, [['2024-06-03', 'report', { detail: 'domestic abuse from her partner' }]], '2024-11-21', { category: 'domestic_abuse' });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.message).toContain('whose note mentions risk of harm keywords');
  });
});

describe('indicated: a domestic-abuse case opened by its record\'s reported_at, with no report row', () => {
  // Friday 24 May 2024; Monday 27 May is the Spring bank holiday, so 1 working day runs to Tuesday 28 May.
  const DA = { category: 'domestic_abuse', reportedAt: '2024-05-24' };
  const contact: Row = ['2024-05-24', 'contact', { direction: 'outbound', channel: 'phone' }];

  test('the reported date is the trigger: due the next working day, past the bank holiday', () => {
    const { summary, outcomes } = run(SAFEGUARDING, [contact], '2024-06-07', DA);
    expect(summary).toEqual([{ kind: 'missing', due: '2024-05-28', daysLate: 10, workingDaysLate: 8 }]);
    expect(outcomes[0]!.evidence).toEqual([]);
    expect(outcomes[0]!.message).toBe(
      "No safeguarding referral or signposting to support after the report of 24/05/2024 (the case's reported date) (due by 28/05/2024)",
    );
  });

  test('a referral on the due day meets it; the day after is 1 working day late', () => {
    expect(run(SAFEGUARDING, [contact, ['2024-05-28', 'safeguarding_referral']], '2024-06-07', DA).outcomes).toEqual([]);
    expect(run(SAFEGUARDING, [contact, ['2024-05-29', 'support_signposted']], '2024-06-07', DA).summary).toEqual([
      { kind: 'late', due: '2024-05-28', met: '2024-05-29', daysLate: 1, workingDaysLate: 1 },
    ]);
  });

  test('on the due day itself nothing is missing yet', () => {
    expect(run(SAFEGUARDING, [contact], '2024-05-28', DA).outcomes.map((o) => o.kind)).toEqual(['pending']);
  });

  test('a referral 28 days before the reported date satisfies it; 29 days before does not', () => {
    expect(run(SAFEGUARDING, [['2024-04-26', 'safeguarding_referral'], contact], '2024-06-07', DA).outcomes).toEqual([]);
    expect(run(SAFEGUARDING, [['2024-04-25', 'safeguarding_referral'], contact], '2024-06-07', DA).summary.map((s) => s.kind)).toEqual(['missing']);
  });

  test('a case of another category owes nothing for its opening; a later indication is still one', () => {
    expect(run(SAFEGUARDING, [contact], '2024-11-21', { category: 'noise', reportedAt: '2024-05-24' }).outcomes).toEqual([]);
    const rows: Row[] = [contact, ['2024-05-28', 'safeguarding_referral'], ['2024-07-15', 'incident', { detail: 'threatened with a knife' }]];
    expect(run(SAFEGUARDING, rows, '2024-11-21', DA).summary.map((s) => [s.kind, s.trigger])).toEqual([['missing', '2024-07-15']]);
  });

  test('with first_only, the reported date is the first indication and the only one judged', () => {
    const rows: Row[] = [['2024-06-10', 'incident', { detail: 'threatened with a knife' }]];
    const { summary, outcomes } = run({ ...SAFEGUARDING, first_only: true, recent_target_window: undefined }, rows, '2024-11-21', DA);
    expect(summary.map((s) => [s.kind, s.trigger])).toEqual([['missing', undefined]]);
    expect(outcomes[0]!.message).toContain('after the first indication, the report of 24/05/2024');
  });

  test('a case with neither a report row nor reported_at is never open, and owes nothing', () => {
    expect(run(SAFEGUARDING, [contact], '2024-11-21', { category: 'domestic_abuse' }).outcomes).toEqual([]);
  });
});

describe('indicated: options and explanation', () => {
  test('needs keywords or also_when; the two "before" options are alternatives', () => {
    expect(indicated.options.safeParse({ target: 'vulnerability_recorded', limit: { days: 5 } }).success).toBe(false);
    expect(indicated.options.safeParse({ ...SAFEGUARDING, recorded_before_counts: true }).success).toBe(false);
    expect(indicated.options.safeParse({ ...VULNERABILITY, satisfied_by: 'vulnerable' }).success).toBe(false);
    expect(indicated.options.safeParse({ ...VULNERABILITY, satisfied_by: null }).success).toBe(true);
  });
  test('explain spells out the keywords, the attribute and the limit', () => {
    const ctx: ExplainContext = {
      keywords: DEFAULT_KEYWORDS,
      conditions: {},
      describeCondition: () => 'the case is of category domestic abuse',
      describeLimit: () => '1 working day',
    };
    expect(indicated.explain(ruleOf(indicated, SAFEGUARDING), ctx)).toBe(
      'Each time a note of what the landlord was told has a keyword of the "risk_of_harm" list (self harm*, suicid*, ' +
        '/\\b(end|ended|take|took|taking) (his|her|their|my) own life\\b/, /\\bharm (himself|herself|themselves|myself)\\b/, ' +
        '/\\bkill (himself|herself|themselves|myself)\\b/, ...) or a report is received when the case is of category domestic abuse ' +
        'while the case is open, a safeguarding referral or signposting to support must follow within 1 working day. A case exported without its report row counts from its reported date. One made in the 28 days before also counts.',
    );
  });
});
