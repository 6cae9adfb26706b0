/**
 * Cases exported without their report row, opened by the case record's reported_at (SPEC 2.1
 * "Open periods"): obligations that run from the report run from that date, and their evidence
 * points at the case record's row, where the date was read.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { jsonReportSchema } from '../../src/report/schema.js';
import { caseaudit } from '../helpers/cli.js';

const ARGS = ['audit', 'tests/fixtures/reported-at/events.csv', 'tests/fixtures/reported-at/cases.csv', '--as-of', '2024-06-07', '--format', 'json'];

type Finding = { rule: string; kind: string; dueAt: string; metAt: string | null; evidence: { type: string; occurredAt: string; source: { file: string; line: number } }[] };
let cases: Map<string, Finding[]>;

beforeAll(async () => {
  const r = await caseaudit(ARGS);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(jsonReportSchema.safeParse(report).success).toBe(true);
  cases = new Map(report.cases.map((c: { caseId: string; findings: Finding[] }) => [c.caseId, c.findings]));
});

describe('a domestic-abuse case opened by reported_at (Friday 24/05/2024; Monday 27/05 a bank holiday)', () => {
  test('with no referral: safeguarding is missing, due on Tuesday 28/05, and the evidence is the case record row', () => {
    expect(cases.get('DA-1')).toEqual([
      expect.objectContaining({
        rule: 'safeguarding',
        kind: 'missing',
        dueAt: '2024-05-28',
        metAt: null,
        evidence: [{ type: 'case_record', occurredAt: '2024-05-24', source: { file: 'tests/fixtures/reported-at/cases.csv', line: 2 } }],
      }),
    ]);
  });

  test('a referral on the due day meets it', () => {
    expect(cases.get('DA-2')).toEqual([]);
  });

  test('signposting the day after is late, with the case record row and the late row as evidence', () => {
    const [finding, ...rest] = cases.get('DA-3')!;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'safeguarding', kind: 'late', dueAt: '2024-05-28', metAt: '2024-05-29T09:00:00+01:00' });
    expect(finding!.evidence.map((e) => `${e.type} ${e.source.file}:${e.source.line}`)).toEqual([
      'case_record tests/fixtures/reported-at/cases.csv:4',
      'support_signposted tests/fixtures/reported-at/events.csv:9',
    ]);
  });
});

test('a case of another category owes no safeguarding; its missing risk assessment also points at the case record row', () => {
  expect(cases.get('NS-4')).toEqual([
    expect.objectContaining({
      rule: 'risk-assessment',
      kind: 'missing',
      dueAt: '2024-05-28',
      evidence: [{ type: 'case_record', occurredAt: '2024-05-24', source: { file: 'tests/fixtures/reported-at/cases.csv', line: 5 } }],
    }),
  ]);
});
