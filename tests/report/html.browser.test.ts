import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { html } from '../../src/report/formatters/html.js';
import { IMG_NOTE, SCRIPT_NOTE, fixtureReport } from '../fixtures/report-html/report.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[html browser test] skipped: ${CHROMIUM} not found (install Debian's chromium to run it)`);
}
export const SCREENSHOT = '/tmp/caseaudit-html-report.png';

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caseaudit-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, html(fixtureReport(), { colour: false }), 'utf8');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(file).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const caseOrder = (): Promise<string[]> =>
    page.locator('#case-table tbody tr:not([hidden]) td:first-child').allInnerTexts();

  test('renders headings, charts and timelines, with its own style and script allowed by the CSP', async () => {
    expect(await page.textContent('h1')).toContain('ASB casework audit');
    const h2 = await page.locator('h2').allInnerTexts();
    expect(h2).toEqual(['Caseload summary', 'Repeat alleged perpetrators in hate cases', 'Cases', 'Cases with findings', 'Data quality']);
    // 4 themes + 7 applicable rules + 3 teams + 3 officers (one landlord is not charted).
    expect(await page.locator('svg.chart .bar-rect').count()).toBe(17);
    expect(await page.locator('svg.chart .bar.marked').count()).toBe(1);
    expect(await page.locator('svg.chart .threshold').count()).toBe(1);
    expect(await page.locator('svg.timeline').count()).toBe(4);
    expect(await page.locator('svg.timeline .gap-band').count()).toBe(1);
    expect(await page.locator('svg.timeline .premature-ring').count()).toBe(1);
    expect(await page.locator('svg.timeline .span-late').count()).toBe(2);
    expect(await page.locator('svg.timeline .span-overdue').count()).toBe(3);
    const timelineBox = await page.locator('svg.timeline').first().boundingBox();
    expect(timelineBox!.width).toBeGreaterThan(600);
    // The inline style ran (header colour) and the inline script ran (controls shown).
    expect(await page.evaluate("getComputedStyle(document.querySelector('header.report')).backgroundColor")).toBe('rgb(31, 78, 121)');
    expect(await page.isVisible('#case-controls')).toBe(true);
    expect(await page.textContent('#case-count')).toBe('6 of 6 cases shown');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  test('clicking a header sorts the case table, and again reverses it', async () => {
    expect(await caseOrder()).toEqual(['ASB-2024-0007', 'ASB-2024-0012', 'ASB-2024-0031', 'ASB-2024-0045', 'ASB-2024-0050', 'ASB-2024-0101']);
    await page.click('#case-table th:nth-child(7) button');
    expect(await caseOrder()).toEqual(['ASB-2024-0007', 'ASB-2024-0050', 'ASB-2024-0045', 'ASB-2024-0012', 'ASB-2024-0031', 'ASB-2024-0101']);
    await page.click('#case-table th:nth-child(7) button');
    expect(await caseOrder()).toEqual(['ASB-2024-0012', 'ASB-2024-0031', 'ASB-2024-0101', 'ASB-2024-0045', 'ASB-2024-0007', 'ASB-2024-0050']);
    await page.click('#case-table th:nth-child(8) button');
    await page.click('#case-table th:nth-child(8) button');
    expect((await caseOrder()).slice(0, 2)).toEqual(['ASB-2024-0045', 'ASB-2024-0101']);
    await page.click('#case-table th:nth-child(1) button');
    expect(await caseOrder()).toEqual(['ASB-2024-0007', 'ASB-2024-0012', 'ASB-2024-0031', 'ASB-2024-0045', 'ASB-2024-0050', 'ASB-2024-0101']);
  });

  test('the text box and the severity select hide rows', async () => {
    await page.fill('#case-filter', 'osei');
    expect(await caseOrder()).toEqual(['ASB-2024-0050', 'ASB-2024-0101']);
    expect(await page.textContent('#case-count')).toBe('2 of 6 cases shown');
    await page.fill('#case-filter', '');
    await page.selectOption('#case-severity', '4');
    expect(await caseOrder()).toEqual(['ASB-2024-0045', 'ASB-2024-0101']);
    await page.selectOption('#case-severity', 'none');
    expect(await caseOrder()).toEqual(['ASB-2024-0007', 'ASB-2024-0050']);
    await page.fill('#case-filter', '0050');
    expect(await caseOrder()).toEqual(['ASB-2024-0050']);
    await page.fill('#case-filter', '');
    await page.selectOption('#case-severity', '');
    expect(await caseOrder()).toHaveLength(6);
  });

  test('hostile notes show as text: no extra script or image element, no dialog', async () => {
    await page.click('#case-2 details summary');
    const notes = await page.locator('#case-2 td.note-text').allInnerTexts();
    expect(notes).toContain(SCRIPT_NOTE);
    expect(notes).toContain(IMG_NOTE);
    expect(await page.isVisible(`#case-2 td.note-text >> text=${'<script>alert(1)</script>'}`)).toBe(true);
    expect(await page.evaluate('document.scripts.length')).toBe(1);
    expect(await page.evaluate('document.images.length')).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('makes no network request: only the file itself (and data: URLs) load', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url).toMatch(/^(file|data):/);
  });
});
