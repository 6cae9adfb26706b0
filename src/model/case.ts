import type { Moment } from '../dates/london.js';
import type { CaseEvent, SourceRef } from './event.js';

export const CATEGORIES = [
  'noise',
  'harassment',
  'hate',
  'domestic_abuse',
  'violence',
  'threats',
  'drugs',
  'criminal_behaviour',
  'nuisance',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Attributes of a whole case (SPEC 1.3), from a case file, repeated columns or a JSON case. */
export interface CaseRecord {
  readonly caseId: string;
  readonly reportedAt?: Moment;
  readonly landlord?: string;
  readonly category?: string;
  readonly priority?: string;
  /** Recorded vulnerabilities; `none`, `n/a` and `-` are read as none. */
  readonly vulnerabilities: readonly string[];
  readonly hateMotivated?: boolean;
  readonly team?: string;
  readonly officer?: string;
  readonly propertyRef?: string;
  readonly allegedPerpetratorRef?: string;
  /** Every other column of the case record. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly source?: SourceRef;
}

/** A case as read from the inputs: its record (if any) and its events in reading order. */
export interface CaseInput {
  readonly caseId: string;
  record?: CaseRecord;
  readonly events: CaseEvent[];
}

/** Kinds of data-quality note (SPEC 3, last paragraph). Reported beside findings, never dropped. */
export type DataQualityKind =
  | 'unparseable-row'
  | 'unknown-type'
  | 'unknown-value'
  | 'duplicate-removed'
  | 'event-before-report'
  | 'event-after-as-of'
  | 'event-while-closed'
  | 'never-opened'
  | 'case-without-events'
  | 'conflicting-case-record'
  | 'empty-input'
  | 'calendar-unverified';

export interface DataQualityNote {
  readonly kind: DataQualityKind;
  readonly message: string;
  readonly caseId?: string;
  readonly source?: SourceRef;
}
