import type { DataQualityNote } from '../model/case.js';
import type { SourceRef } from '../model/event.js';
import type { Finding, PendingObligation, Severity } from '../model/finding.js';

/**
 * The report every format is made from (SPEC 5 is its JSON form). Built once from the audit by
 * src/report/build.ts; formatters are pure functions of it and never read files.
 */
export interface AuditReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'caseaudit'; readonly version: string };
  readonly asOf: string;
  readonly policy: { readonly name: string; readonly file: string; readonly sha256: string; readonly reference?: string };
  readonly inputs: ReadonlyArray<{ readonly file: string; readonly sha256: string; readonly rows: number }>;
  readonly summary: ReportSummary;
  readonly cases: readonly CaseReport[];
  readonly dataQuality: readonly DataQualityNote[];
  /** True when --redact left free text and personal attributes out. */
  readonly redacted?: boolean;
}

export interface ReportSummary {
  readonly cases: number;
  readonly casesWithFindings: number;
  readonly findings: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly byTheme: Readonly<Record<string, number>>;
  readonly bySeverity: Readonly<Record<string, number>>;
  /** Obligations not yet due at the audit date (not findings). */
  readonly pending: number;
  /** The caseload picture (issue 4): per rule, cases it applied to and failed, and whether systemic. */
  readonly rules: readonly RuleRate[];
  /** Failure picture by team, officer and landlord, where the data has them. */
  readonly byTeam: readonly GroupRate[];
  readonly byOfficer: readonly GroupRate[];
  readonly byLandlord: readonly GroupRate[];
  /** Alleged perpetrators named in more than one hate-motivated case. */
  readonly repeatPerpetrators: ReadonlyArray<{ readonly ref: string; readonly cases: readonly string[] }>;
  readonly systemicThreshold: number;
}

export interface RuleRate {
  readonly rule: string;
  readonly theme: string;
  readonly severity: Severity;
  /** Cases the rule applied to (its condition held). */
  readonly applicable: number;
  /** Cases with at least one finding of the rule. */
  readonly failed: number;
  /** failed / applicable, 0 when it applied to none. */
  readonly rate: number;
  readonly findings: number;
  /** rate >= the policy's systemic threshold (and failed >= 2): a policy review, not one remedy. */
  readonly systemic: boolean;
}

export interface GroupRate {
  readonly group: string;
  readonly cases: number;
  readonly casesWithFindings: number;
  readonly findings: number;
  readonly rate: number;
}

/** One row of a case's timeline, as reports show it. */
export interface TimelineRow {
  readonly type: string;
  readonly occurredAt: string;
  readonly party?: string;
  readonly direction?: string;
  readonly channel?: string;
  readonly outcome?: string;
  /** Absent when redacted. */
  readonly detail?: string;
  readonly officer?: string;
  readonly source: SourceRef;
}

export interface CaseReport {
  readonly caseId: string;
  readonly state: 'open' | 'closed' | 'never-opened';
  readonly reopened: boolean;
  readonly reportedAt: string | null;
  readonly closedAt: string | null;
  readonly landlord?: string;
  readonly team?: string;
  readonly officer?: string;
  readonly category?: string;
  readonly priority?: string;
  readonly aggravatedBy?: string;
  readonly eventCount: number;
  readonly findings: readonly Finding[];
  readonly pending: readonly PendingObligation[];
  /** The case's events, for formats that draw the timeline (Markdown, HTML); omitted from JSON. */
  readonly timeline?: readonly TimelineRow[];
}

/** What a formatter is given besides the report. */
export interface FormatOptions {
  readonly colour: boolean;
  /** Terminal width for the text format. */
  readonly width?: number;
}

/** A formatter: pure, from report to the bytes of one format. */
export type Formatter = (report: AuditReport, options: FormatOptions) => string;
