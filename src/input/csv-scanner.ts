/**
 * An incremental CSV scanner (RFC 4180 plus what spreadsheets write: CRLF or LF line ends, blank
 * lines) that reports each record with the PHYSICAL line it starts on.
 *
 * Why not a library: csv-parse streams a million rows in 6-9 s (issue 6), a third of the whole
 * budget; udsv is fast but silently merges a short row into the next one, folds extra fields into
 * the last column, drops blank lines without a trace (so line numbers drift) and returns nothing
 * for an unclosed quote. Evidence must point at the right line, so this scanner does the same
 * indexOf-and-slice work as udsv but keeps the line count and says when a record is malformed.
 * csv-parse stays as the reference it is tested against (tests/input/csv-scanner.test.ts).
 */

export interface CsvScanHandler {
  /**
   * One record: its fields (quotes removed, `""` unescaped) and the line it starts on. The array
   * is reused for the next record (a million rows make a million arrays otherwise): copy it to
   * keep it.
   */
  record(fields: string[], line: number): void;
  /** A record that cannot be read as CSV (text after a closing quote); the scanner skips its line. */
  malformed(line: number, reason: string): void;
}

/** Thrown at the end of input when a quoted field never closes: nothing after it can be trusted. */
export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
    this.name = 'UnclosedQuoteError';
  }
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

export class CsvScanner {
  private buffer = '';
  /** Physical line number of the first character of `buffer`. */
  private line = 1;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly fields: string[] = [];

  constructor(
    delimiter: string,
    private readonly handler: CsvScanHandler,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Feeds decoded text; complete records are reported, an unfinished one waits for more. */
  push(text: string): void {
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    this.scan(false);
  }

  /** The input is complete: reports the last record (a final line end is optional). */
  end(): void {
    this.scan(true);
    this.buffer = '';
  }

  private scan(final: boolean): void {
    const s = this.buffer;
    const len = s.length;
    const delim = this.delimiter;
    const delimCode = this.delimiterCode;
    let pos = 0;
    let line = this.line;
    // The end of the current physical line, found once per line rather than once per field.
    let lineEnd = -2;

    records: while (pos < len) {
      const recordStart = pos;
      const recordLine = line;
      const c0 = s.charCodeAt(pos);
      // A blank line is no record, but it is a line: count it so later lines stay right.
      if (c0 === LF) {
        pos++;
        line++;
        continue;
      }
      if (c0 === CR) {
        if (pos + 1 >= len) {
          if (!final) break;
          pos++;
          continue;
        }
        if (s.charCodeAt(pos + 1) === LF) {
          pos += 2;
          line++;
          continue;
        }
      }

      const fields = this.fields;
      fields.length = 0;
      for (;;) {
        if (pos < len && s.charCodeAt(pos) === QUOTE) {
          // Quoted field: runs to the next quote not doubled, across line ends.
          const open = pos;
          let from = pos + 1;
          let value = '';
          let closed = -1;
          for (;;) {
            const q = s.indexOf('"', from);
            if (q === -1 || (q + 1 >= len && !final)) break;
            if (q + 1 < len && s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(from, q + 1);
              from = q + 2;
              continue;
            }
            value += s.slice(from, q);
            closed = q;
            break;
          }
          if (closed === -1) {
            if (!final) { pos = recordStart; line = recordLine; break records; }
            // `line` is in step with the position at every field start: it is the line the quote opened on.
            throw new UnclosedQuoteError(line);
          }
          line += countLineEnds(s, open, closed);
          lineEnd = -2;
          fields.push(value);
          pos = closed + 1;
          if (pos >= len) {
            if (!final) { pos = recordStart; line = recordLine; break records; }
            break;
          }
          const c = s.charCodeAt(pos);
          if (c === delimCode) {
            pos++;
            continue;
          }
          if (c === LF) {
            pos++;
            line++;
            break;
          }
          if (c === CR) {
            if (pos + 1 >= len) {
              if (!final) { pos = recordStart; line = recordLine; break records; }
              pos++;
              break;
            }
            if (s.charCodeAt(pos + 1) === LF) {
              pos += 2;
              line++;
              break;
            }
          }
          // Text after a closing quote (`"a"b`): the record is not CSV. Skip its line, say where.
          const skipTo = s.indexOf('\n', pos);
          if (skipTo === -1 && !final) { pos = recordStart; line = recordLine; break records; }
          this.handler.malformed(recordLine, 'text after a closing quote');
          pos = skipTo === -1 ? len : skipTo + 1;
          line++;
          lineEnd = -2;
          continue records;
        }

        // Unquoted field: up to the delimiter or the end of the line, whichever comes first.
        if (lineEnd < pos) {
          lineEnd = s.indexOf('\n', pos);
          if (lineEnd === -1) {
            if (!final) { pos = recordStart; line = recordLine; break records; }
            lineEnd = len;
          }
        }
        const d = s.indexOf(delim, pos);
        if (d !== -1 && d < lineEnd) {
          fields.push(s.slice(pos, d));
          pos = d + 1;
          continue;
        }
        const end = lineEnd > pos && s.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
        fields.push(s.slice(pos, end));
        if (lineEnd < len) line++;
        pos = lineEnd + 1;
        break;
      }
      this.handler.record(fields, recordLine);
    }

    this.buffer = pos >= len ? '' : s.slice(pos);
    this.line = line;
    if (final && this.buffer.length > 0) {
      // Only a lone trailing CR can be left over at the very end.
      this.buffer = '';
    }
  }
}

/** Line ends (LF) in s[from, to). */
function countLineEnds(s: string, from: number, to: number): number {
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}
