import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string, outputEncoding: 'hex') => string;

/**
 * The SHA-256 of a text's UTF-8, in hex, as `createHash('sha256').update(text).digest('hex')`
 * gives it. Node's one-shot `crypto.hash` (Node 20.12 and 21.7 on) gives the same digest for
 * about a third of the time: no Hash object per call, and a fingerprint is hashed for every
 * finding of a large audit. Older Nodes (the package allows any 20) take the object's way.
 */
export function sha256HexWith(oneShot: OneShot | undefined): (text: string) => string {
  if (oneShot !== undefined) return (text) => oneShot('sha256', text, 'hex');
  return (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export const sha256Hex = sha256HexWith((crypto as { hash?: OneShot }).hash);
