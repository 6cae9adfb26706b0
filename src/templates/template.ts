import type { z } from 'zod';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { Moment } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import type { Timeline } from '../model/timeline.js';
import type { Condition, ConditionalLimit, Limit } from '../policy/parts.js';
import type { PolicyRule } from '../policy/types.js';

/**
 * A rule template (SPEC 2): the shape every file in src/templates/ exports. A template is pure:
 * it reads one case's timeline through its RuleContext and returns outcomes. It never prints,
 * never knows about files, and never sets a severity (the policy does).
 */
export interface Template<Options = unknown> {
  /** The name a policy uses in `template:`. */
  readonly name: string;
  /** One line for generated docs. */
  readonly summary: string;
  /** Validates the rule's template options; strict, so typos are errors. */
  readonly options: z.ZodType<Options>;
  /** Every outcome of the rule on one case: findings and obligations still pending. */
  evaluate(ctx: RuleContext<Options>): RuleOutcome[];
  /** The rule as a plain-English sentence (for `policy explain` and docs/rules.md). */
  explain(rule: PolicyRule<Options>, policy: ExplainContext): string;
}

/** What explain() may use besides the rule: keyword lists and named conditions, to spell them out. */
export interface ExplainContext {
  readonly keywords: Readonly<Record<string, readonly string[]>>;
  readonly conditions: Readonly<Record<string, Condition>>;
  /** A condition in words ("the case is high priority or hate, ..."). */
  describeCondition(condition: Condition): string;
  /** A limit in words ("1 working day if ..., otherwise 5 working days"). */
  describeLimit(limit: ConditionalLimit): string;
}

/** When an obligation falls due. */
export interface Deadline {
  /** The last day it may be met on (London civil day). */
  readonly day: number;
  /** For hour limits: the exact instant; a target with a time must come by then. */
  readonly instant?: number;
  readonly limit: Limit;
}

/** The verdict on one obligation (what judge() returns). */
export type Verdict =
  | { readonly status: 'met'; readonly metIndex: number }
  | { readonly status: 'late'; readonly metIndex: number; readonly daysLate: number; readonly workingDaysLate?: number }
  | { readonly status: 'missing'; readonly daysLate: number; readonly workingDaysLate?: number }
  | { readonly status: 'pending' };

/**
 * One outcome a template reports. Event references are indices into ctx.timeline.events; the
 * engine turns them into evidence with file and line.
 */
export interface RuleOutcome {
  readonly kind: 'missing' | 'late' | 'lapsed' | 'premature' | 'pending';
  /** Plain English, specific to the case ("No risk assessment after the report of 03/06/2024"). */
  readonly message: string;
  /** The event that created the obligation (part of the fingerprint); -1 for case-level ones. */
  readonly trigger: number;
  readonly due?: Deadline;
  /** The event that met the obligation (late ones). */
  readonly met?: number;
  readonly daysLate?: number;
  readonly workingDaysLate?: number;
  /** The rows that prove it, trigger first. */
  readonly evidence: readonly number[];
  /** Extra facts for reports: a lapsed gap's start, end, allowed and over; a closure's failed conditions. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Facts about a whole case, worked out once and shared by every rule. */
export interface CaseFacts {
  readonly priority?: string;
  readonly category?: string;
  /** `hate_motivated` is true or the category is `hate`. */
  readonly hateMotivated: boolean;
  /** Vulnerabilities set on the case record. */
  readonly recordedVulnerability: boolean;
  /** Recorded, or indicated by a vulnerability keyword anywhere in the case. */
  readonly vulnerable: boolean;
}

/** What a template sees while evaluating one rule on one case. */
export interface RuleContext<Options = unknown> {
  readonly rule: PolicyRule<Options>;
  readonly options: Options;
  readonly timeline: Timeline;
  readonly facts: CaseFacts;
  readonly calendar: WorkingCalendar;
  /** The audit date. */
  readonly asOf: number;
  /** Whether a condition holds for this case. */
  test(condition: Condition): boolean;
  /** The limit that applies to this case (first matching `if:`). */
  limit(limit: ConditionalLimit): Limit;
  /** The deadline for an obligation created at `from`. */
  deadline(from: Moment, limit: Limit): Deadline;
  /**
   * Judges an obligation: `metIndex` is the first qualifying target (or -1 for none). Applies
   * SPEC 2.1 "Outcomes": met by the due date, late (days late), missing once the due date has
   * passed the audit date, pending otherwise.
   */
  judge(due: Deadline, metIndex: number): Verdict;
  /**
   * Indices of events whose note matches a keyword list, among the types SPEC 2.1 reads
   * (report, incident, contact, update_requested, third_party_in, evidence_received, complaint).
   * Ascending; computed once per case and list.
   */
  indications(list: string): readonly number[];
  /** Whether one event's note matches a keyword list (any event type). */
  mentions(index: number, list: string): boolean;
  /** SPEC 2.1 "Contact": an outbound (or visit/meeting) made contact with the resident. */
  isCountingContact(event: CaseEvent): boolean;
}
