import { createHash, type Hash } from 'node:crypto';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { UserError } from '../cli/errors.js';
import { CaseloadBuilder, ShardRouter, WHOLE, type BuilderPortion, type RowKeys, type ShardRead } from './caseload-builder.js';
import { CHUNK_BYTES, type ReadPlan } from './read-plan.js';
import { settleReadNotes } from './read-notes.js';
import type { DataQualityNote } from '../model/index.js';
import { readCsv, readCsvPart, type CsvReadSettings } from './csv.js';
import { chunkDecoder, decodeAll, firstInvalidUtf8, NotUtf8Error, notUtf8Message, type InputEncoding } from './decoding.js';
import { detectDelimiter } from './delimiter.js';
import { NdjsonReader, readJson } from './json.js';
import { binaryOffset, MAX_WHOLE_FILE_BYTES, notTextError, tooBigToReadWhole } from './limits.js';
import type { Caseload, InputSummary, ReadOptions, ReadProgress, Shard } from './types.js';

export type { Caseload, InputSummary, ReadOptions, ReadProgress, RowMapping, MappedHeader, Shard } from './types.js';
export { describeSource, shardOf, type BuilderPortion, type ShardRead } from './caseload-builder.js';
export { planRead, type ReadPlan } from './read-plan.js';
export type { ReadNotesState } from './read-notes.js';
export { parseEncoding, type InputEncoding } from './decoding.js';

/** How standard input is named in sources and messages. */
export const STDIN_NAME = '<stdin>';

type Format = 'csv' | 'json' | 'ndjson';


/**
 * Reads every input, in command-line order, into one caseload merged by case_id. Readers never
 * print: problems with a row become data-quality notes (or, with `strict`, a UserError); problems
 * with a whole file (missing, unreadable, empty, unclosed quote, bad header, invalid JSON) are a
 * UserError naming the file and, where there is one, the line.
 */
export async function readInputs(paths: readonly string[], options: ReadOptions = {}): Promise<Caseload> {
  const read = await readShard(paths, options, WHOLE);
  return { cases: read.cases, inputs: read.inputs, notes: settleNotes([read]), duplicatesRemoved: read.duplicatesRemoved };
}

/**
 * readInputs for one shard of the cases: every row is read, the shard's own cases are kept. The
 * shards of one read give, together, what the whole read gives (settleNotes joins their notes).
 */
export async function readShard(paths: readonly string[], options: ReadOptions, shard: Shard): Promise<ShardRead> {
  if (paths.length === 0) throw new UserError('no input files given');
  const builder = new CaseloadBuilder(options.strict === true, shard);
  const inputs: InputSummary[] = [];
  for (const path of paths) {
    const input = await readInput(path, options, builder).catch((error: unknown) => explainNotUtf8(error, path));
    // A header and nothing else is a valid export of a quiet period, but worth a word.
    if (input.rows === 0) builder.note({ kind: 'empty-input', message: `${input.file} has no data rows`, source: { file: input.file } });
    inputs.push(input);
  }
  return builder.finish(inputs);
}

/**
 * One thread's part of a read split by byte range (see ReadPlan): this thread's own shard, read
 * so far (the other threads' parts of it still to come, see finishPart), and what it read for
 * every other shard, to be handed to that shard's thread.
 */
export interface PartRead {
  readonly own: CaseloadBuilder;
  /** By shard (this thread's own: undefined). */
  readonly portions: Array<{ portion: BuilderPortion; transfer: ArrayBuffer[] } | undefined>;
  /** Per input: the rows this thread read of it (a split file's part, or the whole file). */
  readonly inputs: InputSummary[];
  /** Per input: the line this thread's part of a split file ends on (its last part: undefined). */
  readonly endLines: Array<number | undefined>;
  /** Values outside their vocabulary, as first written, as the parts' builders met them. */
  readonly unknownValues: string[][];
}

/**
 * Reads this thread's part of a read split by byte range: its part of each split file (every
 * row, for every shard) and the whole of every other input (its own shard's rows only, as
 * readShard does). Split files' checksums are not taken here (the main thread takes them).
 */
export async function readPart(plan: ReadPlan, options: ReadOptions, shard: Shard): Promise<PartRead> {
  const keys: RowKeys = { next: 0 };
  const builders = Array.from({ length: shard.count }, (_, index) => new CaseloadBuilder(false, { index, count: shard.count }, keys));
  const own = builders[shard.index]!;
  const router = new ShardRouter(builders);
  const inputs: InputSummary[] = [];
  const endLines: Array<number | undefined> = [];
  for (const file of plan.files) {
    const split = file.split;
    if (split === undefined) {
      keys.next = file.firstKey;
      // Every thread reads the file whole: one reports its progress.
      const input = await readInput(file.path, shard.index === 0 ? options : { ...options, onProgress: undefined }, own);
      if (input.rows === 0) own.note({ kind: 'empty-input', message: `${input.file} has no data rows`, source: { file: input.file } });
      inputs.push(input);
      endLines.push(undefined);
      continue;
    }
    const part = shard.index;
    const start = split.offsets[part]!;
    keys.next = file.firstKey + start;
    const last = part === plan.parts - 1;
    const first = await readBytes(file.path, 0, CHUNK_BYTES);
    const settings = csvSettingsOf(file.path, first, options);
    // The plan puts every split file's header within its first chunk.
    const header = part === 0 ? undefined : first.subarray(0, split.headerEnd);
    const onProgress = options.onProgress && ((p: ReadProgress) => options.onProgress!({ ...p, bytes: p.bytes - start }));
    const chunks = fileChunks(file.path, onProgress, { start, end: split.offsets[part + 1]! });
    const { rows, endLine } = await readCsvPart(chunks, file.path, settings, router, { header, line: split.lines[part]!, last });
    inputs.push({ file: file.path, sha256: '', rows });
    endLines.push(endLine);
  }
  const portions = builders.map((builder, index) => (index === shard.index ? undefined : builder.portion()));
  return { own, portions, inputs, endLines, unknownValues: builders.map((b) => b.unknownValues()) };
}

/**
 * How a CSV file is read, as readInput decides it: the delimiter given, a .tsv file's tab, or
 * the one its first chunk shows. The first chunk is also checked for bytes no text file holds.
 */
function csvSettingsOf(path: string, first: Uint8Array, options: ReadOptions): CsvReadSettings {
  const { encoding, given, settings } = readSettings(options);
  refuseBinary(first, path);
  if (given !== undefined) return settings;
  if (extname(path).toLowerCase() === '.tsv') return { ...settings, delimiter: '\t' };
  return { ...settings, delimiter: detectDelimiter(chunkDecoder(encoding).decode(first)) };
}

/** Up to `length` bytes of a file from `position`. */
async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await openFile(path);
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw fileError(error, path);
  } finally {
    await handle.close();
  }
}

/** The read's notes, from the reads of all its shards (of the same inputs). */
export function settleNotes(shards: ReadonlyArray<Pick<ShardRead, 'notes' | 'inputs'> & { readonly cases: { readonly size: number } }>): DataQualityNote[] {
  const notes = settleReadNotes(shards.map((s) => s.notes));
  // Rows read and not one case made of them (a mapping that maps every value to nothing, every
  // row unusable): a report of no findings would look like a clean caseload.
  const inputs = shards[0]!.inputs;
  const rows = inputs.reduce((n, i) => n + i.rows, 0);
  const cases = shards.reduce((n, s) => n + s.cases.size, 0);
  if (cases === 0 && rows > 0) {
    const files = inputs.length === 1 ? inputs[0]!.file : `${inputs.length} files`;
    notes.push({
      kind: 'empty-input',
      message: `no event or case was read from the ${rows} row(s) of ${files}: every row was skipped (by the mapping, or as unusable); nothing was audited`,
    });
  }
  return notes;
}

/** How the options read a file: its encoding, the delimiter given (if any), and the CSV settings. */
function readSettings(options: ReadOptions): { encoding: InputEncoding; given: string | undefined; settings: CsvReadSettings } {
  const encoding = options.encoding ?? 'utf-8';
  const given = options.delimiter === undefined || options.delimiter === '' ? undefined : delimiterOf(options.delimiter);
  return { encoding, given, settings: { encoding, delimiter: given ?? ',', mapping: options.mapping, maxFieldBytes: options.maxFieldBytes } };
}

async function readInput(path: string, options: ReadOptions, builder: CaseloadBuilder): Promise<InputSummary> {
  const { encoding, given, settings } = readSettings(options);
  if (path === '-') {
    if (options.stdin === undefined) throw new UserError('"-" reads standard input, but there is none');
    const bytes = await readAll(options.stdin, STDIN_NAME);
    if (bytes.length > MAX_WHOLE_FILE_BYTES) throw tooBigToReadWhole(STDIN_NAME, bytes.length);
    refuseBinary(bytes, STDIN_NAME);
    const text = await decodeWhole(bytes, encoding, STDIN_NAME);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const detected = given === undefined ? { ...settings, delimiter: detectDelimiter(text) } : settings;
    return { file: STDIN_NAME, sha256, rows: await readText(text, sniff(text), STDIN_NAME, detected, builder) };
  }
  const format = formatOf(path);
  const hash = createHash('sha256');
  if (format === 'csv') {
    // A .tsv file is tab-separated, and any other's delimiter is read off its header, unless --delimiter says.
    const chunks = textOnly(hashing(fileChunks(path, options.onProgress), hash), path);
    const tsv = given === undefined && extname(path).toLowerCase() === '.tsv';
    if (given !== undefined || tsv) {
      const rows = await readCsv(chunks, path, tsv ? { ...settings, delimiter: '\t' } : settings, builder);
      return { file: path, sha256: hash.digest('hex'), rows };
    }
    const { delimiter, rest } = await delimiterOfFirstChunk(chunks, encoding);
    const rows = await readCsv(rest, path, { ...settings, delimiter }, builder);
    return { file: path, sha256: hash.digest('hex'), rows };
  }
  if (format === 'ndjson') {
    const reader = new NdjsonReader(path, options.mapping, builder);
    const decoder = chunkDecoder(encoding);
    for await (const chunk of textOnly(hashing(fileChunks(path, options.onProgress), hash), path)) reader.push(decoder.decode(chunk));
    reader.push(decoder.end());
    return { file: path, sha256: hash.digest('hex'), rows: reader.end() };
  }
  const bytes = await readWholeFile(path);
  refuseBinary(bytes, path);
  const text = await decodeWhole(bytes, encoding, path);
  const sha256 = hash.update(bytes).digest('hex');
  return { file: path, sha256, rows: await readText(text, format ?? sniff(text), path, settings, builder) };
}

async function readText(text: string, format: Format, file: string, settings: CsvReadSettings, builder: CaseloadBuilder): Promise<number> {
  if (format === 'json') return readJson(text, file, settings.mapping, builder);
  if (format === 'ndjson') {
    const reader = new NdjsonReader(file, settings.mapping, builder);
    reader.push(text);
    return reader.end();
  }
  return readCsv(text, file, settings, builder);
}

/** The format a file's extension names; undefined when it names none (the content decides). */
export function formatOf(path: string): Format | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

/**
 * The format of text with no extension to go by (standard input): `[` is JSON; `{` is JSON when
 * the whole text is one document holding `cases`, otherwise NDJSON; anything else is CSV.
 */
export function sniff(text: string): Format {
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) {
    try {
      const doc = JSON.parse(start) as unknown;
      if (typeof doc === 'object' && doc !== null && 'cases' in doc) return 'json';
    } catch {
      // Several objects, one a line: NDJSON.
    }
    return 'ndjson';
  }
  return 'csv';
}

/**
 * Detects the delimiter from the first chunk (a header is far shorter than a chunk) and hands
 * back every chunk, the first included. The first chunk is decoded for the detection before the
 * next is read, since the reader reuses its buffer.
 */
async function delimiterOfFirstChunk(chunks: AsyncIterable<Uint8Array>, encoding: InputEncoding): Promise<{ delimiter: string; rest: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { delimiter: ',', rest: (async function* () {})() };
  let delimiter: string;
  try {
    // Decoded as a stream, not whole: the chunk may end inside a character.
    delimiter = detectDelimiter(chunkDecoder(encoding).decode(first.value));
  } catch (error) {
    // A first chunk that is not UTF-8 stops the read here: the file is closed now, not when the
    // collector finds its handle (which Node warns about, on stderr).
    await iterator.return?.();
    throw error;
  }
  const rest = (async function* () {
    try {
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // A read that stops early (bytes further on that are not UTF-8) closes the file now too.
      await iterator.return?.();
    }
  })();
  return { delimiter, rest };
}

/**
 * A file that is not UTF-8 (read as UTF-8) stops the read with one line naming where: the bytes
 * are read again to find it, which only a failing read pays for.
 */
async function explainNotUtf8(error: unknown, path: string): Promise<never> {
  if (!(error instanceof NotUtf8Error) || path === '-') throw error;
  throw new UserError(notUtf8Message(path, await firstInvalidUtf8(fileChunks(path))));
}

async function decodeWhole(bytes: Uint8Array, encoding: InputEncoding, name: string): Promise<string> {
  try {
    return decodeAll(bytes, encoding);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    throw new UserError(notUtf8Message(name, await firstInvalidUtf8([bytes])));
  }
}

function delimiterOf(value: string): string {
  if (value === '\\t' || value.toLowerCase() === 'tab') return '\t';
  if (value.length !== 1 || value === '"' || value === '\n' || value === '\r') {
    throw new UserError(`--delimiter must be one character other than a quote or a line end (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * A file's bytes in chunks, read into one reused buffer: each chunk is valid until the next is
 * asked for (every consumer here decodes or hashes it at once). A fresh buffer per chunk costs
 * more than the parsing of it.
 */
async function* fileChunks(path: string, onProgress?: ReadOptions['onProgress'], range?: { start: number; end: number }): AsyncIterable<Uint8Array> {
  const handle = await openFile(path);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const totalBytes = onProgress ? await fileSize(handle) : undefined;
    let bytes = range?.start ?? 0;
    for (;;) {
      let bytesRead: number;
      const length = range === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, range.end - bytes);
      if (length === 0) return;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, length, range === undefined ? null : bytes));
      } catch (error) {
        throw fileError(error, path);
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
      bytes += bytesRead;
      onProgress?.({ file: path, bytes, totalBytes });
    }
  } finally {
    await handle.close();
  }
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw fileError(error, path);
  }
}

async function fileSize(handle: FileHandle): Promise<number | undefined> {
  try {
    const stats = await handle.stat();
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

async function readWholeFile(path: string): Promise<Buffer> {
  try {
    // A JSON document is one string: past V8's string limit it would fail with a misleading
    // "not valid utf-8" (or, past 2 GB, not be read at all).
    const size = (await stat(path)).size;
    if (size > MAX_WHOLE_FILE_BYTES) throw tooBigToReadWhole(path, size);
    return await readFile(path);
  } catch (error) {
    throw fileError(error, path);
  }
}

function refuseBinary(bytes: Uint8Array, file: string): void {
  const offset = binaryOffset(bytes);
  if (offset !== -1) throw notTextError(file, offset);
}

/** The chunks of a file that must be text: the first is looked at for bytes no text export holds. */
async function* textOnly(chunks: AsyncIterable<Uint8Array>, file: string): AsyncIterable<Uint8Array> {
  let first = true;
  for await (const chunk of chunks) {
    if (first) refuseBinary(chunk, file);
    first = false;
    yield chunk;
  }
}

async function* hashing(chunks: AsyncIterable<Uint8Array>, hash: Hash): AsyncIterable<Uint8Array> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

async function readAll(stream: AsyncIterable<unknown>, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (error) {
    throw error instanceof UserError ? error : fileError(error, name);
  }
  return Buffer.concat(parts);
}

function fileError(error: unknown, path: string): Error {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new UserError(`${path}: no such file`);
    case 'EACCES':
    case 'EPERM':
      return new UserError(`${path}: cannot read the file (permission denied)`);
    case 'EISDIR':
      return new UserError(`${path}: is a directory, not a file`);
    default:
      return new UserError(`${path}: cannot read the file (${code ?? (error as Error)?.message ?? String(error)})`);
  }
}
