import { dayFromYmd, formatDay, weekday } from '../dates/london.js';

/**
 * Bank holidays of England and Wales, shipped with the tool so an audit never depends on the
 * network. Years 2018-2030 are checked date by date against the published list in the tests
 * (including the one-off days); other years follow the statutory pattern and cannot know
 * future one-off holidays, which the calendar reports when an audit reaches them.
 */
export const VERIFIED_FIRST_YEAR = 2018;
export const VERIFIED_LAST_YEAR = 2030;

/** One-off changes by proclamation: days added, and regular days moved away. */
const ADDED: Record<string, string> = {
  '2020-05-08': 'Early May bank holiday (VE Day)',
  '2022-06-02': 'Spring bank holiday',
  '2022-06-03': 'Platinum Jubilee bank holiday',
  '2022-09-19': 'Bank Holiday for the State Funeral of Queen Elizabeth II',
  '2023-05-08': 'Bank holiday for the coronation of King Charles III',
};
const REMOVED = new Set(['2020-05-04', '2022-05-30']);

function easterSunday(year: number): number {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dom = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromYmd(year, month, dom);
}

function firstMonday(year: number, month: number): number {
  const first = dayFromYmd(year, month, 1);
  return first + ((8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number, lastDom: number): number {
  const last = dayFromYmd(year, month, lastDom);
  return last - ((weekday(last) + 6) % 7);
}

/** The statutory pattern for one year, before one-off changes. */
function patternHolidays(year: number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const newYear = dayFromYmd(year, 1, 1);
  const nyWd = weekday(newYear);
  out.push([nyWd === 6 ? newYear + 2 : nyWd === 0 ? newYear + 1 : newYear, nyWd === 0 || nyWd === 6 ? "New Year's Day (substitute day)" : "New Year's Day"]);
  const easter = easterSunday(year);
  out.push([easter - 2, 'Good Friday'], [easter + 1, 'Easter Monday']);
  out.push([firstMonday(year, 5), 'Early May bank holiday']);
  out.push([lastMonday(year, 5, 31), 'Spring bank holiday']);
  out.push([lastMonday(year, 8, 31), 'Summer bank holiday']);
  const christmas = dayFromYmd(year, 12, 25);
  switch (weekday(christmas)) {
    case 5: // Friday: Boxing Day on Saturday moves to Monday
      out.push([christmas, 'Christmas Day'], [christmas + 3, 'Boxing Day (substitute day)']);
      break;
    case 6: // Saturday
      out.push([christmas + 2, 'Christmas Day (substitute day)'], [christmas + 3, 'Boxing Day (substitute day)']);
      break;
    case 0: // Sunday
      out.push([christmas + 1, 'Boxing Day'], [christmas + 2, 'Christmas Day (substitute day)']);
      break;
    default:
      out.push([christmas, 'Christmas Day'], [christmas + 1, 'Boxing Day']);
  }
  return out;
}

const byYear = new Map<number, Map<number, string>>();

/** Bank holidays of one year: day number to name. */
export function bankHolidaysOf(year: number): ReadonlyMap<number, string> {
  let holidays = byYear.get(year);
  if (!holidays) {
    holidays = new Map();
    for (const [day, name] of patternHolidays(year)) {
      if (!REMOVED.has(formatDay(day))) holidays.set(day, name);
    }
    for (const [iso, name] of Object.entries(ADDED)) {
      if (iso.startsWith(`${year}-`)) {
        const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
        holidays.set(dayFromYmd(y, m, d), name);
      }
    }
    byYear.set(year, holidays);
  }
  return holidays;
}
