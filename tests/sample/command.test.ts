import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { CliIO } from '../../src/cli/io.js';
import { generateSample } from '../../src/sample/generate.js';
import { renderSample } from '../../src/sample/write.js';

function fakeIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (s: string) => void out.push(s) },
    stderr: { write: (s: string) => void err.push(s) },
    env: {},
    cwd,
    now: () => Date.UTC(2024, 10, 21, 12),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'caseaudit-sample-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('caseaudit sample', () => {
  it('writes the three files, byte-identical to generateSample, one line on stderr, nothing on stdout', async () => {
    const t = fakeIO(work);
    const code = await run(['sample', '--cases', '60', '--seed', '9', '--output', 'out'], t.io);
    expect(code).toBe(0);
    expect(t.stdout()).toBe('');
    const expected = renderSample(generateSample({ cases: 60, seed: 9 }));
    expect(readdirSync(join(work, 'out')).sort()).toEqual(['cases.csv', 'events.csv', 'events.json']);
    expect(readFileSync(join(work, 'out', 'events.csv'), 'utf8')).toBe(expected.eventsCsv);
    expect(readFileSync(join(work, 'out', 'cases.csv'), 'utf8')).toBe(expected.casesCsv);
    expect(readFileSync(join(work, 'out', 'events.json'), 'utf8')).toBe(expected.eventsJson);
    const events = expected.eventsCsv.trimEnd().split('\n').length - 1;
    expect(t.stderr()).toBe(`caseaudit: wrote events.csv, cases.csv, events.json to out (60 cases, ${events} events)\n`);
  });

  it('the same seed twice gives the same bytes; another seed differs', async () => {
    await run(['sample', '--cases', '30', '--seed', '4', '--output', 'a'], fakeIO(work).io);
    await run(['sample', '--cases', '30', '--seed', '4', '--output', 'b'], fakeIO(work).io);
    await run(['sample', '--cases', '30', '--seed', '5', '--output', 'c'], fakeIO(work).io);
    const read = (d: string) => readFileSync(join(work, d, 'events.csv'), 'utf8');
    expect(read('b')).toBe(read('a'));
    expect(read('c')).not.toBe(read('a'));
  });

  it('defaults to 200 cases in ./caseaudit-sample', async () => {
    const t = fakeIO(work);
    expect(await run(['sample'], t.io)).toBe(0);
    const cases = readFileSync(join(work, 'caseaudit-sample', 'cases.csv'), 'utf8').trimEnd().split('\n');
    expect(cases.length).toBe(201);
    expect(t.stderr()).toMatch(/\(200 cases, \d+ events\)/);
  });

  it('writes into an existing empty directory', async () => {
    mkdirSync(join(work, 'empty'));
    expect(await run(['sample', '--cases', '5', '--output', 'empty'], fakeIO(work).io)).toBe(0);
    expect(existsSync(join(work, 'empty', 'events.json'))).toBe(true);
  });

  it('refuses a non-empty directory without --force and leaves it alone', async () => {
    mkdirSync(join(work, 'full'));
    writeFileSync(join(work, 'full', 'events.csv'), 'mine\n');
    const t = fakeIO(work);
    expect(await run(['sample', '--cases', '5', '--output', 'full'], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/^caseaudit: .*full is not empty; choose another --output or add --force/);
    expect(t.stderr()).not.toMatch(/\n.+\n/); // one line, no stack trace
    expect(readFileSync(join(work, 'full', 'events.csv'), 'utf8')).toBe('mine\n');
    expect(readdirSync(join(work, 'full'))).toEqual(['events.csv']);
  });

  it('overwrites with --force, keeping other files', async () => {
    mkdirSync(join(work, 'full'));
    writeFileSync(join(work, 'full', 'events.csv'), 'mine\n');
    writeFileSync(join(work, 'full', 'notes.txt'), 'keep\n');
    expect(await run(['sample', '--cases', '5', '--seed', '2', '--output', 'full', '--force'], fakeIO(work).io)).toBe(0);
    expect(readFileSync(join(work, 'full', 'events.csv'), 'utf8')).toBe(renderSample(generateSample({ cases: 5, seed: 2 })).eventsCsv);
    expect(readFileSync(join(work, 'full', 'notes.txt'), 'utf8')).toBe('keep\n');
  });

  it('refuses an output path that is a file', async () => {
    writeFileSync(join(work, 'file'), 'x');
    const t = fakeIO(work);
    expect(await run(['sample', '--output', 'file'], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/file exists and is not a directory/);
  });

  it('respects --events-per-case-max and --as-of', async () => {
    expect(await run(['sample', '--cases', '80', '--events-per-case-max', '6', '--as-of', '30/06/2021', '--output', 'o'], fakeIO(work).io)).toBe(0);
    const json = JSON.parse(readFileSync(join(work, 'o', 'events.json'), 'utf8')) as { cases: Array<{ events: Array<{ occurred_at: string }> }> };
    expect(Math.max(...json.cases.map((c) => c.events.length))).toBeLessThanOrEqual(6);
    const years = json.cases.flatMap((c) => c.events.map((e) => e.occurred_at.match(/(\d{4})/)![1]));
    expect(Math.max(...years.map(Number))).toBe(2021);
  });

  it.each([
    [['--cases', '0'], /--cases must be between 1 and/],
    [['--cases', 'ten'], /--cases must be a whole number, got "ten"/],
    [['--cases', '2.5'], /--cases must be a whole number/],
    [['--seed', '-1'], /--seed must be a whole number/],
    [['--seed', '4294967296'], /--seed must be between 0 and 4294967295/],
    [['--events-per-case-max', '3'], /--events-per-case-max must be between 4 and/],
    [['--as-of', '31/02/2024'], /--as-of must be a date .*"31\/02\/2024"/],
    [['--as-of', '12/31/2024'], /--as-of must be a date/],
  ])('refuses %j with exit 2 and one clear line', async (args, message) => {
    const t = fakeIO(work);
    expect(await run(['sample', ...args, '--output', 'x'], t.io)).toBe(2);
    expect(t.stderr()).toMatch(message);
    expect(t.stderr().trimEnd().split('\n').length).toBe(1);
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const t = fakeIO(work);
    expect(await run(['sample', '--bogus'], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/unknown option '--bogus'/);
  });
});
