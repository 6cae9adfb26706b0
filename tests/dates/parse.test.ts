import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDateTime, parseDay } from '../../src/dates/parse.js';
import {
  dayFromYmd,
  daysInMonth,
  formatDay,
  formatDayUk,
  formatMoment,
  londonOffsetMinutes,
  londonWallToInstant,
  momentFromInstant,
  NO_TIME,
  ymdFromDay,
} from '../../src/dates/london.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('parseDateTime: ISO 8601', () => {
  it('reads a date as a date-only moment at London midnight', () => {
    const m = parseDateTime('2024-11-21')!;
    expect(m).toEqual({ day: dayFromYmd(2024, 11, 21), time: NO_TIME, instant: utc(2024, 11, 21) });
    // In BST, London midnight is 23:00 UTC the day before.
    expect(parseDateTime('2024-07-01')!.instant).toBe(utc(2024, 6, 30, 23));
  });
  it('reads a local date-time without offset as Europe/London', () => {
    expect(parseDateTime('2024-01-15T10:00:00')).toEqual({ day: dayFromYmd(2024, 1, 15), time: 36_000, instant: utc(2024, 1, 15, 10) });
    expect(parseDateTime('2024-07-01 10:00')).toEqual({ day: dayFromYmd(2024, 7, 1), time: 36_000, instant: utc(2024, 7, 1, 9) });
    expect(parseDateTime('2024-07-01T10:00:30.250')!.instant).toBe(utc(2024, 7, 1, 9, 0, 30) + 250);
  });
  it('reads an offset and gives the London date and time of that instant', () => {
    expect(parseDateTime('2024-07-01T23:30:00Z')).toEqual({ day: dayFromYmd(2024, 7, 2), time: 30 * 60, instant: utc(2024, 7, 1, 23, 30) });
    expect(parseDateTime('2024-07-01T10:00:00+01:00')).toEqual({ day: dayFromYmd(2024, 7, 1), time: 36_000, instant: utc(2024, 7, 1, 9) });
    expect(parseDateTime('2024-01-15T10:00:00-05:00')).toEqual({ day: dayFromYmd(2024, 1, 15), time: 15 * 3600, instant: utc(2024, 1, 15, 15) });
    expect(parseDateTime('2024-01-15T10:00:00+0530')!.instant).toBe(utc(2024, 1, 15, 4, 30));
    expect(parseDateTime('2024-01-15T10:00:00+05')!.instant).toBe(utc(2024, 1, 15, 5));
  });
});

describe('parseDateTime: UK DD/MM/YYYY', () => {
  it('reads day first, with or without leading zeros', () => {
    expect(parseDateTime('21/11/2024')!.day).toBe(dayFromYmd(2024, 11, 21));
    expect(parseDateTime('1/2/2024')!.day).toBe(dayFromYmd(2024, 2, 1));
    expect(parseDateTime('03/05/2023')!.day).toBe(dayFromYmd(2023, 5, 3));
  });
  it('reads a time with minutes and optional seconds', () => {
    expect(parseDateTime('21/11/2024 14:05')).toEqual({ day: dayFromYmd(2024, 11, 21), time: 14 * 3600 + 300, instant: utc(2024, 11, 21, 14, 5) });
    expect(parseDateTime('01/07/2024 9:05:30')).toEqual({ day: dayFromYmd(2024, 7, 1), time: 9 * 3600 + 330, instant: utc(2024, 7, 1, 8, 5, 30) });
  });
  it('accepts 29 February in a leap year only', () => {
    expect(parseDateTime('29/02/2024')!.day).toBe(dayFromYmd(2024, 2, 29));
    expect(parseDateTime('29/02/2023')).toBeUndefined();
    expect(parseDateTime('2000-02-29')).toBeDefined();
    expect(parseDateTime('1900-02-29')).toBeUndefined();
  });
});

describe('parseDateTime: values it must refuse', () => {
  it.each([
    '31/02/2024',
    '2024-13-01',
    '2024-02-30',
    '00/00/0000',
    '00/01/2024',
    '12/31/2024', // month-first is never guessed
    '13/13/2024',
    '2024-11-21T24:00',
    '2024-11-21T12:60',
    '21/11/2024 25:00',
    '2024-11-21T10:00:00+15:00',
    '2024-1-5',
    '21-11-2024',
    '21/11/24',
    'tomorrow',
    '',
    '   ',
  ])('%j', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
  it('parseDay refuses a date-time and reads a date', () => {
    expect(parseDay('2024-11-21T10:00')).toBeUndefined();
    expect(parseDay(' 21/11/2024 ')).toBe(dayFromYmd(2024, 11, 21));
  });
});

describe('British Summer Time, both sides of both clock changes', () => {
  // 2024: BST from 01:00 UTC on 31 March to 01:00 UTC on 27 October. 2023: 26 March, 29 October.
  it.each([
    ['2024-03-31T00:30', utc(2024, 3, 31, 0, 30)],
    ['2024-03-31T02:30', utc(2024, 3, 31, 1, 30)],
    ['2024-03-30T23:59', utc(2024, 3, 30, 23, 59)],
    ['2024-10-27T00:30', utc(2024, 10, 26, 23, 30)],
    ['2024-10-27T02:30', utc(2024, 10, 27, 2, 30)],
    ['2024-10-26T12:00', utc(2024, 10, 26, 11)],
    ['26/03/2023 00:59', utc(2023, 3, 26, 0, 59)],
    ['26/03/2023 03:00', utc(2023, 3, 26, 2)],
    ['29/10/2023 00:15', utc(2023, 10, 28, 23, 15)],
    ['29/10/2023 02:00', utc(2023, 10, 29, 2)],
  ])('%s', (text, instant) => {
    expect(parseDateTime(text)!.instant).toBe(instant);
  });
  it('reads the repeated autumn hour as its first (BST) occurrence', () => {
    expect(parseDateTime('2024-10-27T01:30')!.instant).toBe(utc(2024, 10, 27, 0, 30));
  });
  it('reads a time in the spring gap as GMT, keeping the date and time written', () => {
    const m = parseDateTime('2024-03-31T01:30')!;
    expect(m.instant).toBe(utc(2024, 3, 31, 1, 30));
    expect(m.day).toBe(dayFromYmd(2024, 3, 31));
    expect(m.time).toBe(5400);
  });
  it('changes offset exactly at 01:00 UTC', () => {
    expect(londonOffsetMinutes(utc(2024, 3, 31, 0, 59, 59))).toBe(0);
    expect(londonOffsetMinutes(utc(2024, 3, 31, 1))).toBe(60);
    expect(londonOffsetMinutes(utc(2024, 10, 27, 0, 59, 59))).toBe(60);
    expect(londonOffsetMinutes(utc(2024, 10, 27, 1))).toBe(0);
  });
});

describe('properties', () => {
  const date = fc
    .record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => d <= daysInMonth(y, m));

  it('any valid date written ISO and written UK reads back the same day', () => {
    fc.assert(
      fc.property(date, ({ y, m, d }) => {
        const iso = parseDateTime(`${pad(y, 4)}-${pad(m)}-${pad(d)}`);
        const uk = parseDateTime(`${pad(d)}/${pad(m)}/${pad(y, 4)}`);
        const ukShort = parseDateTime(`${d}/${m}/${y}`);
        expect(iso).toBeDefined();
        expect(uk).toEqual(iso);
        expect(ukShort).toEqual(iso);
        expect(iso!.day).toBe(dayFromYmd(y, m, d));
        expect(ymdFromDay(iso!.day)).toEqual([y, m, d]);
        expect(formatDayUk(iso!.day)).toBe(`${pad(d)}/${pad(m)}/${pad(y, 4)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('a day-first date with day > 12 never reads month-first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 13, max: 31 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2030 }), (d, m, y) => {
        expect(parseDateTime(`${pad(m)}/${pad(d)}/${y}`)).toBeUndefined();
      }),
    );
  });

  const london = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  // From 1981, when the current spring rule began (BST rules before then are not modelled).
  const instant = fc.integer({ min: utc(1981, 1, 1), max: utc(2060, 1, 1) }).map((ms) => ms - (ms % 1000));

  it('London wall time agrees with Intl (tz database) for random instants', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const parts = Object.fromEntries(london.formatToParts(ms).map((p) => [p.type, p.value]));
        const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
        const m = momentFromInstant(ms);
        expect(formatDay(m.day)).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect(m.time).toBe(+parts.hour! * 3600 + +parts.minute! * 60 + +parts.second!);
        const parsed = parseDateTime(wall)!;
        expect(parsed.day).toBe(m.day);
        expect(parsed.time).toBe(m.time);
        // Only the repeated autumn hour is ambiguous; it reads as the earlier (BST) instant.
        const repeated = londonOffsetMinutes(ms) === 0 && londonOffsetMinutes(ms - 3_600_000) === 60;
        expect(parsed.instant).toBe(repeated ? ms - 3_600_000 : ms);
        expect(londonWallToInstant(m.day, m.time)).toBe(parsed.instant);
      }),
      { numRuns: 2000 },
    );
  });

  it('the clock changes agree with Intl every year', () => {
    for (let year = 1981; year <= 2040; year++) {
      for (const month of [3, 10]) {
        for (let d = 24; d <= 31; d++) {
          for (const h of [0, 1, 2]) {
            const ms = utc(year, month, d, h, 30);
            const hour = +london.formatToParts(ms).find((p) => p.type === 'hour')!.value;
            expect((hour - h + 24) % 24).toBe(londonOffsetMinutes(ms) / 60);
          }
        }
      }
    }
  });

  it('formatMoment reads back to the same moment', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const m = momentFromInstant(ms);
        expect(parseDateTime(formatMoment(m))).toEqual(m);
        const dateOnly = parseDateTime(formatDay(m.day))!;
        expect(formatMoment(dateOnly)).toBe(formatDay(m.day));
        expect(parseDateTime(formatMoment(dateOnly))).toEqual(dateOnly);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatMoment writes London time with its offset', () => {
    expect(formatMoment(parseDateTime('2024-06-03T09:15')!)).toBe('2024-06-03T09:15:00+01:00');
    expect(formatMoment(parseDateTime('2024-01-03T09:15')!)).toBe('2024-01-03T09:15:00Z');
    expect(formatMoment(parseDateTime('2024-10-27T01:30')!)).toBe('2024-10-27T01:30:00+01:00');
  });
});
