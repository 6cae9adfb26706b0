import { createHash } from 'node:crypto';

import { describe, expect, test } from 'vitest';

import { html } from '../../src/report/formatters/html.js';
import type { AuditReport } from '../../src/report/types.js';
import { AMP_OFFICER, fixtureReport } from '../fixtures/report-html/report.js';

const options = { colour: false };

/** Breaks out of text (a tag), out of a double-quoted attribute, and carries an ampersand. */
const HOSTILE = `<i data-evil="1">'" data-evil="2"&amp;`;

/** Fields that must stay dates so the timelines and their SVG titles are still drawn. */
const DATE_KEYS = new Set(['occurredAt', 'dueAt', 'metAt', 'asOf', 'reportedAt', 'closedAt', 'from', 'to']);
/** Records whose keys are data (rule ids, themes, detail names), not model fields. */
const DATA_KEYED = new Set(['byRule', 'byTheme', 'details']);

/** Appends HOSTILE to every string in the report (and to data keys), leaving dates readable unless told. */
function poison(value: unknown, keepDates: boolean, key = ''): unknown {
  if (typeof value === 'string') return keepDates && DATE_KEYS.has(key) ? value : `${value}${HOSTILE}`;
  if (Array.isArray(value)) return value.map((v) => poison(v, keepDates));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [DATA_KEYED.has(key) ? `${k}${HOSTILE}` : k, poison(v, keepDates, k)]),
    );
  }
  return value;
}

function scriptsOf(page: string): string[] {
  return [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function caseSections(page: string): string[] {
  return page.split('<section class="case"').slice(1);
}

describe('html: self-contained', () => {
  const page = html(fixtureReport(), options);

  test('loads nothing from anywhere: no external script, style, font, image or link', () => {
    expect(page).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<img\b|<iframe\b|<object\b|<embed\b/i);
    expect(page).not.toMatch(/https?:\/\//i);
    expect(page).not.toMatch(/url\(|@import|@font-face/i);
    expect(page).not.toMatch(/\s(src|href)="(?!#)/i);
  });

  test('has exactly one inline script and one style, each allowed by hash in a strict CSP', () => {
    const scripts = scriptsOf(page);
    expect(scripts).toHaveLength(1);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(scripts[0]!)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).not.toContain('unsafe-inline');
    // The CSP must come before anything it governs.
    expect(page.indexOf('Content-Security-Policy')).toBeLessThan(page.indexOf('<style>'));
  });

  test('the case table is complete without script; the script-only controls start hidden', () => {
    expect(page.match(/<tr data-rank="/g)).toHaveLength(6);
    expect(page).toContain('<div class="controls" id="case-controls" hidden>');
    expect(page).toMatch(/<tr data-rank="4"><td data-sort="ASB-2024-0045">/);
    expect(page).toMatch(/<tr data-rank="0"><td data-sort="ASB-2024-0007">/);
  });

  test('is the same bytes for the same report', () => {
    expect(html(fixtureReport(), options)).toBe(page);
    expect(html(fixtureReport(), { colour: true, width: 40 })).toBe(page);
  });
});

describe('html: escaping', () => {
  test('hostile notes appear only escaped, as text', () => {
    const page = html(fixtureReport(), options);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Also inside the SVG <title> tooltips of the timeline.
    expect(page).toMatch(/<title>[^<]*&lt;script&gt;alert\(1\)&lt;\/script&gt;[^<]*<\/title>/);
    expect(scriptsOf(page)).toHaveLength(1);
  });

  test('an ampersand in an officer name is escaped in the table, the chart and the case', () => {
    const page = html(fixtureReport(), options);
    expect(page).not.toContain(AMP_OFFICER);
    const escaped = AMP_OFFICER.replace('&', '&amp;');
    expect(page).toContain(`<td>${escaped}</td>`);
    expect(page).toContain(`>${escaped}</text>`);
    expect(page).toContain(`officer <b>${escaped}</b>`);
  });

  test.each([
    ['dates kept, so timelines and charts are drawn', true],
    ['every string hostile, dates included', false],
  ])('every value from the data is escaped (%s)', (_, keepDates) => {
    const report = poison(fixtureReport(), keepDates) as AuditReport;
    const page = html(report, options);
    expect(page).not.toContain('<i ');
    expect(page).not.toContain('data-evil="');
    expect(page).toContain('&lt;i data-evil=&quot;1&quot;&gt;&#39;&quot; data-evil=&quot;2&quot;&amp;amp;');
    expect(scriptsOf(page)).toHaveLength(1);
    if (keepDates) {
      expect(page.match(/<svg class="timeline"/g)).toHaveLength(4);
      expect(page).toContain('class="gap-band"');
    }
  });
});

describe('html: redaction', () => {
  test('a redacted report shows no notes, even if the model still carries them, and says so', () => {
    const page = html(fixtureReport({ redacted: true }), options);
    expect(page).toContain('notes redacted');
    for (const note of ['Shouting and banging', 'alert(1)', 'Racist graffiti', 'Second warning letter', 'frightened']) {
      expect(page).not.toContain(note);
    }
    expect(page).not.toContain('<th>Note</th>');
    expect(html(fixtureReport(), options)).toContain('<th>Note</th>');
  });
});

describe('html: summary and charts', () => {
  const page = html(fixtureReport(), options);

  test('charts themes, applicable rules, teams and officers, marking the systemic rule and its threshold', () => {
    // 4 themes + 7 rules that applied (complaint-response applied to none) + 3 teams + 3 officers.
    expect(page.match(/class="bar-rect"/g)).toHaveLength(17);
    expect(page.match(/<g class="bar marked">/g)).toHaveLength(1);
    expect(page).toMatch(/<g class="bar marked"><title>closure \(action-plan, high\): failed in 2 of 3 cases it applied to \(67%\), 2 findings; systemic/);
    expect(page).toContain('>systemic 25%</text>');
    expect(page).not.toContain('>complaint-response</text>');
    // A single landlord is no comparison.
    expect(page).not.toContain('by landlord');
    expect(page).toContain('1 systemic failing:');
  });

  test('bars are as long as their rate', () => {
    // Rate 1 fills the bar area (520 - 150 - 120 = 250 units); rate 0.5 half of it.
    expect(page).toMatch(/<title>North:[^<]*<\/title>(?:<[^>]*>[^<]*<\/text>)?<rect class="bar-track"[^>]*\/><rect class="bar-rect" x="150" y="\d+" width="250"/);
    expect(page).toMatch(/<title>South:[^<]*<\/title>(?:<[^>]*>[^<]*<\/text>)?<rect class="bar-track"[^>]*\/><rect class="bar-rect" x="150" y="\d+" width="125"/);
  });

  test('lists repeat alleged perpetrators with links to the cases that have findings', () => {
    expect(page).toContain('<td>AP-0077</td><td class="num">2</td><td><a href="#case-3">ASB-2024-0045</a>, ASB-2024-0050</td>');
  });

  test('a report with no cases still renders, with nothing to chart', () => {
    const empty = fixtureReport({
      cases: [],
      summary: { ...fixtureReport().summary, cases: 0, casesWithFindings: 0, findings: 0, byTheme: {}, rules: [], byTeam: [], byOfficer: [], byLandlord: [], repeatPerpetrators: [] },
    });
    const out = html(empty, options);
    expect(out).toContain('No findings: every case met the policy.');
    expect(out).not.toContain('<svg class="timeline"');
    expect(out.match(/Nothing to chart/g)).toHaveLength(2);
    expect(out).not.toContain('Repeat alleged perpetrators');
  });
});

describe('html: case timelines', () => {
  const sections = caseSections(html(fixtureReport(), options));

  test('one section per case with findings, in report order', () => {
    expect(sections.map((s) => /<h3>Case ([^ ]+)/.exec(s)![1])).toEqual(['ASB-2024-0012', 'ASB-2024-0031', 'ASB-2024-0045', 'ASB-2024-0101']);
  });

  test('draws every event, and each failing where it happened', () => {
    const [late, premature, missing, both] = sections as [string, string, string, string];
    expect(late.match(/<g class="event">/g)).toHaveLength(8);
    // Late risk assessment: allowed span, then late span ending at the met mark.
    expect(late.match(/class="span-late"/g)).toHaveLength(1);
    expect(late).toContain('class="met-mark"');
    // The lapsed gap is a shaded band whose edges are the two contacts either side of it.
    const band = /<rect class="gap-band" x="([\d.]+)" y="\d+" width="([\d.]+)"/.exec(late)!;
    const contacts = [...late.matchAll(/<title>(\d\d\/\d\d\/\d{4}) [^<]*contact · resident[^<]*<\/title><circle class="ev ev-contact" cx="([\d.]+)"/g)];
    const at = new Map(contacts.map((m) => [m[1], Number(m[2])]));
    expect(Number(band[1])).toBeCloseTo(at.get('20/06/2024')!, 1);
    expect(Number(band[1]) + Number(band[2])).toBeCloseTo(at.get('19/08/2024')!, 1);
    // The premature closure is ringed on the axis, and the grey after-closure area starts there.
    const closure = /<rect class="ev ev-closure" x="([\d.]+)"/.exec(premature)!;
    const ring = /<circle class="premature-ring" cx="([\d.]+)"/.exec(premature)!;
    expect(Number(ring[1])).toBeCloseTo(Number(closure[1]) + 2, 1);
    expect(premature).toMatch(new RegExp(`<rect class="after-close" x="${ring[1]!.replace('.', '\\.')}"`));
    expect(premature).toContain('<li>no action_plan before closure</li>');
    // A still-missing reply runs overdue to the audit date on an open case.
    expect(missing.match(/class="span-overdue"/g)).toHaveLength(1);
    expect(missing).toContain('audit date</text>');
    expect(missing).toContain('Due soon: contact-cadence by 30/09/2024');
    expect(both.match(/class="span-overdue"/g)).toHaveLength(1);
    expect(both.match(/class="span-late"/g)).toHaveLength(1);
  });

  test('evidence points at file and line', () => {
    expect(sections[0]).toContain('<div class="evidence" title="report 03/06/2024 09:15">exports/asb-events.csv:2</div>');
  });
});
