import { daysInMonth, formatDay } from '../../dates/london.js';
import { parseDateTime } from '../../dates/parse.js';

/**
 * Date formats a mapping declares (SPEC 1.4): patterns such as `DD/MM/YYYY HH:mm`, `iso`, and
 * `excel` (serial day numbers, as a spreadsheet saves a date cell). Each turns an export's text
 * into the ISO form the readers parse, so the readers' own date handling stays the one judge.
 */

/** Text -> ISO date or date-time, or undefined when this format does not read it. */
export type DateReader = (text: string) => string | undefined;

const TOKENS: Record<string, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};
const TOKEN = /YYYY|YY|MM|M|DD|D|HH|H|mm|ss/g;
/** Separators a pattern may use between its parts. */
const LITERAL = /^[\s/.\-:T,]*$/;

/** Excel's day 25569 is 1970-01-01; serials before 61 are wrong in Excel itself (the 1900 leap year). */
const EXCEL_EPOCH = 25569;
const EXCEL_MAX = 2958465;

/** The reader for one format, or a message saying what is wrong with it. */
export function dateReader(format: string): DateReader | { problem: string } {
  const f = format.trim();
  if (f.toLowerCase() === 'iso') return (text) => (/^\d{4}-\d{2}-\d{2}/.test(text) && parseDateTime(text) ? text : undefined);
  if (f.toLowerCase() === 'excel') return excelSerial;
  const roles: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of f.matchAll(TOKEN)) {
    const literal = f.slice(last, m.index);
    if (!LITERAL.test(literal)) return { problem: `unknown part ${JSON.stringify(literal.trim())} in date format ${JSON.stringify(format)} (use YYYY, YY, MM, M, DD, D, HH, H, mm, ss and separators)` };
    source += literal.replace(/[.\-/]/g, (c) => `\\${c}`).replace(/\s+/g, '\\s+');
    source += TOKENS[m[0]]!;
    roles.push(m[0]);
    last = m.index + m[0].length;
  }
  const tail = f.slice(last);
  if (!LITERAL.test(tail)) return { problem: `unknown part ${JSON.stringify(tail.trim())} in date format ${JSON.stringify(format)} (use YYYY, YY, MM, M, DD, D, HH, H, mm, ss and separators)` };
  source += tail.replace(/[.\-/]/g, (c) => `\\${c}`) + '$';
  const has = (...names: string[]) => names.some((n) => roles.includes(n));
  if (!has('YYYY', 'YY') || !has('MM', 'M') || !has('DD', 'D')) {
    return { problem: `date format ${JSON.stringify(format)} needs a year (YYYY or YY), a month (MM or M) and a day (DD or D)` };
  }
  if (has('mm') && !has('HH', 'H')) return { problem: `date format ${JSON.stringify(format)} has minutes (mm) but no hours (HH); months are MM` };
  if (new Set(roles).size !== roles.length) return { problem: `date format ${JSON.stringify(format)} names a part twice` };
  const pattern = new RegExp(source);
  return (text) => {
    const m = pattern.exec(text);
    if (m === null) return undefined;
    const part: Record<string, number> = {};
    roles.forEach((role, i) => (part[role === 'mm' ? 'min' : role === 'ss' ? 's' : role[0]!] = Number(m[i + 1])));
    // Two-digit years: 00-69 are this century, 70-99 the last (as spreadsheets read them).
    const year = roles.includes('YY') ? (part.Y! < 70 ? 2000 + part.Y! : 1900 + part.Y!) : part.Y!;
    const month = part.M!;
    const day = part.D!;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    const date = `${year}-${pad(month)}-${pad(day)}`;
    if (part.H === undefined) return date;
    const hour = part.H;
    const minute = part.min ?? 0;
    const second = part.s ?? 0;
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `45617` -> `2024-11-21`; `45617.5` -> `2024-11-21T12:00:00` (London wall-clock time, as the sheet showed it). */
function excelSerial(text: string): string | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const serial = Number(text);
  if (serial < 61 || serial > EXCEL_MAX) return undefined;
  const whole = Math.floor(serial);
  const date = formatDay(whole - EXCEL_EPOCH);
  const seconds = Math.round((serial - whole) * 86400);
  if (seconds === 0 || seconds >= 86400) return date;
  return `${date}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/**
 * Tries each format in order; text none of them reads is passed on unchanged, so the readers
 * still read ISO and UK dates and note what nobody can read, with its file and line.
 */
export function dateConverter(readers: readonly DateReader[]): (text: string) => string {
  if (readers.length === 0) return (text) => text;
  const cache = new Map<string, string>();
  return (raw) => {
    const text = raw.trim();
    if (text === '') return text;
    const known = cache.get(text);
    if (known !== undefined) return known;
    let out = text;
    for (const read of readers) {
      const iso = read(text);
      if (iso !== undefined) {
        out = iso;
        break;
      }
    }
    // Dates repeat across a caseload (a few thousand days); date-times are mostly distinct.
    if (text.length <= 10 && cache.size < 50_000) cache.set(text, out);
    return out;
  };
}
