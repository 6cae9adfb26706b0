/**
 * Keyword matching as SPEC 2.1 defines it: case-insensitive, whole words or phrases; a `*` at
 * the end of a word matches any ending (`threat*`: threats, threatened); in a phrase, spaces and
 * hyphens match any run of spaces or hyphens (`self harm` matches "self-harm"); an entry written
 * `/.../` is a regular expression. Punctuation, hyphens included, is a word boundary, so
 * "non-violent" contains "violent": keywords are signals for a person to review.
 */
export interface KeywordMatcher {
  test(text: string | undefined): boolean;
  /**
   * Lower-case ASCII literals, one of which every match contains (compared case-insensitively), or
   * undefined when the list has an entry for which none can be told: a note containing none of
   * them cannot match, which lets one pass over a note answer for several lists.
   */
  readonly needles?: Needles;
}

/** A plain entry's first word starts a word of the note; a regular expression's literal may be anywhere. */
export interface Needles {
  readonly atWordStart: readonly string[];
  readonly anywhere: readonly string[];
}

const WORD_CHAR = '[\\p{L}\\p{N}_]';
const SEPARATOR = '[\\s\\-\\u2010-\\u2015]+';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regular-expression source for one word or phrase entry. */
export function keywordSource(entry: string): string {
  const words = entry.trim().split(/[\s\-\u2010-\u2015]+/).filter(Boolean);
  return words
    .map((w) => (w.endsWith('*') ? escapeRegExp(w.slice(0, -1)) + `${WORD_CHAR}*` : escapeRegExp(w)))
    .join(SEPARATOR);
}

/** Whether a keyword entry is a regular expression (`/.../`). */
export function isRegexEntry(entry: string): boolean {
  return entry.length >= 2 && entry.startsWith('/') && entry.endsWith('/');
}

/**
 * A lower-case ASCII string that every match of a regular expression's source must contain, or
 * undefined when none can be told safely. Only a run of plain letters, digits and spaces outside
 * every group counts, and only when the source has no `|` outside groups (each alternative would
 * need its own); a run's last character is dropped when a quantifier follows it.
 */
export function requiredLiteral(source: string): string | undefined {
  let depth = 0;
  let inClass = false;
  let best = '';
  let run = '';
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      // An escape is never part of a run: \b is zero-width, \d a class, \1 a back-reference.
      endRun();
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      endRun();
      inClass = true;
    } else if (c === '(') {
      endRun();
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|') {
      if (depth === 0) return undefined;
    } else if (depth === 0 && /^[A-Za-z0-9 ]$/.test(c)) {
      run += c;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      // The quantified character may be absent or repeated: the run ends before it.
      run = run.slice(0, -1);
      endRun();
    } else {
      endRun();
    }
  }
  endRun();
  return best === '' ? undefined : best.toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Characters outside ASCII that `iu` matching (simple case folding) treats as an ASCII letter:
 * the long s and the Kelvin sign. Plain `i` matching leaves them apart, so a needle search adds them.
 */
const ASCII_FOLDS: Readonly<Record<string, string>> = { s: '[s\u017f]', k: '[k\u212a]' };

/**
 * One case-insensitive search for any of the needles (lower-case ASCII) that finds every text in
 * which a `iu` pattern containing one of them could match. Plain `i`, not `iu`: the same answers
 * once the two folds above are spelt out, and a third faster over notes. A word-start needle
 * only counts after a character that is not an ASCII letter, digit or `_` (every such character
 * is a word character of SPEC 2.1 matching): half the positions of a note need no look.
 */
export function needleSearch(needles: Needles): RegExp {
  const anywhere = [...new Set(needles.anywhere)];
  const atWordStart = [...new Set(needles.atWordStart)];
  // A needle containing another adds nothing to the search.
  const keptAnywhere = anywhere.filter((n) => !anywhere.some((m) => m !== n && n.includes(m)));
  const keptAtStart = atWordStart.filter((n) => !atWordStart.some((m) => m !== n && n.startsWith(m)) && !anywhere.some((m) => n.includes(m)));
  const parts: string[] = [];
  // The character before a word-start needle is matched rather than looked behind at: the same
  // answer for test(), and a lookbehind tried at every place of a note cost a third more.
  if (keptAtStart.length) parts.push(`(?:^|[^a-z0-9_])${alternation(keptAtStart)}`);
  if (keptAnywhere.length) parts.push(alternation(keptAnywhere));
  return parts.length ? new RegExp(parts.join('|'), 'i') : /(?!)/;
}

/**
 * Needles (none containing another) as one alternation sharing their beginnings, as a trie:
 * `d(?:e(?:press|mentia)|omestic)`. The engine tries every branch of an alternation in turn at
 * each place of a note; this way it tries one branch per first letter instead of every needle.
 */
export function alternation(needles: readonly string[]): string {
  interface Node {
    readonly next: Map<string, Node>;
    end: boolean;
  }
  const root: Node = { next: new Map(), end: false };
  for (const needle of needles) {
    let node = root;
    for (const c of needle) {
      let child = node.next.get(c);
      if (child === undefined) node.next.set(c, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const source = (node: Node): string => {
    // A needle ends here: the longer ones below are found wherever it is.
    if (node.end) return '';
    const branches = [...node.next].map(([c, child]) => (ASCII_FOLDS[c] ?? escapeRegExp(c)) + source(child));
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return source(root);
}

/**
 * A search that any note matching any of the lists passes, or undefined when one of the lists
 * cannot be screened (its needles are unknown) or there is no list.
 */
export function screenFor(matchers: Iterable<KeywordMatcher>): RegExp | undefined {
  const atWordStart: string[] = [];
  const anywhere: string[] = [];
  for (const m of matchers) {
    if (m.needles === undefined) return undefined;
    atWordStart.push(...m.needles.atWordStart);
    anywhere.push(...m.needles.anywhere);
  }
  return atWordStart.length || anywhere.length ? needleSearch({ atWordStart, anywhere }) : undefined;
}

/**
 * The longest space-free part of a required literal: still in every match, and a search for a
 * needle that starts or ends with a space stops at every space of a note.
 */
function longestWord(literal: string | undefined): string | undefined {
  if (literal === undefined) return undefined;
  const word = literal.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '');
  return word === '' ? undefined : word;
}

/** Compiles a list; throws a SyntaxError naming the entry when a `/regex/` does not compile. */
export function compileKeywords(entries: readonly string[]): KeywordMatcher {
  const words: string[] = [];
  // For each plain entry, its first word up to any `*`: every match contains it. Undefined once
  // an entry's is not ASCII (lower case would not be case folding).
  let wordNeedles: string[] | undefined = [];
  // The same for the whole list, with each regular expression's required literal.
  let regexNeedles: string[] | undefined = [];
  const regexes: Array<{ regex: RegExp; needle: RegExp | undefined }> = [];
  for (const entry of entries) {
    if (isRegexEntry(entry)) {
      let regex: RegExp;
      try {
        regex = new RegExp(entry.slice(1, -1), 'iu');
      } catch (error) {
        throw new SyntaxError(`keyword ${entry} is not a valid regular expression: ${(error as Error).message}`);
      }
      const literal = longestWord(requiredLiteral(entry.slice(1, -1)));
      regexes.push({ regex, needle: literal === undefined ? undefined : needleSearch({ atWordStart: [], anywhere: [literal] }) });
      if (literal === undefined) regexNeedles = undefined;
      else regexNeedles?.push(literal);
    } else if (entry.trim()) {
      words.push(keywordSource(entry));
      const first = entry.trim().split(/[\s\-\u2010-\u2015]+/)[0]!.replace(/\*$/, '').toLowerCase();
      if (NON_ASCII.test(first)) wordNeedles = undefined;
      else wordNeedles?.push(first);
    }
  }
  // One alternation for all plain entries: one pass over a note instead of one per keyword.
  const combined = words.length ? new RegExp(`(?<!${WORD_CHAR})(?:${words.join('|')})(?!${WORD_CHAR})`, 'iu') : undefined;
  const wordSearch = combined === undefined || wordNeedles === undefined ? undefined : needleSearch({ atWordStart: wordNeedles, anywhere: [] });
  // Most notes match nothing, and a keyword whose required text is not in the note cannot match:
  // the regular expression (the costly part) runs only when it might.
  const test = (text: string | undefined): boolean => {
    if (!text) return false;
    if (combined && (wordSearch === undefined || wordSearch.test(text)) && combined.test(text)) return true;
    for (const { regex, needle } of regexes) {
      if (needle !== undefined && !needle.test(text)) continue;
      if (regex.test(text)) return true;
    }
    return false;
  };
  if (wordNeedles === undefined || regexNeedles === undefined) return { test };
  return { test, needles: { atWordStart: wordNeedles, anywhere: regexNeedles } };
}
