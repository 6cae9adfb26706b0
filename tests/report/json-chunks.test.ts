import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseText, formatJson, formatJsonChunks, JSON_CHUNK, jsonString } from '../../src/report/formatters/json.js';
import type { AuditReport } from '../../src/report/types.js';
import { fixtureReport } from './fixture.js';

const joined = (report: AuditReport) => [...formatJsonChunks(report)];

describe('formatJsonChunks: the JSON report a few cases at a time', () => {
  it.each([false, true])('is the same text as formatJson (redact %s)', (redact) => {
    const report = fixtureReport({ redact });
    expect(report.cases.length).toBeGreaterThan(1);
    expect(joined(report).join('')).toBe(formatJson(report, { colour: false }));
  });

  it('is the same text when there is no case (an empty array on one line)', () => {
    const report: AuditReport = { ...fixtureReport(), cases: [] };
    const chunks = joined(report);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toBe(formatJson(report, { colour: false }));
    expect(chunks[0]).toContain('\n  "cases": [],\n');
  });

  it('joins case texts rendered elsewhere (as workers do, from a clone of each case): the same text', () => {
    const report = fixtureReport();
    const rendered = report.cases.map((c) => caseText(structuredClone(c)));
    // The report around the cases, and the cases only as text.
    const text = [...formatJsonChunks({ ...report, cases: [] }, rendered)].join('');
    expect(text).toBe(formatJson(report, { colour: false }));
  });

  it('joins case texts rendered as UTF-8 bytes (as worker threads send them), multi-byte text included: the same text', () => {
    const report = fixtureReport();
    const withAccents: AuditReport = { ...report, cases: report.cases.map((c, i) => (i === 0 ? { ...c, team: 'Équipe Nord — “ASB” 😀' } : c)) };
    const bytes = withAccents.cases.map((c) => new TextEncoder().encode(caseText(c)));
    const mixed = bytes.map((b, i) => (i % 2 === 0 ? b : caseText(withAccents.cases[i]!)));
    for (const texts of [bytes, mixed]) {
      expect([...formatJsonChunks({ ...withAccents, cases: [] }, texts)].join('')).toBe(formatJson(withAccents, { colour: false }));
    }
  });

  it('is the same text for one case', () => {
    const report: AuditReport = { ...fixtureReport(), cases: fixtureReport().cases.slice(0, 1) };
    expect(joined(report).join('')).toBe(formatJson(report, { colour: false }));
  });

  it('splits a large report into chunks of at least JSON_CHUNK characters that join to the same text', () => {
    const base = fixtureReport();
    const cases = Array.from({ length: 3000 }, () => base.cases).flat();
    const report: AuditReport = { ...base, cases };
    const chunks = joined(report);
    const whole = formatJson(report, { colour: false });
    expect(whole.length).toBeGreaterThan(3 * (1 << 20));
    expect(chunks.length).toBeGreaterThan(whole.length / (2 * JSON_CHUNK));
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(JSON_CHUNK);
    expect(chunks.join('')).toBe(whole);
  });

  it('writes any case as JSON.stringify would: optional fields, quotes, newlines and non-ASCII in values', () => {
    const base = fixtureReport();
    const withFindings = base.cases.find((c) => c.findings.length > 0)!;
    const withPending = base.cases.find((c) => c.pending.length > 0)!;
    expect(withFindings).toBeDefined();
    expect(withPending).toBeDefined();
    const text = fc.string({ unit: 'grapheme' });
    const optionalText = fc.option(text, { nil: undefined });
    const source = fc.oneof(
      fc.record({ file: text, line: fc.nat() }),
      fc.record({ file: text, pointer: text }),
      fc.record({ file: text }),
    );
    const evidence = fc.array(fc.record({ type: text, occurredAt: text, source }), { maxLength: 3 });
    const nullable = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
    const findingArb = fc.record(
      {
        rule: text,
        theme: text,
        severity: fc.constantFrom('low' as const, 'critical' as const),
        baseSeverity: fc.constantFrom('low' as const, 'high' as const),
        aggravatedBy: text,
        kind: fc.constantFrom('missing' as const, 'late' as const),
        message: text,
        dueAt: nullable(text),
        metAt: nullable(text),
        daysLate: nullable(fc.integer()),
        workingDaysLate: nullable(fc.integer()),
        policyRef: text,
        evidence,
        fingerprint: text,
        details: fc.constant({ from: 'x' }),
      },
      { requiredKeys: ['rule', 'theme', 'severity', 'baseSeverity', 'kind', 'message', 'dueAt', 'metAt', 'daysLate', 'policyRef', 'evidence', 'fingerprint'] },
    );
    const pendingArb = fc.record({ rule: text, message: text, dueAt: text, evidence });
    const caseArb = fc.record({
      caseId: text,
      state: fc.constantFrom('open' as const, 'closed' as const, 'never-opened' as const),
      reopened: fc.boolean(),
      reportedAt: fc.option(text, { nil: null }),
      closedAt: fc.option(text, { nil: null }),
      landlord: optionalText,
      team: optionalText,
      officer: optionalText,
      category: optionalText,
      priority: optionalText,
      aggravatedBy: optionalText,
      eventCount: fc.nat(),
      findings: fc.oneof(fc.constant(withFindings.findings), fc.array(findingArb, { maxLength: 3 })),
      pending: fc.oneof(fc.constant(withPending.pending), fc.array(pendingArb, { maxLength: 3 })),
    });
    fc.assert(
      fc.property(caseArb, (c) => {
        // undefined optional fields are absent, as the report builder leaves them.
        const kase = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as AuditReport['cases'][number];
        const report: AuditReport = { ...base, cases: [kase] };
        expect(joined(report).join('')).toBe(formatJson(report, { colour: false }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonString: JSON.stringify of a string, quoted directly when nothing needs escaping', () => {
  const special = fc.constantFrom('"', '\\', '\u0000', '\n', '\r', '\t', '\u001f', '\u007f', '\u2028', '\u2029', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', 'é', '/');
  const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
  const mixed = fc.array(fc.oneof(special, anyUnit, fc.string({ unit: 'grapheme-ascii' })), { maxLength: 20 }).map((parts) => parts.join(''));

  it('agrees with JSON.stringify on arbitrary strings: lone and paired surrogates, U+2028, control characters', () => {
    fc.assert(
      fc.property(fc.oneof(mixed, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
        expect(jsonString(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['', 'plain ASCII', 'a "quote"', 'back\\slash', 'tab\there', '\u0000', '\u001f', '\u007f', 'line\u2028sep', 'lone \ud800 high', 'lone \udfff low', 'pair \ud83d\ude00', 'reversed \ude00\ud83d', 'caf\u00e9'])(
    'agrees with JSON.stringify on %j',
    (s) => expect(jsonString(s)).toBe(JSON.stringify(s)),
  );
});
