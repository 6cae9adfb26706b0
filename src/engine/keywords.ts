/**
 * Keyword matching as SPEC 2.1 defines it: case-insensitive, whole words or phrases; a `*` at
 * the end of a word matches any ending (`threat*`: threats, threatened); in a phrase, spaces and
 * hyphens match any run of spaces or hyphens (`self harm` matches "self-harm"); an entry written
 * `/.../` is a regular expression. Punctuation, hyphens included, is a word boundary, so
 * "non-violent" contains "violent": keywords are signals for a person to review.
 */
export interface KeywordMatcher {
  test(text: string | undefined): boolean;
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

/** Compiles a list; throws a SyntaxError naming the entry when a `/regex/` does not compile. */
export function compileKeywords(entries: readonly string[]): KeywordMatcher {
  const words: string[] = [];
  const regexes: RegExp[] = [];
  for (const entry of entries) {
    if (isRegexEntry(entry)) {
      try {
        regexes.push(new RegExp(entry.slice(1, -1), 'iu'));
      } catch (error) {
        throw new SyntaxError(`keyword ${entry} is not a valid regular expression: ${(error as Error).message}`);
      }
    } else if (entry.trim()) {
      words.push(keywordSource(entry));
    }
  }
  // One alternation for all plain entries: one pass over a note instead of one per keyword.
  const combined = words.length ? new RegExp(`(?<!${WORD_CHAR})(?:${words.join('|')})(?!${WORD_CHAR})`, 'iu') : undefined;
  return {
    test(text) {
      if (!text) return false;
      if (combined && combined.test(text)) return true;
      for (const r of regexes) if (r.test(text)) return true;
      return false;
    },
  };
}
