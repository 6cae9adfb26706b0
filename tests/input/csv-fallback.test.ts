import { feedInChunks } from '../helpers/csv.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.js';
import { ExactCsvScanner } from '../../src/input/csv-exact.js';
import { CsvScanner, FieldTooLargeError, UnclosedQuoteError, csvFallbacks } from '../../src/input/csv-scanner.js';
import { readInputs } from '../../src/input/index.js';

interface Scanned {
  records: { fields: string[]; line: number }[];
  malformed: { line: number; reason: string }[];
  /** The error that stopped the file, as `Name:line`. */
  error?: string;
  fallbacks: number;
}

function collector(out: Scanned) {
  return {
    record: (fields: string[], line: number) => out.records.push({ fields: [...fields], line }),
    malformed: (line: number, reason: string) => out.malformed.push({ line, reason }),
  };
}

function stopped(out: Scanned, run: () => void): Scanned {
  try {
    run();
  } catch (error) {
    if (!(error instanceof UnclosedQuoteError || error instanceof FieldTooLargeError)) throw error;
    out.error = `${error.name}:${error.line}`;
  }
  return out;
}

/** The fast reader, fed in the given chunk sizes (cycled). */
function scan(text: string, chunkSizes: number[] = [text.length || 1], maxFieldBytes?: number): Scanned {
  const out: Scanned = { records: [], malformed: [], fallbacks: 0 };
  const before = csvFallbacks();
  const scanner = new CsvScanner(',', collector(out), { maxFieldBytes });
  stopped(out, () => {
    feedInChunks(scanner, text, chunkSizes);
  });
  out.fallbacks = csvFallbacks() - before;
  return out;
}

/** csv-parse alone (the exact reader) over the whole text: the reference. */
function exact(text: string, maxFieldBytes = 1 << 20): Scanned {
  const out: Scanned = { records: [], malformed: [], fallbacks: 0 };
  const scanner = new ExactCsvScanner(',', collector(out), 1, maxFieldBytes, Number.MAX_SAFE_INTEGER);
  return stopped(out, () => {
    scanner.push(text);
    scanner.end();
  });
}

const sameAsReference = (text: string, chunks?: number[]) => {
  const ours = scan(text, chunks);
  const reference = exact(text);
  expect({ ...ours, fallbacks: 0 }).toEqual(reference);
  return ours;
};

describe('CSV fast path: udsv failure modes fall back to csv-parse', () => {
  it('a short row (udsv would merge it into the next one)', () => {
    const out = sameAsReference('a,b,c\n1,2,3\n4,5\n6,7,8\n');
    expect(out.fallbacks).toBe(1);
    expect(out.records).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
      { fields: ['4', '5'], line: 3 },
      { fields: ['6', '7', '8'], line: 4 },
    ]);
  });

  it('a long row (udsv would fold the extra field into the last column)', () => {
    const out = sameAsReference('a,b\n1,2\n3,4,5\n6,7\n');
    expect(out.fallbacks).toBe(1);
    expect(out.records.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4', '5'], ['6', '7']]);
  });

  it('text after a closing quote (udsv would keep only the text after it)', () => {
    const out = sameAsReference('a,b\n"x"y,1\n2,3\n');
    expect(out.fallbacks).toBe(1);
    expect(out.malformed).toEqual([{ line: 2, reason: 'text after a closing quote' }]);
    expect(out.records.map((r) => r.line)).toEqual([1, 3]);
  });

  it('an unclosed quote (udsv would return nothing), naming the line it opens on', () => {
    const out = sameAsReference('a,b\n1,2\n"x\ny","never\nclosed\n', [3]);
    expect(out.fallbacks).toBe(1);
    expect(out.records.map((r) => r.line)).toEqual([1, 2]);
    expect(out.error).toBe('UnclosedQuoteError:4');
  });

  it('an LF line in a CRLF file, and a CRLF line in an LF file', () => {
    const crlf = sameAsReference('a,b\r\n1,2\n3,4\r\n');
    expect(crlf.fallbacks).toBe(1);
    expect(crlf.records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
    const lf = sameAsReference('a,b\n1,2\r\n3,4\n');
    expect(lf.fallbacks).toBe(1);
    expect(lf.records.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('a quoted field in a one-column file (udsv takes it for a blank line)', () => {
    const out = sameAsReference('a\n"x"\n""\ny\n');
    expect(out.fallbacks).toBe(1);
    expect(out.records.map((r) => r.fields)).toEqual([['a'], ['x'], [''], ['y']]);
  });

  it('hands over the verified records before the mismatch once, and the rest from csv-parse', () => {
    const good = Array.from({ length: 500 }, (_, i) => `C${i},"note ${i}\nsecond line",${i}\n`).join('');
    const text = `case_id,detail,n\n${good}short,row\n${good}`;
    const out = sameAsReference(text, [97, 1024, 5]);
    expect(out.fallbacks).toBe(1);
    expect(out.records).toHaveLength(1002);
    const lines = out.records.map((r) => r.line);
    expect(lines.slice(0, 3)).toEqual([1, 2, 4]);
    expect(out.records[501]).toEqual({ fields: ['short', 'row'], line: 1002 });
    expect(lines[502]).toBe(1003);
    expect(lines.at(-1)).toBe(2001);
  });

  it('gives csv-parse\'s records, lines and errors for any text, valid or not, in any chunking', () => {
    // A byte-order mark inside the text too: udsv drops one at the start of every chunk it is given.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', '\r', ' ', '\ufeff', '😀'), maxLength: 80 });
    const chunks = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(text, chunks, (t, c) => {
        // The reader drops a leading byte-order mark before anything else sees the text.
        expect({ ...scan(t, c), fallbacks: 0 }).toEqual(exact(t.replace(/^\ufeff/, '')));
      }),
      { numRuns: Number(process.env.CSV_RUNS ?? 500) },
    );
  });
});

describe('CSV fast path: stays fast on well-formed exports', () => {
  it('every field quoted', () => {
    const out = scan('"a","b"\r\n"1","x, ""y"""\r\n"","2"\r\n');
    expect(out.fallbacks).toBe(0);
    expect(out.records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', 'x, "y"'], line: 2 },
      { fields: ['', '2'], line: 3 },
    ]);
  });

  it('mixed quoting, a quote inside an unquoted field, and empty fields', () => {
    const out = sameAsReference('a,"b",c\n1,"two\nlines",5" tall\n,,\n"q",,"r"\n');
    expect(out.fallbacks).toBe(0);
    expect(out.records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(out.records[1]!.fields).toEqual(['1', 'two\nlines', '5" tall']);
  });

  it('BOM, CRLF and blank lines (first, between and last) keep exact lines', () => {
    const text = '\ufeffa,b\r\n\r\n"x\r\ny",1\r\n\r\n\r\nplain,2\r\n\r\n';
    const out = scan(text, [4]);
    expect(out.fallbacks).toBe(0);
    expect(out.records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x\r\ny', '1'], line: 3 },
      { fields: ['plain', '2'], line: 7 },
    ]);
    expect(exact(text.slice(1)).records).toEqual(out.records);
  });

  it('agrees with csv-parse/sync on the fields of well-formed text', () => {
    const text = 'h1,h2,h3\n"a,b",c,"d""e"\n\nf,"g\r\nh",i\nj,k,l';
    const reference = (parse(text, { skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as string[][]);
    const out = scan(text, [3]);
    expect(out.fallbacks).toBe(0);
    expect(out.records.map((r) => r.fields)).toEqual(reference);
    expect(out.records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });
});

describe('CSV field-size limit (issue 7)', () => {
  const big = (n: number, unit = 'x') => unit.repeat(n);

  it('a field over the limit is an error naming the record\'s line, on the fast path and after a fallback', () => {
    expect(scan(`a,b\n1,2\n3,"${big(1001)}"\n`, [64], 1000).error).toBe('FieldTooLargeError:3');
    expect(scan(`a,b\n1,2\n3,${big(1000)}\n`, [64], 1000).error).toBeUndefined();
    expect(scan(`a,b\n1\n3,"${big(1001)}"\n`, [64], 1000).error).toBe('FieldTooLargeError:3');
  });

  it('counts bytes, not characters', () => {
    expect(scan(`a,b\n1,${big(400, 'é')}\n`, undefined, 600).error).toBe('FieldTooLargeError:2');
    expect(scan(`a,b\n1,${big(300, 'é')}\n`, undefined, 600).error).toBeUndefined();
  });

  it('an unclosed quote early in a long file stops at the limit, not at the end of memory', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i},row\n`).join('');
    const out = scan(`a,b\n1,"open\n${rows}`, [4096], 1000);
    expect(out.error).toBe('FieldTooLargeError:2');
    expect(out.records).toHaveLength(1);
  });

  it('reaches the user as one line naming file and line (ReadOptions.maxFieldBytes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseaudit-csv-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, `case_id,occurred_at,type\nASB-1,2024-01-02,report\nASB-1,2024-01-03,"${big(5000)}"\n`);
    let caught: unknown;
    try {
      await readInputs([file], { maxFieldBytes: 4096 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as Error).message).toBe(`${file}:3: field "type" (column 3) is longer than 4096 bytes, the field-size limit (raise it with --max-field-bytes; an unclosed quote also reads on to the end of the file)`);
  });
});
