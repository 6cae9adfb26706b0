/**
 * Dates as caseaudit reasons about them: a civil date in Europe/London ("day", counted in days
 * since 1970-01-01), an optional time of day on that date, and the UTC instant.
 *
 * Rules compare dates, not instants (SPEC 2.1: "gaps in days are differences of calendar dates"),
 * and a date written without a time must stay date-only: an event logged "21/11/2024" did not
 * happen at midnight. So every parsed value keeps the three apart.
 *
 * The UK clock rule (BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October) is computed here rather than through Intl because it is applied to every
 * event of a million-row export; tests check it against Intl's tz database.
 */

export const MS_PER_DAY = 86_400_000;
export const NO_TIME = -1;

/** A point on a case's timeline. */
export interface Moment {
  /** Civil date in Europe/London, days since 1970-01-01. */
  readonly day: number;
  /** Seconds after London midnight on `day`, or NO_TIME (-1) when only a date was given. */
  readonly time: number;
  /** UTC epoch milliseconds; for a date-only value, London midnight of that date. */
  readonly instant: number;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1-12). */
export function dayFromYmd(year: number, month: number, dayOfMonth: number): number {
  // Howard Hinnant's days_from_civil: exact integer arithmetic, no Date objects.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day of month] of a day number. */
export function ymdFromDay(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function lastSundayOf(year: number, month: number): number {
  const last = dayFromYmd(year, month, daysInMonth(year, month));
  return last - weekday(last);
}

function sundayOnOrAfter(year: number, month: number, dayOfMonth: number): number {
  const day = dayFromYmd(year, month, dayOfMonth);
  return day + ((7 - weekday(day)) % 7);
}

const bstCache = new Map<number, [number, number]>();

/** UTC instants (ms) at which BST starts and ends in a year. */
function bstBounds(year: number): [number, number] {
  let bounds = bstCache.get(year);
  if (!bounds) {
    // Until 1995 BST ended on the first Sunday on or after 23 October (22 from 1990), not the
    // last Sunday (tz database, rules GB-Eire). Before 1981 the rules changed year by year and are
    // not modelled.
    const end = year >= 1996 ? lastSundayOf(year, 10) : sundayOnOrAfter(year, 10, year <= 1989 ? 23 : 22);
    bounds = [lastSundayOf(year, 3) * MS_PER_DAY + 3_600_000, end * MS_PER_DAY + 3_600_000];
    bstCache.set(year, bounds);
  }
  return bounds;
}

/** London's offset from UTC in minutes (0 or 60) at a UTC instant. */
export function londonOffsetMinutes(instant: number): number {
  const year = ymdFromDay(Math.floor(instant / MS_PER_DAY))[0];
  const [start, end] = bstBounds(year);
  return instant >= start && instant < end ? 60 : 0;
}

/**
 * UTC instant of a London wall-clock time. In the spring-forward gap (01:00-02:00 on the last
 * Sunday of March, a time no clock showed) the time is read as GMT; in the repeated autumn hour
 * the first (BST) reading is taken, the earlier of the two, so deadlines never start later
 * than the record allows.
 */
export function londonWallToInstant(day: number, seconds: number): number {
  const wall = day * MS_PER_DAY + seconds * 1000;
  const asBst = wall - 3_600_000;
  if (londonOffsetMinutes(asBst) === 60) return asBst;
  return wall;
}

/** The London civil date and time of a UTC instant. */
export function momentFromInstant(instant: number): Moment {
  const local = instant + londonOffsetMinutes(instant) * 60_000;
  const day = Math.floor(local / MS_PER_DAY);
  const time = Math.floor((local - day * MS_PER_DAY) / 1000);
  return { day, time, instant };
}

export function dateOnly(day: number): Moment {
  return { day, time: NO_TIME, instant: londonWallToInstant(day, 0) };
}

/** Today's date in Europe/London. */
export function todayInLondon(now: number = Date.now()): number {
  return momentFromInstant(now).day;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

function pad4(n: number): string {
  return n >= 0 && n < 10000 ? String(n).padStart(4, '0') : String(n);
}

/** `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  const [y, m, d] = ymdFromDay(day);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** `DD/MM/YYYY`, as UK readers of a report expect. */
export function formatDayUk(day: number): string {
  const [y, m, d] = ymdFromDay(day);
  return `${pad2(d)}/${pad2(m)}/${pad4(y)}`;
}

/** `HH:MM` (seconds shown only when not zero). */
export function formatTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return s === 0 ? `${pad2(h)}:${pad2(m)}` : `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/**
 * ISO 8601 for reports: `2024-11-21` for a date-only moment, otherwise London local time with
 * its offset (`2024-06-03T09:15:00+01:00`), so the value reads as the officer wrote it and is
 * still unambiguous.
 */
export function formatMoment(m: Moment): string {
  if (m.time === NO_TIME) return formatDay(m.day);
  const offset = londonOffsetMinutes(m.instant);
  const h = Math.floor(m.time / 3600);
  const min = Math.floor((m.time % 3600) / 60);
  const s = m.time % 60;
  return `${formatDay(m.day)}T${pad2(h)}:${pad2(min)}:${pad2(s)}${offset === 60 ? '+01:00' : 'Z'}`;
}
