import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { WorkingCalendar } from '../../src/calendar/working-days.js';
import { dateOnly, formatDay } from '../../src/dates/london.js';
import { parseDateTime, parseDay } from '../../src/dates/parse.js';
import { deadline, isCountingContact, judge } from '../../src/engine/case-scope.js';
import { compileKeywords } from '../../src/engine/keywords.js';
import type { Template } from '../../src/templates/template.js';
import { auditWith, DEFAULT_KEYWORDS, eventsOf, ruleOf } from '../templates/harness.js';

const cal = new WorkingCalendar();
const day = (s: string) => parseDay(s)!;

describe('deadlines (SPEC 2: counting starts the next working day)', () => {
  test('1 working day from a Friday is the Monday', () => {
    expect(formatDay(deadline(cal, dateOnly(day('2024-06-07')), { working_days: 1 }).day)).toBe('2024-06-10');
  });
  test('5 working days from Friday 22/12/2023 skip Christmas, Boxing Day and New Year', () => {
    // 27, 28, 29 Dec, 2 Jan, 3 Jan
    expect(formatDay(deadline(cal, dateOnly(day('2023-12-22')), { working_days: 5 }).day)).toBe('2024-01-03');
  });
  test('a trigger on Good Friday 2024 counts from Tuesday after Easter Monday', () => {
    expect(formatDay(deadline(cal, dateOnly(day('2024-03-29')), { working_days: 1 }).day)).toBe('2024-04-02');
  });
  test('14 days is the end of the date 14 days later, whatever the weekday', () => {
    expect(formatDay(deadline(cal, dateOnly(day('2024-06-01')), { days: 14 }).day)).toBe('2024-06-15');
  });
  test('hours run from the trigger time across the BST change', () => {
    const from = parseDateTime('2024-03-30 23:00')!;
    const due = deadline(cal, from, { hours: 24 });
    // 24 real hours after 23:00 GMT on 30 March is 00:00 BST on 1 April
    expect(formatDay(due.day)).toBe('2024-04-01');
  });
});

describe('verdicts (SPEC 2.1 Outcomes)', () => {
  const due = deadline(cal, dateOnly(day('2024-06-03')), { working_days: 5 }); // Mon 10 June
  const [onDue, dayAfter] = eventsOf([
    ['2024-06-10', 'risk_assessment'],
    ['2024-06-11 09:00', 'risk_assessment'],
  ]);
  test('met on the last allowed day', () => {
    expect(judge(cal, day('2024-11-21'), due, onDue, 0)).toEqual({ status: 'met', metIndex: 0 });
  });
  test('late by one day', () => {
    expect(judge(cal, day('2024-11-21'), due, dayAfter, 1)).toEqual({ status: 'late', metIndex: 1, daysLate: 1, workingDaysLate: 1 });
  });
  test('a due date equal to the audit date is still pending', () => {
    expect(judge(cal, day('2024-06-10'), due, undefined, -1)).toEqual({ status: 'pending' });
  });
  test('missing the day after, with days overdue at the audit date', () => {
    expect(judge(cal, day('2024-06-17'), due, undefined, -1)).toEqual({ status: 'missing', daysLate: 7, workingDaysLate: 5 });
  });
});

describe('counting contacts (SPEC 2.1 Contact)', () => {
  const rows = eventsOf([
    ['2024-06-03', 'contact', { direction: 'outbound', channel: 'phone' }],
    ['2024-06-03', 'contact', { direction: 'outbound', outcome: 'no_answer' }],
    ['2024-06-03', 'contact', { direction: 'inbound', channel: 'phone' }],
    ['2024-06-03', 'contact', { direction: 'inbound', channel: 'visit' }],
    ['2024-06-03', 'contact', { direction: 'outbound', party: 'alleged_perpetrator' }],
    ['2024-06-03', 'contact', { channel: 'meeting', outcome: 'made', party: 'resident' }],
  ]);
  test.each([
    [0, true],
    [1, false],
    [2, false],
    [3, true],
    [4, false],
    [5, true],
  ])('row %i counts: %s', (i, expected) => expect(isCountingContact(rows[i]!)).toBe(expected));
});

describe('keywords (SPEC 2.1)', () => {
  const escalation = compileKeywords(DEFAULT_KEYWORDS.escalation!);
  const risk = compileKeywords(DEFAULT_KEYWORDS.risk_of_harm!);
  test.each([
    ['work has begun on the fence', false],
    ['gunnery range noise', false],
    ['he pointed a gun at her', true],
    ['she was threatened on the stairs', true],
    ['a non-violent dispute', true],
    ['GUNS seen', true],
    ['racially abused', true],
  ])('escalation in %j: %s', (text, expected) => expect(escalation.test(text)).toBe(expected));
  test.each([
    ['talked about self-harm', true],
    ['self  harming', true],
    ['said she would take her own life', true],
    ['threatened to kill him', true],
    ['threats to kill', true],
    ['killing time', false],
  ])('risk of harm in %j: %s', (text, expected) => expect(risk.test(text)).toBe(expected));
  test('a bad regular expression names the entry', () => {
    expect(() => compileKeywords(['/(unclosed/'])).toThrow(/\/\(unclosed\//);
  });
});

/** A template that reports one missing finding per report, to test the engine around it. */
const everyReport: Template<{ label: string }> = {
  name: 'every-report',
  summary: 'test',
  options: z.strictObject({ label: z.string().default('x') }),
  evaluate(ctx) {
    return ctx.timeline.indicesOf('report').map((i) => ({ kind: 'missing' as const, message: 'm', trigger: i, evidence: [i], daysLate: 1 }));
  },
  explain: () => 'test',
};

describe('engine', () => {
  const templates = { 'every-report': everyReport };
  const rows: [string, string, Record<string, string>?][] = [['2024-06-03', 'report', { detail: 'noise from upstairs' }]];
  test('severity is aggravated one level for a recorded vulnerability', () => {
    const [f] = auditWith([ruleOf(everyReport, {}, { severity: 'high' })], { rows, asOf: '2024-11-21', record: { vulnerabilities: ['PTSD'] } }, {}, templates);
    expect(f).toMatchObject({ severity: 'critical', baseSeverity: 'high', aggravatedBy: 'a recorded vulnerability' });
  });
  test('critical stays critical; vulnerabilities of "none" do not aggravate', () => {
    const [f] = auditWith([ruleOf(everyReport, {}, { severity: 'critical' })], { rows, asOf: '2024-11-21', record: { vulnerabilities: ['none'] } }, {}, templates);
    expect(f).toMatchObject({ severity: 'critical', baseSeverity: 'critical' });
    const [g] = auditWith([ruleOf(everyReport, {}, { severity: 'low' })], { rows, asOf: '2024-11-21', record: { vulnerabilities: ['n/a'] } }, {}, templates);
    expect(g!.severity).toBe('low');
  });
  test('an indicated vulnerability (keyword in a note) aggravates; aggravate: false opts out', () => {
    const spec = { rows: [['2024-06-03', 'report', { detail: 'resident has PTSD' }]] as [string, string, Record<string, string>][], asOf: '2024-11-21' };
    expect(auditWith([ruleOf(everyReport, {}, { severity: 'low' })], spec, {}, templates)[0]!.severity).toBe('medium');
    expect(auditWith([ruleOf(everyReport, {}, { severity: 'low', aggravate: false })], spec, {}, templates)[0]!.severity).toBe('low');
  });
  test('a rule applies only where its condition holds; high-risk through the report note', () => {
    const rule = ruleOf(everyReport, {}, { when: 'high-risk' });
    expect(auditWith([rule], { rows, asOf: '2024-11-21' }, {}, templates)).toHaveLength(0);
    const threatening = [['2024-06-03', 'report', { detail: 'he made death threats' }]] as [string, string, Record<string, string>][];
    expect(auditWith([rule], { rows: threatening, asOf: '2024-11-21' }, {}, templates)).toHaveLength(1);
    expect(auditWith([rule], { rows, asOf: '2024-11-21', record: { priority: 'high' } }, {}, templates)).toHaveLength(1);
  });
  test('a fingerprint does not move when rows are added elsewhere or the export is re-sorted', () => {
    const base = [['2024-06-03', 'report', { detail: 'noise' }]] as [string, string, Record<string, string>?][];
    const more = [['2024-05-01', 'contact', { direction: 'outbound' }], ...base] as [string, string, Record<string, string>?][];
    const [a] = auditWith([ruleOf(everyReport, {})], { rows: base, asOf: '2024-11-21' }, {}, templates);
    const [b] = auditWith([ruleOf(everyReport, {})], { rows: more, asOf: '2024-11-21' }, {}, templates);
    expect(b!.evidence[0]!.source.line).not.toBe(a!.evidence[0]!.source.line);
    expect(b!.fingerprint).toBe(a!.fingerprint);
  });
  test('evidence points at file and line; fingerprints are stable and distinct per trigger', () => {
    const two = [...rows, ['2024-07-01', 'report', {}]] as [string, string, Record<string, string>?][];
    const a = auditWith([ruleOf(everyReport, {})], { rows: two, asOf: '2024-11-21' }, {}, templates);
    const b = auditWith([ruleOf(everyReport, {})], { rows: two, asOf: '2024-11-21' }, {}, templates);
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(2);
    expect(a[0]!.evidence[0]).toEqual({ type: 'report', occurredAt: '2024-06-03', source: { file: 'fixture.csv', line: 2 } });
  });
});
