import type { WorkingCalendar } from '../calendar/working-days.js';
import type { Mapping } from '../input/mapping/load.js';
import type { Severity } from '../model/finding.js';
import type { Condition } from './parts.js';

/** A rule of a loaded, validated policy. `options` has been parsed by its template's schema. */
export interface PolicyRule<Options = unknown> {
  readonly id: string;
  readonly theme: string;
  readonly severity: Severity;
  /** The clause of the landlord's policy (or code, or guidance) the rule enforces. */
  readonly clause: string;
  /** The rule applies only to cases for which this holds. */
  readonly when?: Condition;
  /** Raise severity one level for vulnerable or hate-motivated cases (SPEC 2). Default true. */
  readonly aggravate: boolean;
  readonly template: string;
  readonly options: Options;
  /** Where the rule starts in the policy file, for messages. */
  readonly position?: { readonly line: number; readonly column: number };
}

/** A loaded, validated policy: what the engine runs. */
export interface Policy {
  readonly name: string;
  readonly reference?: string;
  readonly landlord?: string;
  /** The file it came from (the built-in default names itself) and its SHA-256. */
  readonly file: string;
  readonly sha256: string;
  readonly calendar: WorkingCalendar;
  /** Keyword lists by name (`vulnerability`, `hate`, `escalation`, `risk_of_harm`, ...). */
  readonly keywords: Readonly<Record<string, readonly string[]>>;
  /** Which keyword list signals a vulnerability, for `vulnerable:` and aggravation. */
  readonly vulnerabilityKeywords?: string;
  /** Named conditions (`high-risk`). */
  readonly conditions: Readonly<Record<string, Condition>>;
  readonly rules: readonly PolicyRule[];
  /** Share of applicable cases failing a rule at which it is called systemic (0-1). */
  readonly systemicThreshold: number;
  /** The policy's `input:` section: the mapping used when no `--mapping` is given. */
  readonly input?: Mapping;
}
