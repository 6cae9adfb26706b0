import { csvRecord, sourceLabel } from '../safe-text.js';
import type { Formatter } from '../types.js';

export const CSV_COLUMNS = [
  'case_id',
  'rule',
  'theme',
  'severity',
  'outcome',
  'due',
  'met',
  'days_late',
  'clause',
  'evidence',
  'message',
  'fingerprint',
] as const;

/**
 * One row per finding, for the spreadsheet that tracks remedies. Written for Excel: a UTF-8 BOM
 * (without it Excel reads UTF-8 as Windows-1252 and mangles names and em dashes) and CRLF line
 * ends (RFC 4180). Every text cell is neutralised against formula injection (safe-text.ts).
 * The fingerprint column lets a tracker match a finding across nightly runs.
 * A report with no findings is the header row alone.
 */
export const formatCsv: Formatter = (report) => {
  const out: string[] = ['\uFEFF', csvRecord(CSV_COLUMNS)];
  for (const c of report.cases) {
    for (const f of c.findings) {
      out.push(
        csvRecord([
          c.caseId,
          f.rule,
          f.theme,
          f.severity,
          f.kind,
          f.dueAt,
          f.metAt,
          f.daysLate,
          f.policyRef,
          f.evidence.map((e) => sourceLabel(e.source)).join('; '),
          f.message,
          f.fingerprint,
        ]),
      );
    }
  }
  return out.join('');
};
