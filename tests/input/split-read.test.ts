import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sameSpellings } from '../../src/cli/shards/threads.js';
import { CHUNK_BYTES } from '../../src/input/read-plan.js';
import { planRead, readPart, readShard, settleNotes, type InputSummary, type PartRead, type ShardRead } from '../../src/input/index.js';
import type { CaseInput } from '../../src/model/index.js';

/**
 * Issue 6: a read split by byte range between threads (each reads its part of each large CSV
 * file, and hands the rows of other threads' cases over) must be the read of one thread: the same
 * cases, the same events in the same order, the same notes. Here the parts are read and exchanged
 * in one thread; tests/cli/shards.test.ts runs them in real threads.
 */

const temp = mkdtempSync(join(tmpdir(), 'caseaudit-split-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let fileId = 0;

function write(text: string, name = `f${fileId++}.csv`): string {
  const path = join(temp, name);
  writeFileSync(path, text);
  return path;
}

const sizes = (paths: readonly string[]) => paths.map((p) => statSync(p).size);

/** Physical lines before a byte offset, counted the slow way. */
function lineAt(path: string, offset: number): number {
  return readFileSync(path).subarray(0, offset).toString('latin1').split('\n').length;
}

describe('planRead', () => {
  it('splits a file at line ends outside quotes, at or after each equal share, with the line each part starts on', async () => {
    const note = '"a note\nover two lines, with ""quotes"""';
    const rows = Array.from({ length: 40 }, (_, i) => `C-${i % 5},2024-01-0${1 + (i % 9)},contact,${i % 3 === 0 ? note : 'plain'}`);
    const path = write(['case_id,occurred_at,type,detail', ...rows].join('\n') + '\n');
    const size = statSync(path).size;
    for (const parts of [2, 3, 4]) {
      const plan = await planRead([path], [size], parts, 1);
      const split = plan.files[0]!.split!;
      expect(split.offsets).toHaveLength(parts + 1);
      expect(split.offsets[0]).toBe(0);
      expect(split.offsets[parts]).toBe(size);
      expect(split.headerEnd).toBe('case_id,occurred_at,type,detail\n'.length);
      const bytes = readFileSync(path);
      for (let k = 1; k < parts; k++) {
        const at = split.offsets[k]!;
        expect(at).toBeGreaterThanOrEqual(Math.floor((k * size) / parts));
        // Right after a line end, outside quotes, and a record starts there.
        expect(bytes[at - 1]).toBe(0x0a);
        expect(bytes.subarray(0, at).toString('latin1').split('"').length % 2).toBe(1);
        expect(bytes.subarray(at, at + 2).toString()).toBe('C-');
        expect(split.lines[k]).toBe(lineAt(path, at));
      }
    }
  });

  it('never splits inside a quoted field, even where the share falls in one', async () => {
    const long = `"${Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n')}"`;
    const path = write(`case_id,occurred_at,type,detail\nC-1,2024-01-01,contact,x\nC-1,2024-01-02,contact,${long}\nC-2,2024-01-03,contact,y\n`);
    const plan = await planRead([path], sizes([path]), 2, 1);
    const at = plan.files[0]!.split!.offsets[1]!;
    expect(readFileSync(path).subarray(at).toString()).toBe('C-2,2024-01-03,contact,y\n');
    expect(plan.files[0]!.split!.lines[1]).toBe(53);
  });

  it('leaves whole: small files, other formats, case files, a file with no line end outside quotes past the share; and keys every file above the last', async () => {
    const csv = write('case_id,occurred_at,"type"\nC-1,2024-01-01,report\nC-1,2024-01-02,contact\n');
    const json = write('[{"case_id":"C-1","occurred_at":"2024-01-01","type":"report"}]', `j${fileId++}.json`);
    const oneRecord = write('case_id,occurred_at,type,detail\nC-1,2024-01-01,report,"one\nlong\nnote\nthat\nnever\nends\nuntil\nhere"\n');
    const cases = write('case_id,landlord,category\nC-1,North Homes,noise\nC-2,South Homes,hate\nC-3,,noise\n');
    // A header longer than the first chunk the threads read it from.
    const longHeader = write(`case_id,occurred_at,type,${'x'.repeat(CHUNK_BYTES)}\nC-1,2024-01-01,report,\nC-1,2024-01-02,contact,\n`);
    const paths = [csv, json, oneRecord, cases, longHeader];
    const plan = await planRead(paths, sizes(paths), 2, 1_000);
    expect(plan.files.map((f) => f.split)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const forced = await planRead(paths, sizes(paths), 2, 1);
    expect(forced.files.map((f) => f.split !== undefined)).toEqual([true, false, false, false, false]);
    const [a, b, c, d] = sizes(paths);
    expect(forced.files.map((f) => f.firstKey)).toEqual([0, a! + 1, a! + b! + 2, a! + b! + c! + 3, a! + b! + c! + d! + 4]);
  });
});

/** The cases of a read as plain data, events in order (row keys aside: a split read keys rows by offset). */
function plainCases(cases: ReadonlyMap<string, CaseInput>) {
  return [...cases.keys()].sort().map((id) => {
    const c = cases.get(id)!;
    return { id, record: c.record, events: c.events.map(({ seq: _seq, ...e }) => ({ ...e, source: e.source })) };
  });
}

/** The read of `paths` split into `parts` (in this thread), as the threads of an audit would make it. */
async function splitRead(paths: readonly string[], parts: number): Promise<{ cases: Map<string, CaseInput>; reads: ShardRead[]; unknown: string[][] }> {
  const plan = await planRead(paths, sizes(paths), parts, 1);
  const read: PartRead[] = [];
  for (let index = 0; index < parts; index++) read.push(await readPart(plan, {}, { index, count: parts }));
  const inputs = plan.files.map((file, i): InputSummary => ({
    file: file.path,
    sha256: '',
    rows: file.split ? read.reduce((n, p) => n + p.inputs[i]!.rows, 0) : read[0]!.inputs[i]!.rows,
  }));
  const reads = read.map((part, shard) => {
    for (const [from, other] of read.entries()) if (from !== shard) part.own.absorb(other.portions[shard]!.portion);
    return part.own.finish(inputs);
  });
  const cases = new Map<string, CaseInput>();
  for (const r of reads) for (const [id, c] of r.cases) cases.set(id, c);
  return { cases, reads, unknown: read.flatMap((p) => p.unknownValues) };
}

// Values outside the vocabulary in spellings no read takes as one ('odd_type' with 'Odd Type' would be: see sameSpellings).
const TYPES = ['report', 'contact', 'Contact', 'incident', 'risk_assessment', 'Risk Assessment', 'odd type', 'Odd Type'];
const NOTES = ['', 'plain note', 'note, with a comma', 'she said "stop"', 'two\nlines', 'ünïcödé — text', 'x'.repeat(40)];

/** A random events file with case columns (conflicts), duplicates, unknown values and bad rows. */
const exportText = fc
  .array(
    fc.record({
      caseId: fc.constantFrom('A-1', 'A-2', 'B-3', 'B-4', 'C-5', ''),
      day: fc.constantFrom('2024-01-02', '03/01/2024', '2024-01-04T09:30:00', 'not a date'),
      type: fc.constantFrom(...TYPES),
      party: fc.constantFrom('', 'resident', 'Resident', 'Alleged Perpetrator', 'cousin'),
      detail: fc.constantFrom(...NOTES),
      officer: fc.constantFrom('', 'J Patel', 'K Ahmed'),
      landlord: fc.constantFrom('', '', 'North Homes', 'South Homes'),
      repeat: fc.constantFrom(0, 0, 1, 2),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((rows) => {
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = ['case_id,occurred_at,type,party,detail,officer,landlord'];
    for (const r of rows) {
      const line = [r.caseId, r.day, r.type, r.party, r.detail, r.officer, r.landlord].map(quote).join(',');
      for (let k = 0; k <= r.repeat; k++) lines.push(line);
    }
    return lines.join('\n') + '\n';
  });

describe('a read split by byte range is the read of one thread', () => {
  it('same cases, events in the same order, same case records and notes, for any export and any number of parts', async () => {
    await fc.assert(
      fc.asyncProperty(exportText, fc.integer({ min: 2, max: 4 }), async (text, parts) => {
        const events = write(text);
        const cases = write('case_id,landlord,category,reported_at\nA-1,North Homes,noise,2024-01-01\nB-4,West Homes,hate,bad date\nC-9,,noise,\n');
        const paths = [cases, events];
        const whole = await readShard(paths, {}, { index: 0, count: 1 });
        const split = await splitRead(paths, parts);
        expect(sameSpellings(split.unknown)).toBe(true);
        expect(plainCases(split.cases)).toEqual(plainCases(whole.cases));
        expect(settleNotes(split.reads)).toEqual(settleNotes([whole]));
        expect(split.reads.reduce((n, r) => n + r.duplicatesRemoved, 0)).toBe(whole.duplicatesRemoved);
      }),
      { numRuns: 100 },
    );
  });
});

describe('sameSpellings', () => {
  it('refuses parts whose values outside a vocabulary one read would have taken as one', () => {
    expect(sameSpellings([['odd type'], ['odd_type']])).toBe(false);
    expect(sameSpellings([['Odd Type', 'odd type'], []])).toBe(true);
    expect(sameSpellings([['cousin'], ['aunt']])).toBe(true);
    expect(sameSpellings([['Cousin', 'cousin']])).toBe(false);
  });
});
