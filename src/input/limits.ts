import { InvalidArgumentError } from 'commander';
import { UserError } from '../cli/errors.js';
import type { CaseInput, SourceRef } from '../model/index.js';
import { describeSource } from './caseload-builder.js';
import { StoredCase } from './event-store.js';

/**
 * Limits that keep a broken or hostile export from exhausting the user's machine. Each is a check
 * on what was read, kept apart from the readers' and the engine's hot loops.
 */

/**
 * Real ASB cases have tens or hundreds of events. Far more in one case is nearly always an export
 * that lost its case_id column's values (every row under one reference) or a runaway join.
 */
export const DEFAULT_MAX_EVENTS_PER_CASE = 100_000;

/** Nesting a JSON value in an export field may have: real exports nest once or twice. */
export const MAX_JSON_FIELD_DEPTH = 64;

/**
 * The largest input read whole (a JSON document, standard input): below V8's longest string
 * (2^29 - 24 UTF-16 units), which a UTF-8 text of this many bytes can never exceed.
 */
export const MAX_WHOLE_FILE_BYTES = 500 * 1024 * 1024;

export function tooBigToReadWhole(file: string, bytes: number): UserError {
  return new UserError(
    `${file}: ${(bytes / 1048576).toFixed(1)} MB is more than the ${MAX_WHOLE_FILE_BYTES / 1048576} MB a JSON file or standard input may hold (it is read whole); ` +
      'export NDJSON (one event per line) or CSV, which are read as a stream, or split the export into several files',
  );
}

/** The longest NDJSON line (one event) read: far beyond any real event, far below a string's limit. */
export const MAX_NDJSON_LINE_CHARS = 64 * 1024 * 1024;

/** Bytes looked at to tell a text export from a binary file. */
const SNIFF_BYTES = 8192;

/** Commander's parser for `--max-events-per-case N` and `--max-field-bytes N`: a whole number of at least 1. */
export function parseMaxEventsPerCase(value: string): number {
  return parseWholeNumber(value);
}

export function parseMaxFieldBytes(value: string): number {
  return parseWholeNumber(value);
}

function parseWholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, found ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Refuses a case with more events than `max`, naming the case and where its events start, before
 * any timeline is built from it.
 */
export function checkEventsPerCase(cases: Iterable<CaseInput>, max: number): void {
  // The case whose first event was read first, so that a read split into shards names the same
  // case as a whole read.
  let over: CaseInput | undefined;
  for (const input of cases) {
    if (eventCountOf(input) <= max) continue;
    if (over === undefined || firstEventOf(input).seq < firstEventOf(over).seq) over = input;
  }
  if (over === undefined) return;
  const first = firstEventOf(over);
  throw new TooManyEventsError(
    `case ${over.caseId} has ${eventCountOf(over)} events (first at ${describeSource(first.source)}), more than the ${max} a case may have; ` +
      'check that case_id is filled in on every row, or raise the limit with --max-events-per-case',
    first.seq,
  );
}

/** A case's events counted without making them (a case read from the inputs holds them as columns). */
function eventCountOf(input: CaseInput): number {
  return input instanceof StoredCase ? input.eventCount : input.events.length;
}

/** Only asked of a case with events. */
function firstEventOf(input: CaseInput): { readonly seq: number; readonly source: SourceRef } {
  return (input instanceof StoredCase ? input.firstEvent : input.events[0])!;
}

/** checkEventsPerCase's error, with the place in reading order of the case's first event. */
export class TooManyEventsError extends UserError {
  constructor(
    message: string,
    readonly firstRow: number,
  ) {
    super(message);
  }
}

/**
 * Where the first byte that no text export holds (NUL) is in a file's first bytes, or -1. An image,
 * a spreadsheet (.xlsx is a zip) or UTF-16 text renamed .csv would otherwise be read as one odd
 * header and give a confusing message.
 */
export function binaryOffset(bytes: Uint8Array): number {
  return bytes.subarray(0, SNIFF_BYTES).indexOf(0);
}

export function notTextError(file: string, offset: number): UserError {
  return new UserError(
    `${file}:1: this is not a text export (a zero byte at byte ${offset + 1}); is it a spreadsheet, an image or UTF-16 text? ` +
      'Save it as CSV (UTF-8) and try again',
  );
}

/** Whether a JSON value nests deeper than `max` arrays or objects, found without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * A group holding an unescaped `+`, `*` or `{n,}` that is itself repeated: the shape of regular
 * expressions whose backtracking is exponential (`(a+)+`, `(\w+\s?)*`). A heuristic: it does not
 * catch every slow pattern, only the usual one (overlapping alternatives, `(a|aa)+`, are
 * overlappingAlternatives' to find).
 */
const NESTED_REPETITION = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

/** Whether a regular expression's source has the shape of exponential backtracking (see above). */
export function hasNestedRepetition(source: string): boolean {
  return NESTED_REPETITION.test(source);
}

/**
 * Why a regular expression's source may backtrack exponentially on one long note or value, in
 * words for an error message; undefined when neither heuristic finds a reason.
 */
export function exponentialBacktracking(source: string): string | undefined {
  if (hasNestedRepetition(source)) return 'repeats a group that itself repeats (like (a+)+)';
  if (overlappingAlternatives(source)) return 'repeats a group whose alternatives can match the same text (like (a|aa)+ or (\\w|\\d)+)';
  return undefined;
}

/** How to rewrite a pattern exponentialBacktracking refused, for the same message. */
export function rewriteHint(reason: string): string {
  return reason.includes('itself repeats') ? 'without the nested repetition' : 'so that no two alternatives of a repeated group can match the same text';
}

/** Character classes, as one alternative of a group: `.`, `\w`, `[a-z]`, and the like. */
const CLASS_ATOM = /^(?:\.|\\[dDwWsS]|\[(?:[^\]\\]|\\.)*\])$/;
/** What each class atom can match of a literal's first character (a bracket class: anything, to be safe). */
const CLASS_MATCHES: Record<string, (c: string) => boolean> = {
  '\\d': (c) => /\d/.test(c),
  '\\w': (c) => /\w/.test(c),
  '\\s': (c) => /\s/.test(c),
};

/**
 * A repeated group (`+`, `*`, `{n,}`) whose alternatives can match the same text: one literal
 * alternative a prefix of another (`(a|aa)+`, `(ab|a)*`), two character classes (`(\w|\d)+`), or
 * a class that can match a literal alternative's first character (`(\w|x)+`). Each way of
 * splitting a long run between the alternatives is tried before a match fails: 2^n of them. Groups
 * with other alternatives are not judged (a heuristic for the patterns keyword lists and mappings
 * use, not a proof).
 */
export function overlappingAlternatives(source: string): boolean {
  const starts: number[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') starts.push(i);
    else if (c === ')') {
      const start = starts.pop();
      if (start === undefined || !/^(?:[+*]|\{\d+,\d*\})/.test(source.slice(i + 1))) continue;
      const body = source.slice(start + 1, i).replace(/^\?(?::|<(?![=!])[^>]*>)/, '');
      if (body.startsWith('?')) continue; // a lookaround matches no text of its own
      if (alternativesOverlap(topLevelAlternatives(body))) return true;
    }
  }
  return false;
}

function topLevelAlternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

function alternativesOverlap(alternatives: readonly string[]): boolean {
  if (alternatives.length < 2) return false;
  const literals: string[] = [];
  const classes: string[] = [];
  for (const alternative of alternatives) {
    if (CLASS_ATOM.test(alternative)) classes.push(alternative);
    else {
      const literal = literalOf(alternative);
      if (literal === undefined) return false; // not judged
      literals.push(literal.toLowerCase());
    }
  }
  if (classes.length >= 2) return true;
  for (const cls of classes) {
    const matches = CLASS_MATCHES[cls] ?? (() => true);
    if (literals.some((l) => l === '' || matches(l[0]!))) return true;
  }
  return literals.some((a, i) => literals.some((b, j) => i !== j && b.startsWith(a)));
}

/** The text an alternative matches when it is plain (letters, digits, spaces, escaped punctuation); else undefined. */
function literalOf(alternative: string): string | undefined {
  let out = '';
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i]!;
    if (c === '\\') {
      const next = alternative[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      out += next;
      i++;
    } else if (/[.*+?^${}()|[\]]/.test(c)) return undefined;
    else out += c;
  }
  return out;
}
