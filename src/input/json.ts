import { UserError } from '../cli/errors.js';
import type { SourceRef } from '../model/index.js';
import type { RowSink } from './caseload-builder.js';
import type { FileKind } from './layout.js';
import { MAX_JSON_FIELD_DEPTH, MAX_NDJSON_LINE_CHARS, nestsDeeperThan } from './limits.js';
import { rowReaderFor, type CaseIdReader, type RowReader } from './rows.js';
import type { RowMapping } from './types.js';

type JsonObject = Record<string, unknown>;

/**
 * JSON objects read as rows: their keys are the header, their values the fields. One reader per
 * distinct key list, so a file of same-shaped objects works out its layout once.
 */
class ObjectRows {
  private readonly readers = new Map<string, { read: RowReader; caseIdOf: CaseIdReader } | string[]>();

  constructor(
    private readonly file: string,
    private readonly builder: RowSink,
    private readonly mapping: RowMapping | undefined,
    private readonly kind: FileKind,
  ) {}

  /** Reads one object; returns the case_id it was read with ('' when it has none, or is unusable). */
  read(object: JsonObject, source: SourceRef, inherited?: { caseId: string }): string {
    const keys = Object.keys(object).filter((k) => k !== 'events');
    // A field nested thousands deep would overflow the stack when written out as text below.
    const tooDeep = keys.find((k) => typeof object[k] === 'object' && nestsDeeperThan(object[k], MAX_JSON_FIELD_DEPTH));
    if (tooDeep !== undefined) {
      const caseId = typeof object.case_id === 'string' ? object.case_id : inherited?.caseId;
      this.builder.unusableRow(source, `field ${JSON.stringify(tooDeep)} nests more than ${MAX_JSON_FIELD_DEPTH} levels of arrays or objects`, caseId);
      return '';
    }
    const values = keys.map((k) => jsonText(object[k]));
    if (inherited !== undefined && !('case_id' in object)) {
      keys.push('case_id');
      values.push(inherited.caseId);
    }
    const signature = keys.join('\u0000');
    let reader = this.readers.get(signature);
    if (reader === undefined) {
      const made = rowReaderFor(keys, this.file, this.builder, this.mapping, this.kind);
      reader = 'missing' in made ? made.missing : { read: made.read, caseIdOf: made.caseIdOf };
      this.readers.set(signature, reader);
    }
    if (Array.isArray(reader)) {
      const what = this.kind === 'events' ? 'event' : 'case';
      this.builder.unusableRow(source, `the ${what} has no ${reader.join(', ')}`, typeof object.case_id === 'string' ? object.case_id : undefined);
      return '';
    }
    reader.read(values, source);
    return reader.caseIdOf(values, source);
  }
}

/** A JSON value as the text a CSV cell would hold. */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A list of vulnerabilities reads like the CSV form, `a;b`.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(';');
  return JSON.stringify(value);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return [line, offset - lineStart + 1];
}

export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const [line, column] = lineAndColumn(text, offset);
    const reason = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${reason}`);
  }
}

/**
 * A JSON export: an array of events, an array of cases each with `events`, or `{"cases": [...]}`.
 * Sources are JSON pointers. Returns the number of objects read (cases and events).
 */
export function readJson(text: string, file: string, mapping: RowMapping | undefined, builder: RowSink): number {
  if (text.trim() === '') throw new UserError(`${file}: the file is empty`);
  const doc = parseJsonDocument(text, file);
  let list: unknown[];
  let base: string;
  if (Array.isArray(doc)) {
    list = doc;
    base = '';
  } else if (isObject(doc) && Array.isArray(doc.cases)) {
    list = doc.cases;
    base = '/cases';
  } else {
    throw new UserError(`${file}: expected an array of events, an array of cases with "events", or {"cases": [...]}`);
  }
  const asCases = base === '/cases' || list.some((item) => isObject(item) && Array.isArray(item.events));
  const events = new ObjectRows(file, builder, mapping, 'events');
  const cases = new ObjectRows(file, builder, mapping, 'cases');
  let rows = 0;
  list.forEach((item, i) => {
    const pointer = `${base}/${i}`;
    rows++;
    if (!isObject(item)) return builder.unusableRow({ file, pointer }, asCases ? 'a case must be an object' : 'an event must be an object');
    if (!asCases) return void events.read(item, { file, pointer });
    // The case_id as the mapping reads it ("Case Ref"): the events of a mapped case object are its.
    const caseId = cases.read(item, { file, pointer }) || jsonText(item.case_id).trim();
    const list = item.events;
    if (list === undefined) return;
    if (!Array.isArray(list)) return builder.unusableRow({ file, pointer: `${pointer}/events` }, '"events" must be an array');
    list.forEach((event, j) => {
      rows++;
      const source = { file, pointer: `${pointer}/events/${j}` };
      if (!isObject(event)) return builder.unusableRow(source, 'an event must be an object', caseId || undefined);
      events.read(event, source, caseId === '' ? undefined : { caseId });
    });
  });
  return rows;
}

/**
 * NDJSON: one object per line, the source its line. The first object says what the file holds:
 * with `type` events, without it (and with `case_id`) case records, as a CSV header would.
 */
export class NdjsonReader {
  private pending = '';
  private line = 0;
  private rows = 0;
  private objects: ObjectRows | undefined;

  constructor(
    private readonly file: string,
    private readonly mapping: RowMapping | undefined,
    private readonly builder: RowSink,
  ) {}

  push(text: string): void {
    // The pending part holds no line end: search only the new text, so a long line costs its
    // length once rather than once per chunk.
    const first = text.indexOf('\n');
    const s = this.pending + text;
    let start = 0;
    for (let nl = first === -1 ? -1 : this.pending.length + first; nl !== -1; nl = s.indexOf('\n', start)) {
      this.lineOf(s.slice(start, nl));
      start = nl + 1;
    }
    this.pending = s.slice(start);
    // One event a line: a line this long is not one, and held whole it would outgrow a string.
    if (this.pending.length > MAX_NDJSON_LINE_CHARS) {
      throw new UserError(`${this.file}:${this.line + 1}: the line is longer than ${MAX_NDJSON_LINE_CHARS / 1048576} M characters and has no end; NDJSON holds one event per line`);
    }
  }

  /** Returns the number of objects read. */
  end(): number {
    if (this.pending !== '') this.lineOf(this.pending);
    this.pending = '';
    if (this.line === 0 || (this.objects === undefined && this.rows === 0)) throw new UserError(`${this.file}: the file is empty`);
    return this.rows;
  }

  private lineOf(text: string): void {
    this.line++;
    if (text.trim() === '') return;
    this.rows++;
    const source = { file: this.file, line: this.line };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const reason = (error as Error).message.replace(/\s*in JSON at position \d+.*$/, '');
      return this.builder.unusableRow(source, `not valid JSON (${reason})`);
    }
    if (!isObject(value)) return this.builder.unusableRow(source, 'a line must hold one JSON object');
    this.objects ??= new ObjectRows(this.file, this.builder, this.mapping, 'type' in value || !('case_id' in value) ? 'events' : 'cases');
    this.objects.read(value, source);
  }
}
