import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { caseaudit } from '../helpers/cli.js';

const SAMPLES = ['samples/events.csv', 'samples/cases.csv'];
const AS_OF = ['--as-of', '2024-11-21'];

describe('caseaudit audit: exit status (SPEC 4)', () => {
  test('--fail-on critical: exit 1 because ASB-0007 has critical findings', async () => {
    expect((await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--fail-on', 'critical', '--format', 'json'])).code).toBe(1);
  });
  test('--fail-on none: exit 0 whatever is found', async () => {
    expect((await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--fail-on', 'none', '--format', 'json'])).code).toBe(0);
  });
  test('a case with no findings exits 0', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--case', 'ASB-0001', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ cases: 1, findings: 0 });
  });
  test('--fail-on high ignores a case whose only findings are medium', async () => {
    // ASB-0009: three update-request-reply findings, medium and not aggravated.
    const r3 = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--case', 'ASB-0009', '--fail-on', 'high', '--format', 'json']);
    const severities = JSON.parse(r3.stdout).cases[0].findings.map((f: { severity: string }) => f.severity);
    expect(severities.every((s: string) => s === 'medium' || s === 'low')).toBe(true);
    expect(r3.code).toBe(0);
  });
  test('an unknown option is a usage error: exit 2', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
  test('a bad --as-of names the value and what was expected', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, '--as-of', '11/31/2024']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('caseaudit: --as-of: expected a date such as 2024-11-21 or 21/11/2024, found "11/31/2024"\n');
  });
  test('an unknown --case is exit 2 with the case named', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--case', 'ASB-9999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no case ASB-9999 in the inputs/);
  });
  test('a missing input file is exit 2, one line, no stack trace', async () => {
    const r = await caseaudit(['audit', 'samples/nope.csv', ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/samples\/nope\.csv/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('caseaudit audit: --case, --output, --as-of', () => {
  test('--case is repeatable and audits only those cases', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--case', 'ASB-0007', '--case', 'ASB-0011', '--format', 'json']);
    expect(JSON.parse(r.stdout).cases.map((c: { caseId: string }) => c.caseId)).toEqual(['ASB-0007', 'ASB-0011']);
  });
  test('--output takes the format from the extension, prints nothing on stdout and confirms on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseaudit-'));
    const out = join(dir, 'report.csv');
    const r = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote .*report\.csv \(csv; 16 cases, 38 findings, as of 2024-11-21\)/);
    expect(readFileSync(out, 'utf8')).toMatch(/case_id,rule,theme,severity/);
  });
  test('--output refuses to write over an input', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--output', 'samples/cases.csv']);
    expect(r.code).toBe(2);
    expect(readFileSync('samples/cases.csv', 'utf8')).toMatch(/^case_id,/);
  });
  test('the audit date decides what is due: a week after the report nothing is late yet that falls due later', async () => {
    const early = JSON.parse((await caseaudit(['audit', ...SAMPLES, '--as-of', '2024-05-14', '--case', 'ASB-0007', '--format', 'json'])).stdout);
    // risk-assessment was due 2024-05-14: on the audit date itself it is pending, not missing.
    expect(early.cases[0].findings.map((f: { rule: string }) => f.rule)).not.toContain('risk-assessment');
    const after = JSON.parse((await caseaudit(['audit', ...SAMPLES, '--as-of', '2024-05-15', '--case', 'ASB-0007', '--format', 'json'])).stdout);
    expect(after.cases[0].findings.map((f: { rule: string }) => f.rule)).toContain('risk-assessment');
  });
  test('without --as-of the audit date is today in London', async () => {
    const r = await caseaudit(['audit', ...SAMPLES, '--format', 'json'], { now: () => Date.UTC(2024, 10, 21, 23, 30) });
    expect(JSON.parse(r.stdout).asOf).toBe('2024-11-21');
  });
  test('--help shows examples', async () => {
    const r = await caseaudit(['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}caseaudit audit samples\/events\.csv/);
  });
  test('text on a non-terminal has no colour codes; NO_COLOR is honoured on a terminal', async () => {
    const plain = await caseaudit(['audit', ...SAMPLES, ...AS_OF]);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    const tty = await caseaudit(['audit', ...SAMPLES, ...AS_OF], { stdout: { write: () => true, isTTY: true }, env: { NO_COLOR: '1' } });
    expect(tty.code).toBe(1);
  });
  test('md and html reports are written whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseaudit-'));
    for (const ext of ['md', 'html']) {
      const out = join(dir, `r.${ext}`);
      expect((await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--output', out])).code).toBe(1);
      expect(existsSync(out)).toBe(true);
      expect(readFileSync(out, 'utf8')).toMatch(/ASB-0007/);
    }
  });
});

describe('caseaudit audit --redact', () => {
  // Notes, an officer's name and a property reference from samples/: none may survive redaction.
  const PERSONAL = /kicked the door|Ms Carter|R\. Dunne|PR-31540/i;
  test.each(['text', 'json', 'csv', 'md', 'html'])('%s carries no note text or personal field', async (format) => {
    const plain = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--format', format]);
    const redacted = await caseaudit(['audit', ...SAMPLES, ...AS_OF, '--format', format, '--redact']);
    expect(redacted.code).toBe(1);
    expect(redacted.stdout).toMatch(/ASB-0007/);
    expect(redacted.stdout).not.toMatch(PERSONAL);
    // The marker is really there without --redact in the formats that show notes or officers.
    if (format !== 'csv' && format !== 'json') expect(plain.stdout).toMatch(PERSONAL);
  });
});

describe('--help', () => {
  test.each([[[]], [['audit']], [['timeline']], [['policy']], [['sample']], [['mapping']]])('caseaudit %j --help shows examples on stdout', async (command) => {
    const r = await caseaudit([...command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\nExamples:\n {2}caseaudit /);
  });
});

describe('a JSON report on a slow pipe', () => {
  test('waits for the pipe to drain between chunks, and writes the whole report', async () => {
    const { EventEmitter } = await import('node:events');
    let out = '';
    let waiting = false;
    let overlapping = 0;
    let writes = 0;
    const pipe = Object.assign(new EventEmitter(), {
      isTTY: false,
      write(chunk: string): boolean {
        if (waiting) overlapping++;
        writes++;
        out += chunk;
        waiting = true;
        setImmediate(() => {
          waiting = false;
          pipe.emit('drain');
        });
        return false;
      },
    });
    const r = await caseaudit(['audit', 'samples/events.csv', 'samples/cases.csv', '--as-of', '2024-11-21', '--format', 'json'], { stdout: pipe });
    expect(r.code).toBe(1);
    expect(writes).toBeGreaterThan(1);
    expect(overlapping).toBe(0);
    const whole = await caseaudit(['audit', 'samples/events.csv', 'samples/cases.csv', '--as-of', '2024-11-21', '--format', 'json']);
    expect(out).toBe(whole.stdout);
  });
});
