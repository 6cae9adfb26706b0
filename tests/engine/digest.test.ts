import fc from 'fast-check';
import * as crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexWith } from '../../src/engine/digest.js';

const byObject = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('sha256Hex: fingerprints and pseudonyms hashed the same way on every Node 20', () => {
  const oneShot = (crypto as { hash?: Parameters<typeof sha256HexWith>[0] }).hash;
  const fallback = sha256HexWith(undefined);

  it('the known digest of "abc", both ways', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(fallback('abc')).toBe(abc);
  });

  it('this Node has the one-shot hash, so the fast way is the one in use', () => {
    expect(typeof oneShot).toBe('function');
  });

  it('the one-shot and the fallback give the digest of a Hash object for any text (non-ASCII, lone surrogates, separators)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.array(fc.string(), { maxLength: 5 }).map((a) => a.join('\u0000'))), (text) => {
        const expected = byObject(text);
        expect(sha256Hex(text)).toBe(expected);
        expect(fallback(text)).toBe(expected);
        if (oneShot) expect(sha256HexWith(oneShot)(text)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
