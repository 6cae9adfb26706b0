import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseaudit } from '../hostile/cli.js';
import { CASE_HEADER, csv, EVENT_HEADER, exportArbitrary, shuffled, type Export, type Row } from './exports.js';

/**
 * SPEC 2.1 and 4 as properties of the whole audit: for random well-formed exports it never fails
 * (exit 2) or throws, gives the same bytes for the same input, and gives the same findings whatever
 * the order of the rows and however the export is split into files. Findings are compared with
 * every source (file and line) remapped to the generated row it came from.
 */

const temp = mkdtempSync(join(tmpdir(), 'caseaudit-properties-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let runId = 0;

/** Where each generated row ended up: `file:line` -> a name for the row that does not move. */
type Placement = Map<string, string>;

/**
 * Writes event rows into one file per group (each row's group from `groupOf`), and the case rows
 * into their own file; returns the files and where each row landed. Rows carry their index as
 * identity; a note with a line break makes a row two lines long.
 */
function writeExport(data: Export, order: readonly number[], groupOf: (index: number) => number): { files: string[]; placement: Placement } {
  const dir = join(temp, String(runId++));
  const placement: Placement = new Map();
  const groups = new Map<number, number[]>();
  for (const i of order) {
    const g = groupOf(i);
    groups.set(g, [...(groups.get(g) ?? []), i]);
  }
  const files: string[] = [];
  const write = (name: string, header: readonly string[], rows: readonly Row[], ids: readonly string[]) => {
    const file = `${dir}-${name}`;
    writeFileSync(file, csv(header, rows));
    let line = 2;
    rows.forEach((row, k) => {
      placement.set(`${file}:${line}`, ids[k]!);
      line += 1 + row.join('').split('\n').length - 1;
    });
    files.push(file);
  };
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const indexes = groups.get(g)!;
    write(`events-${g}.csv`, EVENT_HEADER, indexes.map((i) => data.events[i]!), indexes.map((i) => `event#${i}`));
  }
  if (data.cases.length > 0) write('cases.csv', CASE_HEADER, data.cases, data.cases.map((_, i) => `case#${i}`));
  return { files, placement };
}

async function auditJson(files: readonly string[]) {
  return caseaudit(['audit', ...files, '--as-of', '2024-12-31', '--format', 'json']);
}

/**
 * The report with what legitimately depends on file names and row order taken out: inputs (names,
 * hashes), sources and `file:line` in messages remapped to row identities; data-quality notes
 * sorted. Fingerprints must not move: scripts track findings across runs by them.
 */
function normalised(stdout: string, placement: Placement): unknown {
  const report = JSON.parse(stdout) as Record<string, unknown>;
  delete report.inputs;
  const places = [...placement.keys()].sort((a, b) => b.length - a.length);
  const remapText = (s: string) => places.reduce((text, place) => text.split(place).join(placement.get(place)!), s);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return remapText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    if (typeof object.file === 'string' && typeof object.line === 'number') return placement.get(`${object.file}:${object.line}`) ?? `${object.file}:${object.line}`;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(object)) {
      out[key] = walk(v);
    }
    return out;
  };
  const result = walk(report) as Record<string, unknown>;
  result.dataQuality = (result.dataQuality as unknown[]).map((n) => JSON.stringify(n)).sort();
  return result;
}

// No shrinking: each run is several whole audits, and shrinking one failure outlasts the test's
// time limit; the counterexample and seed fast-check prints reproduce it (add them here as
// `seed` and `path`).
const RUNS = { numRuns: 30, endOnFailure: true };

describe('audit of random well-formed exports (properties)', () => {
  it('never exits 2, never throws, and gives byte-identical JSON for the same input', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary, async (data) => {
        const { files } = writeExport(data, data.events.map((_, i) => i), () => 0);
        const first = await auditJson(files);
        expect(first.stderr).toBe('');
        expect([0, 1]).toContain(first.code);
        const report = JSON.parse(first.stdout) as { summary: { cases: number } };
        expect(report.summary.cases).toBe(new Set(data.events.map((r) => r[0])).size);
        const second = await auditJson(files);
        expect(second.code).toBe(first.code);
        expect(second.stdout).toBe(first.stdout);
      }),
      RUNS,
    );
  });

  it('gives the same bytes whatever the number of threads sharing the audit (--jobs)', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary, fc.integer({ min: 2, max: 4 }), async (data, jobs) => {
        const { files } = writeExport(data, data.events.map((_, i) => i), () => 0);
        const one = await caseaudit(['audit', ...files, '--as-of', '2024-12-31', '--format', 'json', '--jobs', '1']);
        // Each thread reading every file whole, and the files split between them by byte range.
        for (const env of [{}, { CASEAUDIT_SPLIT_MIN_BYTES: '1' }]) {
          const many = await caseaudit(['audit', ...files, '--as-of', '2024-12-31', '--format', 'json', '--jobs', String(jobs)], { env });
          expect(many.code).toBe(one.code);
          expect(many.stderr).toBe(one.stderr);
          expect(many.stdout).toBe(one.stdout);
        }
      }),
      { ...RUNS, numRuns: 10 },
    );
  });

  it('is invariant under reordering of the rows', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary, fc.integer(), async (data, seed) => {
        const identity = data.events.map((_, i) => i);
        const a = writeExport(data, identity, () => 0);
        const b = writeExport(data, shuffled(identity, seed), () => 0);
        const [ra, rb] = [await auditJson(a.files), await auditJson(b.files)];
        expect(rb.code).toBe(ra.code);
        expect(normalised(rb.stdout, b.placement)).toEqual(normalised(ra.stdout, a.placement));
      }),
      RUNS,
    );
  });

  it('is invariant under splitting the export into several files', async () => {
    await fc.assert(
      fc.asyncProperty(
        exportArbitrary.chain((data) => fc.tuple(fc.constant(data), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: data.events.length, maxLength: data.events.length }))),
        async ([data, groups]) => {
          const identity = data.events.map((_, i) => i);
          const whole = writeExport(data, identity, () => 0);
          const split = writeExport(data, identity, (i) => groups[i]!);
          const [rw, rs] = [await auditJson(whole.files), await auditJson(split.files)];
          expect(rs.code).toBe(rw.code);
          expect(normalised(rs.stdout, split.placement)).toEqual(normalised(rw.stdout, whole.placement));
        },
      ),
      RUNS,
    );
  });
});

// Working-day arithmetic against a plain day-by-day count is a property of tests/calendar/
// bank-holidays.test.ts (addWorkingDays and workingDaysBetween, 500 runs each): not repeated here.
