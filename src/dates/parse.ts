import { dayFromYmd, daysInMonth, londonWallToInstant, momentFromInstant, NO_TIME, type Moment, MS_PER_DAY } from './london.js';

/**
 * Reads the date forms of SPEC 1.1: ISO 8601 dates and date-times (with or without an offset,
 * `T` or a space between date and time) and UK `DD/MM/YYYY[ HH:MM[:SS]]`. A slash date is always
 * day-first: month-first is never guessed, so `12/31/2024` is unreadable rather than silently
 * wrong. Returns undefined for anything it cannot read exactly; the caller names file, line and
 * column.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export function parseDateTime(input: string): Moment | undefined {
  const text = input.trim();
  if (text.length === 0) return undefined;
  let m = ISO.exec(text);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], m[8]);
  m = UK.exec(text);
  if (m) return build(+m[3]!, +m[2]!, +m[1]!, m[4], m[5], m[6], undefined, undefined);
  return undefined;
}

function build(
  year: number,
  month: number,
  dom: number,
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  fraction: string | undefined,
  zone: string | undefined,
): Moment | undefined {
  if (month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month)) return undefined;
  const day = dayFromYmd(year, month, dom);
  if (hh === undefined) return { day, time: NO_TIME, instant: londonWallToInstant(day, 0) };
  const h = +hh;
  const min = +mm!;
  const s = ss === undefined ? 0 : +ss;
  // 24:00 is ISO for the end of a day; exports do not use it and it would move the date.
  if (h > 23 || min > 59 || s > 59) return undefined;
  const seconds = h * 3600 + min * 60 + s;
  const millis = fraction ? Math.floor(+('0.' + fraction) * 1000) : 0;
  if (zone === undefined) {
    const instant = londonWallToInstant(day, seconds) + millis;
    return momentFromInstant(instant).day === day ? { day, time: seconds, instant } : momentFromInstant(instant);
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 14 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const instant = day * MS_PER_DAY + seconds * 1000 + millis - offsetMinutes * 60_000;
  return momentFromInstant(instant);
}

/** Reads a date-only value (`--as-of`, closure days in a policy). */
export function parseDay(input: string): number | undefined {
  const m = parseDateTime(input);
  return m && m.time === NO_TIME ? m.day : undefined;
}
