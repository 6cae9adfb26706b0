import { NO_TIME, type Moment } from '../dates/london.js';

/**
 * Orders moments as SPEC 2.1 "Time" says: by date; on one date, date-only values first, then by
 * time. Callers add source order as the last tie-break.
 */
export function compareMoments(a: Moment, b: Moment): number {
  if (a.day !== b.day) return a.day - b.day;
  if (a.time === b.time) return 0;
  if (a.time === NO_TIME) return -1;
  if (b.time === NO_TIME) return 1;
  return a.instant - b.instant;
}

/** "a is after b": a later date, or the same date when either has no time or a's time is not earlier. */
export function isAtOrAfter(a: Moment, b: Moment): boolean {
  if (a.day !== b.day) return a.day > b.day;
  if (a.time === NO_TIME || b.time === NO_TIME) return true;
  return a.instant >= b.instant;
}

/** "a is before b": an earlier date, or the same date when either has no time or a's time is not later. */
export function isAtOrBefore(a: Moment, b: Moment): boolean {
  return isAtOrAfter(b, a);
}
