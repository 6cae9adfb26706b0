import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bankHolidaysOf } from '../../src/calendar/bank-holidays.js';
import { WorkingCalendar } from '../../src/calendar/working-days.js';
import { dayFromYmd, formatDay, weekday } from '../../src/dates/london.js';
import { parseDay } from '../../src/dates/parse.js';

/** England and Wales bank holidays 2018-2030 as published on gov.uk, substitute days included. */
const PUBLISHED: Record<number, string[]> = {
  2018: ['2018-01-01', '2018-03-30', '2018-04-02', '2018-05-07', '2018-05-28', '2018-08-27', '2018-12-25', '2018-12-26'],
  2019: ['2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26'],
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
  2028: ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26'],
  2029: ['2029-01-01', '2029-03-30', '2029-04-02', '2029-05-07', '2029-05-28', '2029-08-27', '2029-12-25', '2029-12-26'],
  2030: ['2030-01-01', '2030-04-19', '2030-04-22', '2030-05-06', '2030-05-27', '2030-08-26', '2030-12-25', '2030-12-26'],
};
const PUBLISHED_DAYS = new Set(Object.values(PUBLISHED).flat().map((iso) => parseDay(iso)!));
const day = (iso: string) => parseDay(iso)!;

describe('bank holidays of England and Wales', () => {
  for (const [year, dates] of Object.entries(PUBLISHED)) {
    it(`${year} matches the published list, both ways`, () => {
      const shipped = [...bankHolidaysOf(Number(year)).keys()].map(formatDay).sort();
      expect(shipped).toEqual([...dates].sort());
    });
  }

  it('every published holiday is a weekday', () => {
    for (const d of PUBLISHED_DAYS) expect([1, 2, 3, 4, 5]).toContain(weekday(d));
  });

  it('names the one-off days', () => {
    expect(bankHolidaysOf(2020).get(day('2020-05-08'))).toMatch(/VE Day/);
    expect(bankHolidaysOf(2022).get(day('2022-06-03'))).toMatch(/Jubilee/);
    expect(bankHolidaysOf(2022).get(day('2022-09-19'))).toMatch(/Funeral/);
    expect(bankHolidaysOf(2023).get(day('2023-05-08'))).toMatch(/coronation/);
    expect(bankHolidaysOf(2020).has(day('2020-05-04'))).toBe(false);
    expect(bankHolidaysOf(2022).has(day('2022-05-30'))).toBe(false);
  });

  it('names substitute days', () => {
    expect(bankHolidaysOf(2022).get(day('2022-01-03'))).toMatch(/substitute/);
    expect(bankHolidaysOf(2021).get(day('2021-12-27'))).toMatch(/Christmas Day \(substitute/);
    expect(bankHolidaysOf(2020).get(day('2020-12-28'))).toMatch(/Boxing Day \(substitute/);
  });
});

/** The plain definition: Monday to Friday and not a published bank holiday. */
function plainWorking(d: number): boolean {
  const wd = weekday(d);
  return wd !== 0 && wd !== 6 && !PUBLISHED_DAYS.has(d);
}

describe('WorkingCalendar', () => {
  const cal = new WorkingCalendar();
  const add = (iso: string, n: number) => formatDay(cal.addWorkingDays(day(iso), n));

  it('skips a weekend', () => {
    expect(add('2024-11-22', 1)).toBe('2024-11-25');
    expect(add('2024-11-23', 1)).toBe('2024-11-25');
    expect(add('2024-11-21', 5)).toBe('2024-11-28');
  });
  it('N = 0 is the day itself, even when it is not a working day', () => {
    expect(add('2024-11-23', 0)).toBe('2024-11-23');
  });
  it('skips Christmas, Boxing Day and New Year', () => {
    expect(add('2023-12-22', 1)).toBe('2023-12-27');
    expect(add('2023-12-22', 5)).toBe('2024-01-03');
    expect(add('2022-12-23', 1)).toBe('2022-12-28');
  });
  it('skips Good Friday and Easter Monday', () => {
    expect(add('2024-03-28', 1)).toBe('2024-04-02');
    expect(add('2024-03-27', 5)).toBe('2024-04-05');
  });
  it('skips the one-off holidays', () => {
    expect(add('2020-05-07', 1)).toBe('2020-05-11');
    expect(add('2020-05-01', 1)).toBe('2020-05-04'); // the moved early May holiday is a working day
    expect(add('2022-06-01', 1)).toBe('2022-06-06');
    expect(add('2022-05-27', 1)).toBe('2022-05-30');
    expect(add('2022-09-16', 1)).toBe('2022-09-20');
    expect(add('2023-05-05', 1)).toBe('2023-05-09');
    expect(add('2023-04-28', 5)).toBe('2023-05-09'); // early May and the coronation in one week
  });
  it('counts working days in (from, to], negative when reversed', () => {
    expect(cal.workingDaysBetween(day('2024-11-22'), day('2024-11-25'))).toBe(1);
    expect(cal.workingDaysBetween(day('2024-11-25'), day('2024-11-22'))).toBe(-1);
    expect(cal.workingDaysBetween(day('2024-11-22'), day('2024-11-22'))).toBe(0);
    expect(cal.workingDaysBetween(day('2023-12-22'), day('2024-01-02'))).toBe(4);
    expect(cal.workingDaysBetween(day('2023-12-27'), day('2024-01-02'))).toBe(3);
  });
  it('honours closure days a policy adds', () => {
    const closed = new WorkingCalendar(new Map([[day('2024-12-27'), 'Office closed']]));
    expect(formatDay(closed.addWorkingDays(day('2024-12-24'), 1))).toBe('2024-12-30');
    expect(closed.nonWorkingReason(day('2024-12-27'))).toBe('Office closed');
    expect(closed.nonWorkingReason(day('2024-12-25'))).toBe('Christmas Day');
    expect(closed.nonWorkingReason(day('2024-12-28'))).toBe('Saturday');
    expect(formatDay(cal.addWorkingDays(day('2024-12-24'), 1))).toBe('2024-12-27');
  });
  it('notes years outside the verified list', () => {
    const c = new WorkingCalendar();
    c.isWorkingDay(day('2030-06-03'));
    expect(c.unverifiedYears.size).toBe(0);
    c.isWorkingDay(day('2031-06-03'));
    expect([...c.unverifiedYears]).toEqual([2031]);
  });

  const first = dayFromYmd(2018, 3, 1);
  // Far enough from the end of 2030 that a span never reaches the unpublished 2031.
  const last = dayFromYmd(2030, 10, 1);
  it('addWorkingDays agrees with a plain day-by-day count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), fc.integer({ min: 0, max: 40 }), (start, n) => {
        let d = start;
        for (let left = n; left > 0; ) if (plainWorking(++d)) left--;
        expect(cal.addWorkingDays(start, n)).toBe(d);
        expect(cal.workingDaysBetween(start, d)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
  it('workingDaysBetween agrees with a plain count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), fc.integer({ min: -60, max: 60 }), (from, span) => {
        const [a, b] = span >= 0 ? [from, from + span] : [from + span, from];
        let count = 0;
        for (let d = a + 1; d <= b; d++) if (plainWorking(d)) count++;
        expect(cal.workingDaysBetween(from, from + span)).toBe(span >= 0 ? count : -count);
        expect(cal.isWorkingDay(from)).toBe(plainWorking(from));
      }),
      { numRuns: 500 },
    );
  });
});
