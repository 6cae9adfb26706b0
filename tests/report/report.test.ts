import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { parseDateTime } from '../../src/dates/parse.js';
import type { DataQualityNote } from '../../src/model/case.js';
import { buildReport } from '../../src/report/build.js';
import { CSV_COLUMNS } from '../../src/report/formatters/csv.js';
import { FORMATTERS } from '../../src/report/formatters/all.js';
import { jsonReportSchema } from '../../src/report/schema.js';
import { compareCaseIds, groupDataQuality, isSystemic } from '../../src/report/summary.js';
import { ADDRESS_MARKER, AS_OF, FIXTURE_CASES, fixtureAudits, fixturePolicy, fixtureReport, NOTE_MARKER, OFFICER_MARKER, type FixtureCase } from './fixture.js';

const FORMATS = ['json', 'text', 'csv', 'md'] as const;
const render = (format: string, report = fixtureReport(), colour = false) => FORMATTERS[format]!(report, { colour, width: 100 });

describe('the report model', () => {
  const report = fixtureReport();
  test('cases in numeric-aware case-id order; byRule keys in policy rule order', () => {
    expect(report.cases.map((c) => c.caseId)).toEqual(['ASB-2', 'ASB-3', 'ASB-4', 'ASB-10']);
    expect(Object.keys(report.summary.byRule)).toEqual(['first-contact', 'risk-assessment', 'contact-cadence', 'closure']);
  });
  test('per rule: applicable, failed, rate, findings', () => {
    const closure = report.summary.rules.find((r) => r.rule === 'closure')!;
    // closure applies to hate and harassment cases only: ASB-2 (hate) and ASB-10 (harassment)
    expect(closure).toMatchObject({ applicable: 2, failed: 1, rate: 0.5, findings: 1, systemic: false });
    expect(report.summary.rules.find((r) => r.rule === 'risk-assessment')).toMatchObject({ applicable: 4, failed: 2, rate: 0.5, systemic: true });
  });
  test('counts: cases, with findings, by severity (after aggravation), pending', () => {
    expect(report.summary).toMatchObject({ cases: 4, casesWithFindings: 2, findings: 5, pending: 1 });
    expect(report.summary.bySeverity).toEqual({ critical: 1, high: 2, medium: 2, low: 0 });
  });
  test('groups by team, officer and landlord; a group the data lacks entirely is omitted', () => {
    expect(report.summary.byTeam.map((g) => [g.group, g.cases, g.casesWithFindings, g.findings])).toEqual([
      ['North', 2, 1, 4],
      ['South', 2, 1, 1],
    ]);
    const noRecords = fixtureReport({}, FIXTURE_CASES.map(({ record: _r, ...c }) => c));
    expect(noRecords.summary.byTeam).toEqual([]);
    expect(noRecords.summary.byOfficer).toEqual([]);
    expect(noRecords.summary.byLandlord).toEqual([]);
  });
  test('timelines: none, only cases with findings, or all', () => {
    expect(fixtureReport({ timelines: 'none' }).cases.every((c) => c.timeline === undefined)).toBe(true);
    expect(report.cases.filter((c) => c.timeline).map((c) => c.caseId)).toEqual(['ASB-2', 'ASB-10']);
    expect(fixtureReport({ timelines: 'all' }).cases.every((c) => c.timeline !== undefined)).toBe(true);
  });
  test('data quality holds every note: the readers\' and each case\'s own', () => {
    expect(report.dataQuality.map((n) => n.kind)).toEqual(['unknown-type', 'unknown-type', 'unknown-type', 'unknown-type', 'unknown-type', 'unparseable-row', 'event-after-as-of']);
  });
});

describe('systemic threshold', () => {
  test.each([
    [2, 8, 0.25, true], // exactly 25%
    [2, 9, 0.25, false], // just under
    [1, 4, 0.25, false], // 25% but a single case is a remedy, not a policy review
    [1, 1, 0.25, false],
    [3, 10, 0.3, true], // exactly 30%, where 0.3 * 10 is not exact in floating point
    [0, 0, 0.25, false],
  ])('%i failed of %i at threshold %d: systemic %s', (failed, applicable, threshold, expected) => {
    expect(isSystemic(failed, applicable, threshold)).toBe(expected);
  });

  const caseWith = (i: number, fails: boolean): FixtureCase => ({
    caseId: `S-${i}`,
    rows: fails ? [['2024-06-03', 'report']] : [['2024-06-03', 'report'], ['2024-06-04', 'risk_assessment'], ['2024-06-03 10:00', 'contact']],
  });
  test('through the whole report: 2 of 8 failing is systemic, 2 of 9 is not', () => {
    const rate = (n: number) => fixtureReport({}, Array.from({ length: n }, (_, i) => caseWith(i, i < 2))).summary.rules.find((r) => r.rule === 'risk-assessment')!;
    expect(rate(8)).toMatchObject({ applicable: 8, failed: 2, rate: 0.25, systemic: true });
    expect(rate(9)).toMatchObject({ applicable: 9, failed: 2, systemic: false });
  });
  test('the threshold comes from the policy', () => {
    const cases = Array.from({ length: 8 }, (_, i) => caseWith(i, i < 2));
    const policy = { ...fixturePolicy(), systemicThreshold: 0.3 };
    const report = fixtureReport({}, cases, policy);
    expect(report.summary.systemicThreshold).toBe(0.3);
    expect(report.summary.rules.find((r) => r.rule === 'risk-assessment')!.systemic).toBe(false);
  });
});

describe('repeat alleged perpetrators', () => {
  const c = (caseId: string, record: FixtureCase['record']): FixtureCase => ({ caseId, rows: [['2024-06-03', 'report']], record });
  test('the same reference in 2+ hate-motivated cases (flag or category hate), listed with its cases', () => {
    const report = fixtureReport({}, [
      c('H-10', { category: 'hate', allegedPerpetratorRef: 'AP-1' }),
      c('H-2', { hateMotivated: true, allegedPerpetratorRef: 'AP-1; AP-2' }),
      c('H-3', { hateMotivated: true, allegedPerpetratorRef: 'AP-2' }),
      c('N-1', { category: 'noise', allegedPerpetratorRef: 'AP-3' }),
      c('N-2', { category: 'noise', hateMotivated: false, allegedPerpetratorRef: 'AP-3' }),
      c('H-4', { category: 'hate', allegedPerpetratorRef: 'AP-4' }),
      c('N-3', { category: 'noise', allegedPerpetratorRef: 'AP-4' }),
    ]);
    expect(report.summary.repeatPerpetrators).toEqual([
      { ref: 'AP-1', cases: ['H-2', 'H-10'] },
      { ref: 'AP-2', cases: ['H-2', 'H-3'] },
    ]);
  });
  test('redacted: the same opaque pseudonym across cases, never the reference itself', () => {
    const cases = [c('H-1', { category: 'hate', allegedPerpetratorRef: 'AP-SECRET-1' }), c('H-2', { category: 'hate', allegedPerpetratorRef: 'AP-SECRET-1' })];
    const report = fixtureReport({ redact: true }, cases);
    expect(report.summary.repeatPerpetrators).toHaveLength(1);
    expect(report.summary.repeatPerpetrators[0]!.ref).toMatch(/^ref-[0-9a-f]{12}$/);
    for (const f of FORMATS) expect(render(f, report)).not.toContain('AP-SECRET-1');
  });
});

describe('redaction', () => {
  const plain = fixtureReport({ timelines: 'all' });
  const redacted = fixtureReport({ redact: true, timelines: 'all' });
  test.each(FORMATS)('%s: the note marker is in the plain report (md, via timelines) and in no redacted output', (format) => {
    if (format === 'md') expect(render(format, plain)).toContain(NOTE_MARKER);
    const out = render(format, redacted);
    expect(out).not.toContain(NOTE_MARKER);
    expect(out).not.toContain(OFFICER_MARKER);
    expect(out).not.toContain(ADDRESS_MARKER);
  });
  test('the model itself carries no detail, no officer, and keeps ids, types, dates and results', () => {
    expect(JSON.stringify(redacted)).not.toContain(NOTE_MARKER);
    expect(JSON.stringify(redacted)).not.toContain(OFFICER_MARKER);
    const c10 = redacted.cases.find((c) => c.caseId === 'ASB-10')!;
    expect(c10.officer).toBeUndefined();
    expect(c10.timeline!.every((e) => e.detail === undefined && e.officer === undefined)).toBe(true);
    expect(c10.timeline!.map((e) => e.type)).toEqual(['report', 'contact', 'incident', 'case_closed']);
    expect(c10.findings.map((f) => [f.rule, f.kind, f.dueAt])).toEqual(plain.cases.find((c) => c.caseId === 'ASB-10')!.findings.map((f) => [f.rule, f.kind, f.dueAt]));
    expect(c10.team).toBe('North');
    expect(redacted.redacted).toBe(true);
  });
  test('finding messages that quote a note lose the quotation', () => {
    // A template that quotes the note it matched: the scrubber withholds it.
    const audits = fixtureAudits().map((a) => ({
      ...a,
      findings: a.findings.map((f) => ({ ...f, message: `Keyword in note: "${NOTE_MARKER}" and unquoted ${a.timeline.events[0]?.detail ?? ''}` })),
    }));
    const report = buildReport(audits, { version: '0', asOf: parseDateTime(AS_OF)!.day, policy: fixturePolicy(), inputs: [], dataQuality: [] }, { redact: true, timelines: 'none' });
    const text = JSON.stringify(report);
    expect(text).not.toContain(NOTE_MARKER);
    expect(text).toContain('Keyword in note: [withheld] and unquoted [withheld]');
  });
});

describe('determinism', () => {
  const build = (audits: ReturnType<typeof fixtureAudits>) =>
    buildReport(audits, { version: '0', asOf: parseDateTime(AS_OF)!.day, policy: fixturePolicy(), inputs: [], dataQuality: [] }, { redact: false, timelines: 'all' });
  test.each(FORMATS)('%s: the same input twice gives the same bytes, whatever order the cases came in', (format) => {
    const a = render(format, build(fixtureAudits()));
    expect(render(format, build(fixtureAudits()))).toBe(a);
    expect(render(format, build(fixtureAudits().reverse()))).toBe(a);
  });
  test('case ids compare numerically by digit runs, totally', () => {
    const ids = ['ASB-10', 'asb-2', 'ASB-2', 'ASB-02', 'ASB-1a', 'ASB-1', '7', '10', 'B'];
    expect([...ids].sort(compareCaseIds)).toEqual(['7', '10', 'ASB-1', 'ASB-1a', 'ASB-02', 'ASB-2', 'ASB-10', 'B', 'asb-2']);
    expect([...ids].reverse().sort(compareCaseIds)).toEqual([...ids].sort(compareCaseIds));
  });
});

describe('JSON', () => {
  test('SPEC 5 field names, evidence with file and line, no timelines or details, trailing newline', () => {
    const out = render('json', fixtureReport({ timelines: 'all' }));
    expect(out.endsWith('}\n')).toBe(true);
    const json = jsonReportSchema.parse(JSON.parse(out));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'asOf', 'policy', 'inputs', 'summary', 'cases', 'dataQuality']);
    const f = json.cases.find((c) => c.caseId === 'ASB-10')!.findings[1]!;
    expect(f).toMatchObject({ rule: 'risk-assessment', theme: 'risk-assessment', severity: 'high', kind: 'missing', dueAt: '2024-06-08', metAt: null, daysLate: 166, policyRef: 'Policy 4.2: risk assessment within 5 days' });
    expect(f.evidence).toEqual([{ type: 'report', occurredAt: '2024-06-03T09:15:00+01:00', source: { file: 'events.csv', line: 2 } }]);
    expect(out).not.toContain('"timeline"');
  });
  test('the schema rejects a report with a misspelt field', () => {
    const json = JSON.parse(render('json'));
    json.cases[0].findings[0].due_at = json.cases[0].findings[0].dueAt;
    expect(jsonReportSchema.safeParse(json).success).toBe(false);
  });
});

describe('CSV', () => {
  const nasty: FixtureCase[] = [
    { caseId: '=HYPERLINK("http://evil","click")', rows: [['2024-06-03', 'report']] },
    { caseId: '+441234', rows: [['2024-06-03', 'report']] },
    { caseId: '-1', rows: [['2024-06-03', 'report']] },
    { caseId: '@SUM(A1)', rows: [['2024-06-03', 'report']] },
  ];
  test('one row per finding with the columns in order, BOM and CRLF', () => {
    const out = render('csv');
    expect(out.startsWith('\uFEFFcase_id,rule,')).toBe(true);
    expect(out.split('\r\n').filter((l) => l !== '')).toHaveLength(1 + 5);
    const rows = parse(out, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows[2]).toMatchObject({ case_id: 'ASB-10', rule: 'risk-assessment', outcome: 'missing', due: '2024-06-08', met: '', days_late: '166', evidence: 'events.csv:2' });
  });
  test('case ids, clauses and messages starting with = + - @ are neutralised', () => {
    const rules = fixturePolicy().rules.map((r) => ({ ...r, clause: '=cmd|" /C calc"!A0' }));
    const out = render('csv', fixtureReport({}, nasty, fixturePolicy(rules)));
    const rows = parse(out, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.map((r) => r.case_id)).toContain("'=HYPERLINK(\"http://evil\",\"click\")");
    expect(rows[0]!.clause).toBe("'=cmd|\" /C calc\"!A0");
  });
  test('no findings: the header row alone', () => {
    const out = render('csv', fixtureReport({}, [FIXTURE_CASES[2]!, FIXTURE_CASES[3]!]));
    expect(out).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('Markdown', () => {
  test('notes with pipes, HTML and line breaks keep every table row to its columns', () => {
    const out = render('md', fixtureReport({ timelines: 'all' }));
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    const cells = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('| When |'))!;
    // every row of every timeline table: from a header to the blank line that ends the table
    const timelineRows: string[] = [];
    lines.forEach((l, i) => {
      if (l !== header) return;
      for (let j = i + 2; lines[j]!.startsWith('|'); j++) timelineRows.push(lines[j]!);
    });
    expect(timelineRows).toHaveLength(3 + 4); // the two cases with findings
    for (const row of timelineRows) expect(cells(row)).toBe(cells(header));
  });
  test('control characters and escape sequences are gone', () => {
    expect(render('md', fixtureReport({ timelines: 'all' }))).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('text', () => {
  const hostile: FixtureCase[] = [
    {
      caseId: 'ASB-\u001b[2J1\u0007',
      record: { team: '\u001b]0;pwned\u0007North\u001b[31m', officer: 'Bob\r\nSmith\u009b2J', vulnerabilities: [], attributes: {} },
      rows: [['2024-06-03', 'report', { detail: '\u001b[2Jwipe' }]],
    },
  ];
  test('no control character or escape sequence from the data reaches the terminal', () => {
    const plain = render('text', fixtureReport({}, hostile));
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(plain).toContain('Case ASB-1');
    expect(plain).toContain('team North');
    const coloured = render('text', fixtureReport({}, hostile), true);
    // chalk's own SGR sequences only: no clear-screen, no title change, no bare controls
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(coloured).toMatch(/\u001b\[1m/);
  });
  test('no colour means no escape sequence at all', () => {
    expect(render('text')).not.toContain('\u001b');
  });
  test('no findings is a normal report: summary with zero, no case section', () => {
    const out = render('text', fixtureReport({}, [FIXTURE_CASES[2]!]));
    expect(out).toMatch(/Findings\s+│\s+0 │/);
    expect(out).not.toContain('Cases with findings (');
  });
  test('50,000 data-quality notes of one kind are a few lines of text; JSON keeps them all', () => {
    const many: DataQualityNote[] = Array.from({ length: 50_000 }, (_, i) => ({ kind: 'duplicate-removed', message: `duplicate of row ${i}`, source: { file: 'big.csv', line: i + 2 } }));
    const audits = fixtureAudits();
    const report = buildReport(audits, { version: '0', asOf: parseDateTime(AS_OF)!.day, policy: fixturePolicy(), inputs: [], dataQuality: many }, { redact: false, timelines: 'none' });
    const text = render('text', report);
    expect(text.split('\n').length).toBeLessThan(200);
    expect(text).toContain('duplicate-removed: 50000 notes');
    expect(text).toContain('and 49997 more');
    expect(JSON.parse(render('json', report)).dataQuality).toHaveLength(50_001);
    expect(groupDataQuality(many)).toEqual([{ kind: 'duplicate-removed', count: 50_000, examples: many.slice(0, 3) }]);
  });
});

describe('due soon', () => {
  test('text lists the nearest 20 pending obligations, Markdown the nearest 50, then a count', () => {
    const cases: FixtureCase[] = Array.from({ length: 60 }, (_, i) => ({ caseId: `P-${i + 1}`, rows: [['2024-11-21', 'report']] }));
    const report = fixtureReport({}, cases);
    expect(report.summary.pending).toBe(120); // first contact and risk assessment, for each case
    const text = render('text', report);
    expect(text).toContain('Due soon (120 not yet due)');
    expect(text).toContain('and 100 more (every one is in the JSON report)');
    // the nearest: the 60 first contacts (due 22/11) come before any risk assessment (due 26/11)
    const dueSoon = text.slice(text.indexOf('Due soon'));
    expect(dueSoon.match(/│ first-contact /g)).toHaveLength(20);
    expect(dueSoon).not.toContain('│ risk-assessment ');
    const md = render('md', report);
    expect(md).toContain('And 70 more, due later');
  });
});
