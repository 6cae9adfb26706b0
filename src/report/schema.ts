import { z } from 'zod';

/**
 * The JSON report (SPEC 5) as a zod schema: the typed public contract scripts read. SPEC 5's
 * field names exactly; the caseload picture of issue 4 and a few finding fields (baseSeverity,
 * aggravatedBy, workingDaysLate, fingerprint) are additions a script may ignore. Objects are
 * strict so a field added by accident fails the tests that validate the output against this.
 */
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A date, or a date-time with offset (formatMoment, hour deadlines). */
const isoMoment = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?$/);
const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1);

const source = z.union([
  z.strictObject({ file: z.string(), line: z.number().int().positive() }),
  z.strictObject({ file: z.string(), pointer: z.string() }),
  z.strictObject({ file: z.string() }),
]);

const evidence = z.strictObject({ type: z.string(), occurredAt: isoMoment, source });

const finding = z.strictObject({
  rule: z.string(),
  theme: z.string(),
  severity,
  baseSeverity: severity,
  aggravatedBy: z.string().optional(),
  kind: z.enum(['missing', 'late', 'lapsed', 'premature']),
  message: z.string(),
  dueAt: isoMoment.nullable(),
  metAt: isoMoment.nullable(),
  daysLate: z.number().int().nullable(),
  workingDaysLate: z.number().int().nullable().optional(),
  policyRef: z.string(),
  evidence: z.array(evidence),
  fingerprint: z.string(),
});

const pending = z.strictObject({ rule: z.string(), message: z.string(), dueAt: isoMoment, evidence: z.array(evidence) });

const caseReport = z.strictObject({
  caseId: z.string(),
  state: z.enum(['open', 'closed', 'never-opened']),
  reopened: z.boolean(),
  reportedAt: isoMoment.nullable(),
  closedAt: isoMoment.nullable(),
  landlord: z.string().optional(),
  team: z.string().optional(),
  officer: z.string().optional(),
  category: z.string().optional(),
  priority: z.string().optional(),
  aggravatedBy: z.string().optional(),
  eventCount: count,
  findings: z.array(finding),
  pending: z.array(pending),
});

const groupRate = z.strictObject({ group: z.string(), cases: count, casesWithFindings: count, findings: count, rate });

const summary = z.strictObject({
  cases: count,
  casesWithFindings: count,
  findings: count,
  byRule: z.record(z.string(), count),
  byTheme: z.record(z.string(), count),
  bySeverity: z.record(severity, count),
  pending: count,
  rules: z.array(
    z.strictObject({
      rule: z.string(),
      theme: z.string(),
      severity,
      applicable: count,
      failed: count,
      rate,
      findings: count,
      systemic: z.boolean(),
    }),
  ),
  byTeam: z.array(groupRate),
  byOfficer: z.array(groupRate),
  byLandlord: z.array(groupRate),
  repeatPerpetrators: z.array(z.strictObject({ ref: z.string(), cases: z.array(z.string()).min(2) })),
  systemicThreshold: rate,
});

const dataQualityNote = z.strictObject({
  kind: z.string(),
  message: z.string(),
  caseId: z.string().optional(),
  source: source.optional(),
});

export const jsonReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: z.strictObject({ name: z.literal('caseaudit'), version: z.string() }),
  asOf: isoDate,
  policy: z.strictObject({ name: z.string(), file: z.string(), sha256: z.string(), reference: z.string().optional() }),
  inputs: z.array(z.strictObject({ file: z.string(), sha256: z.string(), rows: count })),
  summary,
  cases: z.array(caseReport),
  dataQuality: z.array(dataQualityNote),
  redacted: z.literal(true).optional(),
});

/** The JSON report's TypeScript type: what a script (or a test) gets from JSON.parse. */
export type JsonReport = z.infer<typeof jsonReportSchema>;
