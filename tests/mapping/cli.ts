export { caseaudit, type Ran } from '../helpers/cli.js';

interface JsonFinding {
  rule: string;
  kind: string;
  dueAt: string | null;
}

/** Every finding of a JSON report as `case rule kind due`, sorted: what two audits must share. */
export function findingKeys(json: string): string[] {
  const report = JSON.parse(json) as { cases: { caseId: string; findings: JsonFinding[] }[] };
  return report.cases.flatMap((c) => c.findings.map((f) => `${c.caseId} ${f.rule} ${f.kind} ${f.dueAt ?? '-'}`)).sort();
}
