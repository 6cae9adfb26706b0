import { open } from 'node:fs/promises';
import { extname } from 'node:path';

/**
 * How a read is split between threads by byte range: each thread reads one part of each large
 * CSV file (and the whole of every other input), so that no thread tokenizes what another does.
 *
 * A part starts at a line end outside quotes, found by counting quotes from the start of the
 * file: an even count means the line end closes a record in any well-formed CSV. A file whose
 * quotes do not pair up (text after a closing quote, a stray quote) may still put a split inside
 * a record; the thread reading across it finds out (PartBoundaryError, or a part ending on
 * another line than the next one starts on), and the audit reads every file whole instead.
 */
export interface ReadPlan {
  /** How many parts each split file has: one per thread. */
  readonly parts: number;
  /** One per input, in command-line order. */
  readonly files: readonly FilePlan[];
}

export interface FilePlan {
  readonly path: string;
  /**
   * The key of the file's first row. Rows are keyed by reading order (see RowKeys); a part's rows
   * are keyed from the file's key plus the part's byte offset, and a file has fewer rows than
   * bytes, so every key of a file is below the next file's and the keys of the parts of a file
   * follow each other, whoever reads them.
   */
  readonly firstKey: number;
  readonly split?: FileSplit;
}

export interface FileSplit {
  /** Where the header line ends (the byte after its line end): within the file's first chunk (CHUNK_BYTES). */
  readonly headerEnd: number;
  /** Where each part starts, and the file's size after the last: parts + 1 offsets. */
  readonly offsets: readonly number[];
  /** The physical line each part starts on. */
  readonly lines: readonly number[];
}

/**
 * Files smaller than this are read whole by every thread: splitting them saves less than finding
 * the split costs.
 */
export const SPLIT_MIN_BYTES = 8 << 20;

const QUOTE = 0x22;
const LF = 0x0a;
/**
 * The chunks files are read in (larger than the stream default of 64 KiB: fewer, bigger chunks
 * parse faster). A split file's header must end in its first.
 */
export const CHUNK_BYTES = 1 << 20;

/**
 * Plans a read of `paths` shared by `parts` threads. Only CSV files (by extension) of `minBytes`
 * or more are split; the rest are read whole.
 */
export async function planRead(paths: readonly string[], sizes: readonly number[], parts: number, minBytes = SPLIT_MIN_BYTES): Promise<ReadPlan> {
  const files: FilePlan[] = [];
  let firstKey = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const size = sizes[i]!;
    const split = parts > 1 && size >= minBytes && isCsvPath(path) ? await findSplit(path, size, parts) : undefined;
    files.push(split === undefined ? { path, firstKey } : { path, firstKey, split });
    firstKey += size + 1;
  }
  return { parts, files };
}

function isCsvPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' || ext === '.tsv' || ext === '.txt';
}

/**
 * Where a file's parts start: at the first line end outside quotes at or after each equal share
 * of its bytes. Undefined when there is no such place (a file of one long record).
 */
async function findSplit(path: string, size: number, parts: number): Promise<FileSplit | undefined> {
  const targets = Array.from({ length: parts - 1 }, (_, k) => Math.floor(((k + 1) * size) / parts));
  const offsets = [0];
  const lines = [1];
  let headerEnd = -1;
  let quotes = 0;
  let lineEnds = 0;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = 0;
    while (offsets.length < parts && position < size) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      // Where, in this chunk, line ends start to matter: the header's, then the next target's.
      let from = 0;
      while (from < bytesRead && offsets.length < parts) {
        const target = headerEnd === -1 ? 0 : Math.max(targets[offsets.length - 1]!, offsets.at(-1)!);
        const watchFrom = Math.max(from, target - position);
        if (watchFrom >= bytesRead) {
          quotes += count(chunk, QUOTE, from, bytesRead);
          lineEnds += count(chunk, LF, from, bytesRead);
          from = bytesRead;
          break;
        }
        quotes += count(chunk, QUOTE, from, watchFrom);
        lineEnds += count(chunk, LF, from, watchFrom);
        // Line end by line end from here, until one is outside quotes.
        let at = watchFrom;
        let found = -1;
        while (at < bytesRead) {
          const lf = chunk.indexOf(LF, at);
          const end = lf === -1 ? bytesRead : lf;
          quotes += count(chunk, QUOTE, at, end);
          if (lf === -1) {
            at = bytesRead;
            break;
          }
          lineEnds++;
          at = lf + 1;
          if (quotes % 2 === 0) {
            found = lf;
            break;
          }
        }
        from = at;
        if (found === -1) break;
        const next = position + found + 1;
        if (headerEnd === -1) {
          // A header past the first chunk (the threads take it from there), or a case file's:
          // nothing to split, and no reason to count the rest.
          if (position !== 0 || !namesType(chunk.subarray(0, next).toString('utf8'))) return undefined;
          headerEnd = next;
        } else if (next < size) {
          offsets.push(next);
          lines.push(lineEnds + 1);
        } else break;
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (headerEnd === -1 || offsets.length < parts) return undefined;
  return { headerEnd, offsets: [...offsets, size], lines };
}

/**
 * Whether a header names a `type` column, as an events file's does (see layoutFromHeader): a case
 * file is read whole by every thread, since its rows' values would cross between threads one by
 * one (events cross as the store's bytes). A guess, splitting on any usual delimiter: a wrong one
 * costs time, never the report.
 */
function namesType(header: string): boolean {
  return header.split(/[,\t;|]/).some((name) => name.trim().replace(/^"(.*)"$/, '$1').trim() === 'type');
}

/** How many times `byte` occurs in bytes[from, to). */
function count(bytes: Buffer, byte: number, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte, from); i !== -1 && i < to; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
}
