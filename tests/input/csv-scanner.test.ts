import { feedInChunks } from '../helpers/csv.js';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner, UnclosedQuoteError, csvFallbacks } from '../../src/input/csv-scanner.js';

interface Scanned {
  records: { fields: string[]; line: number }[];
  malformed: { line: number; reason: string }[];
}

/** Scans text fed in the given chunk sizes (cycled), so record boundaries fall anywhere. */
function scan(text: string, chunkSizes: number[] = [text.length || 1], delimiter = ','): Scanned {
  const out: Scanned = { records: [], malformed: [] };
  const scanner = new CsvScanner(delimiter, {
    record: (fields, line) => out.records.push({ fields: [...fields], line }),
    malformed: (line, reason) => out.malformed.push({ line, reason }),
  });
  feedInChunks(scanner, text, chunkSizes);
  return out;
}

describe('CsvScanner', () => {
  it('reads plain records with their lines', () => {
    expect(scan('a,b\n1,2\n3,4\n').records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('reads the last record without a final line end', () => {
    expect(scan('a,b\n1,2').records.at(-1)).toEqual({ fields: ['1', '2'], line: 2 });
  });

  it('gives each record the physical line it starts on, past quoted line breaks, CRLF and blank lines', () => {
    const text = 'h1,h2\r\n"x\r\ny\r\nz",1\r\n\r\n\r\nplain,2\r\n"a""b",3\n\n"c\nd",4\n';
    expect(scan(text).records).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['x\r\ny\r\nz', '1'], line: 2 },
      { fields: ['plain', '2'], line: 7 },
      { fields: ['a"b', '3'], line: 8 },
      { fields: ['c\nd', '4'], line: 10 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'h1,h2\r\n"x\r\ny ""q""",1\r\n\r\nplain,2\r\n"",""\r\nlast,"end"';
    const whole = scan(text);
    for (const size of [1, 2, 3, 5, 7]) expect(scan(text, [size])).toEqual(whole);
  });

  it('keeps empty fields, and a quoted empty field', () => {
    expect(scan('a,b,c\n,,\n"",x,\n').records.slice(1).map((r) => r.fields)).toEqual([
      ['', '', ''],
      ['', 'x', ''],
    ]);
  });

  it('uses another delimiter when told, leaving commas inside fields', () => {
    expect(scan('a;b\n1,5;2\n', undefined, ';').records[1]!.fields).toEqual(['1,5', '2']);
    expect(scan('a\tb\n1\t"2\t3"\n', undefined, '\t').records[1]!.fields).toEqual(['1', '2\t3']);
  });

  it('throws for a quote that never closes, naming the line it opened on', () => {
    let caught: unknown;
    try {
      scan('a,b\n1,2\n3,"never\nclosed\n');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnclosedQuoteError);
    expect((caught as UnclosedQuoteError).line).toBe(3);
  });

  it('names the line the unclosed quote opens on, after a closed field with line breaks in the same record', () => {
    expect(() => scan('a,b\n"x\ny","never\nclosed\n')).toThrow(expect.objectContaining({ line: 3 }));
    expect(() => scan('a,b\n"x\ny","never\nclosed\n', [2])).toThrow(expect.objectContaining({ line: 3 }));
  });

  it('reports text after a closing quote as malformed and reads on from the next line', () => {
    const out = scan('a,b\n"x"y,1\n2,3\n');
    expect(out.malformed).toEqual([{ line: 2, reason: 'text after a closing quote' }]);
    expect(out.records.map((r) => r.line)).toEqual([1, 3]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(scan('a,b\n5" tall,1\n').records[1]!.fields).toEqual(['5" tall', '1']);
  });

  it('agrees with csv-parse on records and start lines for any well-formed CSV, in any chunking', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '😀'), maxLength: 8 }),
      fc.string({ maxLength: 6 }),
    );
    const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
      fc.tuple(
        fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
      ),
    );
    fc.assert(
      fc.property(table, ([rows, eol, blankAfter, chunks]) => {
        // Quote every field that needs it (and an empty single field, which would be a blank line).
        const quote = (v: string, width: number) =>
          /[",\r\n]/.test(v) || (width === 1 && v === '') || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
        // The lines are known from how the text is written: each row starts after the line
        // breaks of the rows (and blank lines) before it.
        let text = '';
        let line = 1;
        const lines: number[] = [];
        rows.forEach((row, i) => {
          const written = row.map((v) => quote(v, row.length)).join(',') + eol;
          lines.push(line);
          text += written;
          line += written.split('\n').length - 1;
          if (blankAfter[i]) {
            text += eol;
            line++;
          }
        });
        const reference = parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: eol }) as string[][];
        expect(reference).toEqual(rows);
        const before = csvFallbacks();
        const ours = scan(text, chunks).records;
        expect(ours.map((r) => r.fields)).toEqual(rows);
        // Well-formed CSV stays on the fast path, whatever the chunking. (udsv takes a quoted field
        // followed by a line end in a one-column file for a blank line: csv-parse reads those.)
        if (rows[0]!.length > 1) expect(csvFallbacks() - before).toBe(0);
        expect(ours.map((r) => r.line)).toEqual(lines);
      }),
      { numRuns: Number(process.env.CSV_RUNS ?? 300) },
    );
  });
});
