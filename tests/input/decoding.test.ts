import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDecoder, completeLength, NotUtf8Error } from '../../src/input/decoding.js';

/**
 * The UTF-8 decoder is Buffer's (one-byte strings for ASCII text: half the memory of
 * TextDecoder's) with the strictness of TextDecoder's fatal mode. TextDecoder is the reference.
 */
function reference(chunks: readonly Uint8Array[]): string | 'not utf-8' {
  const d = new TextDecoder('utf-8', { fatal: true });
  try {
    return chunks.map((c) => d.decode(c, { stream: true })).join('') + d.decode();
  } catch {
    return 'not utf-8';
  }
}

function ours(chunks: readonly Uint8Array[]): string | 'not utf-8' {
  const d = chunkDecoder('utf-8');
  try {
    return chunks.map((c) => d.decode(c)).join('') + d.end();
  } catch (error) {
    if (error instanceof NotUtf8Error) return 'not utf-8';
    throw error;
  }
}

/** Splits bytes at the given cut points (any, including inside a character or a BOM). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of at) {
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const BOM = [0xef, 0xbb, 0xbf];
// Text (any code point, BOMs inside), with now and then a stray byte: a lone continuation, a
// truncated lead, an overlong form, a surrogate, a Windows-1252 £.
const bytesArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => [...Buffer.from(s, 'utf8')]) },
      { weight: 1, arbitrary: fc.constantFrom([0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xa3], [0xf5, 0x80, 0x80, 0x80], BOM) },
    ),
    { maxLength: 12 },
  )
  .chain((parts) => fc.tuple(fc.boolean(), fc.constant(parts.flat())))
  .map(([bom, body]) => Uint8Array.from(bom ? [...BOM, ...body] : body));

describe('the UTF-8 decoder', () => {
  it('decodes exactly as TextDecoder in fatal mode, however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(bytesArb, fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        expect(ours(split(bytes, cuts))).toBe(reference([bytes]));
      }),
      { numRuns: 3000 },
    );
  });

  it('drops a leading BOM, even cut across chunks, and keeps one further in', () => {
    const text = Uint8Array.from([...BOM, 0x61, ...BOM, 0x62]);
    expect(ours([text])).toBe('a\ufeffb');
    expect(ours([text.subarray(0, 1), text.subarray(1, 2), text.subarray(2)])).toBe('a\ufeffb');
    // The start of a BOM and nothing else is a cut-off character.
    expect(ours([Uint8Array.from([0xef, 0xbb])])).toBe('not utf-8');
    expect(ours([])).toBe('');
  });

  it('refuses a character cut off by the end of the file', () => {
    expect(ours([Buffer.from('£'), Uint8Array.from([0xe2, 0x82])])).toBe('not utf-8');
  });

  it('keeps nothing of a chunk whose buffer the reader reuses', () => {
    const d = chunkDecoder('utf-8');
    const buffer = Buffer.from([0x61, 0xe2, 0x82]); // "a" and the start of "€"
    const first = d.decode(buffer);
    buffer.fill(0x7a); // the reader reads the next chunk into the same buffer
    expect(first + d.decode(Uint8Array.from([0xac])) + d.end()).toBe('a€');
  });
});

describe('completeLength', () => {
  it('cuts before an unfinished character and nowhere else', () => {
    const euro = [...Buffer.from('€')];
    expect(completeLength(Uint8Array.from([0x61, ...euro]))).toBe(4);
    expect(completeLength(Uint8Array.from([0x61, ...euro.slice(0, 2)]))).toBe(1);
    expect(completeLength(Uint8Array.from([0x61, euro[0]!]))).toBe(1);
    expect(completeLength(Uint8Array.from([0xf0, 0x9f, 0x98]))).toBe(0);
    expect(completeLength(Uint8Array.from([0xf0, 0x9f, 0x98, 0x80]))).toBe(4);
    // Malformed bytes are left in, for the validation to refuse.
    expect(completeLength(Uint8Array.from([0x61, 0x80]))).toBe(2);
    expect(completeLength(Uint8Array.from([0xc0]))).toBe(1);
    expect(completeLength(new Uint8Array(0))).toBe(0);
  });
});

describe('the Windows-1252 decoder', () => {
  it('maps 0x80-0x9F to the characters Windows puts there', () => {
    const d = chunkDecoder('windows-1252');
    expect(d.decode(Uint8Array.from([0x80, 0x93, 0x94, 0xa3, 0x41, 0x81]))).toBe('€“”£A\u0081');
    expect(d.end()).toBe('');
  });
});
