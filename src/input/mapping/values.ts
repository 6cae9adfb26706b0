import { exponentialBacktracking, rewriteHint } from '../limits.js';
/**
 * A column's value map: export values (exact, ignoring case and surrounding spaces) and
 * `/patterns/i` onto canonical values. Compiled once per mapping; each distinct export value is
 * looked up once per file and remembered.
 */

/** What one export value becomes: its own column's value, other fields it sets, or a dropped row. */
export type ValueResult =
  | { readonly kind: 'value'; readonly own: string | undefined; readonly fields: readonly (readonly [string, string])[] }
  | { readonly kind: 'drop' }
  | { readonly kind: 'unmapped' };

export type ValueTarget = string | Readonly<Record<string, string>> | null;

export interface ValueMap {
  lookup(raw: string): ValueResult;
}

const UNMAPPED: ValueResult = { kind: 'unmapped' };
const DROP: ValueResult = { kind: 'drop' };
/** Enough for every vocabulary an export has; a map over free text stops remembering here. */
const MAX_REMEMBERED = 10_000;

/** `/^tel(ephone)? call/i` -> its pattern; undefined for an ordinary value. Throws on a bad pattern. */
export function patternOf(key: string): RegExp | undefined {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(key.trim());
  if (m === null) return undefined;
  const flags = m[2]!;
  if (/[^imsu]/.test(flags)) throw new SyntaxError(`flags may be i, m, s and u (found ${JSON.stringify(flags)})`);
  // Export values are typed by people: (a+)+ on a long run of one letter would hang the read.
  const slow = exponentialBacktracking(m[1]!);
  if (slow !== undefined) throw new SyntaxError(`it ${slow}, which can take hours on one value; rewrite it ${rewriteHint(slow)}`);
  return new RegExp(m[1]!, flags);
}

export function resultOf(own: string, target: ValueTarget): ValueResult {
  if (target === null) return DROP;
  if (typeof target === 'string') return { kind: 'value', own: target, fields: [] };
  const fields = Object.entries(target).filter(([field]) => field !== own);
  return { kind: 'value', own: target[own], fields };
}

/** A value map for the column `field` (its canonical name), from the mapping's entries. */
export function valueMap(field: string, entries: Readonly<Record<string, ValueTarget>>): ValueMap {
  const exact = new Map<string, ValueResult>();
  const patterns: [RegExp, ValueResult][] = [];
  for (const [key, target] of Object.entries(entries)) {
    const pattern = patternOf(key);
    if (pattern) patterns.push([pattern, resultOf(field, target)]);
    else exact.set(key.trim().toLowerCase(), resultOf(field, target));
  }
  const seen = new Map<string, ValueResult>();
  return {
    lookup(raw) {
      const text = raw.trim();
      const known = seen.get(text);
      if (known !== undefined) return known;
      let result = exact.get(text.toLowerCase());
      if (result === undefined) result = patterns.find(([pattern]) => pattern.test(text))?.[1] ?? UNMAPPED;
      if (seen.size < MAX_REMEMBERED) seen.set(text, result);
      return result;
    },
  };
}
