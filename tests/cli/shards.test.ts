import fc from 'fast-check';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jobsFor, packParts, runShards, SHARDED_MIN_BYTES, splitReadCounts, unpackParts, workerFailure } from '../../src/cli/shards/index.js';
import { CaseTextEncoder, transferOf } from '../../src/cli/shards/pack.js';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { UserError } from '../../src/cli/errors.js';
import type { ReadProgress } from '../../src/input/index.js';
import { shardOf } from '../../src/input/index.js';
import { NOTES_PER_FILE, ReadNotes, settleReadNotes } from '../../src/input/read-notes.js';
import type { DataQualityKind } from '../../src/model/index.js';
import { caseaudit } from '../helpers/cli.js';
import { loadDefaultPolicy } from '../../src/policy/load.js';

/**
 * Issue 6: a large audit is shared between threads by case (--jobs). Each thread reads every row
 * and keeps its own cases, or (a split read) reads its part of each large CSV file and hands the
 * other threads their cases' events; the report must be the same bytes whatever the number of
 * threads and however they read.
 * Worker threads run the build of src/cli/shards/worker.ts (`npm test` builds first).
 */

const AS_OF = ['--as-of', '2024-11-21'];
const SHARDS = ['tests/fixtures/shards/events.csv', 'tests/fixtures/shards/cases.csv'];
const temp = mkdtempSync(join(tmpdir(), 'caseaudit-shards-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Every CSV file split between the threads by byte range, however small (see ReadPlan). */
const SPLIT_EVERY_FILE = { env: { CASEAUDIT_SPLIT_MIN_BYTES: '1' } };

/**
 * The same audit with 1, 2 and 3 threads, each reading every file whole and with the CSV files
 * split between them by byte range: same exit status, same stdout, same stderr.
 */
async function sameForEveryJobCount(args: readonly string[]) {
  const one = await caseaudit([...args, '--jobs', '1']);
  for (const jobs of ['2', '3']) {
    for (const [how, extra] of [['whole', {}], ['split', SPLIT_EVERY_FILE]] as const) {
      const many = await caseaudit([...args, '--jobs', jobs], extra);
      expect(many.stderr, `--jobs ${jobs}, files read ${how}`).toBe(one.stderr);
      expect(many.code, `--jobs ${jobs}, files read ${how}`).toBe(one.code);
      expect(many.stdout, `--jobs ${jobs}, files read ${how}`).toBe(one.stdout);
    }
  }
  return one;
}

describe('an audit shared between threads gives the report of one thread', () => {
  it('a caseload with bad rows, duplicates, unknown values, conflicting records, and more bad rows than are listed', async () => {
    const r = await sameForEveryJobCount(['audit', ...SHARDS, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { cases: number; findings: number }; dataQuality: { kind: string; message: string }[] };
    // The fixture is what the test says it is: 40 cases, every kind of reading note, and the
    // bad rows of one file past the listing limit (listed, then counted).
    expect(report.summary.cases).toBe(40);
    const kinds = new Set(report.dataQuality.map((n) => n.kind));
    for (const kind of ['unparseable-row', 'duplicate-removed', 'unknown-type', 'unknown-value', 'conflicting-case-record']) expect(kinds).toContain(kind);
    const unusable = report.dataQuality.filter((n) => n.kind === 'unparseable-row');
    expect(unusable).toHaveLength(NOTES_PER_FILE + 1);
    expect(unusable.at(-1)!.message).toBe('tests/fixtures/shards/events.csv: 32 more unusable rows skipped (not listed one by one)');
    // Listed in reading order: the first hundred by line, whichever thread read them.
    const lines = unusable.slice(0, -1).map((n) => Number(/events\.csv:(\d+)/.exec(n.message)![1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it.each([
    ['text', []],
    ['markdown', ['--format', 'md']],
    ['html (timelines of cases with findings)', ['--format', 'html']],
    ['csv', ['--format', 'csv']],
    ['json, redacted', ['--format', 'json', '--redact']],
  ])('in %s', async (_name, format) => {
    await sameForEveryJobCount(['audit', ...SHARDS, ...AS_OF, ...format]);
  });

  it('the samples, and a mapped Windows-1252 export', async () => {
    await sameForEveryJobCount(['audit', 'samples/events.csv', 'samples/cases.csv', ...AS_OF, '--format', 'json']);
    await sameForEveryJobCount([
      'audit', 'samples/exports/housing-system/asb-actions.csv', 'samples/exports/housing-system/asb-cases.csv',
      '--mapping', 'policies/mappings/housing-system.yaml', '--encoding', 'windows-1252', ...AS_OF, '--format', 'json',
    ]);
  });

  it('JSON and NDJSON inputs, and duplicates across files', async () => {
    const f = (name: string) => `tests/fixtures/input/${name}`;
    await sameForEveryJobCount(['audit', f('events-array.json'), f('cases-array.json'), ...AS_OF, '--format', 'json']);
    await sameForEveryJobCount(['audit', f('events.ndjson'), f('cases.ndjson'), ...AS_OF, '--format', 'json']);
    await sameForEveryJobCount(['audit', f('duplicates-a.csv'), f('duplicates-b.csv'), f('bad-rows.csv'), ...AS_OF, '--format', 'json']);
  });

  it('the CSV files are split between the threads by byte range when asked (and large enough by default), and the split read is not abandoned', async () => {
    const before = splitReadCounts();
    await sameForEveryJobCount(['audit', ...SHARDS, ...AS_OF, '--format', 'json']);
    const after = splitReadCounts();
    // --jobs 2 and 3, split: both planned and used; the whole reads plan none.
    expect(after.planned - before.planned).toBe(2);
    expect(after.abandoned - before.abandoned).toBe(0);
  });

  it('a file whose quotes do not pair up, split inside a record: the split read is abandoned and the files are read whole', async () => {
    // A stray quote in an unquoted field (literal text to csv-parse) makes the quote count odd, so
    // the line ends inside the long quoted note further on look like record ends to the planner.
    const rows = ['case_id,occurred_at,type,party,direction,channel,detail,officer'];
    for (let i = 0; i < 12; i++) rows.push(`SQ-00${i % 4},2024-0${1 + (i % 8)}-1${i % 9},contact,resident,outbound,phone,Called resident about item ${i},A. Officer`);
    rows[3] = 'SQ-001,2024-02-14,contact,resident,outbound,phone,Measured the fence: 5" too high,A. Officer';
    rows.push(`SQ-002,2024-05-02,contact,resident,inbound,phone,"${Array.from({ length: 40 }, (_, i) => `line ${i} of a long note`).join('\n')}",B. Officer`);
    for (let i = 0; i < 12; i++) rows.push(`SQ-00${i % 4},2024-0${1 + (i % 8)}-2${i % 9},visit,resident,outbound,in_person,Visited about item ${i},B. Officer`);
    const file = join(temp, 'stray-quote.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const before = splitReadCounts();
    const one = await sameForEveryJobCount(['audit', file, ...AS_OF, '--format', 'json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).summary.cases).toBe(4);
    const after = splitReadCounts();
    // Every split planned for it (with three threads, the count stays odd past the long note, so
    // no place is found for the second split and the file is read whole from the start).
    expect(after.planned - before.planned).toBeGreaterThanOrEqual(1);
    expect(after.abandoned - before.abandoned).toBe(after.planned - before.planned);
  });

  it('values outside a vocabulary that one read would take as one, met in different parts: the split read is abandoned', async () => {
    // One read keeps `odd_type` and takes the later `Odd Type` as it; parts read apart would keep both.
    const rows = readFileSync(SHARDS[0]!, 'utf8').trimEnd().split('\n');
    rows[2] = rows[2]!.replace(',complaint,', ',odd_type,');
    const late = rows.findLastIndex((row) => /^SH-\d+,[^,]+,report,/.test(row));
    expect(late).toBeGreaterThan(rows.length / 2);
    rows[late] = rows[late]!.replace(',report,', ',Odd Type,');
    const file = join(temp, 'spellings.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const before = splitReadCounts();
    const one = await sameForEveryJobCount(['audit', file, SHARDS[1]!, ...AS_OF, '--format', 'json']);
    expect(one.stdout).toMatch(/unknown event type \\"odd_type\\" kept as it is, 2 times/);
    const after = splitReadCounts();
    expect(after.planned - before.planned).toBe(2);
    expect(after.abandoned - before.abandoned).toBe(2);
  });

  it('an error met in one part of a split read is the error of one thread (the read starts again, whole)', async () => {
    // A field over the limit near the end of the file: only the last part meets it.
    const rows = readFileSync(SHARDS[0]!, 'utf8').trimEnd().split('\n');
    rows.splice(rows.length - 3, 0, `SH-001,2024-04-03,contact,resident,outbound,phone,,${'x'.repeat(3000)},A. Officer,E09999,`);
    const file = join(temp, 'long-field.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const before = splitReadCounts();
    const one = await sameForEveryJobCount(['audit', file, SHARDS[1]!, ...AS_OF, '--max-field-bytes', '2000']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/long-field\.csv:\d+: field "detail" \(column 8\) is longer than 2000 bytes/);
    const after = splitReadCounts();
    expect(after.abandoned - before.abandoned).toBe(2);
  });

  it('a JSON report file (cases written as UTF-8 bytes in each thread, then spooled): the same bytes as on stdout, multi-byte text included', async () => {
    // Teams and officers with accents, dashes and an emoji: bytes of every UTF-8 length in every case's JSON.
    const cases = readFileSync(SHARDS[1]!, 'utf8').replace(/Team (\d+)/g, 'Équipe $1 — Nord').replace(/Officer (\d+)/g, 'Agent $1 😀');
    const casesFile = join(temp, 'cases-utf8.csv');
    writeFileSync(casesFile, cases);
    const args = ['audit', SHARDS[0]!, casesFile, ...AS_OF];
    const stdout = (await caseaudit([...args, '--format', 'json', '--jobs', '1'])).stdout;
    expect(stdout).toContain('"team": "Équipe 1 — Nord"');
    for (const jobs of ['1', '2', '3']) {
      const file = join(temp, `report-${jobs}.json`);
      const r = await caseaudit([...args, '--output', file, '--jobs', jobs]);
      expect(r.code, `--jobs ${jobs}`).toBe(1);
      expect(readFileSync(file, 'utf8'), `--jobs ${jobs}`).toBe(stdout);
    }
  });

  it('a case with too many events: the one read first is named, whichever thread met it', async () => {
    const r = await sameForEveryJobCount(['audit', ...SHARDS, ...AS_OF, '--max-events-per-case', '6']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // SH-005 is the first case over the limit; others are too, in every shard (SH-010 and SH-018
    // among three threads, SH-019 among two), and they meet theirs first.
    expect(r.stderr).toMatch(/^caseaudit: case SH-005 has 9 events \(first at tests\/fixtures\/shards\/events\.csv:13\), more than the 6 a case may have/);
  });

  it('a file that cannot be read is one error, not one per thread', async () => {
    const r = await sameForEveryJobCount(['audit', 'tests/fixtures/shards/no-such-file.csv', ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-such-file.csv: no such file');
  });

  it('--jobs takes a whole number from 1 to 64', async () => {
    for (const bad of ['0', '65', '1.5', 'two']) {
      const r = await caseaudit(['audit', ...SHARDS, ...AS_OF, '--jobs', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain('expected a whole number of threads from 1 to 64');
    }
  });
});

const job = () => ({
  inputs: SHARDS,
  asOf: 19_853, // 2024-05-10
  strict: false,
  maxFieldBytes: 1 << 20,
  maxEventsPerCase: 100_000,
  report: { redact: false, timelines: 'none' as const },
});

describe('runShards', () => {

  it('each case is audited by exactly one thread, and the first thread reports the reading', async () => {
    const progress: ReadProgress[] = [];
    let readDone = 0;
    const shards = await runShards(job(), 3, { onProgress: (p) => progress.push(p), onReadDone: () => readDone++ });
    expect(shards).toHaveLength(3);
    const ids = shards.flatMap((s) => s.parts.map((p) => p.caseId));
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    for (const s of shards) expect(s.parts.length).toBeGreaterThan(0);
    // Progress of both files, to their last byte, from one thread only; then one "read".
    for (const file of SHARDS) {
      const last = progress.filter((p) => p.file === file).at(-1)!;
      expect(last.bytes).toBe(last.totalBytes);
    }
    expect(progress.filter((p) => p.file === SHARDS[0]).length).toBe(1);
    expect(readDone).toBe(1);
  });

  it('a split read: each case audited by one thread, the reading\'s progress summed over the threads to each file\'s last byte', async () => {
    const progress: ReadProgress[] = [];
    let readDone = 0;
    const before = splitReadCounts();
    const shards = await runShards({ ...job(), splitMinBytes: 1 }, 3, { policy: loadDefaultPolicy(), onProgress: (p) => progress.push(p), onReadDone: () => readDone++ });
    expect(splitReadCounts().planned - before.planned).toBe(1);
    expect(splitReadCounts().abandoned).toBe(before.abandoned);
    const ids = shards.flatMap((s) => s.parts.map((p) => p.caseId));
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    for (const file of SHARDS) {
      const last = progress.filter((p) => p.file === file).at(-1)!;
      expect(last.bytes).toBe(last.totalBytes);
    }
    // The split file's progress comes from every thread (each its part), summed: it never goes back.
    const split = progress.filter((p) => p.file === SHARDS[0]).map((p) => p.bytes);
    expect(split.length).toBe(3);
    expect(split).toEqual([...split].sort((a, b) => a - b));
    expect(readDone).toBe(3);
    // The inputs as one read counts them: every row of the split file, and its checksum.
    const whole = await runShards(job(), 1, {});
    expect(shards[0]!.inputs).toEqual(whole[0]!.inputs);
  });

  it('parts sent in batches as cases are audited add up to the same report', async () => {
    const batched = await runShards({ ...job(), partsPerBatch: 3 }, 2, {});
    const whole = await runShards(job(), 1, {});
    const byCase = (shards: typeof whole) => shards.flatMap((s) => s.parts).sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
    expect(byCase(batched)).toEqual(byCase(whole));
    expect(byCase(whole)).toHaveLength(40);
  });
});

describe('packParts and unpackParts: report parts between threads', () => {
  it('give back the parts the audit made, with one list of applicable rules per distinct list', async () => {
    const [json] = await runShards({ ...job(), renderCases: 'json' }, 1, {});
    const [objects] = await runShards(job(), 1, {});
    for (const parts of [json!.parts, objects!.parts]) {
      const shared = new Map<string, readonly string[]>();
      const half = Math.floor(parts.length / 2);
      const back = [...unpackParts(packParts(parts.slice(0, half)), shared), ...unpackParts(packParts(parts.slice(half)), shared)];
      expect(back).toEqual(parts);
      // Across both batches, equal lists are one array.
      const lists = new Set(back.map((p) => p.summary.applicableRules));
      expect(lists.size).toBe(new Set(parts.map((p) => p.summary.applicableRules.join(','))).size);
    }
    expect(json!.parts.every((p) => p.text instanceof Uint8Array && p.report === undefined)).toBe(true);
    expect(objects!.parts.every((p) => p.text === undefined && p.report !== undefined)).toBe(true);
  });
});

describe('CaseTextEncoder: case texts as UTF-8, moved between threads without a copy', () => {
  const decode = (bytes: string | Uint8Array | undefined) => Buffer.from(bytes as Uint8Array).toString('utf8');

  it('gives each text its own bytes, across blocks, for any text (multi-byte, surrogate pairs, longer than a block)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('x'.repeat(400_000), 'é'.repeat(700_000))), { maxLength: 30 }), (texts) => {
        const encoder = new CaseTextEncoder();
        const bytes = texts.map((t) => encoder.encode(t));
        // Earlier texts are not overwritten by later ones.
        expect(bytes.map((b) => Buffer.from(b).equals(Buffer.from(texts[bytes.indexOf(b)]!, 'utf8')))).toEqual(texts.map(() => true));
      }),
      { numRuns: 40 },
    );
  });

  it('the parts of a batch cross a real thread boundary with their blocks transferred, and the encoder goes on in a new block', () => {
    const encoder = new CaseTextEncoder();
    const summary = (caseId: string) => ({ caseId, findings: [], pending: 0, applicableRules: ['r1'], hateMotivated: false, perpetrators: [] });
    const batch = (ids: string[]) => ids.map((caseId) => ({ caseId, text: encoder.encode(`{"caseId": "${caseId}", "note": "café ✓"}`), summary: summary(caseId), notes: [] }));
    const { port1, port2 } = new MessageChannel();
    try {
      const first = batch(['A-1', 'A-2', 'A-3']);
      const packed = packParts(first);
      const transfer = transferOf(packed);
      expect(transfer).toHaveLength(1); // three texts, one block, named once
      port1.postMessage(packed, transfer);
      // Moved, not copied: this side's views of the block are empty now.
      expect(first.every((p) => p.text.byteLength === 0)).toBe(true);
      const second = batch(['A-4']);
      expect(decode(second[0]!.text)).toBe('{"caseId": "A-4", "note": "café ✓"}');
      const received = unpackParts(receiveMessageOnPort(port2)!.message as typeof packed);
      expect(received.map((p) => decode(p.text))).toEqual(['A-1', 'A-2', 'A-3'].map((id) => `{"caseId": "${id}", "note": "café ✓"}`));
      expect(received.map((p) => p.summary)).toEqual(first.map((p) => p.summary));
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('text parts carry no memory to transfer', () => {
    const packed = packParts([{ caseId: 'A-1', text: 'x', summary: { caseId: 'A-1', findings: [], pending: 0, applicableRules: [], hateMotivated: false, perpetrators: [] }, notes: [] }]);
    expect(transferOf(packed)).toEqual([]);
  });
});

describe('workerFailure', () => {
  it('a thread out of memory is a message with what to do; any other failure stays an internal error', () => {
    const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    const said = workerFailure(oom);
    expect(said).toBeInstanceOf(UserError);
    expect(said.message).toContain('NODE_OPTIONS=--max-old-space-size=');
    expect(said.message).toContain('--jobs');
    const bug = new TypeError('x is undefined');
    expect(workerFailure(bug)).toBe(bug);
  });
});

describe('jobsFor: how many threads an audit uses', () => {
  // A sparse file: its size is what counts, not its bytes.
  const sparseFile = (name: string, size: number): string => {
    const path = join(temp, name);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, size);
    closeSync(fd);
    return path;
  };
  const big = sparseFile('big.csv', SHARDED_MIN_BYTES);
  const justUnder = sparseFile('just-under.csv', SHARDED_MIN_BYTES - 1);
  const small = join(temp, 'small.csv');
  writeFileSync(small, 'case_id,occurred_at,type\n');
  const perCore = Math.min(availableParallelism(), 4);

  it('one thread for small inputs, several from SHARDED_MIN_BYTES of input', () => {
    expect(jobsFor(undefined, [small], {})).toBe(1);
    expect(jobsFor(undefined, [justUnder], {})).toBe(1);
    // The inputs' sizes add up: a file a byte short of the threshold and a small one reach it.
    expect(jobsFor(undefined, [justUnder, small], {})).toBe(perCore);
    expect(jobsFor(undefined, [big], {})).toBe(perCore);
  });

  it('--jobs is followed, except where a split could not give the same report', () => {
    expect(jobsFor(3, [small], {})).toBe(3);
    expect(jobsFor(3, [big, '-'], {})).toBe(1); // standard input is read once
    expect(jobsFor(3, [big], { strict: true })).toBe(1); // the first bad row must stop the read
    expect(jobsFor(3, [big], { cases: ['ASB-1'] })).toBe(1);
    expect(jobsFor(3, [big], { cases: [] })).toBe(3);
    expect(jobsFor(undefined, [join(temp, 'missing.csv')], {})).toBe(1);
  });
});

describe('shardOf', () => {
  it('puts every case in one shard, the same each time, and spreads cases over all shards', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 8 }), (id, count) => {
        const shard = shardOf(id, count);
        expect(Number.isInteger(shard) && shard >= 0 && shard < count).toBe(true);
        expect(shardOf(id, count)).toBe(shard);
      }),
    );
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[shardOf(`ASB-${i}`, 3)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

describe('settleReadNotes: notes of shards merge into the notes of one read', () => {
  const KINDS: DataQualityKind[] = ['unparseable-row', 'duplicate-removed', 'conflicting-case-record', 'empty-input'];
  const noteArb = fc.record({
    kind: fc.constantFrom(...KINDS),
    file: fc.constantFrom('a.csv', 'b.csv'),
    caseId: fc.option(fc.constantFrom('C1', 'C2', 'C3', 'C4'), { nil: undefined }),
  });
  const unknownArb = fc.record({ field: fc.constantFrom('type' as const, 'party' as const), value: fc.constantFrom('x', 'y', 'z') });

  it('whatever the split, and whatever order each shard found its notes in', () => {
    fc.assert(
      fc.property(
        fc.array(noteArb, { maxLength: 260 }),
        fc.array(unknownArb, { maxLength: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        (notes, unknowns, shards, seed) => {
          // Each note its own row (key 2 x row), as the builder numbers them.
          const keyed = notes.map((n, row) => ({
            key: 2 * row,
            note: { kind: n.kind, message: `${n.file}:${row + 2}: ${n.kind}`, caseId: n.caseId, source: { file: n.file, line: row + 2 } },
          }));
          const whole = new ReadNotes();
          for (const k of keyed) whole.add(k.note, k.key);
          unknowns.forEach((u, i) => whole.unknownValue(u.field, u.value, { file: 'a.csv', line: i + 2 }, 2 * i));

          const parts = Array.from({ length: shards }, () => new ReadNotes());
          const shardOfRow = (i: number) => ((i * 7919) ^ seed) >>> 0;
          // Found out of order: duplicates are found case by case, not row by row.
          const order = keyed.map((_, i) => i).sort((a, b) => (shardOfRow(a) % 97) - (shardOfRow(b) % 97) || a - b);
          for (const i of order) parts[shardOfRow(i) % shards]!.add(keyed[i]!.note, keyed[i]!.key);
          unknowns.forEach((u, i) => parts[shardOfRow(i) % shards]!.unknownValue(u.field, u.value, { file: 'a.csv', line: i + 2 }, 2 * i));

          expect(settleReadNotes(parts.map((p) => p.state()))).toEqual(settleReadNotes([whole.state()]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lists the earliest hundred of a kind and file and counts the rest', () => {
    const notes = new ReadNotes();
    // Added latest first: the hundred listed are still the earliest.
    for (let row = 250; row >= 0; row--) notes.add({ kind: 'duplicate-removed', message: `row ${row}`, source: { file: 'a.csv', line: row } }, 2 * row);
    const settled = settleReadNotes([notes.state()]);
    expect(settled).toHaveLength(NOTES_PER_FILE + 1);
    expect(settled[0]!.message).toBe('row 0');
    expect(settled[NOTES_PER_FILE - 1]!.message).toBe('row 99');
    expect(settled[NOTES_PER_FILE]!.message).toBe('a.csv: 151 more duplicate events removed (not listed one by one)');
  });
});
