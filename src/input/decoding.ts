/** Turning an export's bytes into text: UTF-8 (BOM stripped) or Windows-1252 (older Excel exports). */
import { isUtf8 } from 'node:buffer';

export type InputEncoding = 'utf-8' | 'windows-1252';

export const ENCODINGS: readonly InputEncoding[] = ['utf-8', 'windows-1252'];

/** Reads `--encoding` leniently (`utf8`, `UTF-8`, `cp1252`), or undefined when it is not one we know. */
export function parseEncoding(value: string): InputEncoding | undefined {
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (v === 'utf-8' || v === 'utf8') return 'utf-8';
  if (v === 'windows-1252' || v === 'cp1252' || v === 'win-1252' || v === 'windows1252') return 'windows-1252';
  return undefined;
}

/**
 * The characters Windows-1252 puts at 0x80-0x9F (curly quotes, dashes, the euro sign). Node's
 * TextDecoder('windows-1252') decodes as Latin-1 and turns these into C1 control characters, so
 * they are mapped here; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined and stay as they are.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const C1 = /[\u0080-\u009f]/g;

/** A streaming decoder: feed byte chunks in order; multi-byte characters may span chunks. */
export interface ChunkDecoder {
  decode(chunk: Uint8Array): string;
  end(): string;
}

export function chunkDecoder(encoding: InputEncoding): ChunkDecoder {
  if (encoding === 'windows-1252') {
    // One byte is one character, so chunks never split a character.
    return {
      decode: (chunk) => bufferOf(chunk).toString('latin1').replace(C1, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!)),
      end: () => '',
    };
  }
  return new Utf8Decoder();
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * UTF-8, strictly: bytes that are not UTF-8 stop the read (NotUtf8Error) instead of filling the
 * caseload with U+FFFD, which is how a Windows-1252 export read as UTF-8 is caught. A leading
 * byte-order mark is dropped. Node's TextDecoder would do all this, but it always makes two-byte
 * strings, twice the memory of the one-byte strings Buffer decoding makes of ASCII text: for a
 * large export, hundreds of megabytes of notes.
 */
class Utf8Decoder implements ChunkDecoder {
  /** Bytes not yet decoded: an unfinished character, or at the start what may be a BOM. */
  private pending: Buffer | undefined;
  private started = false;

  decode(chunk: Uint8Array): string {
    let bytes = this.pending === undefined ? bufferOf(chunk) : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    if (!this.started) {
      if (bytes.length < BOM.length && bytes.every((b, i) => b === BOM[i])) {
        // Too short to tell whether it is a BOM; copied, as the caller may reuse its buffer.
        this.pending = Buffer.from(bytes);
        return '';
      }
      this.started = true;
      if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) bytes = bytes.subarray(BOM.length);
    }
    const whole = completeLength(bytes);
    if (whole < bytes.length) this.pending = Buffer.from(bytes.subarray(whole));
    const text = bytes.subarray(0, whole);
    if (!isUtf8(text)) throw new NotUtf8Error();
    return text.toString('utf8');
  }

  end(): string {
    // A character cut off by the end of the file (or the start of a BOM and nothing else).
    if (this.pending !== undefined && this.pending.length > 0) throw new NotUtf8Error();
    return '';
  }
}

function bufferOf(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * How many of the bytes end on a character boundary: all of them, unless the last character's
 * lead byte wants more continuation bytes than follow it. Anything malformed is left in, for the
 * validation to refuse.
 */
export function completeLength(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuations = 0;
  while (i >= 0 && continuations < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    continuations++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i]!;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 1;
  return i + length > bytes.length ? i : bytes.length;
}

/**
 * Thrown by the UTF-8 decoder on bytes that are not UTF-8. It knows no position: the reader that
 * still has the bytes (or can read them again) finds it with `firstInvalidUtf8`, so the common
 * case, a valid file, pays nothing for the message.
 */
export class NotUtf8Error extends Error {
  constructor() {
    super('not valid UTF-8');
    this.name = 'NotUtf8Error';
  }
}

/** Where the first byte that is not UTF-8 is: its 1-based line and the byte itself. */
export interface InvalidUtf8 {
  readonly line: number;
  readonly byte: number;
}

/**
 * Scans bytes chunk by chunk for the first one that breaks UTF-8 (a stray continuation byte, a
 * lead byte without its continuations, an overlong form, a surrogate or a code point past
 * U+10FFFF), counting line feeds before it. Undefined when every byte is well-formed UTF-8.
 */
export async function firstInvalidUtf8(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<InvalidUtf8 | undefined> {
  let line = 1;
  let needed = 0; // continuation bytes still owed by the current character
  let lead = 0; // the byte that started it, reported when it is cut short
  let low = 0x80; // the range its next continuation byte must fall in (tighter after E0, ED, F0, F4)
  let high = 0xbf;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (needed > 0) {
        if (b < low || b > high) return { line, byte: lead };
        needed--;
        low = 0x80;
        high = 0xbf;
        continue;
      }
      if (b < 0x80) {
        if (b === 0x0a) line++;
        continue;
      }
      lead = b;
      if (b >= 0xc2 && b <= 0xdf) needed = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        needed = 2;
        if (b === 0xe0) low = 0xa0;
        if (b === 0xed) high = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        needed = 3;
        if (b === 0xf0) low = 0x90;
        if (b === 0xf4) high = 0x8f;
      } else return { line, byte: b };
    }
  }
  return needed > 0 ? { line, byte: lead } : undefined;
}

/** The one line a user sees for a file that is not UTF-8, e.g. a Windows-1252 export with a £ in it. */
export function notUtf8Message(file: string, where: InvalidUtf8 | undefined): string {
  const at = where === undefined ? file : `${file}:${where.line}`;
  const byte = where === undefined ? '' : ` (byte 0x${where.byte.toString(16).toUpperCase().padStart(2, '0')})`;
  return `${at}: not valid UTF-8${byte}; if the export comes from an older report writer, try --encoding windows-1252`;
}

/** Decodes a whole buffer (JSON files, standard input). */
export function decodeAll(bytes: Uint8Array, encoding: InputEncoding): string {
  const d = chunkDecoder(encoding);
  return d.decode(bytes) + d.end();
}
