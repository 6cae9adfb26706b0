import { createHash } from 'node:crypto';

import { SEVERITIES, type Finding } from '../../model/finding.js';
import { STYLE, SCRIPT } from '../html/assets.js';
import { barChart, percent, type Bar } from '../html/charts.js';
import { ukMoment } from '../html/dates.js';
import { esc } from '../html/escape.js';
import { caseTimeline, timelineLegend } from '../html/timeline.js';
import { noteMessage, sourceLabel } from '../safe-text.js';
import type { AuditReport, CaseReport, FormatOptions, GroupRate, TimelineRow } from '../types.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Nothing may load from anywhere, and only the page's own style and script may run: even if a
 * value ever escaped its escaping, an injected script would be refused.
 */
const CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** 0 for no findings, then low (1) to critical (4): what the table sorts and filters on. */
function severityRank(severity: string | undefined): number {
  return severity === undefined ? 0 : SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]) + 1;
}

function highestSeverity(findings: readonly Finding[]): string | undefined {
  let best: string | undefined;
  for (const f of findings) if (severityRank(f.severity) > severityRank(best)) best = f.severity;
  return best;
}

function sevChip(severity: string | undefined): string {
  return severity === undefined
    ? '<span class="sev sev-none">none</span>'
    : `<span class="sev sev-${esc(severity)}">${esc(severity)}</span>`;
}

/** `1 finding`, `3 findings`. */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const dash = (value: string | number | null | undefined): string =>
  value === undefined || value === null || value === '' ? '—' : esc(value);

function header(report: AuditReport): string {
  const policy = report.policy;
  const inputs = report.inputs.map((i) => `${esc(i.file)} (${esc(i.rows)} rows)`).join(', ');
  return `<header class="report">
<h1>ASB casework audit${report.redacted ? '<span class="redacted-flag">notes redacted</span>' : ''}</h1>
<p class="sub">Against <b>${esc(policy.name)}</b>${policy.reference ? ` (${esc(policy.reference)})` : ''}</p>
<dl>
<div><dt>Audit date</dt><dd>${esc(ukMoment(report.asOf))}</dd></div>
<div><dt>Policy file</dt><dd title="sha256 ${esc(policy.sha256)}">${esc(policy.file)}</dd></div>
<div><dt>Inputs</dt><dd>${inputs || '—'}</dd></div>
<div><dt>Tool</dt><dd>${esc(report.tool.name)} ${esc(report.tool.version)}</dd></div>
${report.redacted ? '<div><dt>Privacy</dt><dd>Notes and personal details redacted</dd></div>' : ''}
</dl>
</header>`;
}

function tiles(report: AuditReport): string {
  const s = report.summary;
  const share = s.cases > 0 ? ` (${percent(s.casesWithFindings / s.cases)})` : '';
  const tile = (n: string, label: string, cls = ''): string =>
    `<div class="tile${cls}"><div class="n">${n}</div><div class="l">${label}</div></div>`;
  const out = [
    tile(esc(s.cases), 'cases audited'),
    tile(esc(s.casesWithFindings), `cases with findings${esc(share)}`),
    tile(esc(s.findings), 'findings'),
    tile(esc(s.pending), 'due soon (not yet findings)'),
  ];
  for (const severity of [...SEVERITIES].reverse()) {
    out.push(tile(esc(s.bySeverity[severity] ?? 0), `${esc(severity)} findings`, ` sev-${severity}`));
  }
  return `<div class="tiles">${out.join('')}</div>`;
}

function systemicCallout(report: AuditReport): string {
  const systemic = report.summary.rules.filter((r) => r.systemic);
  if (systemic.length === 0) return '';
  const list = systemic
    .map((r) => `<b>${esc(r.rule)}</b> (${esc(percent(r.rate))}, ${esc(r.failed)} of ${esc(r.applicable)} cases)`)
    .join(', ');
  return `<div class="callout"><b>${systemic.length} systemic ${systemic.length === 1 ? 'failing' : 'failings'}:</b> ${list}. ${systemic.length === 1 ? 'It' : 'Each'} failed in at least ${esc(percent(report.summary.systemicThreshold))} of the cases it applied to: a policy or practice review is needed, not only individual remedies.</div>`;
}

function card(title: string, note: string, body: string): string {
  return `<section class="card"><h3>${title}</h3>${note ? `<p class="note">${note}</p>` : ''}${body}</section>`;
}

function groupChart(label: string, groups: readonly GroupRate[]): string {
  const bars: Bar[] = [...groups]
    .sort((a, b) => b.rate - a.rate || b.findings - a.findings || a.group.localeCompare(b.group))
    .map((g) => ({
      label: g.group,
      value: g.rate,
      text: `${percent(g.rate)} (${g.casesWithFindings}/${g.cases})`,
      title: `${g.group}: ${g.casesWithFindings} of ${count(g.cases, 'case')} with findings (${percent(g.rate)}), ${count(g.findings, 'finding')}`,
    }));
  return card(`Cases with findings by ${esc(label)}`, 'Share of the group’s cases with at least one finding.', barChart({ label: `Cases with findings by ${label}`, bars, max: 1 }));
}

function charts(report: AuditReport): string {
  const s = report.summary;
  const themes = Object.entries(s.byTheme).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const maxTheme = Math.max(0, ...themes.map(([, n]) => n));
  const themeBars: Bar[] = themes.map(([theme, n]) => ({
    label: theme.replace(/-/g, ' '),
    value: n,
    text: `${n}`,
    title: `${theme}: ${count(n, 'finding')}`,
  }));
  const rules = s.rules
    .filter((r) => r.applicable > 0)
    .sort((a, b) => b.rate - a.rate || b.failed - a.failed || a.rule.localeCompare(b.rule));
  const ruleBars: Bar[] = rules.map((r) => ({
    label: r.rule,
    value: r.rate,
    text: `${percent(r.rate)} (${r.failed}/${r.applicable})${r.systemic ? ' systemic' : ''}`,
    title: `${r.rule} (${r.theme}, ${r.severity}): failed in ${r.failed} of ${r.applicable} cases it applied to (${percent(r.rate)}), ${count(r.findings, 'finding')}${r.systemic ? '; systemic' : ''}`,
    marked: r.systemic,
  }));
  const out = [
    card('Findings by theme', 'The Housing Ombudsman’s themes for ASB casework.', barChart({ label: 'Findings by theme', bars: themeBars, max: maxTheme })),
    card(
      'Failure rate by rule',
      `Share of the cases a rule applied to that failed it. Red: systemic (at or above ${esc(percent(s.systemicThreshold))}, dashed line).`,
      barChart({
        label: 'Failure rate by rule',
        bars: ruleBars,
        max: 1,
        threshold: { value: s.systemicThreshold, label: `systemic ${percent(s.systemicThreshold)}` },
      }),
    ),
  ];
  if (s.byTeam.length > 0) out.push(groupChart('team', s.byTeam));
  if (s.byOfficer.length > 0) out.push(groupChart('officer', s.byOfficer));
  if (s.byLandlord.length > 1) out.push(groupChart('landlord', s.byLandlord));
  return `<div class="grid2">${out.join('')}</div>`;
}

function repeatPerpetrators(report: AuditReport, anchors: ReadonlyMap<string, string>): string {
  const repeats = report.summary.repeatPerpetrators;
  if (repeats.length === 0) return '';
  const caseLink = (id: string): string => {
    const anchor = anchors.get(id);
    return anchor ? `<a href="#${anchor}">${esc(id)}</a>` : esc(id);
  };
  const rows = repeats
    .map((p) => `<tr><td>${esc(p.ref)}</td><td class="num">${p.cases.length}</td><td>${p.cases.map(caseLink).join(', ')}</td></tr>`)
    .join('');
  return `<h2 id="repeat-perpetrators">Repeat alleged perpetrators in hate cases</h2>
<p class="note">The same alleged perpetrator reference in more than one hate-motivated case: the Ombudsman asks landlords to identify persistent perpetrators.</p>
<div class="table-wrap"><table><thead><tr><th>Alleged perpetrator ref</th><th class="num">Cases</th><th>Case ids</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function caseTable(report: AuditReport, anchors: ReadonlyMap<string, string>): string {
  const rows = report.cases.map((c) => {
    const top = highestSeverity(c.findings);
    const rank = severityRank(top);
    const anchor = anchors.get(c.caseId);
    const id = anchor ? `<a href="#${anchor}">${esc(c.caseId)}</a>` : esc(c.caseId);
    return `<tr data-rank="${rank}"><td data-sort="${esc(c.caseId)}">${id}</td><td>${esc(c.state)}${c.reopened ? ' (reopened)' : ''}</td><td>${dash(c.category)}</td><td>${dash(c.priority)}</td><td>${dash(c.team)}</td><td>${dash(c.officer)}</td><td class="num" data-sort="${c.findings.length}">${c.findings.length}</td><td data-sort="${rank}">${sevChip(top)}</td></tr>`;
  });
  const th = (label: string, numeric = false): string =>
    `<th${numeric ? ' class="num" data-type="number"' : ''} scope="col"><button type="button">${label}</button></th>`;
  const options = [
    '<option value="">Any severity</option>',
    '<option value="4">Critical</option>',
    '<option value="3">High or worse</option>',
    '<option value="2">Medium or worse</option>',
    '<option value="1">Any finding</option>',
    '<option value="none">No findings</option>',
  ].join('');
  return `<h2 id="cases">Cases</h2>
<div class="controls" id="case-controls" hidden>
<input type="search" id="case-filter" placeholder="Filter by case, team, officer, category…" aria-label="Filter cases">
<select id="case-severity" aria-label="Highest severity">${options}</select>
<span class="count" id="case-count" aria-live="polite"></span>
</div>
<div class="table-wrap"><table id="case-table"><thead><tr>${th('Case')}${th('State')}${th('Category')}${th('Priority')}${th('Team')}${th('Officer')}${th('Findings', true)}${th('Highest severity', true)}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function findingRow(f: Finding): string {
  const raised = f.aggravatedBy ? `<span class="msg">raised from ${esc(f.baseSeverity)}: ${esc(f.aggravatedBy)}</span>` : '';
  const working = f.workingDaysLate !== undefined && f.workingDaysLate !== null ? `<span class="msg">${esc(f.workingDaysLate)} working</span>` : '';
  const evidence = f.evidence
    .map((e) => `<div class="evidence" title="${esc(`${e.type} ${ukMoment(e.occurredAt)}`)}">${esc(sourceLabel(e.source))}</div>`)
    .join('');
  const failed = f.details?.['failed'];
  const conditions = Array.isArray(failed) && failed.length > 0 ? `<ul class="failed">${failed.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : '';
  return `<tr><td><b>${esc(f.rule)}</b><span class="msg">${esc(f.message)}</span>${conditions}</td><td>${sevChip(f.severity)}${raised}</td><td>${esc(f.kind)}</td><td>${dash(ukMoment(f.dueAt))}</td><td>${dash(ukMoment(f.metAt))}</td><td class="num">${dash(f.daysLate)}${working}</td><td>${dash(f.policyRef)}</td><td>${evidence}</td></tr>`;
}

function eventRow(row: TimelineRow, redacted: boolean): string {
  const how = [row.direction, row.channel].filter(Boolean).join(' ');
  const note = redacted ? '' : `<td class="note-text">${dash(row.detail)}</td>`;
  return `<tr><td>${esc(ukMoment(row.occurredAt))}</td><td>${esc(row.type.replace(/_/g, ' '))}</td><td>${dash(row.party)}</td><td>${dash(how)}</td><td>${dash(row.outcome)}</td><td>${dash(row.officer)}</td>${note}<td class="evidence">${esc(sourceLabel(row.source))}</td></tr>`;
}

function caseSection(c: CaseReport, anchor: string, report: AuditReport): string {
  const redacted = report.redacted === true;
  const meta: string[] = [`<b>${esc(c.state)}</b>${c.reopened ? ' (reopened)' : ''}`];
  const add = (label: string, value: string | null | undefined): void => {
    if (value) meta.push(`${label} <b>${esc(value)}</b>`);
  };
  add('category', c.category);
  add('priority', c.priority);
  add('team', c.team);
  add('officer', c.officer);
  add('landlord', c.landlord);
  add('reported', ukMoment(c.reportedAt));
  add('closed', ukMoment(c.closedAt));
  add('severity raised:', c.aggravatedBy);
  const timeline = c.timeline ?? [];
  const events =
    timeline.length === 0
      ? ''
      : `<details><summary>All ${timeline.length} events</summary><div class="table-wrap"><table><thead><tr><th>When</th><th>Event</th><th>Party</th><th>How</th><th>Outcome</th><th>Officer</th>${redacted ? '' : '<th>Note</th>'}<th>Source</th></tr></thead><tbody>${timeline.map((r) => eventRow(r, redacted)).join('')}</tbody></table></div></details>`;
  const pending =
    c.pending.length === 0
      ? ''
      : `<p class="pending">Due soon: ${c.pending.map((p) => `${esc(p.rule)} by ${esc(ukMoment(p.dueAt))}`).join('; ')}</p>`;
  return `<section class="case" id="${anchor}">
<h3>Case ${esc(c.caseId)} · ${count(c.findings.length, 'finding')}</h3>
<p class="meta">${meta.join(' · ')}</p>
<div class="timeline-wrap">${caseTimeline(c, report.asOf, redacted)}</div>
<div class="table-wrap"><table class="findings"><thead><tr><th>Rule</th><th>Severity</th><th>Outcome</th><th>Due</th><th>Met</th><th class="num">Days late</th><th>Clause</th><th>Evidence</th></tr></thead><tbody>${c.findings.map(findingRow).join('')}</tbody></table></div>
${pending}${events}
</section>`;
}

function dataQuality(report: AuditReport): string {
  if (report.dataQuality.length === 0) return '';
  const rows = report.dataQuality
    .map((n) => `<tr><td>${esc(n.kind)}</td><td>${dash(n.caseId)}</td><td>${esc(noteMessage(n))}</td><td class="evidence">${dash(sourceLabel(n.source))}</td></tr>`)
    .join('');
  return `<h2 id="data-quality">Data quality</h2>
<details><summary>${report.dataQuality.length} data-quality ${report.dataQuality.length === 1 ? 'note' : 'notes'}</summary><div class="table-wrap"><table><thead><tr><th>Kind</th><th>Case</th><th>Issue</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

/**
 * The HTML report: one self-contained page (inline style, inline SVG, a small inline script for
 * sorting and filtering) that loads nothing from anywhere. Every value from the data is escaped.
 */
export function html(report: AuditReport, _options: FormatOptions): string {
  // Anchors by position, not by case id: ids are data and may hold anything.
  const anchors = new Map<string, string>();
  report.cases.forEach((c, i) => {
    if (c.findings.length > 0 && !anchors.has(c.caseId)) anchors.set(c.caseId, `case-${i}`);
  });
  const withFindings = report.cases.filter((c) => c.findings.length > 0);
  const title = `ASB casework audit: ${report.policy.name}, ${ukMoment(report.asOf)}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${header(report)}
<main>
<h2 id="summary">Caseload summary</h2>
${tiles(report)}
${systemicCallout(report)}
${charts(report)}
${repeatPerpetrators(report, anchors)}
${caseTable(report, anchors)}
<h2 id="findings">Cases with findings</h2>
${withFindings.length === 0 ? '<p class="empty">No findings: every case met the policy.</p>' : timelineLegend()}
${withFindings.map((c) => caseSection(c, anchors.get(c.caseId) ?? '', report)).join('\n')}
${dataQuality(report)}
<footer>Made by ${esc(report.tool.name)} ${esc(report.tool.version)} from the inputs listed above, as of ${esc(ukMoment(report.asOf))}. Evidence gives the export file and line (or JSON pointer) of each row relied on. Policy sha256 ${esc(report.policy.sha256)}.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
