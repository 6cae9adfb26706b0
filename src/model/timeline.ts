import type { Moment } from '../dates/london.js';
import type { CaseRecord, DataQualityNote } from './case.js';
import type { CaseEvent } from './event.js';

/**
 * A span during which the case was open (SPEC 2.1 "Open periods"): from the first `report` (or
 * the record's `reported_at`) or a `case_reopened`, to the `case_closed` that ends it, or to the
 * audit date while it is still open.
 */
export interface OpenPeriod {
  /** Index in Timeline.events of the report or reopening that opened it; -1 when `reported_at` did. */
  readonly startIndex: number;
  readonly start: Moment;
  /** Index of the `case_closed` that ended it; -1 while open (it runs to the audit date). */
  readonly endIndex: number;
  readonly end?: Moment;
}

export type CaseState = 'open' | 'closed' | 'never-opened';

/** One case rebuilt from its events: what the rule engine reads. Rules never see files. */
export interface Timeline {
  readonly caseId: string;
  readonly record?: CaseRecord;
  /** Events up to the audit date, in time order (SPEC 2.1 "Time"; ties keep source order). */
  readonly events: readonly CaseEvent[];
  /** Events dated after the audit date: kept out of the audit so it is reproducible, and noted. */
  readonly afterAsOf: readonly CaseEvent[];
  /** When the case was reported, if it ever was. */
  readonly reported?: Moment;
  /** Index of the first `report`, or -1 when `reported_at` (or nothing) set the reported date. */
  readonly reportIndex: number;
  readonly periods: readonly OpenPeriod[];
  readonly state: CaseState;
  readonly reopened: boolean;
  /** The closure in force at the audit date (state `closed`). */
  readonly closedAt?: Moment;
  /** The audit date (London civil day number). */
  readonly asOf: number;
  readonly notes: readonly DataQualityNote[];
  /** Ascending indices into `events` of one type: no rule scans a whole case for one type. */
  indicesOf(type: string): readonly number[];
  /** The index into `periods` of the open period an event falls in, or -1 (closed, or never opened). */
  periodOf(index: number): number;
}
