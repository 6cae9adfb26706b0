/**
 * The default policy against the stories in samples/: every finding samples/README.md works out
 * by hand, and nothing else. A change to a rule's semantics shows up here as a story that no
 * longer reads right.
 */
import { describe, expect, test } from 'vitest';
import { jsonReportSchema } from '../../src/report/schema.js';
import { caseaudit } from '../helpers/cli.js';

const SAMPLES = ['samples/events.csv', 'samples/cases.csv'];

/** case -> "rule kind due[ met]" in report order, as samples/README.md lists them. */
const EXPECTED: Record<string, string[]> = {
  'ASB-0002': [
    'hate-incident-recorded missing 2024-07-02',
    'risk-assessment-review missing 2024-07-15',
    'action-plan late 2024-07-15 met 2024-07-29',
    'risk-assessment-review missing 2024-07-26',
    'contact-cadence lapsed 2024-08-05 met 2024-08-19',
    'incident-reply late 2024-08-13 met 2024-08-19',
    'risk-assessment-review missing 2024-08-19',
    'contact-cadence lapsed 2024-09-02 met 2024-09-16',
  ],
  'ASB-0003': ['evidence-reviewed late 2024-09-23 met 2024-10-01'],
  'ASB-0004': ['incident-reply missing 2024-06-14', 'closure premature -', 'closure-notified missing 2024-06-21'],
  'ASB-0005': ['vulnerability-recorded missing 2023-12-18'],
  'ASB-0006': ['contact-cadence lapsed 2024-09-24 met 2024-10-08', 'contact-cadence lapsed 2024-10-29'],
  'ASB-0007': [
    'risk-assessment missing 2024-05-14',
    'safeguarding missing 2024-05-14',
    'safeguarding missing 2024-05-17',
    'third-party-reply missing 2024-05-20',
    'third-party-reply missing 2024-06-05',
    'closure premature -',
  ],
  'ASB-0008': ['complaint-acknowledged late 2024-03-27 met 2024-04-03', 'complaint-response late 2024-05-01 met 2024-05-10'],
  'ASB-0009': [
    'update-request-reply late 2024-10-09 met 2024-10-21',
    'update-request-reply late 2024-10-14 met 2024-10-21',
    'update-request-reply missing 2024-11-18',
  ],
  'ASB-0010': ['third-party-reply missing 2024-02-12', 'third-party-reply missing 2024-03-11'],
  'ASB-0011': ['case-review-signposting missing 2024-08-19'],
  'ASB-0012': ['contact-cadence lapsed 2023-11-01 met 2023-11-06'],
  'ASB-0013': ['risk-assessment late 2023-12-27 met 2024-01-02'],
  'ASB-0014': [
    'action-plan missing 2024-07-29',
    'contact-agreement missing 2024-07-29',
    'evidence-reviewed missing 2024-08-27',
    'closure premature -',
    'closure-notified late 2024-09-27 met 2024-10-18',
  ],
  'ASB-0016': ['complaint-acknowledged missing 2024-11-04', 'complaint-response missing 2024-11-18'],
};

describe('the default policy on samples/ as of 2024-11-21', async () => {
  const r = await caseaudit(['audit', ...SAMPLES, '--as-of', '2024-11-21', '--format', 'json']);
  const report = JSON.parse(r.stdout);

  test('exits 1 (findings), prints only the report, and the report validates', () => {
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(jsonReportSchema.safeParse(report).success).toBe(true);
    expect(report.summary).toMatchObject({ cases: 16, casesWithFindings: 14, findings: 38 });
  });

  test.each(Object.entries(EXPECTED))('%s has exactly the hand-checked findings', (caseId, expected) => {
    const c = report.cases.find((x: { caseId: string }) => x.caseId === caseId);
    const got = c.findings.map(
      (f: { rule: string; kind: string; dueAt: string | null; metAt: string | null }) =>
        `${f.rule} ${f.kind} ${f.dueAt ?? '-'}${f.metAt ? ` met ${f.metAt.slice(0, 10)}` : ''}`,
    );
    expect(got).toEqual(expected);
  });

  test('the well-handled noise case (ASB-0001) and the reported_at case (ASB-0015) have none', () => {
    for (const id of ['ASB-0001', 'ASB-0015']) {
      expect(report.cases.find((x: { caseId: string }) => x.caseId === id).findings).toEqual([]);
    }
  });

  test('every finding points at rows of the sample files', () => {
    for (const c of report.cases) {
      for (const f of c.findings) {
        expect(f.evidence.length).toBeGreaterThan(0);
        for (const e of f.evidence) expect(e.source.file).toMatch(/^samples\/(events|cases)\.csv$/);
      }
    }
  });

  test('aggravation: a hate-motivated case raises severity one level; domestic abuse alone does not', () => {
    const hate = report.cases.find((x: { caseId: string }) => x.caseId === 'ASB-0003').findings[0];
    expect(hate).toMatchObject({ rule: 'evidence-reviewed', severity: 'high', baseSeverity: 'medium', aggravatedBy: 'hate motivation' });
    const da = report.cases.find((x: { caseId: string }) => x.caseId === 'ASB-0007');
    const ra = da.findings.find((f: { rule: string }) => f.rule === 'risk-assessment');
    expect(ra).toMatchObject({ severity: 'high', baseSeverity: 'high' });
    expect(ra.evidence[0]).toMatchObject({ type: 'report', source: { file: 'samples/events.csv' } });
  });
});
