import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'caseaudit-bench-test-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

// The benchmark runs whole processes of the built CLI (npm test builds first). No timed
// assertion: only that it runs end to end on a tiny data set and prints its table.
describe.skipIf(!existsSync(join(ROOT, 'dist', 'cli', 'run.js')))('npm run bench', () => {
  it('generates a tiny data set, runs DuckDB (when installed) and caseaudit, prints the table and its figures', async () => {
    const json = join(work, 'figures.json');
    const { stdout } = await run(process.execPath, [join(ROOT, 'bench', 'run.mjs'), '--events', '2000', '--runs', '1', '--data', work, '--json', json], { cwd: ROOT });

    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^\| what +\| +events \| wall \(median\) \| CPU \(median\) \| events\/s \| peak RSS \| x DuckDB \|$/);
    expect(stdout).toMatch(/^\| caseaudit --version +\| +\| +\d+ ms \| +(\d+ ms|[\d.]+ s|\?) \|/m);
    expect(stdout).toMatch(/^\| caseaudit audit samples\/ +\| +\d+ \|/m);
    // 2,000 events is about 95 cases of the generator; its own count is printed.
    const audit = /^\| caseaudit audit → JSON +\| +([\d,]+) \| +[\d.]+ m?s \| +(?:[\d.]+ m?s|\?) \| +[\d,]+ \| +\d+ MB \|/m.exec(stdout);
    expect(audit).not.toBeNull();
    const events = Number(audit![1]!.replaceAll(',', ''));
    expect(events).toBeGreaterThan(1500);
    expect(events).toBeLessThan(3000);
    expect(stdout).toMatch(/caseaudit audit → JSON \([\d,]+\): wrote .*\(json; 95 cases, \d+ findings, as of 2024-11-21\)/);

    const hasDuckDb = existsSync(join(ROOT, 'bench', 'node_modules', '@duckdb', 'node-api'));
    if (hasDuckDb) {
      expect(stdout).toMatch(/^\| DuckDB: cadence query +\| +[\d,]+ \| .* \| +1\.00x \|$/m);
      expect(stdout).toMatch(/DuckDB: cadence query \([\d,]+\): \d+ lapses in \d+ cases/);
    }

    // The data set is cached where --data says, without the unused JSON copy.
    expect(readdirSync(join(work, 'cases-95-seed-1')).sort()).toEqual(['cases.csv', 'events.csv']);
    const figures = JSON.parse(readFileSync(json, 'utf8')) as { what: string; events?: number; wallMs: number; rssKb: number }[];
    expect(figures.map((f) => f.what)).toEqual([
      'caseaudit --version',
      'caseaudit audit samples/',
      ...(hasDuckDb ? ['DuckDB: cadence query'] : []),
      'caseaudit audit → JSON',
      'caseaudit audit → JSON, --jobs 1',
      'caseaudit audit → JSON, --jobs 2',
    ]);
    for (const f of figures) {
      expect(f.wallMs).toBeGreaterThan(0);
      expect(f.rssKb).toBeGreaterThan(1000);
    }
  }, 120_000);

  it('refuses an unknown option with exit status 2 and one line on stderr', async () => {
    const error = await run(process.execPath, [join(ROOT, 'bench', 'run.mjs'), '--fast'], { cwd: ROOT }).catch((e: unknown) => e as { code: number; stderr: string });
    expect((error as { code: number }).code).toBe(2);
    expect((error as { stderr: string }).stderr).toBe('bench: unknown option --fast\n');
  });
});
