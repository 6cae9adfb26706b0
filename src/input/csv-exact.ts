/**
 * The exact CSV reader: csv-parse, fed incrementally, with each record's physical start line.
 * It reads what the fast path (csv-scanner.ts) gives up on, and it is the reference for what a
 * file means: a record with too few or too many fields is still a record (the caller judges its
 * width), a quote inside an unquoted field is text, a line end is `\r\n` or `\n` anywhere.
 *
 * csv-parse counts `\r` and `\n` both as lines, so lines are counted here from each record's raw
 * text (`raw: true`) instead: the `\n` in it, and one for its line end.
 */
import { Parser, type CsvError } from 'csv-parse';
import { FieldMatcher } from './csv-verify.js';
import { FieldTooLargeError, PartBoundaryError, UnclosedQuoteError, type CsvScanHandler } from './csv-errors.js';

/**
 * csv-parse's synchronous core. Its stream wrapper reports errors a tick later, and csv-parse/sync
 * wants the whole text at once; `Parser#api` is what both of them call (csv-parse 6), so it is
 * used directly to feed chunks and get each error as it happens. tests/input/csv-fallback.test.ts
 * fails if a csv-parse update moves it.
 */
interface CsvParseCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): CsvError | undefined;
  state: { record: string[] };
}

interface RawRecord {
  record: string[];
  raw: string;
}

const NOTHING = (): void => {};

export class ExactCsvScanner {
  private readonly core: CsvParseCore;
  private readonly matcher: FieldMatcher;
  /** Line the next record starts on. */
  private line: number;
  /** Text fed since the end of the last record: the record being read. */
  private pending = '';
  private error: unknown;
  private heldSurrogate = '';

  constructor(
    delimiter: string,
    private readonly handler: CsvScanHandler,
    firstLine: number,
    private readonly maxFieldBytes: number,
    /** Longest unfinished record (in UTF-16 units) before it must hold a field over the limit. */
    private readonly maxPending: number,
  ) {
    this.line = firstLine;
    this.matcher = new FieldMatcher(delimiter);
    const parser = new Parser({
      delimiter,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      raw: true,
      // With `raw: true` csv-parse hands on_record the record and its raw text, not the bare array.
      on_record: ((record: RawRecord) => {
        this.onRecord(record);
        return null;
      }) as unknown as () => null,
    });
    this.core = (parser as unknown as { api: CsvParseCore }).api;
  }

  push(text: string): void {
    // UTF-8 cannot encode half a surrogate pair: a pair cut by the chunking waits for its other half.
    text = this.heldSurrogate + text;
    this.heldSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.pending = this.pending.length === 0 ? text : this.pending + text;
    this.parse(Buffer.from(text, 'utf8'), false);
    if (this.pending.length > this.maxPending) {
      // The record's completed fields are in csv-parse's state: the runaway one comes after them.
      throw new FieldTooLargeError(this.line, this.maxFieldBytes, this.core.state.record.length);
    }
  }

  end(): void {
    if (this.heldSurrogate !== '') {
      const text = this.heldSurrogate;
      this.heldSurrogate = '';
      this.pending += text;
      this.parse(Buffer.from(text, 'utf8'), false);
    }
    this.parse(undefined, true);
    this.pending = '';
  }

  /** See CsvScanner.resumeAt. */
  resumeAt(line: number): void {
    if (this.pending !== '' || this.heldSurrogate !== '') throw new PartBoundaryError('starts');
    this.line = line;
  }

  /** See CsvScanner.endOfPart. */
  endOfPart(): number {
    if (this.pending !== '' || this.heldSurrogate !== '') throw new PartBoundaryError('ends');
    return this.line;
  }

  private parse(buf: Buffer | undefined, end: boolean): void {
    const error = this.core.parse(buf, end, NOTHING, NOTHING);
    // An error thrown by our own record callback comes back from csv-parse as its result.
    if (this.error !== undefined) throw this.error;
    if (error === undefined) return;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') throw new UnclosedQuoteError(this.unclosedQuoteLine());
    throw error;
  }

  private onRecord({ record, raw }: RawRecord): void {
    try {
      this.take(record, raw);
    } catch (error) {
      this.error = error;
      throw error;
    }
  }

  private take(fields: string[], raw: string): void {
    const line = this.line;
    // raw holds the first character of the line end (`\r` of `\r\n`, or `\n`), not the `\n` of `\r\n`.
    const crlf = raw.charCodeAt(raw.length - 1) === 13 && this.pending.charCodeAt(raw.length) === 10;
    const consumed = raw.length + (crlf ? 1 : 0);
    this.pending = this.pending.slice(consumed);
    this.matcher.reset();
    const end = this.matcher.fields(raw, 0, fields, fields.length);
    const rest = end === -1 ? -1 : raw.length - end;
    const lineEnd = rest === 1 && (raw.charCodeAt(end) === 10 || raw.charCodeAt(end) === 13);
    if (end === -1 || (rest !== 0 && !lineEnd)) {
      // csv-parse (relaxed) read on past a closing quote: `"x"y` is not CSV.
      this.line += countNewlines(raw) + (crlf ? 1 : 0);
      this.handler.malformed(line, 'text after a closing quote');
      return;
    }
    this.line += this.matcher.quotedLineEnds + (lineEnd ? 1 : 0);
    // A blank line is no record, but it is a line.
    if (fields.length === 1 && end === 0) return;
    checkFieldSizes(fields, line, this.maxFieldBytes);
    this.handler.record(fields, line);
  }

  /**
   * The line an unclosed quote opens on: the record's completed fields (csv-parse still holds
   * them) are matched in the raw text from the record's start, and the quote follows them.
   */
  private unclosedQuoteLine(): number {
    const done = this.core.state.record;
    const text = this.pending;
    this.matcher.reset();
    let pos = this.matcher.fields(text, 0, done, done.length);
    if (pos !== -1 && done.length > 0) pos = text.charCodeAt(pos) === this.matcher.delimiterCode ? pos + 1 : -1;
    return pos === -1 ? this.line : this.line + countNewlines(text.slice(0, pos));
  }
}

/** Fields over the size limit are an error, not a memory exhaustion a few fields later. */
export function checkFieldSizes(fields: readonly string[], line: number, maxFieldBytes: number): void {
  // UTF-8 takes at least one byte and at most three per UTF-16 unit: only long fields need counting.
  const sure = maxFieldBytes / 3;
  for (let i = 0; i < fields.length; i++) {
    const length = fields[i]!.length;
    if (length > sure && (length > maxFieldBytes || Buffer.byteLength(fields[i]!, 'utf8') > maxFieldBytes)) {
      throw new FieldTooLargeError(line, maxFieldBytes, i);
    }
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
