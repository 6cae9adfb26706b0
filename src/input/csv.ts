import { UserError } from '../cli/errors.js';
import type { RowSink } from './caseload-builder.js';
import { CsvScanner, FieldTooLargeError, PartBoundaryError, UnclosedQuoteError } from './csv-scanner.js';
import { chunkDecoder, type InputEncoding } from './decoding.js';
import { rowReaderFor, type RowReader } from './rows.js';
import type { SourceRef } from '../model/index.js';
import type { RowMapping } from './types.js';

export interface CsvReadSettings {
  readonly encoding: InputEncoding;
  readonly delimiter: string;
  readonly mapping: RowMapping | undefined;
  /** Issue 7: a longer field stops the file (default 1 MiB). */
  readonly maxFieldBytes?: number;
}

/**
 * One part of a CSV file read on its own (a read split by byte range, see planRead): the bytes
 * given are the part's, and it is not the first, `header` holds the file's header line (read
 * first, then the part from `line`). A part that is not the file's last ends at a line end.
 */
export interface CsvPart {
  readonly header?: Uint8Array;
  readonly line: number;
  readonly last: boolean;
}

/**
 * Streams one CSV file's byte chunks (or text already decoded) into the builder. The first record is the header; each
 * later record's source is the physical line it starts on. Returns the number of data rows.
 */
export async function readCsv(
  input: AsyncIterable<Uint8Array> | string,
  file: string,
  settings: CsvReadSettings,
  builder: RowSink,
): Promise<number> {
  return (await scanCsv(input, file, settings, builder)).rows;
}

/**
 * readCsv for one part of a file: its data rows, and the line the next part must start on (for a
 * part that is not the last). Throws PartBoundaryError when the part does not start and end
 * where records do.
 */
export function readCsvPart(
  input: AsyncIterable<Uint8Array>,
  file: string,
  settings: CsvReadSettings,
  builder: RowSink,
  part: CsvPart,
): Promise<{ rows: number; endLine?: number }> {
  return scanCsv(input, file, settings, builder, part);
}

async function scanCsv(
  input: AsyncIterable<Uint8Array> | string,
  file: string,
  settings: CsvReadSettings,
  builder: RowSink,
  part?: CsvPart,
): Promise<{ rows: number; endLine?: number }> {
  const decoder = chunkDecoder(settings.encoding);
  let read: RowReader | undefined;
  let header: string[] | undefined;
  let width = 0;
  let rows = 0;
  // A short row waits for what follows it: as the file's last record with no line end after it,
  // it is the mark of a file cut off mid-write, and its note says so.
  let shortRow: { source: SourceRef; fields: number } | undefined;
  let lastChar = '';
  const noteShortRow = (cutOff: boolean): void => {
    if (shortRow === undefined) return;
    const { source, fields } = shortRow;
    shortRow = undefined;
    builder.unusableRow(source, cutOff
      ? `the last row has ${fields} fields where the header has ${width}; the file may have been cut off`
      : `the row has ${fields} fields where the header has ${width}`);
  };
  const scanner = new CsvScanner(settings.delimiter, {
    record(fields, line) {
      if (read === undefined) {
        // Lines of spaces before the header are no header (and a file of them is empty).
        if (fields.length === 1 && fields[0]!.trim() === '') return;
        const reader = rowReaderFor([...fields], file, builder, settings.mapping, undefined, line);
        if ('missing' in reader) {
          const plural = reader.missing.length === 1 ? 'column' : 'columns';
          throw new UserError(`${file}:${line}: the header has no ${reader.missing.join(', ')} ${plural} (it has: ${fields.map((f) => f.trim()).join(', ')})`);
        }
        read = reader.read;
        header = fields.map((name) => name.trim());
        width = fields.length;
        return;
      }
      rows++;
      noteShortRow(false);
      const source = { file, line };
      if (fields.length < width) {
        shortRow = { source, fields: fields.length };
        return;
      }
      if (fields.length > width) {
        builder.unusableRow(source, `the row has ${fields.length} fields where the header has ${width}`);
        return;
      }
      read(fields, source);
    },
    malformed(line, reason) {
      rows++;
      noteShortRow(false);
      builder.unusableRow({ file, line }, reason);
    },
  }, { maxFieldBytes: settings.maxFieldBytes });
  try {
    const push = (text: string): void => {
      if (text === '') return;
      lastChar = text[text.length - 1]!;
      scanner.push(text);
    };
    if (part?.header !== undefined) {
      push(decoder.decode(part.header));
      if (read === undefined) throw new PartBoundaryError('has no header line before it, or starts');
      scanner.resumeAt(part.line);
    }
    if (typeof input === 'string') {
      push(input);
    } else {
      for await (const chunk of input) push(decoder.decode(chunk));
      push(decoder.end());
    }
    if (part !== undefined && !part.last) {
      const endLine = scanner.endOfPart();
      // The part's last short row is followed by the next part's rows: not a file cut off.
      noteShortRow(false);
      return { rows, endLine };
    }
    scanner.end();
  } catch (error) {
    if (error instanceof UnclosedQuoteError) throw unclosedQuote(file, error);
    if (error instanceof FieldTooLargeError) throw fieldTooLarge(file, error, header);
    throw error;
  }
  noteShortRow(lastChar !== '\n' && lastChar !== '\r');
  if (read === undefined) throw new UserError(`${file}: the file is empty (no header, no rows)`);
  return { rows };
}

/**
 * A field over the size limit, named by the header's column it falls under (or its position, in
 * the header itself or past the header's last column), with the option that raises the limit.
 */
export function fieldTooLarge(file: string, error: FieldTooLargeError, header: readonly string[] | undefined): UserError {
  const column = error.field + 1;
  const name = header?.[error.field];
  const which =
    header === undefined ? `column ${column} of the header`
    : name === undefined ? `field ${column} (the header has ${header.length} columns)`
    : name === '' ? `field ${column} (an unnamed column)`
    : `field ${JSON.stringify(name)} (column ${column})`;
  return new UserError(
    `${file}:${error.line}: ${which} is longer than ${error.maxFieldBytes} bytes, the field-size limit (raise it with --max-field-bytes; an unclosed quote also reads on to the end of the file)`,
  );
}

export function unclosedQuote(file: string, error: UnclosedQuoteError): UserError {
  return new UserError(`${file}:${error.line}: a quoted field starts here and is never closed (unclosed quote)`);
}
