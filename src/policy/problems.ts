import { UserError, place } from '../cli/errors.js';

/** One thing wrong with a policy file, with where it is and what was expected and found. */
export interface PolicyProblem {
  readonly file: string;
  /** 1-based; the yaml package's position for syntax errors, the node's otherwise. */
  readonly line: number;
  readonly column: number;
  /** The key path in the policy (`rules[3].limit[0].working_days`); empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
}

/** `asb.yaml:42:7 rules[3].limit[0].working_days: expected a whole number >= 0, found -2` */
export function formatProblem(problem: PolicyProblem): string {
  const where = place(problem.file, problem.line, problem.column);
  return problem.path === '' ? `${where} ${problem.message}` : `${where} ${problem.path}: ${problem.message}`;
}

/** Every problem of a policy at once (a user fixes them in one pass, not one per run). */
export class PolicyError extends UserError {
  readonly problems: readonly PolicyProblem[];
  constructor(problems: readonly PolicyProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

/** A key path as users read it: `rules[3].limit[0].working_days`, `keywords["risk of harm"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][\w-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Edits between two names, a swap of neighbours counting as one (`hihg` is one from `high`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest known name to a misspelt one, when it is close enough to be a likely typo. */
export function didYouMean(given: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = given.toLowerCase();
  for (const name of known) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // Short names are one edit from many others: suggest only what is very close.
  const allowed = given.length <= 4 ? 1 : Math.max(2, Math.floor(given.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean `limit`?)`, or nothing. */
export function suggestion(given: string, known: Iterable<string>): string {
  const near = didYouMean(given, known);
  return near === undefined ? '' : ` (did you mean \`${near}\`?)`;
}

/** "a, b, c or d" */
export function joinOr(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A value as a message shows what was found: `-2`, `"ten"`, `a list`, `a map`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'empty text' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}
