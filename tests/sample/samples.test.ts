import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseDateTime, parseDay } from '../../src/dates/parse.js';
import { NO_TIME } from '../../src/dates/london.js';
import { CATEGORIES } from '../../src/model/case.js';
import { CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, EVENT_TYPES, PARTIES } from '../../src/model/event.js';
import { SAMPLE_CASE_COLUMNS, SAMPLE_EVENT_COLUMNS } from '../../src/sample/write.js';

/** The hand-checked samples/ export: its README's expected findings rely on these facts. */
type Row = Record<string, string>;
const root = new URL('../../samples/', import.meta.url);
const eventsText = readFileSync(new URL('events.csv', root), 'utf8');
const casesText = readFileSync(new URL('cases.csv', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');
const events = parse(eventsText, { columns: true }) as Row[];
const cases = parse(casesText, { columns: true }) as Row[];
const AS_OF = parseDay('2024-11-21')!;
const ids = Array.from({ length: 16 }, (_, i) => `ASB-${String(i + 1).padStart(4, '0')}`);

describe('samples/', () => {
  it('has the canonical columns', () => {
    expect(eventsText.split('\n', 1)[0]).toBe(SAMPLE_EVENT_COLUMNS.join(','));
    expect(casesText.split('\n', 1)[0]).toBe(SAMPLE_CASE_COLUMNS.join(','));
  });

  it('holds cases ASB-0001 to ASB-0016, each with a record and events', () => {
    expect(cases.map((c) => c.case_id)).toEqual(ids);
    expect([...new Set(events.map((e) => e.case_id))].sort()).toEqual(ids);
    expect(events.length).toBe(274);
  });

  it('uses only canonical types and values', () => {
    for (const e of events) {
      expect(EVENT_TYPES as readonly string[]).toContain(e.type);
      if (e.party) expect(PARTIES as readonly string[]).toContain(e.party);
      if (e.direction) expect(DIRECTIONS as readonly string[]).toContain(e.direction);
      if (e.channel) expect(CHANNELS as readonly string[]).toContain(e.channel);
      if (e.outcome) expect(CONTACT_OUTCOMES as readonly string[]).toContain(e.outcome);
    }
    for (const c of cases) expect(CATEGORIES as readonly string[]).toContain(c.category);
  });

  it('dates all parse, mix ISO and UK forms, and none is after the audit date', () => {
    const forms = new Set<string>();
    for (const e of events) {
      const m = parseDateTime(e.occurred_at!);
      expect(m, e.occurred_at).toBeDefined();
      expect(m!.day).toBeLessThanOrEqual(AS_OF);
      forms.add(e.occurred_at!.includes('/') ? 'uk' : /[Z+]/.test(e.occurred_at!.slice(10)) ? 'offset' : 'iso');
      if (m!.time !== NO_TIME) forms.add('timed');
    }
    expect([...forms].sort()).toEqual(['iso', 'offset', 'timed', 'uk']);
  });

  it('lists rows in date order with unique event ids', () => {
    const key = (e: Row) => {
      const m = parseDateTime(e.occurred_at!)!;
      return m.day * 86_401 + (m.time === NO_TIME ? 0 : m.time + 1);
    };
    for (let i = 1; i < events.length; i++) expect(key(events[i]!)).toBeGreaterThanOrEqual(key(events[i - 1]!));
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it('every case has its report, except ASB-0015 which has only reported_at', () => {
    for (const c of cases) {
      const report = events.find((e) => e.case_id === c.case_id && e.type === 'report');
      const reported = parseDateTime(c.reported_at!);
      expect(reported, c.case_id).toBeDefined();
      if (c.case_id === 'ASB-0015') expect(report).toBeUndefined();
      else expect(parseDateTime(report!.occurred_at!)!.day, c.case_id).toBe(reported!.day);
    }
  });

  it('tells the stories the README describes', () => {
    const record = (id: string) => cases.find((c) => c.case_id === id)!;
    expect(record('ASB-0007').category).toBe('domestic_abuse');
    expect(record('ASB-0002').alleged_perpetrator_ref).toBe(record('ASB-0003').alleged_perpetrator_ref);
    expect(record('ASB-0002').hate_motivated).toBe('false');
    expect(events.some((e) => e.case_id === 'ASB-0002' && e.type === 'hate_incident_recorded')).toBe(false);
    expect(events.some((e) => e.case_id === 'ASB-0007' && /risk_assessment|safeguarding_referral|support_signposted/.test(e.type!))).toBe(false);
    expect(events.filter((e) => e.case_id === 'ASB-0012' && e.type === 'case_reopened').length).toBe(1);
    for (const id of ids) expect(readme).toContain(`### ${id}:`);
  });
});
