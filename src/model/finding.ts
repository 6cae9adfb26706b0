import type { SourceRef } from './event.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The Ombudsman's five themes, as the finding themes of SPEC (hyphenated ids). */
export const THEMES = ['risk-assessment', 'action-plan', 'third-parties', 'hate-crime', 'communication'] as const;
export type Theme = (typeof THEMES)[number];

/** What a finding says happened. `pending` is not a finding: an obligation not yet due. */
export type FindingKind = 'missing' | 'late' | 'lapsed' | 'premature';

export interface EvidenceRef {
  readonly type: string;
  /** ISO 8601 (formatMoment). */
  readonly occurredAt: string;
  readonly source: SourceRef;
}

/** One failing of one case against one rule, with everything a reader needs to check it. */
export interface Finding {
  readonly rule: string;
  readonly theme: string;
  /** After aggravation (SPEC 2). */
  readonly severity: Severity;
  /** As the policy states it, before aggravation. */
  readonly baseSeverity: Severity;
  /** Why the severity was raised ("vulnerability recorded", "hate-motivated"), when it was. */
  readonly aggravatedBy?: string;
  readonly kind: FindingKind;
  readonly message: string;
  /** ISO date (or date-time for hour limits) the obligation was due; null when none applies. */
  readonly dueAt: string | null;
  /** When the obligation was met, if ever. */
  readonly metAt: string | null;
  /** Calendar days late (for `missing`: days overdue at the audit date; for `lapsed`: days over). */
  readonly daysLate: number | null;
  /** Working days late, where the limit is in working days. */
  readonly workingDaysLate?: number | null;
  /** The policy clause the rule enforces (free text from the policy). */
  readonly policyRef: string;
  readonly evidence: readonly EvidenceRef[];
  /** rule + case + trigger: stable across runs, for de-duplication and tracking. */
  readonly fingerprint: string;
  /** For `lapsed`: the gap. For `premature`: the failed conditions. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An obligation whose deadline is on or after the audit date: listed as due soon, never a finding. */
export interface PendingObligation {
  readonly rule: string;
  readonly message: string;
  readonly dueAt: string;
  readonly evidence: readonly EvidenceRef[];
}
