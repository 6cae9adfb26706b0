import type { z } from 'zod';
import { describeFound, didYouMean, joinOr, suggestion } from './problems.js';

/**
 * Turns zod issues into messages a compliance officer can act on: one per problem, with the key
 * path, what was expected and what was found. Union failures (limits, conditions) are narrowed
 * to the branch the user evidently meant, so `working_days: ten` says "expected a whole number",
 * not "invalid input".
 */

type Key = string | number;

/** A problem before it has a file position: `at` says which YAML node to point to. */
export interface PathProblem {
  readonly path: readonly Key[];
  /** `value`: the node at path; `parent`: the map that lacks the key; `key`: the key itself. */
  readonly at: 'value' | 'parent' | 'key';
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

interface Located {
  readonly issue: z.core.$ZodIssue;
  readonly path: readonly Key[];
  /** Union branches taken on the way, outermost first: lets us find the schema at the path. */
  readonly choices: readonly number[];
}

type Flattened = { readonly mismatch: readonly string[] } | { readonly issues: readonly Located[] };

const TYPE_WORDS: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

function valueAt(data: unknown, path: readonly Key[]): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<Key, unknown>)[key];
  }
  return v;
}

const samePath = (a: readonly Key[], b: readonly Key[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

function flatten(issues: readonly z.core.$ZodIssue[], base: readonly Key[], choices: readonly number[], data: unknown): Flattened {
  const out: Located[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Key[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const picked = pickBranch(issue.errors, path, choices, data);
      if ('mismatch' in picked) {
        // All branches want another type here: when the union is the whole input, say so upward.
        if (path.length === base.length && issues.length === 1) return picked;
        out.push({ issue: { code: 'invalid_type', expected: picked.mismatch.join('|'), path: [], message: '' } as unknown as z.core.$ZodIssue, path, choices });
      } else out.push(...picked.issues);
      continue;
    }
    if (issue.code === 'invalid_type' && path.length === base.length && issues.length === 1) {
      return { mismatch: [issue.expected] };
    }
    out.push({ issue, path, choices });
  }
  return { issues: out };
}

function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[], path: readonly Key[], choices: readonly number[], data: unknown): Flattened {
  const expected: string[] = [];
  let best: { issues: readonly Located[]; score: number } | undefined;
  branches.forEach((branch, index) => {
    const result = flatten(branch, path, [...choices, index], data);
    if ('mismatch' in result) {
      for (const e of result.mismatch) if (!expected.includes(e)) expected.push(e);
      return;
    }
    // How badly the value fits this branch's shape: unknown and missing keys at its own level.
    let score = 0;
    for (const { issue, path: p } of result.issues) {
      if (issue.code === 'unrecognized_keys' && samePath(p, path)) score += 2 * issue.keys.length;
      else if (issue.code === 'invalid_type' && p.length === path.length + 1 && valueAt(data, p) === undefined) score += 2;
      else score += 1;
    }
    if (best === undefined || score < best.score) best = { issues: result.issues, score };
  });
  return best === undefined ? { mismatch: expected } : { issues: best.issues };
}

// --- The schema at a path, to name known keys and whole numbers. zod 4 internals, read only. ---

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function fitsValue(schema: z.ZodType, value: unknown): boolean {
  const type = defOf(schema).type;
  if (Array.isArray(value)) return type === 'array' || type === 'tuple';
  if (value !== null && typeof value === 'object') return type === 'object' || type === 'record';
  if (typeof value === 'string') return ['string', 'enum', 'literal', 'template_literal'].includes(type);
  return type === typeof value;
}

/**
 * For a map among object branches, zod keeps the branch whose required keys are all there; among
 * those, the one sharing most keys with the map.
 */
function objectMisfit(schema: z.ZodType, value: unknown): number {
  const shape = defOf(schema).shape;
  if (shape === undefined || value === null || typeof value !== 'object') return 0;
  const keys = Object.keys(value);
  const missing = Object.entries(shape).filter(([k, v]) => defOf(v).type !== 'optional' && !keys.includes(k)).length;
  const shared = keys.filter((k) => k in shape).length;
  return missing * 1000 - shared;
}

/**
 * Looks through wrappers to the schema that checks a value. At a union, takes the branch zod's
 * issue came from, or (zod reports a lone fitting branch's issues directly) the one that fits.
 */
function unwrap(schema: z.ZodType, choices: number[], value: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (let guard = 0; s !== undefined && guard < 50; guard++) {
    const def = defOf(s);
    if (def.type === 'lazy' && def.getter) s = def.getter();
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) s = def.innerType;
    else if (def.type === 'union' && def.options) {
      const choice = choices.shift();
      if (choice !== undefined) s = def.options[choice];
      else {
        s = undefined;
        let best = Infinity;
        for (const option of def.options) {
          const inner = unwrap(option, [], value);
          if (inner === undefined || !fitsValue(inner, value)) continue;
          const score = objectMisfit(inner, value);
          if (score < best) {
            s = inner;
            best = score;
          }
        }
        return s;
      }
    } else return s;
  }
  return s;
}

/** The schema of the value at `path` (relative to `schema`), following the union branches taken. */
function schemaAt(schema: z.ZodType, path: readonly Key[], choices: readonly number[], data: unknown): z.ZodType | undefined {
  const left = [...choices];
  let s = unwrap(schema, left, data);
  let value = data;
  for (const key of path) {
    if (s === undefined) return undefined;
    const def = defOf(s);
    let next: z.ZodType | undefined;
    if (def.type === 'object' && typeof key === 'string') next = def.shape?.[key];
    else if (def.type === 'array') next = def.element;
    else if (def.type === 'record') next = def.valueType;
    value = valueAt(value, [key]);
    s = next === undefined ? undefined : unwrap(next, left, value);
  }
  return s;
}

/** The keys an object schema accepts (for "did you mean"). */
function knownKeys(schema: z.ZodType | undefined): string[] {
  if (schema === undefined) return [];
  const def = defOf(schema);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function isWholeNumber(schema: z.ZodType | undefined): boolean {
  if (schema === undefined) return false;
  const number = schema as unknown as { isInt?: boolean; format?: string | null };
  return number.isInt === true || String(number.format ?? '').includes('int');
}

function expectedWords(expected: string): string {
  return joinOr(expected.split('|').map((e) => TYPE_WORDS[e] ?? e));
}

function sizeMessage(issue: z.core.$ZodIssue & { code: 'too_small' | 'too_big' }, schema: z.ZodType | undefined): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
  const inclusive = issue.inclusive !== false;
  const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  switch (issue.origin) {
    case 'number':
    case 'int':
      return `${isWholeNumber(schema) || issue.origin === 'int' ? 'a whole number' : 'a number'} ${op} ${bound}`;
    case 'array':
    case 'set':
      return small ? `at least ${bound} ${bound === 1 ? 'entry' : 'entries'}` : `at most ${bound} ${bound === 1 ? 'entry' : 'entries'}`;
    case 'string':
      return small ? (bound === 1 ? 'non-empty text' : `text of at least ${bound} characters`) : `text of at most ${bound} characters`;
    default:
      return `a value ${op} ${bound}`;
  }
}

/**
 * Every problem in zod's issues for `data`, as path problems. `schema` is the one that produced
 * the issues; `extraKeys` are keys accepted beside it (a rule's common keys, for option typos).
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  data: unknown,
  extraKeys: readonly string[] = [],
): PathProblem[] {
  const flat = flatten(issues, [], [], data);
  if ('mismatch' in flat) {
    const expected = expectedWords(flat.mismatch.join('|'));
    const found = describeFound(data);
    return [{ path: [], at: 'value', message: `expected ${expected}, found ${found}`, expected, found }];
  }
  const problems: PathProblem[] = [];
  // `limt:` is both an unknown key and a missing `limit`: the typo alone says it.
  const typoFor = new Set<string>();
  const hasUnknownKeys = new Set<string>();
  for (const { issue, path, choices } of flat.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    hasUnknownKeys.add(JSON.stringify(path));
    const known = [...knownKeys(schemaAt(schema, path, choices, data)), ...extraKeys];
    for (const key of issue.keys) {
      const near = didYouMean(key, known);
      if (near !== undefined) typoFor.add(JSON.stringify([...path, near]));
    }
  }
  for (const { issue, path, choices } of flat.issues) {
    const value = valueAt(data, path);
    const found = describeFound(value);
    switch (issue.code) {
      case 'invalid_type': {
        const expected = issue.expected === 'int' || (issue.expected === 'number' && isWholeNumber(schemaAt(schema, path, choices, data)))
          ? 'a whole number'
          : expectedWords(issue.expected);
        if (value === undefined && typoFor.has(JSON.stringify(path))) break;
        if (value === undefined) problems.push({ path, at: 'parent', message: `missing required field \`${String(path[path.length - 1])}\` (expected ${expected})`, expected });
        else problems.push({ path, at: 'value', message: `expected ${expected}, found ${found}`, expected, found });
        break;
      }
      case 'too_small':
      case 'too_big': {
        const expected = sizeMessage(issue, schemaAt(schema, path, choices, data));
        problems.push({ path, at: 'value', message: `expected ${expected}, found ${found}`, expected, found });
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map(String);
        const expected = values.length === 1 ? JSON.stringify(values[0]) : `one of ${joinOr(values)}`;
        const hint = typeof value === 'string' ? suggestion(value, values) : '';
        problems.push({ path, at: 'value', message: `expected ${expected}, found ${found}${hint}`, expected, found });
        break;
      }
      case 'unrecognized_keys': {
        const known = [...knownKeys(schemaAt(schema, path, choices, data)), ...extraKeys];
        for (const key of issue.keys) {
          problems.push({ path: [...path, key], at: 'key', message: `unknown field \`${key}\`${suggestion(key, known)}`, found: key });
        }
        break;
      }
      case 'invalid_format': {
        // Our schemas give formats a message of the form "expected ..."; zod's own start "Invalid".
        const custom = issue.message.startsWith('expected ');
        const expected = custom ? issue.message.slice('expected '.length) : `a ${issue.format}`;
        problems.push({ path, at: 'value', message: `expected ${expected}, found ${found}`, expected, found });
        break;
      }
      default:
        // A refinement ("needs exactly one of ...") on a map with an unknown key: the key says it.
        if (issue.code === 'custom' && hasUnknownKeys.has(JSON.stringify(path))) break;
        problems.push({ path, at: 'value', message: issue.message });
    }
  }
  return problems;
}
