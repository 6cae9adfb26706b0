import { ymdFromDay, weekday } from '../dates/london.js';
import { bankHolidaysOf, VERIFIED_FIRST_YEAR, VERIFIED_LAST_YEAR } from './bank-holidays.js';

/**
 * Working days as SPEC 2 defines them: Monday to Friday, less the bank holidays of England and
 * Wales and any closure days the policy adds (an office closure between Christmas and New Year,
 * say). "Within N working days of X": counting starts on the next working day after X and the
 * deadline is the end of the Nth.
 */
/** Days from 1970 to 2169 are cached; others are computed each time. */
const CACHE_DAYS = 73_000;

export class WorkingCalendar {
  private readonly closures: ReadonlyMap<number, string>;
  /** Years asked about that fall outside the verified bank-holiday list. */
  readonly unverifiedYears = new Set<number>();

  constructor(closures: ReadonlyMap<number, string> = new Map()) {
    this.closures = closures;
  }

  /** The policy's closure days and their reasons (to make the same calendar in another thread). */
  get closureDays(): ReadonlyMap<number, string> {
    return this.closures;
  }

  /** Why a day is not a working day, or undefined when it is one. */
  nonWorkingReason(day: number): string | undefined {
    const wd = weekday(day);
    if (wd === 0) return 'Sunday';
    if (wd === 6) return 'Saturday';
    const year = ymdFromDay(day)[0];
    if (year < VERIFIED_FIRST_YEAR || year > VERIFIED_LAST_YEAR) this.unverifiedYears.add(year);
    return bankHolidaysOf(year).get(day) ?? this.closures.get(day);
  }

  /** 1 working, 2 not working, 0 not yet known: every rule asks about the same few thousand days. */
  private readonly known = new Uint8Array(CACHE_DAYS);

  isWorkingDay(day: number): boolean {
    if (day >= 0 && day < CACHE_DAYS) {
      const k = this.known[day];
      if (k !== 0) return k === 1;
      const working = this.nonWorkingReason(day) === undefined;
      this.known[day] = working ? 1 : 2;
      return working;
    }
    return this.nonWorkingReason(day) === undefined;
  }

  /** The day that ends "N working days after `day`" (N >= 0; N = 0 is `day` itself). */
  addWorkingDays(day: number, n: number): number {
    let d = day;
    let left = n;
    while (left > 0) {
      d += 1;
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /**
   * Working days in (from, to]: how many working-day deadlines a date is past. Negative when
   * `to` is before `from`.
   */
  workingDaysBetween(from: number, to: number): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDay(d)) count++;
    return count;
  }
}
