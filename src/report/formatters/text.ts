import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Finding, PendingObligation } from '../../model/finding.js';
import { noteMessage, oneLine, sourceLabel } from '../safe-text.js';
import { compareCaseIds, groupDataQuality, SEVERITY_ORDER } from '../summary.js';
import type { AuditReport, CaseReport, FormatOptions, Formatter, GroupRate } from '../types.js';

/** Rows of a ranking table before "and N more". */
const TOP = 10;
/** Pending obligations listed as due soon. */
const DUE_SOON = 20;

/**
 * The report a compliance officer hands a manager: header, caseload summary, each case with
 * findings, what falls due soon, and data-quality notes counted by kind. Every value from the
 * data goes through `oneLine` (no control characters, no escape sequences: notes are written by
 * the public and must not move the terminal). Colour only when options.colour says so.
 */
export const formatText: Formatter = (report, options) => {
  const ctx = new TextContext(options);
  const out: string[] = [];
  header(report, ctx, out);
  summary(report, ctx, out);
  cases(report, ctx, out);
  dueSoon(report, ctx, out);
  dataQuality(report, ctx, out);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
};

class TextContext {
  readonly c: ChalkInstance;
  readonly width: number;
  constructor(options: FormatOptions) {
    this.c = new Chalk({ level: options.colour ? 1 : 0 });
    this.width = Math.max(60, options.width ?? 100);
  }
  /** A data value, safe and on one line, cut to `max` characters. */
  v(value: string | undefined | null, max = 0): string {
    const s = oneLine(value ?? '');
    return max > 0 && s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }
  heading(title: string): string {
    return this.c.bold.underline(title);
  }
  /** A table; with no head for key/value tables. Borders and heads never coloured by cli-table3 itself. */
  table(head: string[], rows: Array<Array<string | number>>, align?: Array<'left' | 'right'>): string {
    const t = new Table({
      head: head.map((h) => this.c.bold(h)),
      style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
      ...(align ? { colAligns: align } : {}),
    });
    for (const r of rows) t.push(r);
    return t.toString();
  }
  severity(s: string): string {
    const label = s.toUpperCase();
    if (s === 'critical') return this.c.red.bold(label);
    if (s === 'high') return this.c.red(label);
    if (s === 'medium') return this.c.yellow(label);
    return this.c.cyan(label);
  }
}

function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

function header(report: AuditReport, ctx: TextContext, out: string[]): void {
  const { c } = ctx;
  out.push(c.bold('caseaudit audit report'));
  const policy = [ctx.v(report.policy.name), report.policy.reference ? `(${ctx.v(report.policy.reference)})` : '', `${ctx.v(report.policy.file)}`, `sha256 ${ctx.v(report.policy.sha256).slice(0, 12)}`]
    .filter((s) => s !== '')
    .join('  ');
  out.push(`Policy:   ${policy}`);
  out.push(`As of:    ${report.asOf}`);
  const inputs = report.inputs.map((i) => `${ctx.v(i.file)} (${i.rows} rows)`);
  out.push(`Inputs:   ${inputs.length > 0 ? inputs.join(', ') : '-'}`);
  out.push(`Tool:     caseaudit ${ctx.v(report.tool.version)}`);
  if (report.redacted) out.push(c.bold('Redacted: notes, officer names and personal case attributes are left out.'));
  out.push('');
}

function summary(report: AuditReport, ctx: TextContext, out: string[]): void {
  const s = report.summary;
  const { c } = ctx;
  out.push(ctx.heading('Summary'), '');
  out.push(
    ctx.table(
      [],
      [
        ['Cases audited', s.cases],
        ['Cases with findings', s.cases > 0 ? `${s.casesWithFindings} (${percent(s.casesWithFindings / s.cases)})` : '0'],
        ['Findings', s.findings],
        ['Obligations not yet due', s.pending],
      ],
      ['left', 'right'],
    ),
    '',
  );
  if (s.findings > 0) {
    out.push(ctx.table(['Severity', 'Findings'], SEVERITY_ORDER.filter((k) => (s.bySeverity[k] ?? 0) > 0).map((k) => [ctx.severity(k), s.bySeverity[k]!]), ['left', 'right']), '');
    out.push(ctx.table(['Theme', 'Findings'], Object.entries(s.byTheme).filter(([, n]) => n > 0).map(([k, n]) => [ctx.v(k), n]), ['left', 'right']), '');

    const failing = s.rules
      .map((r, order) => ({ r, order }))
      .filter(({ r }) => r.failed > 0)
      .sort((a, b) => b.r.rate - a.r.rate || b.r.failed - a.r.failed || a.order - b.order)
      .map(({ r }) => r);
    out.push(c.bold(`Rules most often failed`) + ` (systemic: failed in ${percent(s.systemicThreshold)} or more of the cases a rule applies to, at least 2)`);
    out.push(
      ctx.table(
        ['Rule', 'Theme', 'Cases failed', 'Rate', 'Findings', ''],
        failing.slice(0, TOP).map((r) => [ctx.v(r.rule), ctx.v(r.theme), `${r.failed} of ${r.applicable}`, percent(r.rate), r.findings, r.systemic ? c.red.bold('SYSTEMIC') : '']),
        ['left', 'left', 'right', 'right', 'right', 'left'],
      ),
    );
    if (failing.length > TOP) out.push(`  and ${failing.length - TOP} more rules with findings`);
    out.push('');
  }
  groups('Team', s.byTeam, ctx, out);
  groups('Officer', s.byOfficer, ctx, out);
  groups('Landlord', s.byLandlord, ctx, out);
  if (s.repeatPerpetrators.length > 0) {
    out.push(c.bold('Alleged perpetrators in more than one hate-motivated case'));
    out.push(
      ctx.table(
        ['Alleged perpetrator', 'Cases', 'Case ids'],
        s.repeatPerpetrators.slice(0, TOP).map((p) => [ctx.v(p.ref, 40), p.cases.length, ctx.v(p.cases.join(', '), Math.max(20, ctx.width - 60))]),
        ['left', 'right', 'left'],
      ),
    );
    if (s.repeatPerpetrators.length > TOP) out.push(`  and ${s.repeatPerpetrators.length - TOP} more`);
    out.push('');
  }
}

/** Worst first: the rate of cases with findings, then the number of them. */
function groups(title: string, rates: readonly GroupRate[], ctx: TextContext, out: string[]): void {
  if (rates.length === 0) return;
  const ranked = [...rates].sort((a, b) => b.rate - a.rate || b.casesWithFindings - a.casesWithFindings || compareCaseIds(a.group, b.group));
  out.push(ctx.c.bold(`By ${title.toLowerCase()}`));
  out.push(
    ctx.table(
      [title, 'Cases', 'With findings', 'Rate', 'Findings'],
      ranked.slice(0, TOP).map((g) => [ctx.v(g.group, 40), g.cases, g.casesWithFindings, percent(g.rate), g.findings]),
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
  if (ranked.length > TOP) out.push(`  and ${ranked.length - TOP} more`);
  out.push('');
}

function cases(report: AuditReport, ctx: TextContext, out: string[]): void {
  const withFindings = report.cases.filter((k) => k.findings.length > 0);
  if (withFindings.length === 0) return;
  out.push(ctx.heading(`Cases with findings (${withFindings.length})`), '');
  for (const k of withFindings) caseBlock(k, ctx, out);
}

function caseBlock(k: CaseReport, ctx: TextContext, out: string[]): void {
  const { c } = ctx;
  const kind = [k.category ? ctx.v(k.category) : '', k.priority ? `${ctx.v(k.priority)} priority` : ''].filter((s) => s !== '').join(', ');
  const title = [c.bold(`Case ${ctx.v(k.caseId)}`), `${k.state}${k.reopened ? ' (reopened)' : ''}`, kind, k.aggravatedBy ? `aggravated by ${ctx.v(k.aggravatedBy)}` : '']
    .filter((s) => s !== '')
    .join(' | ');
  out.push(title);
  const facts = [
    k.reportedAt ? `reported ${k.reportedAt}` : 'no report date',
    k.closedAt ? `closed ${k.closedAt}` : '',
    k.team ? `team ${ctx.v(k.team)}` : '',
    k.officer ? `officer ${ctx.v(k.officer)}` : '',
    k.landlord ? `landlord ${ctx.v(k.landlord)}` : '',
    `${k.eventCount} events`,
  ].filter((s) => s !== '');
  out.push(`  ${facts.join(', ')}`);
  k.findings.forEach((f, i) => findingBlock(f, i + 1, ctx, out));
  out.push('');
}

function findingBlock(f: Finding, n: number, ctx: TextContext, out: string[]): void {
  const { c } = ctx;
  const severity = f.aggravatedBy ? `${ctx.severity(f.severity)} (from ${f.baseSeverity})` : ctx.severity(f.severity);
  out.push(`  ${n}. ${c.bold(ctx.v(f.rule))}  ${c.bold(f.kind.toUpperCase())}  ${severity}  ${ctx.v(f.theme)}`);
  out.push(`     ${ctx.v(f.message)}`);
  const late = f.daysLate === null ? '' : `${plural(f.daysLate, 'day')} ${f.kind === 'lapsed' ? 'over' : 'late'}`;
  const working = f.workingDaysLate !== undefined && f.workingDaysLate !== null && f.kind !== 'lapsed' ? ` (${plural(f.workingDaysLate, 'working day')})` : '';
  // "met never" only means something where there was a due date to meet.
  const met = f.metAt ? `met ${f.metAt}` : f.dueAt ? 'met never' : '';
  const when = [f.dueAt ? `due ${f.dueAt}` : '', met, late ? `${late}${working}` : ''].filter((s) => s !== '');
  if (f.dueAt || f.metAt || f.daysLate !== null) out.push(`     ${when.join(', ')}`);
  if (f.policyRef) out.push(`     Clause: ${ctx.v(f.policyRef)}`);
  if (f.evidence.length > 0) {
    out.push('     Evidence:');
    for (const e of f.evidence) out.push(`       ${ctx.v(sourceLabel(e.source))}  ${ctx.v(e.type)} ${e.occurredAt}`);
  }
}

function dueSoon(report: AuditReport, ctx: TextContext, out: string[]): void {
  const all: Array<{ caseId: string; p: PendingObligation }> = [];
  for (const k of report.cases) for (const p of k.pending) all.push({ caseId: k.caseId, p });
  if (all.length === 0) return;
  all.sort((a, b) => (a.p.dueAt < b.p.dueAt ? -1 : a.p.dueAt > b.p.dueAt ? 1 : 0) || compareCaseIds(a.caseId, b.caseId) || (a.p.rule < b.p.rule ? -1 : a.p.rule > b.p.rule ? 1 : 0));
  out.push(ctx.heading(`Due soon (${all.length} not yet due)`), '');
  out.push(
    ctx.table(
      ['Due', 'Case', 'Rule', 'Obligation'],
      all.slice(0, DUE_SOON).map(({ caseId, p }) => [p.dueAt, ctx.v(caseId, 24), ctx.v(p.rule), ctx.v(p.message, Math.max(30, ctx.width - 45))]),
    ),
  );
  if (all.length > DUE_SOON) out.push(`  and ${all.length - DUE_SOON} more (every one is in the JSON report)`);
  out.push('');
}

function dataQuality(report: AuditReport, ctx: TextContext, out: string[]): void {
  if (report.dataQuality.length === 0) return;
  out.push(ctx.heading(`Data quality (${report.dataQuality.length} notes)`), '');
  for (const g of groupDataQuality(report.dataQuality)) {
    out.push(`  ${ctx.c.bold(ctx.v(g.kind))}: ${g.count} ${g.count === 1 ? 'note' : 'notes'}`);
    for (const e of g.examples) {
      const where = sourceLabel(e.source);
      out.push(`    ${where ? `${ctx.v(where)}  ` : ''}${ctx.v(noteMessage(e), ctx.width - 6)}`);
    }
    if (g.count > g.examples.length) out.push(`    and ${g.count - g.examples.length} more`);
  }
  out.push('');
}

/** "1 day", "2 days": a report read by people says it as they would. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
