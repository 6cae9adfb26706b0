import { readFile } from 'node:fs/promises';
import { UserError } from '../../cli/errors.js';
import { CsvScanner, FieldTooLargeError, UnclosedQuoteError } from '../csv-scanner.js';
import { fieldTooLarge, unclosedQuote } from '../csv.js';
import { decodeAll, firstInvalidUtf8, NotUtf8Error, notUtf8Message, type InputEncoding } from '../decoding.js';
import { detectDelimiter } from '../delimiter.js';

/** An export's raw header and rows, for `mapping check` and `mapping init` (small files, read whole). */
export interface ExportRows {
  readonly file: string;
  readonly header: string[];
  readonly rows: { values: string[]; line: number }[];
}

export async function readExportRows(file: string, encoding: InputEncoding = 'utf-8', delimiter?: string, maxFieldBytes?: number): Promise<ExportRows> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UserError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let text: string;
  try {
    text = decodeAll(bytes, encoding);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    throw new UserError(notUtf8Message(file, await firstInvalidUtf8([bytes])));
  }
  let header: string[] | undefined;
  const rows: ExportRows['rows'] = [];
  const scanner = new CsvScanner(delimiter ?? detectDelimiter(text), {
    record(fields, line) {
      if (header === undefined) header = fields.map((f) => f.trim());
      else rows.push({ values: [...fields], line });
    },
    malformed() {},
  }, { maxFieldBytes });
  try {
    scanner.push(text);
    scanner.end();
  } catch (error) {
    if (error instanceof FieldTooLargeError) throw fieldTooLarge(file, error, header);
    if (error instanceof UnclosedQuoteError) throw unclosedQuote(file, error);
    throw error;
  }
  if (header === undefined) throw new UserError(`${file}: the file is empty (no header, no rows)`);
  return { file, header, rows };
}
