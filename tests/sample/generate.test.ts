import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { generateSample, type GeneratedSample } from '../../src/sample/generate.js';
import { renderSample, SAMPLE_CASE_COLUMNS, SAMPLE_EVENT_COLUMNS, type RenderedSample } from '../../src/sample/write.js';
import { parseDateTime, parseDay } from '../../src/dates/parse.js';
import { EVENT_TYPES, PARTIES, CHANNELS, DIRECTIONS, CONTACT_OUTCOMES } from '../../src/model/event.js';
import { NO_TIME } from '../../src/dates/london.js';

type Row = Record<string, string>;
const AS_OF = parseDay('2024-11-21')!;

describe('determinism', () => {
  it('the same seed gives byte-identical files', () => {
    const a = renderSample(generateSample({ cases: 150, seed: 42 }));
    const b = renderSample(generateSample({ cases: 150, seed: 42 }));
    expect(b.eventsCsv).toBe(a.eventsCsv);
    expect(b.casesCsv).toBe(a.casesCsv);
    expect(b.eventsJson).toBe(a.eventsJson);
  });
  it('a different seed gives a different sample', () => {
    const a = renderSample(generateSample({ cases: 150, seed: 42 }));
    const b = renderSample(generateSample({ cases: 150, seed: 43 }));
    expect(b.eventsCsv).not.toBe(a.eventsCsv);
    expect(b.casesCsv).not.toBe(a.casesCsv);
  });
  it('a larger sample starts with the same cases', () => {
    const small = generateSample({ cases: 20, seed: 5 });
    const large = generateSample({ cases: 40, seed: 5 });
    expect(large.cases.slice(0, 20).map((c) => [c.caseId, c.category, c.reportedDay, c.eventCount])).toEqual(
      small.cases.map((c) => [c.caseId, c.category, c.reportedDay, c.eventCount]),
    );
  });
});

describe('shape of a 1,500-case sample', () => {
  let sample: GeneratedSample;
  let files: RenderedSample;
  let rows: Row[];
  let caseRows: Row[];
  const byType = new Map<string, number>();
  const byCase = new Map<string, Row[]>();

  beforeAll(() => {
    sample = generateSample({ cases: 1500, seed: 7 });
    files = renderSample(sample);
    rows = parse(files.eventsCsv, { columns: true }) as Row[];
    caseRows = parse(files.casesCsv, { columns: true }) as Row[];
    for (const r of rows) {
      byType.set(r.type!, (byType.get(r.type!) ?? 0) + 1);
      let list = byCase.get(r.case_id!);
      if (!list) byCase.set(r.case_id!, (list = []));
      list.push(r);
    }
  });

  it('reads back with csv-parse: one row per event, one per case, canonical headers', () => {
    expect(rows.length).toBe(sample.events.length);
    expect(caseRows.length).toBe(1500);
    expect(files.eventsCsv.split('\n', 1)[0]).toBe(SAMPLE_EVENT_COLUMNS.join(','));
    expect(files.casesCsv.split('\n', 1)[0]).toBe(SAMPLE_CASE_COLUMNS.join(','));
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    expect(new Set(caseRows.map((r) => r.case_id)).size).toBe(1500);
    expect(caseRows[0]!.case_id).toBe('ASB-0001');
  });

  it('uses only canonical values', () => {
    const allowed = (list: readonly string[]) => new Set(['', ...list]);
    const types = new Set<string>(EVENT_TYPES);
    const parties = allowed(PARTIES);
    const channels = allowed(CHANNELS);
    const directions = allowed(DIRECTIONS);
    const outcomes = allowed(CONTACT_OUTCOMES);
    const odd = rows.filter(
      (r) => !types.has(r.type!) || !parties.has(r.party!) || !channels.has(r.channel!) || !directions.has(r.direction!) || !outcomes.has(r.outcome!),
    );
    expect(odd).toEqual([]);
  });

  it('has every event type, contacts the most common, in sensible proportions', () => {
    for (const t of EVENT_TYPES) expect(byType.get(t) ?? 0, t).toBeGreaterThan(0);
    const share = (t: string) => (byType.get(t) ?? 0) / rows.length;
    const top = [...byType].sort((a, b) => b[1] - a[1])[0]![0];
    expect(top).toBe('contact');
    expect(share('contact')).toBeGreaterThan(0.3);
    expect(share('contact')).toBeLessThan(0.65);
    expect(share('incident')).toBeGreaterThan(0.08);
    expect(share('third_party_in') + share('third_party_out')).toBeGreaterThan(0.02);
    expect(byType.get('report')!).toBeGreaterThan(1400);
    expect(byType.get('report')!).toBeLessThanOrEqual(1500);
    expect(byType.get('case_reopened')!).toBeLessThan(byType.get('case_closed')!);
    expect(rows.some((r) => r.type === 'complaint' && r.stage === '2')).toBe(true);
  });

  it('interleaves the cases by date, as real exports do', () => {
    const key = (r: Row) => {
      const m = parseDateTime(r.occurred_at!)!;
      return m.day * 86_401 + (m.time === NO_TIME ? 0 : m.time + 1);
    };
    for (let i = 1; i < rows.length; i++) expect(key(rows[i]!) >= key(rows[i - 1]!), `row ${i + 2}`).toBe(true);
    let switches = 0;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.case_id !== rows[i - 1]!.case_id) switches++;
    expect(switches / rows.length).toBeGreaterThan(0.8);
    // A long case's rows are spread over the file, not in one block.
    const big = sample.cases.find((c) => c.eventCount >= 30)!;
    const lines = rows.flatMap((r, i) => (r.case_id === big.caseId ? [i] : []));
    expect(lines.at(-1)! - lines[0]! + 1).toBeGreaterThan(lines.length * 10);
  });

  it('every date parses, in both ISO and UK forms, none after the export date', () => {
    let uk = 0;
    let timed = 0;
    for (const r of rows) {
      const m = parseDateTime(r.occurred_at!);
      expect(m, r.occurred_at).toBeDefined();
      expect(m!.day).toBeLessThanOrEqual(AS_OF);
      if (r.occurred_at!.includes('/')) uk++;
      if (m!.time !== NO_TIME) timed++;
    }
    expect(uk / rows.length).toBeGreaterThan(0.05);
    expect(uk / rows.length).toBeLessThan(0.5);
    expect(timed / rows.length).toBeGreaterThan(0.05);
    for (const c of caseRows) expect(parseDateTime(c.reported_at!), c.reported_at).toBeDefined();
  });

  it('every case has a report row or a reported date, and no event before it', () => {
    for (const c of caseRows) {
      const events = byCase.get(c.case_id!) ?? [];
      expect(events.length, c.case_id).toBeGreaterThan(0);
      const reported = parseDateTime(c.reported_at!)!.day;
      const report = events.find((e) => e.type === 'report');
      if (report) expect(parseDateTime(report.occurred_at!)!.day).toBe(reported);
      for (const e of events) expect(parseDateTime(e.occurred_at!)!.day, `${c.case_id} ${e.type}`).toBeGreaterThanOrEqual(reported);
    }
  });

  it('has cases of a few to 100+ events, spanning weeks to two years', () => {
    const counts = sample.cases.map((c) => c.eventCount).sort((a, b) => a - b);
    expect(counts[0]).toBeGreaterThanOrEqual(1);
    expect(counts.at(-1)).toBeGreaterThan(100);
    expect(counts.at(-1)).toBeLessThanOrEqual(250);
    const mean = sample.events.length / sample.cases.length;
    expect(mean).toBeGreaterThan(15);
    expect(mean).toBeLessThan(30);
    const spans = [...byCase.values()].map((events) => parseDateTime(events.at(-1)!.occurred_at!)!.day - parseDateTime(events[0]!.occurred_at!)!.day);
    expect(spans.filter((s) => s >= 7 && s <= 60).length).toBeGreaterThan(300);
    expect(Math.max(...spans)).toBeGreaterThan(365);
  });

  it('carries the signals the default policy reads: hate, vulnerability, risk of harm', () => {
    const notes = rows.map((r) => r.detail!);
    expect(notes.some((n) => /\bracial slurs?\b|\bracist\b|homophobic/i.test(n))).toBe(true);
    expect(notes.some((n) => /self-harming|mental health|anxious|pregnant|wheelchair|autistic/i.test(n))).toBe(true);
    expect(notes.some((n) => /\bknife\b|\bgun\b|threats to kill|assault|domestic abuse/i.test(n))).toBe(true);
  });

  it('has well-handled cases and cases with failings', () => {
    const count = (pred: (events: Row[]) => boolean) => [...byCase.values()].filter(pred).length;
    const has = (events: Row[], t: string) => events.some((e) => e.type === t);
    expect(count((e) => has(e, 'report') && !has(e, 'risk_assessment'))).toBeGreaterThan(20);
    expect(count((e) => has(e, 'report') && !has(e, 'action_plan'))).toBeGreaterThan(20);
    expect(count((e) => has(e, 'case_closed') && !has(e, 'closure_notified'))).toBeGreaterThan(5);
    expect(count((e) => has(e, 'third_party_in') && !has(e, 'third_party_out'))).toBeGreaterThan(5);
    expect(count((e) => has(e, 'risk_assessment') && has(e, 'action_plan') && has(e, 'case_review_signposted'))).toBeGreaterThan(500);
    expect(caseRows.some((c) => c.hate_motivated === 'true')).toBe(true);
    expect(caseRows.some((c) => c.vulnerabilities !== '' && c.vulnerabilities !== 'none')).toBe(true);
  });

  it('writes the same data as JSON, grouped by case, each case in time order', () => {
    const json = JSON.parse(files.eventsJson) as { cases: Array<Record<string, unknown> & { events: Array<Record<string, unknown>> }> };
    expect(json.cases.length).toBe(1500);
    const csvById = new Map(rows.map((r) => [r.event_id!, r]));
    const fromJson: Row[] = [];
    const fromCsv: Row[] = [];
    const unordered: string[] = [];
    json.cases.forEach((c, i) => {
      const record = caseRows[i]!;
      expect(Object.fromEntries(SAMPLE_CASE_COLUMNS.map((col) => [col, String(c[col])]))).toEqual(record);
      let previous = -Infinity;
      for (const e of c.events) {
        fromJson.push(Object.fromEntries(SAMPLE_EVENT_COLUMNS.map((col) => [col, e[col] === undefined ? '' : String(e[col])])));
        fromCsv.push(csvById.get(e.event_id as string)!);
        const m = parseDateTime(e.occurred_at as string)!;
        const k = m.day * 86_401 + m.time + 1;
        if (k < previous) unordered.push(e.event_id as string);
        previous = k;
      }
    });
    expect(fromJson.length).toBe(rows.length);
    expect(fromJson).toEqual(fromCsv);
    expect(unordered).toEqual([]);
  });
});

describe('options', () => {
  it('caps the events of a case', () => {
    const sample = generateSample({ cases: 300, seed: 3, eventsPerCaseMax: 12 });
    expect(Math.max(...sample.cases.map((c) => c.eventCount))).toBeLessThanOrEqual(12);
    expect(sample.cases.every((c) => c.eventCount >= 1)).toBe(true);
  });
  it('keeps every event on or before the export date given', () => {
    const asOf = parseDay('2021-06-30')!;
    const sample = generateSample({ cases: 200, seed: 3, asOf });
    expect(Math.max(...sample.events.day)).toBeLessThanOrEqual(asOf);
    expect(Math.max(...sample.events.day)).toBeGreaterThan(asOf - 30);
  });
  it('gives an empty export for zero cases', () => {
    const files = renderSample(generateSample({ cases: 0, seed: 1 }));
    expect(files.eventsCsv).toBe(SAMPLE_EVENT_COLUMNS.join(',') + '\n');
    expect(JSON.parse(files.eventsJson)).toEqual({ cases: [] });
  });
});
