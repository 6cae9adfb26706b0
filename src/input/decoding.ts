/** Turning an export's bytes into text: UTF-8 (BOM stripped) or Windows-1252 (older Excel exports). */

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
    const latin1 = new TextDecoder('latin1');
    return {
      decode: (chunk) => latin1.decode(chunk).replace(C1, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!)),
      end: () => '',
    };
  }
  // ignoreBOM false (the default): TextDecoder drops a leading UTF-8 byte-order mark itself.
  const utf8 = new TextDecoder('utf-8');
  return {
    decode: (chunk) => utf8.decode(chunk, { stream: true }),
    end: () => utf8.decode(),
  };
}

/** Decodes a whole buffer (JSON files, standard input). */
export function decodeAll(bytes: Uint8Array, encoding: InputEncoding): string {
  const d = chunkDecoder(encoding);
  return d.decode(bytes) + d.end();
}
