import { formatDayUk, formatTime, NO_TIME, ymdFromDay } from '../../dates/london.js';
import { parseDateTime } from '../../dates/parse.js';

/**
 * A report date as a position on a day axis: days since 1970-01-01 plus the fraction of the day
 * (London wall clock), or undefined when the text is not a date (drawn nothing rather than wrong).
 */
export function dayPosition(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const m = parseDateTime(text);
  if (!m) return undefined;
  return m.time === NO_TIME ? m.day : m.day + m.time / 86_400;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `3 Jun 2024`: short and unambiguous for axis ticks. */
export function shortDay(day: number): string {
  const [y, m, d] = ymdFromDay(Math.floor(day));
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A report date as UK readers write it (`03/06/2024 09:15`), or the text itself if unreadable. */
export function ukMoment(text: string | null | undefined): string {
  if (!text) return '';
  const m = parseDateTime(text);
  if (!m) return text;
  const date = formatDayUk(m.day);
  if (m.time === NO_TIME) return date;
  return `${date} ${formatTime(m.time)}`;
}
