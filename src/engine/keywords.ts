/**
 * Keyword matching as SPEC 2.1 defines it: case-insensitive, whole words or phrases; a `*` at
 * the end of a word matches any ending (`threat*`: threats, threatened); in a phrase, spaces and
 * hyphens match any run of spaces or hyphens (`self harm` matches "self-harm"); an entry written
 * `/.../` is a regular expression. Punctuation, hyphens included, is a word boundary, so
 * "non-violent" contains "violent": keywords are signals for a person to review.
 */
export interface KeywordMatcher {
  test(text: string | undefined): boolean;
  /** The same answer, given `asciiLower(text)` worked out once for several lists. */
  testLowered(text: string | undefined, lower: string | undefined): boolean;
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

/** The note in lower case when it is all ASCII (where case-insensitive is lower case), else undefined. */
export function asciiLower(text: string | undefined): string | undefined {
  return text === undefined || NON_ASCII.test(text) ? undefined : text.toLowerCase();
}


/** Compiles a list; throws a SyntaxError naming the entry when a `/regex/` does not compile. */
export function compileKeywords(entries: readonly string[]): KeywordMatcher {
  const words: string[] = [];
  // For each plain entry, its first word up to any `*`: every match contains it.
  let wordNeedles: string[] | undefined = [];
  const regexes: Array<{ regex: RegExp; needle: string | undefined }> = [];
  for (const entry of entries) {
    if (isRegexEntry(entry)) {
      let regex: RegExp;
      try {
        regex = new RegExp(entry.slice(1, -1), 'iu');
      } catch (error) {
        throw new SyntaxError(`keyword ${entry} is not a valid regular expression: ${(error as Error).message}`);
      }
      regexes.push({ regex, needle: requiredLiteral(entry.slice(1, -1)) });
    } else if (entry.trim()) {
      words.push(keywordSource(entry));
      const first = entry.trim().split(/[\s\-\u2010-\u2015]+/)[0]!.replace(/\*$/, '').toLowerCase();
      if (NON_ASCII.test(first)) wordNeedles = undefined;
      else wordNeedles?.push(first);
    }
  }
  // One alternation for all plain entries: one pass over a note instead of one per keyword.
  const combined = words.length ? new RegExp(`(?<!${WORD_CHAR})(?:${words.join('|')})(?!${WORD_CHAR})`, 'iu') : undefined;
  // One case-sensitive alternation of literals over the lower-cased note: several times faster
  // than looking for each in turn.
  const needles = wordNeedles === undefined ? undefined : new RegExp(wordNeedles.map(escapeRegExp).join('|'));
  // Most notes match nothing. For an ASCII note, case-insensitive matching is comparing lower
  // case, so a keyword whose required text is not in the lower-cased note cannot match: the
  // regular expression (the costly part) runs only when it might. Other notes run it always.
  const testLowered = (text: string | undefined, lower: string | undefined): boolean => {
    if (!text) return false;
    if (combined && (lower === undefined || needles === undefined || needles.test(lower)) && combined.test(text)) return true;
    for (const { regex, needle } of regexes) {
      if (lower !== undefined && needle !== undefined && !lower.includes(needle)) continue;
      if (regex.test(text)) return true;
    }
    return false;
  };
  return {
    test: (text) => !!text && testLowered(text, asciiLower(text)),
    testLowered,
  };
}
