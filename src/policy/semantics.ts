import type { PathProblem } from './zod-issues.js';
import { exponentialBacktracking, rewriteHint } from '../input/limits.js';
import { suggestion } from './problems.js';

/**
 * Checks no schema can make: names that must refer to something (conditions, keyword lists),
 * cycles between them, regular expressions that must compile. Each returns problems with key
 * paths; the loader places them in the file.
 */

type Key = string | number;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `/.../` entries are regular expressions (SPEC 2.1); anything else is a word or phrase. */
function regexBody(entry: string): string | undefined {
  return entry.length >= 2 && entry.startsWith('/') && entry.endsWith('/') ? entry.slice(1, -1) : undefined;
}

/**
 * Option keys that name keyword lists, in any template: `keywords`, `report_mentions`,
 * `trigger_keywords`, ... A template whose option names a list follows this naming, and the
 * loader checks the list exists.
 */
const KEYWORD_LIST_KEY = /(?:^|_)(?:keywords|mentions)$/;

function unknownName(kind: string, name: string, known: readonly string[]): string {
  const hint = suggestion(name, known);
  if (hint !== '') return `unknown ${kind} \`${name}\`${hint}`;
  return known.length === 0 ? `unknown ${kind} \`${name}\` (the policy defines none)` : `unknown ${kind} \`${name}\` (known: ${known.join(', ')})`;
}



/**
 * Flattens keyword lists, following `{ list: other }` includes, and reports unknown includes,
 * include cycles and `/regex/` entries that do not compile.
 */
export function resolveKeywordLists(lists: Readonly<Record<string, readonly (string | { list: string })[]>>): {
  keywords: Record<string, string[]>;
  problems: PathProblem[];
} {
  const problems: PathProblem[] = [];
  const names = Object.keys(lists);
  const resolved = new Map<string, string[]>();
  const visiting: string[] = [];

  const resolve = (name: string): string[] => {
    const done = resolved.get(name);
    if (done) return done;
    visiting.push(name);
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (word: string): void => {
      if (!seen.has(word)) {
        seen.add(word);
        out.push(word);
      }
    };
    (lists[name] ?? []).forEach((entry, index) => {
      if (typeof entry === 'string') {
        add(entry);
        return;
      }
      const path = ['keywords', name, index, 'list'];
      if (!Object.hasOwn(lists, entry.list)) problems.push({ path, at: 'value', message: unknownName('keyword list', entry.list, names) });
      else if (visiting.includes(entry.list)) {
        const loop = [...visiting.slice(visiting.indexOf(entry.list)), entry.list].join(' -> ');
        problems.push({ path, at: 'value', message: `keyword list \`${entry.list}\` includes itself (${loop})` });
      }
      else for (const word of resolve(entry.list)) add(word);
    });
    visiting.pop();
    resolved.set(name, out);
    return out;
  };

  for (const name of names) {
    resolve(name);
    (lists[name] ?? []).forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      // "\b" inside YAML double quotes is a backspace: the pattern would silently match nothing.
      if (/[\u0000-\u0008\u000b-\u001f]/.test(entry)) {
        problems.push({ path: ['keywords', name, index], at: 'value', message: `${JSON.stringify(entry)} contains a control character (a \\b or similar inside double quotes?); write regular expressions in single quotes` });
        return;
      }
      const body = regexBody(entry);
      if (body === undefined) return;
      const slow = exponentialBacktracking(body);
      if (slow !== undefined) {
        // Notes are written by the public: a pattern like (a+)+ on a long run of one letter takes
        // exponential time, and the audit would hang on one note.
        problems.push({ path: ['keywords', name, index], at: 'value', message: `regular expression ${entry} ${slow}, which can take hours on one note; rewrite it ${rewriteHint(slow)}` });
        return;
      }
      try {
        // The strictest flags the matcher may use, so a pattern accepted here never fails later.
        new RegExp(body, 'iu');
      } catch (error) {
        const reason = String((error as Error).message).split(': ').pop();
        problems.push({ path: ['keywords', name, index], at: 'value', message: `invalid regular expression ${entry}: ${reason}` });
      }
    });
  }
  return { keywords: Object.fromEntries(resolved), problems };
}

/** Named conditions a condition refers to, and problems with its names (unknown conditions or lists). */
export function checkConditionNames(
  condition: unknown,
  path: readonly Key[],
  conditionNames: readonly string[],
  listNames: readonly string[] | undefined,
  problems: PathProblem[],
  refs: string[] = [],
): string[] {
  if (typeof condition === 'string') {
    refs.push(condition);
    if (!conditionNames.includes(condition)) problems.push({ path, at: 'value', message: unknownName('condition', condition, conditionNames) });
    return refs;
  }
  if (!isRecord(condition)) return refs;
  for (const key of ['any', 'all'] as const) {
    const parts = condition[key];
    if (Array.isArray(parts)) parts.forEach((c, i) => checkConditionNames(c, [...path, key, i], conditionNames, listNames, problems, refs));
  }
  if ('not' in condition) checkConditionNames(condition.not, [...path, 'not'], conditionNames, listNames, problems, refs);
  if ('report_mentions' in condition) checkListNames(condition.report_mentions, [...path, 'report_mentions'], listNames, problems);
  return refs;
}

/** A list name (or list of them) must name a keyword list of the policy. */
export function checkListNames(value: unknown, path: readonly Key[], listNames: readonly string[] | undefined, problems: PathProblem[]): void {
  if (listNames === undefined) return; // the keywords section itself is broken: said already
  if (typeof value === 'string') {
    if (!listNames.includes(value)) problems.push({ path, at: 'value', message: unknownName('keyword list', value, listNames) });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (typeof v === 'string' && !listNames.includes(v)) problems.push({ path: [...path, i], at: 'value', message: unknownName('keyword list', v, listNames) });
    });
  }
}

/**
 * Walks a rule's template options for conditions (`if:`, `when:`) and keyword-list names (keys
 * ending in `keywords` or `mentions`), whatever the template.
 */
export function checkOptionReferences(
  options: unknown,
  path: readonly Key[],
  conditionNames: readonly string[],
  listNames: readonly string[] | undefined,
  problems: PathProblem[],
): void {
  if (Array.isArray(options)) {
    options.forEach((v, i) => checkOptionReferences(v, [...path, i], conditionNames, listNames, problems));
    return;
  }
  if (!isRecord(options)) return;
  for (const [key, value] of Object.entries(options)) {
    if (key === 'if' || key === 'when') checkConditionNames(value, [...path, key], conditionNames, listNames, problems);
    else if (KEYWORD_LIST_KEY.test(key)) checkListNames(value, [...path, key], listNames, problems);
    else checkOptionReferences(value, [...path, key], conditionNames, listNames, problems);
  }
}

/** Named conditions that refer to themselves, directly or through others: one problem per cycle. */
export function findConditionCycles(references: ReadonlyMap<string, readonly string[]>): PathProblem[] {
  const problems: PathProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of references.get(name) ?? []) {
      if (!references.has(next)) continue;
      const s = state.get(next);
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        problems.push({ path: ['conditions', next], at: 'key', message: `condition \`${next}\` refers to itself (${cycle.join(' -> ')})` });
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of references.keys()) if (!state.has(name)) visit(name);
  return problems;
}
