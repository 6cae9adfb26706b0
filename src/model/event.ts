import type { Moment } from '../dates/london.js';

/** The canonical event types of SPEC 1.2. */
export const EVENT_TYPES = [
  'report',
  'incident',
  'risk_assessment',
  'risk_assessment_review',
  'action_plan',
  'action_plan_review',
  'contact_agreement',
  'contact',
  'update_requested',
  'third_party_in',
  'third_party_out',
  'vulnerability_recorded',
  'hate_incident_recorded',
  'safeguarding_referral',
  'support_signposted',
  'action',
  'evidence_received',
  'evidence_reviewed',
  'case_review_signposted',
  'case_closed',
  'closure_notified',
  'case_reopened',
  'complaint',
  'complaint_acknowledged',
  'complaint_extension',
  'complaint_response',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PARTIES = [
  'resident',
  'alleged_perpetrator',
  'police',
  'local_authority',
  'social_services',
  'health',
  'education',
  'idva',
  'marac',
  'managing_agent',
  'other',
] as const;
export type Party = (typeof PARTIES)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CHANNELS = ['phone', 'email', 'letter', 'visit', 'meeting', 'sms', 'portal', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONTACT_OUTCOMES = ['made', 'no_answer', 'left_message'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** The canonical columns of SPEC 1.1; any other column becomes an attribute. */
export const EVENT_COLUMNS = [
  'case_id',
  'occurred_at',
  'type',
  'party',
  'direction',
  'channel',
  'outcome',
  'detail',
  'officer',
  'event_id',
] as const;

/**
 * Where a row came from, so every finding can point an auditor back to it: the physical line a
 * CSV record starts on or an NDJSON line (1-based), or a JSON pointer into a JSON file.
 */
export interface SourceRef {
  readonly file: string;
  readonly line?: number;
  readonly pointer?: string;
}

/** One row of a case export, read once into this compact form. */
export interface CaseEvent extends Moment {
  readonly caseId: string;
  /** A canonical EventType, or the export's own value when it is not one (kept, and noted). */
  readonly type: string;
  readonly party?: string;
  readonly direction?: string;
  readonly channel?: string;
  readonly outcome?: string;
  readonly detail?: string;
  readonly officer?: string;
  readonly eventId?: string;
  /** Every other non-empty column, by its column name (`frequency_days`, `stage`, ...). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly source: SourceRef;
  /** Position in reading order across all inputs: the tie-break that keeps sorting stable. */
  readonly seq: number;
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * What makes an event itself, apart from its case, date and where it was read: every field and
 * attribute (in name order) as one string. Two events of a case at one moment with the same key
 * are exact duplicates; a finding's fingerprint uses it so it survives re-sorted or re-exported
 * rows.
 */
export function eventContentKey(e: CaseEvent): string {
  const attributes = Object.keys(e.attributes)
    .sort()
    .map((k) => `${k}\u0001${e.attributes[k]}`);
  return [e.type, e.party, e.direction, e.channel, e.outcome, e.detail, e.officer, e.eventId, e.time, ...attributes]
    .map((v) => (v === undefined ? '\u0002' : String(v)))
    .join('\u0000');
}
