import { readFile } from 'node:fs/promises';
import { UserError } from '../../cli/errors.js';
import { CsvScanner, FieldTooLargeError, UnclosedQuoteError } from '../csv-scanner.js';
import { fieldTooLarge, unclosedQuote } from '../csv.js';
import { decodeAll, firstInvalidUtf8, NotUtf8Error, notUtf8Message, type InputEncoding } from '../decoding.js';
import { detectDelimiter } from '../delimiter.js';
import { formatOf, sniff } from '../index.js';
import { isObject, jsonText, parseJsonDocument } from '../json.js';
import type { SourceRef } from '../../model/index.js';

/** An export's raw header and rows, for `mapping check` and `mapping init` (small files, read whole). */
export interface ExportRows {
  readonly file: string;
  readonly header: string[];
  /** Each row's values by header column, and where it is: a CSV or NDJSON line, a JSON pointer. */
  readonly rows: { values: string[]; source: SourceRef }[];
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
  const format = formatOf(file) ?? sniff(text);
  if (format !== 'csv') return jsonExportRows(file, text, format);
  let header: string[] | undefined;
  const rows: ExportRows['rows'] = [];
  const scanner = new CsvScanner(delimiter ?? detectDelimiter(text), {
    record(fields, line) {
      if (header === undefined) header = fields.map((f) => f.trim());
      else rows.push({ values: [...fields], source: { file, line } });
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

/**
 * A JSON or NDJSON export as rows, as the audit reads its objects: each object's keys are its
 * columns (the header is every key, in the order first met; a key an object lacks is empty), and
 * each event of a case object is a row with the case's fields beside its own. Sources are JSON
 * pointers (JSON) or lines (NDJSON).
 */
function jsonExportRows(file: string, text: string, format: 'json' | 'ndjson'): ExportRows {
  const objects: { object: Record<string, unknown>; source: SourceRef }[] = [];
  if (format === 'ndjson') {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new UserError(`${file}:${i + 1}: not valid JSON (${(error as Error).message.replace(/\s*in JSON at position \d+.*$/, '')})`);
      }
      if (!isObject(value)) throw new UserError(`${file}:${i + 1}: a line must hold one JSON object`);
      objects.push({ object: value, source: { file, line: i + 1 } });
    });
  } else {
    const doc = parseJsonDocument(text, file);
    const [list, base] = Array.isArray(doc) ? [doc, ''] : isObject(doc) && Array.isArray(doc.cases) ? [doc.cases, '/cases'] : [undefined, ''];
    if (list === undefined) throw new UserError(`${file}: expected an array of events, an array of cases with "events", or {"cases": [...]}`);
    list.forEach((item, i) => {
      if (!isObject(item)) throw new UserError(`${file}#${base}/${i}: expected an object`);
      const { events, ...fields } = item;
      if (!Array.isArray(events)) return objects.push({ object: item, source: { file, pointer: `${base}/${i}` } });
      // A case with its events: each event is a row with the case's fields beside its own, as
      // case columns repeated on every event row are (SPEC 1.3), so "Case Ref" is drafted and mapped.
      events.forEach((event, j) => {
        if (isObject(event)) objects.push({ object: { ...fields, ...event }, source: { file, pointer: `${base}/${i}/events/${j}` } });
      });
    });
  }
  if (objects.length === 0) throw new UserError(`${file}: the file is empty (no objects)`);
  const columns = new Map<string, number>();
  const column = (key: string) => {
    if (!columns.has(key)) columns.set(key, columns.size);
  };
  for (const { object } of objects) for (const key of Object.keys(object)) column(key);
  const header = [...columns.keys()];
  const rows = objects.map(({ object, source }) => ({ values: header.map((key) => jsonText(object[key])), source }));
  return { file, header, rows };
}
