/**
 * Incremental CSV reading that reports each record with the PHYSICAL line it starts on, fast and
 * provably faithful. No CSV is tokenized here by hand:
 *
 * - Fast path: udsv (about 1 s for a million rows) tokenizes the text as it streams in. The
 *   header's width comes from csv-parse (one line, once per file).
 * - Verification, not parsing: each record udsv returns is matched against the raw text with
 *   native string comparisons (csv-verify.ts): every field is there verbatim (holding no
 *   delimiter and no line end), or quoted with its quotes doubled; the delimiter sits between
 *   fields and the file's line end (`\r\n` or `\n`, from the header) after the last one. Blank
 *   lines, which udsv drops, are stepped over and counted; `\n` inside quoted fields are counted.
 *   A record is handed to the caller only once it is verified, so every record handed over is
 *   byte for byte what the file says, whatever the quoting style, and its line is exact.
 * - Fallback: udsv gets some files wrong without a word (it merges a short row into the next one,
 *   folds extra fields into the last column, keeps nothing of `"x"y` but `y`, returns nothing for
 *   an unclosed quote, drops blank lines, reads a quoted field in a one-column file as a blank
 *   line). The first record that does not match sends the rest of THAT file, from the end of the
 *   last verified record, to csv-parse (csv-exact.ts): exact, but about 10 times slower. It does
 *   not restart the file: the records already handed over are, byte for byte, what csv-parse
 *   gives for that text (it is in step at every record boundary), so nothing is read twice or
 *   withdrawn, and the caller never sees an unverified record. csv-parse is also the reference
 *   for what a file means: short and long rows are records (the caller judges the width), `"x"y`
 *   is malformed, an unclosed quote is an error naming the line it opens on.
 * - Field-size limit (issue 7): a field over `maxFieldBytes` (1 MiB) stops the file with
 *   FieldTooLargeError; an unfinished record longer than any valid one could be (an unclosed
 *   quote running through the file) is caught the same way, so memory stays bounded.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { initParser, type Parser } from 'udsv';
import { ExactCsvScanner, checkFieldSizes } from './csv-exact.js';
import { DEFAULT_MAX_FIELD_BYTES, FieldTooLargeError, PartBoundaryError, UnclosedQuoteError, type CsvScanHandler } from './csv-errors.js';
import { CR, FieldMatcher, LF } from './csv-verify.js';

export { DEFAULT_MAX_FIELD_BYTES, FieldTooLargeError, PartBoundaryError, UnclosedQuoteError, type CsvScanHandler };

export interface CsvScanOptions {
  /** A longer field stops the file with FieldTooLargeError (issue 7). */
  readonly maxFieldBytes?: number;
}

/** Files read so far that left the fast path, for tests and profiling. */
let fallbackCount = 0;
export function csvFallbacks(): number {
  return fallbackCount;
}

export class CsvScanner {
  /** Text handed to udsv and not yet verified; it starts at a record boundary (`pos`). */
  private raw = '';
  private pos = 0;
  /** Physical line at `pos`. */
  private line = 1;
  /** A final `\r` waits for the next chunk: udsv would end a `\r\n` record on the `\r` alone. */
  private heldCR = '';
  private started = false;
  private ending = false;
  private mismatch = false;
  private udsv: Parser | undefined;
  private rowSep = '\n';
  private rowSepLength = 1;
  private width = 1;
  private exact: ExactCsvScanner | undefined;
  private readonly matcher: FieldMatcher;
  private readonly maxFieldBytes: number;
  private readonly onRow = (row: string[]): boolean => this.verify(row);

  constructor(
    private readonly delimiter: string,
    private readonly handler: CsvScanHandler,
    options: CsvScanOptions = {},
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.matcher = new FieldMatcher(delimiter);
    this.maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  }

  /** Whether the file so far is read by csv-parse (the fast path gave up on it). */
  get exactPath(): boolean {
    return this.exact !== undefined;
  }

  /** Feeds decoded text; verified records are reported, an unfinished one waits for more. */
  push(text: string): void {
    if (!this.started) {
      // A byte-order mark is no data (udsv would drop it from the header, csv-parse keep it).
      if (text.length === 0) return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    if (this.exact !== undefined) {
      this.exact.push(text);
      return;
    }
    text = this.heldCR + text;
    this.heldCR = '';
    if (text.charCodeAt(text.length - 1) === CR) {
      this.heldCR = '\r';
      text = text.slice(0, -1);
    }
    if (text.length === 0) return;
    this.feed(text);
    if (this.exact === undefined && this.raw.length - this.pos > this.maxPending()) this.fallBack();
  }

  /** The input is complete: reports the last record (a final line end is optional). */
  end(): void {
    this.ending = true;
    if (this.exact === undefined) {
      const rest = this.heldCR;
      this.heldCR = '';
      if (rest !== '') this.feed(rest);
      if (this.exact === undefined && this.udsv === undefined) {
        // No line end at all: one line, or nothing.
        if (this.raw.length === 0) return;
        this.fallBack();
      } else if (this.udsv !== undefined) {
        this.udsv.end();
        if (this.mismatch || !this.onlyBlankLinesLeft()) this.fallBack();
      }
    }
    this.exact?.end();
  }

  /**
   * A part of a file read on its own (a read split by byte range): after its header, the scanner
   * goes on at `line`, where the part starts. Throws PartBoundaryError unless the text so far
   * ends where a record does.
   */
  resumeAt(line: number): void {
    if (this.exact !== undefined) return this.exact.resumeAt(line);
    this.skipBlankLines();
    if (this.pos !== this.raw.length || this.heldCR !== '') throw new PartBoundaryError('starts');
    this.line = line;
  }

  /**
   * The end of a part of a file that is not its last: the line the next part starts on. Throws
   * PartBoundaryError unless the part ends where a record does (its last record is complete).
   */
  endOfPart(): number {
    if (this.exact !== undefined) return this.exact.endOfPart();
    this.skipBlankLines();
    if (this.pos !== this.raw.length || this.heldCR !== '') throw new PartBoundaryError('ends');
    return this.line;
  }

  /** Steps over blank lines (udsv drops them; they are lines all the same). */
  private skipBlankLines(): void {
    while (this.pos < this.raw.length && isRowSep(this.raw, this.pos, this.rowSepLength)) {
      this.pos += this.rowSepLength;
      this.line++;
    }
  }

  private feed(text: string): void {
    this.raw = this.pos === 0 ? this.raw + text : this.raw.slice(this.pos) + text;
    this.pos = 0;
    this.matcher.reset();
    if (this.udsv === undefined) {
      if (!this.startFastPath()) return;
      this.udsv!.chunk(this.raw, this.udsv!.stringArrs, this.onRow);
    } else {
      this.udsv.chunk(text, this.udsv.stringArrs, this.onRow);
    }
    if (this.mismatch) this.fallBack();
  }

  /** Sets udsv up from the header line; false while the header line is not complete. */
  private startFastPath(): boolean {
    const firstLineEnd = headerLineEnd(this.raw);
    if (firstLineEnd === -1) return false;
    this.rowSep = firstLineEnd > 0 && this.raw.charCodeAt(firstLineEnd - 1) === CR ? '\r\n' : '\n';
    this.rowSepLength = this.rowSep.length;
    try {
      // The header's width, from csv-parse (a few bytes, once per file): udsv's own guess reads the
      // first physical line only.
      const header = parseSync(this.raw.slice(0, firstLineEnd + 1), { delimiter: this.delimiter, relax_quotes: true, record_delimiter: this.rowSep }) as string[][];
      this.width = Math.max(1, header[0]?.length ?? 1);
      const cols = Array.from({ length: this.width }, (_, i) => ({ name: String(i), type: 's' as const, repl: { empty: '', null: undefined, NaN: undefined } }));
      // skip: 0 hands the header over as a record like any other (and verifies it like any other).
      const schema = { skip: 0, col: this.delimiter, row: this.rowSep, encl: '"', esc: '"', trim: false, cols };
      this.udsv = initParser(schema);
    } catch {
      // A header csv-parse rejects (text after a closing quote): csv-parse reads the file and says why.
      this.mismatch = true;
      this.fallBack();
      return false;
    }
    return true;
  }

  /** One udsv record: hands it over if the raw text says exactly this; false stops udsv. */
  private verify(row: string[]): boolean {
    if (this.mismatch) return false;
    const raw = this.raw;
    let pos = this.pos;
    let line = this.line;
    const sepLength = this.rowSepLength;
    while (isRowSep(raw, pos, sepLength)) {
      pos += sepLength;
      line++;
    }
    const matcher = this.matcher;
    const end = matcher.fields(raw, pos, row, row.length);
    // An unquoted last field ending in CR: a `\r\n` line in a `\n` file, or a lone CR: for csv-parse.
    if (end === -1 || (matcher.lastUnquoted && raw.charCodeAt(end - 1) === CR && end > pos)) return this.fail();
    let next: number;
    if (isRowSep(raw, end, sepLength)) {
      next = end + sepLength;
    } else if (this.ending && end === raw.length && end > pos) {
      next = end;
    } else {
      return this.fail();
    }
    checkFieldSizes(row, line, this.maxFieldBytes);
    this.pos = next;
    this.line = line + matcher.quotedLineEnds + (next > end ? 1 : 0);
    this.handler.record(row, line);
    return true;
  }

  private fail(): boolean {
    this.mismatch = true;
    return false;
  }

  private onlyBlankLinesLeft(): boolean {
    const sep = this.rowSep;
    let pos = this.pos;
    while (this.raw.startsWith(sep, pos)) pos += sep.length;
    return pos === this.raw.length;
  }

  /** The rest of this file, from the end of the last verified record, goes to csv-parse. */
  private fallBack(): void {
    fallbackCount++;
    const rest = this.raw.slice(this.pos) + this.heldCR;
    this.raw = '';
    this.pos = 0;
    this.heldCR = '';
    this.udsv = undefined;
    this.exact = new ExactCsvScanner(this.delimiter, this.handler, this.line, this.maxFieldBytes, this.maxPending());
    if (rest !== '') this.exact.push(rest);
  }

  /**
   * The longest unfinished record worth buffering: every field at the limit, every character a
   * doubled quote. Anything longer holds a field over the limit (or an unclosed quote).
   */
  private maxPending(): number {
    return (2 * this.maxFieldBytes + 3) * this.width + 65536;
  }
}

/**
 * Where the header's line end is: the first `\n` after an even number of quotes (an odd number
 * means it is inside a quoted name). A guess that verification checks: if it is wrong, no record
 * matches and csv-parse reads the file.
 */
function headerLineEnd(text: string): number {
  let quotes = 0;
  let from = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', end + 1)) {
    for (let q = text.indexOf('"', from); q !== -1 && q < end; q = text.indexOf('"', q + 1)) quotes++;
    from = end;
    if (quotes % 2 === 0) return end;
  }
  return -1;
}

/** The file's line end (`\n`, or `\r\n` when sepLength is 2) at pos. */
function isRowSep(raw: string, pos: number, sepLength: number): boolean {
  return sepLength === 1 ? raw.charCodeAt(pos) === LF : raw.charCodeAt(pos) === CR && raw.charCodeAt(pos + 1) === LF;
}
