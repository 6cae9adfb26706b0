import { formatDay, formatMoment, type Moment } from '../dates/london.js';
import type { CaseInput, DataQualityNote } from './case.js';
import type { CaseEvent } from './event.js';
import { compareMoments, isAtOrAfter } from './time.js';
import type { CaseState, OpenPeriod, Timeline } from './timeline.js';

/** Traffic that may follow a closure without being a data-quality problem (SPEC 2.1). */
const CLOSED_CASE_TRAFFIC = new Set([
  'case_closed',
  'closure_notified',
  'case_reopened',
  'complaint',
  'complaint_acknowledged',
  'complaint_extension',
  'complaint_response',
]);

function byTimeThenSource(a: CaseEvent, b: CaseEvent): number {
  return compareMoments(a, b) || a.seq - b.seq;
}

function where(event: CaseEvent): string {
  const s = event.source;
  return s.line !== undefined ? `${s.file}:${s.line}` : s.pointer !== undefined ? `${s.file}#${s.pointer}` : s.file;
}

/**
 * Rebuilds one case: its events in time order, when it was reported, its open periods, its
 * state at the audit date, and the data-quality notes its record raises. Linear in the case's
 * events apart from the sort.
 */
export function buildTimeline(input: CaseInput, asOf: number): Timeline {
  const caseId = input.caseId;
  const notes: DataQualityNote[] = [];
  const all = input.events;
  let events: CaseEvent[];
  let afterAsOf: readonly CaseEvent[] = NO_EVENTS;
  if (all.every((e) => e.day <= asOf)) {
    // The usual case: one copy of the right size.
    events = all.slice();
  } else {
    events = [];
    const later: CaseEvent[] = [];
    for (const e of all) (e.day > asOf ? later : events).push(e);
    afterAsOf = later;
  }
  // Exports mostly list a case's events in time order already: the sort (which copies) only when not.
  if (!isSorted(events)) events.sort(byTimeThenSource);
  for (const e of afterAsOf) {
    notes.push({
      kind: 'event-after-as-of',
      caseId,
      source: e.source,
      message: `${e.type} dated ${formatMoment(e)} is after the audit date ${formatDay(asOf)}; left out of the audit`,
    });
  }

  const byType = new Map<string, number[]>();
  for (let i = 0; i < events.length; i++) {
    const t = events[i]!.type;
    let list = byType.get(t);
    if (!list) byType.set(t, (list = []));
    list.push(i);
  }

  // Only the first report opens the case (SPEC 2.1); without one, the record's reported_at does.
  const reportIndex = byType.get('report')?.[0] ?? -1;
  let reported: Moment | undefined = reportIndex >= 0 ? events[reportIndex] : input.record?.reportedAt;
  if (reportIndex < 0 && reported === undefined) {
    notes.push({
      kind: 'never-opened',
      caseId,
      message: `case ${caseId} has neither a report nor a reported_at date: it is never open, so only complaint rules apply`,
    });
  }
  if (input.events.length === 0) {
    notes.push({ kind: 'case-without-events', caseId, source: input.record?.source, message: `case ${caseId} has a case record but no events` });
  }

  const periods: OpenPeriod[] = [];
  /** Events sorted after a closure: noted once periods are assigned (a closure date's own events belong to it). */
  const whileClosed: number[] = [];
  if (reported !== undefined) {
    let open: { startIndex: number; start: Moment } | undefined = { startIndex: reportIndex, start: reported };
    const startAt = reportIndex >= 0 ? reportIndex + 1 : 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (i < startAt || (reportIndex < 0 && !isAtOrAfter(e, reported))) {
        // A date-only event on the report's date sorts before a timed report but is not before it.
        if (i !== reportIndex && !isAtOrAfter(e, reported)) {
          notes.push({
            kind: 'event-before-report',
            caseId,
            source: e.source,
            message: `${e.type} on ${formatMoment(e)} (${where(e)}) comes before the case was reported on ${formatMoment(reported)}`,
          });
        }
        continue;
      }
      if (open) {
        if (e.type === 'case_closed') {
          periods.push({ startIndex: open.startIndex, start: open.start, endIndex: i, end: e });
          open = undefined;
        }
      } else if (e.type === 'case_reopened') {
        open = { startIndex: i, start: e };
      } else if (!CLOSED_CASE_TRAFFIC.has(e.type)) {
        whileClosed.push(i);
      }
    }
    if (open) periods.push({ startIndex: open.startIndex, start: open.start, endIndex: -1 });
  } else {
    reported = undefined;
  }

  const periodIndex = assignPeriods(events, periods, asOf);
  for (const i of whileClosed) {
    const e = events[i]!;
    if (periodIndex[i] !== -1) continue;
    notes.push({
      kind: 'event-while-closed',
      caseId,
      source: e.source,
      message: `${e.type} on ${formatMoment(e)} (${where(e)}) was recorded while the case was closed`,
    });
  }
  const last = periods[periods.length - 1];
  const state: CaseState = !last ? 'never-opened' : last.endIndex >= 0 ? 'closed' : 'open';

  return {
    caseId,
    record: input.record,
    events,
    afterAsOf,
    reported,
    reportIndex,
    periods,
    state,
    reopened: periods.length > 1,
    closedAt: state === 'closed' ? last!.end : undefined,
    asOf,
    notes,
    indicesOf: (type) => byType.get(type) ?? EMPTY,
    periodOf: (index) => periodIndex[index] ?? -1,
  };
}

const EMPTY: readonly number[] = Object.freeze([]);
const NO_EVENTS: readonly CaseEvent[] = Object.freeze([]);

function isSorted(events: readonly CaseEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (byTimeThenSource(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}

/**
 * Which open period each event falls in. Membership is by date (SPEC 2.1 "after X includes the
 * same date"); an event on a closure date belongs to the period the closure ends, unless it comes
 * after a reopening on that same date, which starts the next one.
 */
function assignPeriods(events: readonly CaseEvent[], periods: readonly OpenPeriod[], asOf: number): number[] {
  // A plain array: a typed array of more than 16 numbers has its memory outside the heap, which
  // is several times dearer to make, and one is made per case.
  const result = new Array<number>(events.length).fill(-1);
  let i = 0;
  for (let p = 0; p < periods.length; p++) {
    const period = periods[p]!;
    const firstDay = period.start.day;
    const lastDay = period.end ? period.end.day : asOf;
    const next = periods[p + 1];
    // Rewind to the first event on the period's first day (a shared closure/reopening date).
    while (i > 0 && events[i - 1]!.day >= firstDay) i--;
    for (; i < events.length; i++) {
      const e = events[i]!;
      if (e.day < firstDay) continue;
      if (e.day > lastDay) break;
      if (period.startIndex >= 0 && e.day === firstDay && i < period.startIndex && p > 0 && result[i] === p - 1) continue;
      if (next && next.startIndex >= 0 && e.day === next.start.day && i >= next.startIndex) break;
      result[i] = p;
    }
  }
  return result;
}
