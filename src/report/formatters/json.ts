import type { EvidenceRef, Finding } from '../../model/finding.js';
import type { SourceRef } from '../../model/event.js';
import type { JsonReport } from '../schema.js';
import type { AuditReport, CaseReport, Formatter } from '../types.js';

/**
 * SPEC 5: the report for scripts. Fields are written in a fixed order (not the model's), case
 * timelines and finding details are left out, 2-space indent, trailing newline.
 */
export const formatJson: Formatter = (report) => `${JSON.stringify(toJson(report), null, 2)}\n`;

/**
 * Chunks of at least this many characters, never the whole report in one string. Small on
 * purpose: a chunk is a string of many joined pieces, and V8 turns it into bytes much faster
 * while those pieces are still in the processor's cache (a megabyte chunk cost half as much
 * again); the file writer gathers chunks into megabyte writes.
 */
export const JSON_CHUNK = 1 << 14;

/**
 * The same text as formatJson, produced a few cases at a time so that a large caseload's report
 * is written without building one giant string (and its UTF-8 copy) first. `caseTexts`: the cases
 * already written by `caseText` (in worker threads, see ReportBuilder.takeParts), in case order.
 */
export function* formatJsonChunks(report: AuditReport, caseTexts?: ReadonlyArray<string | Uint8Array>): Generator<string, void, undefined> {
  const count = caseTexts?.length ?? report.cases.length;
  const { before, after } = jsonAroundCases(report);
  if (count === 0) {
    yield `${before}]${after}`;
    return;
  }
  let chunk = before;
  for (let i = 0; i < count; i++) {
    const text = caseTexts?.[i] ?? caseText(report.cases[i]!);
    chunk += caseSeparator(i) + (typeof text === 'string' ? text : utf8Text(text));
    if (chunk.length >= JSON_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n  ]${after}`;
}

function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * The JSON report's text around its cases, for a writer that has the cases' texts elsewhere:
 * `before` ends with the opening `[` of `cases`; after the cases (each preceded by its
 * caseSeparator) comes `\n  ]` and `after` (for no case at all: `]` and `after`).
 */
export function jsonAroundCases(report: AuditReport): { before: string; after: string } {
  const whole = JSON.stringify(toJson(report, false), null, 2);
  // The only line of the document that is the top-level "cases" key, empty here.
  const at = whole.indexOf('\n  "cases": []');
  return { before: whole.slice(0, at) + '\n  "cases": [', after: whole.slice(at + '\n  "cases": []'.length) + '\n' };
}

/** What precedes the case at `index` in the `cases` array: JSON.stringify's layout, two levels in. */
export function caseSeparator(index: number): string {
  return index === 0 ? '\n    ' : ',\n    ';
}

export function toJson(report: AuditReport, withCases = true): JsonReport {
  const s = report.summary;
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    asOf: report.asOf,
    policy: {
      name: report.policy.name,
      file: report.policy.file,
      sha256: report.policy.sha256,
      ...(report.policy.reference !== undefined ? { reference: report.policy.reference } : {}),
    },
    inputs: report.inputs.map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rows })),
    summary: {
      cases: s.cases,
      casesWithFindings: s.casesWithFindings,
      findings: s.findings,
      byRule: { ...s.byRule },
      byTheme: { ...s.byTheme },
      bySeverity: { critical: s.bySeverity.critical ?? 0, high: s.bySeverity.high ?? 0, medium: s.bySeverity.medium ?? 0, low: s.bySeverity.low ?? 0 },
      pending: s.pending,
      rules: s.rules.map((r) => ({ ...r })),
      byTeam: s.byTeam.map((g) => ({ ...g })),
      byOfficer: s.byOfficer.map((g) => ({ ...g })),
      byLandlord: s.byLandlord.map((g) => ({ ...g })),
      repeatPerpetrators: s.repeatPerpetrators.map((p) => ({ ref: p.ref, cases: [...p.cases] })),
      systemicThreshold: s.systemicThreshold,
    },
    cases: withCases ? report.cases.map(caseJson) : [],
    dataQuality: report.dataQuality.map((n) => ({
      kind: n.kind,
      message: n.message,
      ...(n.caseId !== undefined ? { caseId: n.caseId } : {}),
      ...(n.source ? { source: sourceJson(n.source) } : {}),
    })),
    ...(report.redacted ? { redacted: true as const } : {}),
  };
}

function caseJson(c: CaseReport): JsonReport['cases'][number] {
  return {
    caseId: c.caseId,
    state: c.state,
    reopened: c.reopened,
    reportedAt: c.reportedAt,
    closedAt: c.closedAt,
    ...(c.landlord !== undefined ? { landlord: c.landlord } : {}),
    ...(c.team !== undefined ? { team: c.team } : {}),
    ...(c.officer !== undefined ? { officer: c.officer } : {}),
    ...(c.category !== undefined ? { category: c.category } : {}),
    ...(c.priority !== undefined ? { priority: c.priority } : {}),
    ...(c.aggravatedBy !== undefined ? { aggravatedBy: c.aggravatedBy } : {}),
    eventCount: c.eventCount,
    findings: c.findings.map(findingJson),
    pending: c.pending.map(pendingJson),
  };
}

/**
 * One case as `JSON.stringify(caseJson(c), null, 2)` writes it at the depth of the report's
 * "cases" array (the same bytes, tested), without the copy of the case and the indenting pass:
 * most cases have no findings, and their few scalar fields are written directly. Pure: a worker
 * can render cases and the report only join their texts.
 */
export function caseText(c: CaseReport): string {
  const sep = ',\n      ';
  let out = `{\n      "caseId": ${jsonString(c.caseId)}${sep}"state": ${termText(c.state)}${sep}"reopened": ${c.reopened ? 'true' : 'false'}`;
  out += `${sep}"reportedAt": ${nullableText(c.reportedAt)}${sep}"closedAt": ${nullableText(c.closedAt)}`;
  if (c.landlord !== undefined) out += `${sep}"landlord": ${termText(c.landlord)}`;
  if (c.team !== undefined) out += `${sep}"team": ${termText(c.team)}`;
  if (c.officer !== undefined) out += `${sep}"officer": ${termText(c.officer)}`;
  if (c.category !== undefined) out += `${sep}"category": ${termText(c.category)}`;
  if (c.priority !== undefined) out += `${sep}"priority": ${termText(c.priority)}`;
  if (c.aggravatedBy !== undefined) out += `${sep}"aggravatedBy": ${termText(c.aggravatedBy)}`;
  out += `${sep}"eventCount": ${numberText(c.eventCount)}`;
  out += `${sep}"findings": ${c.findings.length === 0 ? '[]' : arrayText(c.findings, findingText)}`;
  out += `${sep}"pending": ${c.pending.length === 0 ? '[]' : arrayText(c.pending, pendingText)}`;
  return `${out}\n    }`;
}

/** A case's non-empty array of findings or pending obligations, as JSON.stringify indents it there. */
function arrayText<T>(items: readonly T[], item: (value: T) => string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '\n        ' : ',\n        ') + item(items[i]!);
  return `${out}\n      ]`;
}

/** findingJson(f), written at the depth of a case's "findings" array. */
function findingText(f: Finding): string {
  const sep = ',\n          ';
  let out = `{\n          "rule": ${termText(f.rule)}${sep}"theme": ${termText(f.theme)}${sep}"severity": ${termText(f.severity)}${sep}"baseSeverity": ${termText(f.baseSeverity)}`;
  if (f.aggravatedBy !== undefined) out += `${sep}"aggravatedBy": ${termText(f.aggravatedBy)}`;
  out += `${sep}"kind": ${termText(f.kind)}${sep}"message": ${jsonString(f.message)}${sep}"dueAt": ${nullableText(f.dueAt)}${sep}"metAt": ${nullableText(f.metAt)}${sep}"daysLate": ${f.daysLate === null ? 'null' : numberText(f.daysLate)}`;
  if (f.workingDaysLate !== undefined) out += `${sep}"workingDaysLate": ${f.workingDaysLate === null ? 'null' : numberText(f.workingDaysLate)}`;
  out += `${sep}"policyRef": ${termText(f.policyRef)}${sep}"evidence": ${evidenceText(f.evidence)}${sep}"fingerprint": ${jsonString(f.fingerprint)}`;
  return `${out}\n        }`;
}

/** pendingJson(p), written at the depth of a case's "pending" array. */
function pendingText(p: CaseReport['pending'][number]): string {
  const sep = ',\n          ';
  return `{\n          "rule": ${termText(p.rule)}${sep}"message": ${jsonString(p.message)}${sep}"dueAt": ${nullableText(p.dueAt)}${sep}"evidence": ${evidenceText(p.evidence)}\n        }`;
}

/** An evidence list at the depth of a finding's or a pending obligation's fields. */
function evidenceText(evidence: readonly EvidenceRef[]): string {
  if (evidence.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i]!;
    const s = e.source;
    const where =
      s.line !== undefined
        ? `,\n                "line": ${numberText(s.line)}`
        : s.pointer !== undefined
          ? `,\n                "pointer": ${jsonString(s.pointer)}`
          : '';
    out +=
      (i === 0 ? '\n            {' : ',\n            {') +
      `\n              "type": ${termText(e.type)},\n              "occurredAt": ${jsonString(e.occurredAt)},\n              "source": {\n                "file": ${termText(s.file)}${where}\n              }\n            }`;
  }
  return `${out}\n          ]`;
}

/**
 * Characters JSON.stringify writes as an escape: quote, backslash, control characters, and
 * surrogates (a lone one becomes \uXXXX; a paired one is checked by JSON.stringify itself).
 * U+2028 and other non-ASCII characters are written as they are.
 */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * JSON.stringify(s) for a string, without its cost for the common string that needs no escape:
 * a regular-expression scan and two quotes are several times cheaper per field.
 */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function nullableText(s: string | null): string {
  return s === null ? 'null' : jsonString(s);
}

/** JSON.stringify(n): finite numbers as JavaScript writes them, NaN and infinities as null. */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * Rule ids, themes, severities, policy references, evidence types, file names, teams: the few
 * values a report repeats thousands of times are quoted once. Bounded, so a caseload of unique
 * values costs a lookup, not memory; the text is the same either way.
 */
const quotedTerms = new Map<string, string>();
const MAX_TERMS = 4096;

function termText(s: string): string {
  let quoted = quotedTerms.get(s);
  if (quoted === undefined) {
    quoted = jsonString(s);
    if (quotedTerms.size < MAX_TERMS) quotedTerms.set(s, quoted);
  }
  return quoted;
}

function pendingJson(p: CaseReport['pending'][number]): JsonReport['cases'][number]['pending'][number] {
  return { rule: p.rule, message: p.message, dueAt: p.dueAt, evidence: p.evidence.map(evidenceJson) };
}

function findingJson(f: Finding): JsonReport['cases'][number]['findings'][number] {
  return {
    rule: f.rule,
    theme: f.theme,
    severity: f.severity,
    baseSeverity: f.baseSeverity,
    ...(f.aggravatedBy !== undefined ? { aggravatedBy: f.aggravatedBy } : {}),
    kind: f.kind,
    message: f.message,
    dueAt: f.dueAt,
    metAt: f.metAt,
    daysLate: f.daysLate,
    ...(f.workingDaysLate !== undefined ? { workingDaysLate: f.workingDaysLate } : {}),
    policyRef: f.policyRef,
    evidence: f.evidence.map(evidenceJson),
    fingerprint: f.fingerprint,
  };
}

function evidenceJson(e: EvidenceRef): JsonReport['cases'][number]['findings'][number]['evidence'][number] {
  return { type: e.type, occurredAt: e.occurredAt, source: sourceJson(e.source) };
}

/** `line` for CSV and NDJSON rows, `pointer` for JSON (SPEC 5), never both. */
function sourceJson(s: SourceRef): { file: string; line: number } | { file: string; pointer: string } | { file: string } {
  if (s.line !== undefined) return { file: s.file, line: s.line };
  if (s.pointer !== undefined) return { file: s.file, pointer: s.pointer };
  return { file: s.file };
}
