import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/dates/parse.js';
import { ReportBuilder, type ReportMeta } from '../../src/report/build.js';
import { compareCaseIds, summarise, SummaryTally, type SummaryCase } from '../../src/report/summary.js';
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

describe('SummaryTally: the summary counted as parts arrive', () => {
  const policy = { ...fixturePolicy(), systemicThreshold: 0.25 };
  const rules = policy.rules.slice(0, 3);
  const summaryCase = fc.record({
    n: fc.nat(500),
    findings: fc.array(fc.constantFrom(...rules), { maxLength: 4 }).map((rs) => rs.map((r) => ({ rule: r.id, theme: r.theme, severity: r.severity }))),
    pending: fc.nat(3),
    applicable: fc.subarray(rules.map((r) => r.id)),
    team: fc.option(fc.constantFrom('North', 'South', ''), { nil: undefined }),
    officer: fc.option(fc.constantFrom('A. Officer', 'B. Officer'), { nil: undefined }),
    landlord: fc.option(fc.constantFrom('Homes One', 'Homes Two'), { nil: undefined }),
    hateMotivated: fc.boolean(),
    perpetrators: fc.array(fc.constantFrom('P-1', 'P-2', 'P-3'), { maxLength: 3 }),
  });

  it('gives the summary of summarise in whatever order the cases come, lists of applicable rules shared or not', () => {
    expect(rules.length).toBeGreaterThanOrEqual(2);
    fc.assert(
      fc.property(fc.uniqueArray(summaryCase, { selector: (c) => c.n, maxLength: 40 }), fc.boolean(), fc.nat(), (drafts, share, seed) => {
        const lists = new Map<string, readonly string[]>();
        const cases: SummaryCase[] = drafts.map((d) => {
          const key = d.applicable.join(',');
          // Shared as the Auditor shares them, or each case its own array (policies of over 31 rules).
          const list = share ? (lists.get(key) ?? (lists.set(key, d.applicable), d.applicable)) : [...d.applicable];
          return { caseId: `C-${d.n}`, findings: d.findings, pending: d.pending, applicableRules: list, team: d.team, officer: d.officer, landlord: d.landlord, hateMotivated: d.hateMotivated, perpetrators: d.perpetrators };
        });
        const sorted = [...cases].sort((a, b) => compareCaseIds(a.caseId, b.caseId));
        const shuffled = [...cases].sort((a, b) => ((a.caseId.length * 31 + seed) % 7) - ((b.caseId.length * 17 + seed) % 5) || (a.caseId < b.caseId ? 1 : -1));
        const tally = new SummaryTally(policy);
        for (const c of shuffled) tally.add(c);
        expect(tally.cases).toBe(cases.length);
        expect(tally.finish()).toEqual(summarise(sorted, policy));
      }),
      { numRuns: 200 },
    );
  });

  it('a report finished with a tally counts it instead of its parts, and refuses one that does not match them', () => {
    const builder = new ReportBuilder(meta().inputs, { redact: false, timelines: 'none' });
    for (const audit of fixtureAudits()) builder.add(audit);
    const parts = builder.takeParts();
    const tally = new SummaryTally(meta().policy);
    for (const part of parts) tally.add(part.summary);
    const withTally = new ReportBuilder(meta().inputs, { redact: false, timelines: 'none' });
    withTally.addParts(parts);
    expect(withTally.finish(meta(), tally)).toEqual(fixtureReport({ redact: false, timelines: 'none' }));
    const short = new SummaryTally(meta().policy);
    short.add(parts[0]!.summary);
    const again = new ReportBuilder(meta().inputs, { redact: false, timelines: 'none' });
    again.addParts(parts);
    expect(() => again.finish(meta(), short)).toThrow(/1 cases counted for/);
  });

  it('parts written out as they came keep only their notes, which stay in case order among the parts kept', () => {
    const render = (r: { caseId: string }) => JSON.stringify(r);
    const builder = new ReportBuilder(meta().inputs, { redact: false, timelines: 'none' });
    for (const audit of fixtureAudits()) builder.add(audit, render);
    const parts = builder.takeParts().sort((a, b) => compareCaseIds(a.caseId, b.caseId));
    expect(parts.some((p) => p.notes.length > 0)).toBe(true);
    const tally = new SummaryTally(meta().policy);
    for (const part of parts) tally.add(part.summary);
    const all = new ReportBuilder(meta().inputs, { redact: false, timelines: 'none' });
    all.addParts(parts);
    const expected = all.finishRendered(meta(), tally);
    // Every other part written out (its text gone, as CaseSpool takes it), the rest kept.
    const mixed = new ReportBuilder([], { redact: false, timelines: 'none' });
    parts.forEach((part, i) => (i % 2 === 0 ? mixed.addWritten(part) : mixed.addParts([part])));
    const got = mixed.finishRendered(meta(), tally);
    expect(got.report).toEqual(expected.report);
    expect(got.caseTexts).toEqual(expected.caseTexts.filter((_, i) => i % 2 === 1));
    expect(() => new ReportBuilder([], { redact: false, timelines: 'none' }).finishRendered(meta(), new SummaryTally(meta().policy))).not.toThrow();
    const untallied = new ReportBuilder([], { redact: false, timelines: 'none' });
    untallied.addWritten(parts[0]!);
    expect(() => untallied.finishRendered(meta())).toThrow(/need the tally/);
  });
});
