import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/dates/parse.js';
import { ReportBuilder, type ReportMeta } from '../../src/report/build.js';
import { AS_OF, fixtureAudits, fixturePolicy, fixtureReport, readerNotes } from './fixture.js';

const meta = (): ReportMeta => ({
  version: '0.1.0',
  asOf: parseDateTime(AS_OF)!.day,
  policy: fixturePolicy(),
  inputs: [
    { file: 'events.csv', sha256: '1111111111111111111111111111111111111111111111111111111111111111', rows: 13 },
    { file: 'cases.csv', sha256: '2222222222222222222222222222222222222222222222222222222222222222', rows: 4 },
  ],
  dataQuality: readerNotes(),
});

describe('ReportBuilder: the report one case at a time', () => {
  it.each([false, true])('is the report buildReport makes, whatever order the cases come in (redact %s)', (redact) => {
    const expected = fixtureReport({ redact });
    for (const order of [(a: unknown[]) => a, (a: unknown[]) => [...a].reverse(), (a: unknown[]) => [...a.slice(1), a[0]]]) {
      const builder = new ReportBuilder(meta().inputs, { redact, timelines: 'with-findings' });
      for (const audit of order(fixtureAudits()) as ReturnType<typeof fixtureAudits>) builder.add(audit);
      const report = builder.finish(meta());
      expect(report).toEqual(expected);
      expect(report.cases.map((c) => c.caseId)).toEqual(expected.cases.map((c) => c.caseId));
    }
  });
});
