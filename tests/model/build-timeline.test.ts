import { describe, expect, test } from 'vitest';
import { formatDay } from '../../src/dates/london.js';
import { timelineOf, type Row } from '../templates/harness.js';

const asOf = '2024-11-21';

describe('buildTimeline', () => {
  test('sorts by date, date-only first on a day, then time, then source order', () => {
    const t = timelineOf({
      asOf,
      rows: [
        ['2024-06-03 10:00', 'contact', { detail: 'b' }],
        ['2024-06-03', 'report', { detail: 'a' }],
        ['03/06/2024 09:00', 'incident', { detail: 'c' }],
        ['2024-06-03 10:00', 'contact', { detail: 'd' }],
      ],
    });
    expect(t.events.map((e) => e.detail)).toEqual(['a', 'c', 'b', 'd']);
  });

  test('open periods: closed, reopened, closed again; events on a closure date belong to the closed period', () => {
    const rows: Row[] = [
      ['2024-01-02', 'report'],
      ['2024-02-01 10:00', 'case_closed'],
      ['2024-02-01 15:00', 'contact'],
      ['2024-02-10', 'case_reopened'],
      ['2024-03-01', 'case_closed'],
    ];
    const t = timelineOf({ asOf, rows });
    expect(t.periods.map((p) => [formatDay(p.start.day), p.end ? formatDay(p.end.day) : null])).toEqual([
      ['2024-01-02', '2024-02-01'],
      ['2024-02-10', '2024-03-01'],
    ]);
    expect(t.state).toBe('closed');
    expect(t.reopened).toBe(true);
    expect(t.events.map((_, i) => t.periodOf(i))).toEqual([0, 0, 0, 1, 1]);
  });

  test('a later report on a closed case does not reopen it and is noted', () => {
    const t = timelineOf({ asOf, rows: [['2024-01-02', 'report'], ['2024-02-01', 'case_closed'], ['2024-02-05', 'report']] });
    expect(t.state).toBe('closed');
    expect(t.periodOf(2)).toBe(-1);
    expect(t.notes.map((n) => n.kind)).toEqual(['event-while-closed']);
  });

  test('reported_at opens a case without a report; events before it are noted', () => {
    const t = timelineOf({ asOf, rows: [['2024-05-30', 'contact'], ['2024-06-04', 'incident']], record: { reportedAt: '2024-06-01' } });
    expect(t.reportIndex).toBe(-1);
    expect(formatDay(t.reported!.day)).toBe('2024-06-01');
    expect(t.state).toBe('open');
    expect(t.notes.map((n) => n.kind)).toEqual(['event-before-report']);
    expect([t.periodOf(0), t.periodOf(1)]).toEqual([-1, 0]);
  });

  test('a case with neither report nor reported_at is never open', () => {
    const t = timelineOf({ asOf, rows: [['2024-06-04', 'complaint']] });
    expect(t.state).toBe('never-opened');
    expect(t.periods).toHaveLength(0);
    expect(t.notes.map((n) => n.kind)).toEqual(['never-opened']);
  });

  test('events after the audit date are left out and noted', () => {
    const t = timelineOf({ asOf: '2024-06-10', rows: [['2024-06-03', 'report'], ['2024-06-10 23:59', 'contact'], ['2024-06-11', 'contact']] });
    expect(t.events).toHaveLength(2);
    expect(t.afterAsOf).toHaveLength(1);
    expect(t.notes.map((n) => n.kind)).toEqual(['event-after-as-of']);
  });

  test('indicesOf lists one type in order', () => {
    const t = timelineOf({ asOf, rows: [['2024-06-05', 'contact'], ['2024-06-03', 'report'], ['2024-06-04', 'contact']] });
    expect(t.indicesOf('contact')).toEqual([1, 2]);
    expect(t.indicesOf('action')).toEqual([]);
  });
});

test('a date-only event on the date of a timed report is not before it', () => {
  const t = timelineOf({ asOf, rows: [['2024-09-02 08:50', 'report'], ['2024-09-02', 'third_party_out'], ['2024-09-01', 'contact']] });
  expect(t.notes.map((n) => [n.kind, n.source?.line])).toEqual([['event-before-report', 4]]);
  expect(t.periodOf(1)).toBe(0);
});

test('an event on the closure date belongs to the period the closure ends, and is not noted as while closed', () => {
  const t = timelineOf({ asOf, rows: [['2024-06-03', 'report'], ['2024-06-20', 'case_closed'], ['2024-06-20', 'update_requested'], ['2024-06-21', 'incident']] });
  expect(t.events.map((_, i) => t.periodOf(i))).toEqual([0, 0, 0, -1]);
  expect(t.notes.map((n) => [n.kind, n.source?.line])).toEqual([['event-while-closed', 5]]);
});
