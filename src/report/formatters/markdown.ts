import type { Finding } from '../../model/finding.js';
import { escapeMarkdown, noteMessage, oneLine, sourceLabel } from '../safe-text.js';
import { compareCaseIds, groupDataQuality, SEVERITY_ORDER } from '../summary.js';
import type { CaseReport, Formatter, GroupRate } from '../types.js';

/** A data value as Markdown text (escaped: notes may hold `|`, `<script>`, `*` or line breaks). */
const md = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : escapeMarkdown(String(value)));
/**
 * A value as a code span (file names, rule ids). Inside a code span Markdown and HTML are not
 * interpreted, so only what could end the span or the table cell is changed: backticks (which
 * cannot be escaped there) become quotes, `|` is escaped as GFM tables require.
 */
const code = (value: string): string => `\`${oneLine(value).replace(/`/g, "'").replace(/\|/g, '\\|') || ' '}\``;

/** Pending obligations listed as due soon: the nearest first. */
const DUE_SOON = 50;

function table(head: string[], rows: string[][], align?: Array<'l' | 'r'>): string {
  const sep = head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * Markdown for a complaint file or a case review: the caseload summary, then each case with
 * findings and, where the report carries it, the case's timeline. Every value from the data is
 * escaped (Markdown punctuation, HTML, table pipes, line breaks).
 */
export const formatMarkdown: Formatter = (report) => {
  const out: string[] = [];
  const s = report.summary;
  out.push(`# caseaudit report`, '');
  out.push(`- **Policy:** ${md(report.policy.name)}${report.policy.reference ? ` (${md(report.policy.reference)})` : ''}, ${code(report.policy.file)}, sha256 ${code(report.policy.sha256.slice(0, 12))}`);
  out.push(`- **As of:** ${report.asOf}`);
  out.push(`- **Inputs:** ${report.inputs.length > 0 ? report.inputs.map((i) => `${code(i.file)} (${i.rows} rows)`).join(', ') : 'none'}`);
  out.push(`- **Tool:** caseaudit ${md(report.tool.version)}`);
  if (report.redacted) out.push('- **Redacted:** notes, officer names and personal case attributes are left out.');
  out.push('', '## Summary', '');
  out.push(
    table(
      ['Caseload', ''],
      [
        ['Cases audited', String(s.cases)],
        ['Cases with findings', s.cases > 0 ? `${s.casesWithFindings} (${percent(s.casesWithFindings / s.cases)})` : '0'],
        ['Findings', String(s.findings)],
        ['Obligations not yet due', String(s.pending)],
      ],
      ['l', 'r'],
    ),
    '',
  );
  if (s.findings > 0) {
    out.push('### Findings by severity', '', table(['Severity', 'Findings'], SEVERITY_ORDER.filter((k) => (s.bySeverity[k] ?? 0) > 0).map((k) => [k, String(s.bySeverity[k])]), ['l', 'r']), '');
    out.push('### Findings by theme', '', table(['Theme', 'Findings'], Object.entries(s.byTheme).filter(([, n]) => n > 0).map(([k, n]) => [md(k), String(n)]), ['l', 'r']), '');
  }
  out.push(`### Rules`, '', `A rule is **systemic** when it failed in ${percent(s.systemicThreshold)} or more of the cases it applied to (and in at least 2): a matter for a policy review, not a single remedy.`, '');
  out.push(
    table(
      ['Rule', 'Theme', 'Severity', 'Applied to', 'Failed', 'Rate', 'Findings', 'Systemic'],
      s.rules.map((r) => [code(r.rule), md(r.theme), r.severity, String(r.applicable), String(r.failed), percent(r.rate), String(r.findings), r.systemic ? '**SYSTEMIC**' : '']),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
  );
  groups('Team', s.byTeam, out);
  groups('Officer', s.byOfficer, out);
  groups('Landlord', s.byLandlord, out);
  if (s.repeatPerpetrators.length > 0) {
    out.push('### Alleged perpetrators in more than one hate-motivated case', '');
    out.push(table(['Alleged perpetrator', 'Cases', 'Case ids'], s.repeatPerpetrators.map((p) => [md(p.ref), String(p.cases.length), p.cases.map(md).join(', ')]), ['l', 'r', 'l']), '');
  }

  const withFindings = report.cases.filter((k) => k.findings.length > 0);
  if (withFindings.length > 0) {
    out.push(`## Cases with findings (${withFindings.length})`, '');
    for (const k of withFindings) caseSection(k, out);
  }
  const pending = report.cases.flatMap((k) => k.pending.map((p) => ({ caseId: k.caseId, p })));
  if (pending.length > 0) {
    pending.sort((a, b) => (a.p.dueAt < b.p.dueAt ? -1 : a.p.dueAt > b.p.dueAt ? 1 : 0) || compareCaseIds(a.caseId, b.caseId) || (a.p.rule < b.p.rule ? -1 : a.p.rule > b.p.rule ? 1 : 0));
    out.push(`## Due soon (${pending.length} not yet due)`, '');
    out.push(table(['Due', 'Case', 'Rule', 'Obligation'], pending.slice(0, DUE_SOON).map(({ caseId, p }) => [p.dueAt, md(caseId), code(p.rule), md(p.message)])), '');
    if (pending.length > DUE_SOON) out.push(`And ${pending.length - DUE_SOON} more, due later (every one is in the JSON report).`, '');
  }
  if (report.dataQuality.length > 0) {
    out.push(`## Data quality (${report.dataQuality.length} notes)`, '');
    out.push(
      table(
        ['Kind', 'Notes', 'For example'],
        groupDataQuality(report.dataQuality).map((g) => [
          code(g.kind),
          String(g.count),
          g.examples.map((e) => (e.source ? `${code(sourceLabel(e.source))} ${md(noteMessage(e))}` : md(e.message))).join('<br>'),
        ]),
        ['l', 'r', 'l'],
      ),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
};

function groups(title: string, rates: readonly GroupRate[], out: string[]): void {
  if (rates.length === 0) return;
  out.push(`### By ${title.toLowerCase()}`, '');
  out.push(table([title, 'Cases', 'With findings', 'Rate', 'Findings'], rates.map((g) => [md(g.group), String(g.cases), String(g.casesWithFindings), percent(g.rate), String(g.findings)]), ['l', 'r', 'r', 'r', 'r']), '');
}

function caseSection(k: CaseReport, out: string[]): void {
  out.push(`### Case ${md(k.caseId)}`, '');
  const facts: string[] = [`**State:** ${k.state}${k.reopened ? ' (reopened)' : ''}`];
  if (k.reportedAt) facts.push(`**Reported:** ${k.reportedAt}`);
  if (k.closedAt) facts.push(`**Closed:** ${k.closedAt}`);
  if (k.category) facts.push(`**Category:** ${md(k.category)}`);
  if (k.priority) facts.push(`**Priority:** ${md(k.priority)}`);
  if (k.aggravatedBy) facts.push(`**Aggravated by:** ${md(k.aggravatedBy)}`);
  if (k.team) facts.push(`**Team:** ${md(k.team)}`);
  if (k.officer) facts.push(`**Officer:** ${md(k.officer)}`);
  if (k.landlord) facts.push(`**Landlord:** ${md(k.landlord)}`);
  out.push(facts.join(' · '), '');
  out.push(
    table(
      ['#', 'Rule', 'Outcome', 'Severity', 'Due', 'Met', 'Days late', 'Finding', 'Evidence'],
      k.findings.map((f, i) => findingRow(f, i + 1)),
      ['r', 'l', 'l', 'l', 'l', 'l', 'r', 'l', 'l'],
    ),
    '',
  );
  const clauses = [...new Map(k.findings.map((f) => [f.rule, f.policyRef])).entries()].filter(([, ref]) => ref !== '');
  if (clauses.length > 0) {
    out.push('Policy clauses:', '');
    for (const [rule, ref] of clauses) out.push(`- ${code(rule)}: ${md(ref)}`);
    out.push('');
  }
  if (k.timeline && k.timeline.length > 0) {
    out.push('<details><summary>Timeline</summary>', '');
    out.push(
      table(
        ['When', 'Event', 'Party', 'Direction', 'Channel', 'Outcome', 'Note', 'Source'],
        k.timeline.map((e) => [e.occurredAt, md(e.type), md(e.party), md(e.direction), md(e.channel), md(e.outcome), md(e.detail), code(sourceLabel(e.source))]),
      ),
      '',
      '</details>',
      '',
    );
  }
}

function findingRow(f: Finding, n: number): string[] {
  const severity = f.aggravatedBy ? `${f.severity} (from ${f.baseSeverity})` : f.severity;
  return [
    String(n),
    code(f.rule),
    f.kind,
    severity,
    f.dueAt ?? '',
    f.metAt ?? (f.dueAt ? 'never' : ''),
    f.daysLate === null ? '' : String(f.daysLate),
    md(f.message),
    f.evidence.map((e) => code(sourceLabel(e.source))).join('<br>'),
  ];
}
