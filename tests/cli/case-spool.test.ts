import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseSpool } from '../../src/cli/case-spool.js';
import { PartMerger } from '../../src/cli/part-merge.js';
import type { ReportPart } from '../../src/report/build.js';
import { caseaudit } from '../helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'caseaudit-spool-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('CaseSpool', () => {
  it('gives back every text appended, in order, as bytes (multi-byte text, texts larger than its buffer)', () => {
    const spool = new CaseSpool(temp);
    const texts = ['{"a": 1}', 'café £5 😀', 'x'.repeat(400_000), 'é'.repeat(300_000), '', 'end'];
    for (const t of texts) spool.append(t);
    const bytes = Buffer.concat([...spool.chunks()].map((c) => Buffer.from(c)));
    expect(bytes.toString('utf8')).toBe(texts.join(''));
    expect(spool.count).toBe(texts.length);
    // Readable by the user only: it holds the report's personal data until it is removed.
    expect(statSync(spool.path).mode & 0o777).toBe(0o600);
    spool.dispose();
    expect(existsSync(spool.path)).toBe(false);
    spool.dispose(); // again: harmless
  });

  it('copies texts given as UTF-8 bytes as they are, each after its separator, among texts given as strings', () => {
    const spool = new CaseSpool(temp);
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const big = 'ü'.repeat(600_000); // 1.2 MB of UTF-8: more than the spool's buffer
    const texts: Array<[string | Uint8Array, string]> = [[utf8('{"a": "café"}'), '\n'], ['plain', ','], [utf8(big), ','], [utf8(''), ','], [utf8('😀 end'), ',']];
    for (const [text, separator] of texts) spool.append(text, separator);
    // Each chunk copied as it comes: the next one reuses its memory.
    const bytes = Buffer.concat(Array.from(spool.chunks(), (c) => Buffer.from(c)));
    expect(bytes.toString('utf8')).toBe(`\n{"a": "café"},plain,${big},,😀 end`);
    expect(spool.count).toBe(texts.length);
    spool.dispose();
  });

  it('an audit to a JSON file leaves only the report in its directory, whether it succeeds or fails', async () => {
    const dir = mkdtempSync(join(temp, 'out-'));
    const args = ['audit', 'tests/fixtures/shards/events.csv', 'tests/fixtures/shards/cases.csv', '--as-of', '2024-11-21'];
    const ok = await caseaudit([...args, '--output', join(dir, 'report.json'), '--jobs', '2']);
    expect(ok.code).toBe(1);
    const failed = await caseaudit([...args, '--output', join(dir, 'other.json'), '--max-events-per-case', '3']);
    expect(failed.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a report directory that does not exist is refused before the audit', async () => {
    const r = await caseaudit(['audit', 'samples/events.csv', '--as-of', '2024-11-21', '--output', join(temp, 'missing', 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the directory does not exist');
  });
});

describe('PartMerger', () => {
  const part = (caseId: string): ReportPart => ({ caseId, summary: { caseId, findings: [], pending: 0, applicableRules: [], hateMotivated: false, perpetrators: [] }, notes: [] });

  it('hands parts on in case order, each as soon as no shard can send an earlier one', () => {
    const out: string[] = [];
    const merger = new PartMerger(2, (p) => out.push(p.caseId));
    merger.add(0, [part('A-1'), part('A-3')]);
    expect(out).toEqual([]); // shard 1 may still send A-0
    merger.add(1, [part('A-2')]);
    expect(out).toEqual(['A-1', 'A-2']);
    merger.add(1, [part('A-10')]);
    expect(out).toEqual(['A-1', 'A-2', 'A-3']);
    merger.end(0);
    expect(out).toEqual(['A-1', 'A-2', 'A-3', 'A-10']);
    expect(merger.done).toBe(false);
    merger.end(1);
    expect(merger.done).toBe(true);
  });

  it('merges long streams in order (and compacts its queues on the way)', () => {
    const out: string[] = [];
    const merger = new PartMerger(3, (p) => out.push(p.caseId));
    const ids = Array.from({ length: 6000 }, (_, i) => `C-${i}`);
    const shards: string[][] = [[], [], []];
    ids.forEach((id, i) => shards[(i * 7) % 3]!.push(id));
    for (let from = 0; from < 2000; from += 100) for (let s = 0; s < 3; s++) merger.add(s, shards[s]!.slice(from, from + 100).map(part));
    for (let s = 0; s < 3; s++) merger.end(s);
    expect(out).toEqual(ids);
    expect(merger.done).toBe(true);
  });
});
