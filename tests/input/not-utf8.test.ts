import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.js';
import { firstInvalidUtf8, notUtf8Message } from '../../src/input/decoding.js';
import { readInputs } from '../../src/input/index.js';
import { caseaudit } from '../helpers/cli.js';

const ACTIONS = 'samples/exports/housing-system/asb-actions.csv';
const CASES = 'samples/exports/housing-system/asb-cases.csv';
const HOUSING = 'policies/mappings/housing-system.yaml';
const LOG = 'tests/fixtures/mapping/log-1252.csv';
const AS_OF = ['--as-of', '2024-11-21'];
const HINT = 'if the export comes from an older report writer, try --encoding windows-1252';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('firstInvalidUtf8', () => {
  it('finds nothing wrong in UTF-8, whatever the chunks', async () => {
    expect(await firstInvalidUtf8([Buffer.from('a,b\n£50,café\n€ 😀\n')])).toBeUndefined();
    // Every character split across chunks, byte by byte.
    expect(await firstInvalidUtf8([...Buffer.from('£é€😀')].map((b) => bytes(b)))).toBeUndefined();
    expect(await firstInvalidUtf8([])).toBeUndefined();
  });

  it('names the line of a lone Windows-1252 byte: a £ is 0xA3', async () => {
    expect(await firstInvalidUtf8([ascii('a\nb\n'), ascii('c £5\n')])).toEqual({ line: 3, byte: 0xa3 });
    expect(await firstInvalidUtf8([ascii('\xa3')])).toEqual({ line: 1, byte: 0xa3 });
  });

  it('names the lead byte of a character cut short, even by a line end or the end of the file', async () => {
    expect(await firstInvalidUtf8([ascii('caf\xe9 noise')])).toEqual({ line: 1, byte: 0xe9 });
    // The line feed that breaks the character is not yet counted: the bad byte is on line 1.
    expect(await firstInvalidUtf8([ascii('caf\xe9\nx')])).toEqual({ line: 1, byte: 0xe9 });
    expect(await firstInvalidUtf8([ascii('x\ncaf'), bytes(0xe2, 0x82)])).toEqual({ line: 2, byte: 0xe2 });
  });

  it('rejects what UTF-8 forbids: overlong forms, surrogates, past U+10FFFF, bytes never used', async () => {
    for (const bad of [[0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff]]) {
      expect(await firstInvalidUtf8([bytes(...bad)]), bad.map((b) => b.toString(16)).join(' ')).toEqual({ line: 1, byte: bad[0] });
    }
    // The edges that are allowed.
    expect(await firstInvalidUtf8([bytes(0xe0, 0xa0, 0x80, 0xed, 0x9f, 0xbf, 0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf)])).toBeUndefined();
  });

  it('agrees with the fatal TextDecoder on any bytes, however they are chunked', async () => {
    const byteArrays = fc.uint8Array({ maxLength: 40 }).map((a) => a.map((b) => (b & 1 ? b : b & 0x0f)));
    await fc.assert(
      fc.asyncProperty(byteArrays, fc.nat({ max: 40 }), async (data, cut) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(data);
        } catch {
          valid = false;
        }
        const found = await firstInvalidUtf8([data.subarray(0, cut), data.subarray(cut)]);
        expect(found === undefined).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('says where, the byte, and the option to try', () => {
    expect(notUtf8Message('asb-actions.csv', { line: 12, byte: 0xa3 })).toBe(`asb-actions.csv:12: not valid UTF-8 (byte 0xA3); ${HINT}`);
    expect(notUtf8Message('x.csv', { line: 1, byte: 0x9 })).toBe(`x.csv:1: not valid UTF-8 (byte 0x09); ${HINT}`);
  });
});

describe('a Windows-1252 export read without --encoding', () => {
  it('audit stops with exit 2 and one line naming the file, the line of the £ and the option', async () => {
    const r = await caseaudit(['audit', ACTIONS, CASES, '--mapping', HOUSING, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`caseaudit: ${ACTIONS}:149: not valid UTF-8 (byte 0xA3); ${HINT}\n`);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('a read stopped by bytes that are not UTF-8 leaves no file open (Node would warn when it closed one for us)', async () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    // Without --delimiter, the first chunk is read apart to find the delimiter: the path that left the file open.
    await expect(readInputs([LOG])).rejects.toThrow(/not valid UTF-8/);
    await expect(readInputs([LOG], { delimiter: ',' })).rejects.toThrow(/not valid UTF-8/);
    // A £ past the first chunk: the read stops in the middle of the file.
    const late = join(mkdtempSync(join(tmpdir(), 'caseaudit-utf8-')), 'late.csv');
    const rows = Array.from({ length: 30_000 }, (_, i) => `C-${i % 50},2024-01-02,contact,a note of some length for row ${i}`);
    writeFileSync(late, Buffer.concat([Buffer.from(['case_id,occurred_at,type,detail', ...rows].join('\n') + '\n'), Buffer.from([0x43, 0x2d, 0x31, 0x2c, 0xa3, 0x0a])]));
    await expect(readInputs([late])).rejects.toThrow(/late\.csv:30002: not valid UTF-8/);
    expect(open()).toBe(before);
  });

  it('timeline and mapping check stop the same way', async () => {
    const t = await caseaudit(['timeline', LOG, '--mapping', 'tests/fixtures/mapping/log.yaml', ...AS_OF]);
    expect(t.code).toBe(2);
    expect(t.stderr).toBe(`caseaudit: ${LOG}:2: not valid UTF-8 (byte 0xA3); ${HINT}\n`);
    const c = await caseaudit(['mapping', 'check', HOUSING, ACTIONS]);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe(`caseaudit: ${ACTIONS}:149: not valid UTF-8 (byte 0xA3); ${HINT}\n`);
  });

  it('with --encoding windows-1252 the same files read right: the £ and the é', async () => {
    const t = await caseaudit(['timeline', LOG, '--mapping', 'tests/fixtures/mapping/log.yaml', '--encoding', 'windows-1252', '--case', 'ASB-1', '--format', 'json', ...AS_OF]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('"detail": "Rent arrears £50 mentioned, café noise"');
    const a = await caseaudit(['timeline', ACTIONS, CASES, '--mapping', HOUSING, '--encoding', 'windows-1252', '--case', 'ASB-0008', '--format', 'json', ...AS_OF]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('upheld, £50 for time and trouble');
  });

  it('finds the line past the first chunk, and a character split between chunks is no error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseaudit-utf8-'));
    // Reads go in 1 MiB chunks: a 3-byte € straddles the first boundary, and the bad byte comes well after it.
    const rows: Buffer[] = [Buffer.from('case_id,event_id,occurred_at,type,detail\n')];
    let size = rows[0]!.length;
    let line = 1;
    const row = (text: string) => {
      rows.push(Buffer.from(text));
      size += Buffer.byteLength(text);
      line++;
    };
    while (size < (1 << 20) - 100) row(`ASB-${line},E${line},2024-11-01,note,ok\n`);
    row(`ASB-X,E-euro,2024-11-01,note,${'x'.repeat((1 << 20) - size - 'ASB-X,E-euro,2024-11-01,note,'.length - 1)}€\n`);
    expect(size - 2).toBeGreaterThan(1 << 20); // the € is cut by the boundary
    expect(size - 4).toBeLessThan(1 << 20);
    for (let i = 0; i < 1000; i++) row(`ASB-${line},E${line},2024-11-01,note,ok\n`);
    const valid = Buffer.concat(rows);
    writeFileSync(join(dir, 'valid.csv'), valid);
    const good = await readInputs([join(dir, 'valid.csv')]);
    expect(good.cases.get('ASB-X')?.events[0]?.detail?.endsWith('x€')).toBe(true);

    writeFileSync(join(dir, 'bad.csv'), Buffer.concat([valid, Buffer.from('ASB-1,E-bad,2024-11-01,note,\xa35\n', 'latin1')]));
    const error = await readInputs([join(dir, 'bad.csv')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${join(dir, 'bad.csv')}:${line + 1}: not valid UTF-8 (byte 0xA3); ${HINT}`);
  });

  it('JSON files and standard input are checked too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseaudit-utf8-'));
    const json = Buffer.concat([Buffer.from('[\n{"case_id": "ASB-1",\n "detail": "'), Buffer.from([0xa3]), Buffer.from('5"}\n]\n')]);
    writeFileSync(join(dir, 'events.json'), json);
    await expect(readInputs([join(dir, 'events.json')])).rejects.toThrow(`${join(dir, 'events.json')}:3: not valid UTF-8 (byte 0xA3)`);
    await expect(readInputs(['-'], { stdin: Readable.from([json]) })).rejects.toThrow(`<stdin>:3: not valid UTF-8 (byte 0xA3)`);
  });
});
