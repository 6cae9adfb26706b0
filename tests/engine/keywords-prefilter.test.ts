import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { alternation, compileKeywords, isRegexEntry, keywordSource, needleSearch, requiredLiteral, screenFor } from '../../src/engine/keywords.js';
import { loadDefaultPolicy } from '../../src/policy/load.js';

const WORD_CHAR = '[\\p{L}\\p{N}_]';

/** SPEC 2.1 matching with no shortcut: each entry on its own, the whole note every time. */
function reference(entries: readonly string[]): (text: string) => boolean {
  const regexes = entries
    .filter((e) => isRegexEntry(e) || e.trim())
    .map((e) => (isRegexEntry(e) ? new RegExp(e.slice(1, -1), 'iu') : new RegExp(`(?<!${WORD_CHAR})(?:${keywordSource(e)})(?!${WORD_CHAR})`, 'iu')));
  return (text) => text !== '' && regexes.some((r) => r.test(text));
}

describe('requiredLiteral: text every match of a regular expression contains', () => {
  test.each([
    ['\\bkill (himself|herself|themselves|myself)\\b', 'kill '],
    ['\\b(end|ended|take|took|taking) (his|her|their|my) own life\\b', ' own life'],
    ['\\bharm (himself|herself)\\b', 'harm '],
    ['Kill?ing', 'kil'],
    ['ab+c', 'a'],
    ['(abc)?def', 'def'],
    ['[kill]+ x', ' x'],
    ['(?:foo)bar', 'bar'],
    ['foo|bar', undefined],
    ['(foo|bar)', undefined],
    ['\\d+', undefined],
    ['.*', undefined],
    ['x{2}yz', 'yz'],
    ['a\\sb', 'a'],
    ['(?<=over)due', 'due'],
    ['[|]alpha', 'alpha'],
  ])('%s: %j', (source, expected) => expect(requiredLiteral(source)).toBe(expected));
});

describe('keyword matching with its needle shortcut is SPEC 2.1 matching', () => {
  const lists = Object.entries(loadDefaultPolicy().keywords);
  const extra: [string, string[]][] = [
    ['odd', ['c++', 'foo*bar', '-lead', 'café', 'x*', '/K\\w+ed/', '/ſtop/', '/(?:a|b)cd/', '/\\bkill?ing\\b/']],
  ];
  const fragments = [
    'self', 'harm', 'Self-Harm', 'SELF', ' ', '  ', '-', '\u2010', 'kill', 'himself', 'KILL', 'Kil', 'ing', 'ſ', '\u212a', 'é', 'café', 'CAFÉ',
    'threat', 'to', 'Kill', '.', 'taking', 'her', 'own', 'life', 'ASSAULT', 'gun', 'guns', 'x', 'racis', 'm', 'Mental', 'health', 'c++', 'foo',
    'bar', 'foo*bar', 'lead', 'stop', 'acd', 'bcd', 'Kicked', 'domestic', 'abuse', 'child', 'ren', 'at', 'risk', 'PTSD', '_', '1', '\n',
  ];
  const note = fc.array(fc.constantFrom(...fragments), { maxLength: 12 }).map((parts) => parts.join(''));
  for (const [name, entries] of [...lists, ...extra]) {
    it(`the ${name} list`, () => {
      const fast = compileKeywords(entries);
      const slow = reference(entries);
      fc.assert(fc.property(note, (text) => fast.test(text) === slow(text)), { numRuns: 3000 });
    });
    it(`the ${name} list: a note it matches passes its screen and the screen of all lists`, () => {
      const fast = compileKeywords(entries);
      const own = screenFor([fast]);
      const all = screenFor([...lists, ...extra].map(([, e]) => compileKeywords(e)));
      fc.assert(fc.property(note, (text) => !fast.test(text) || ((own === undefined || own.test(text)) && (all === undefined || all.test(text)))), { numRuns: 3000 });
    });
  }

  test.each([
    ['she mentioned SELF-HARM', true],
    ['she said she would TAKE HER OWN LIFE', true],
    ['\u212aILL himself', true],
    ['nothing of note', false],
  ])('risk of harm in %j: %s', (text, expected) => {
    expect(compileKeywords(loadDefaultPolicy().keywords.risk_of_harm!).test(text)).toBe(expected);
  });
});

describe('needle search: case-insensitive as `iu` matching is', () => {
  it('finds every character that `iu` matching equates with an ASCII letter or digit', () => {
    const missed: string[] = [];
    for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789 ') {
      const folded = new RegExp(c.replace(' ', '\\x20'), 'iu');
      const search = needleSearch({ atWordStart: [], anywhere: [c] });
      const atStart = needleSearch({ atWordStart: [c], anywhere: [] });
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const s = String.fromCodePoint(cp);
        if (folded.test(s) && !(search.test(s) && atStart.test(s) && atStart.test(`-${s}`))) missed.push(`${c}: U+${cp.toString(16)}`);
      }
    }
    expect(missed).toEqual([]);
  });

  test.each([
    [['self'], [], '\u017fELF', true],
    [[], ['kill'], '\u212aILL', true],
    [[], ['kill'], 'KILL', true],
    [[], ['kill'], 'kil l', false],
    [[], ['a.b'], 'axb', false],
    [[], ['a.b'], 'A.B', true],
    [[], ['antisemit', 'anti'], 'ANTI', true],
    [[], ['antisemit', 'anti'], 'ant', false],
    [['gun'], [], 'a gun', true],
    [['gun'], [], 'shotgun', false],
    [['gun'], [], 'Shot-GUN', true],
    [['gun'], [], 'x_gun', false],
    [['gun'], [], '9gun', false],
    [['gun'], [], 'égun', true],
    [['gun'], [], 'gun', true],
    [['gun'], ['shot'], 'shotgun', true],
    [['guns', 'gun'], [], 'big guns', true],
    [['threat', 'hate'], ['eat'], 'wheat', true],
  ])('at a word start %j, anywhere %j, in %j: %s', (atWordStart, anywhere, text, expected) =>
    expect(needleSearch({ atWordStart, anywhere }).test(text)).toBe(expected),
  );

  it('screens nothing when a list has an entry without needles', () => {
    expect(compileKeywords(['/\\d+/']).needles).toBeUndefined();
    expect(compileKeywords(['café']).needles).toBeUndefined();
    expect(screenFor([compileKeywords(['x']), compileKeywords(['/.*/'])])).toBeUndefined();
    expect(compileKeywords(['self harm*', '/\\bkill (him|her)self\\b/']).needles).toEqual({ atWordStart: ['self'], anywhere: ['kill'] });
    expect(compileKeywords(['/\\b(take|took) (his|her) own life\\b/']).needles).toEqual({ atWordStart: [], anywhere: ['life'] });
    expect(compileKeywords(['/(a|b) (c|d)/']).needles).toBeUndefined();
  });
});

describe('needle search as one trie-shaped alternation', () => {
  test.each([
    [['depress', 'dementia', 'domestic'], 'd(?:e(?:pre[s\u017f][s\u017f]|mentia)|ome[s\u017f]tic)'],
    [['gun', 'firearm'], '(?:gun|firearm)'],
    [['knife'], '[k\u212a]nife'],
    [['c++', 'c.d'], 'c(?:\\+\\+|\\.d)'],
    [['anti', 'antisemit'], 'anti'],
  ])('%j: %s', (needles, source) => expect(alternation(needles)).toBe(source));

  /** Where each needle is, looked for one place at a time (ASCII case and the two folds only). */
  function naive(atWordStart: readonly string[], anywhere: readonly string[], text: string): boolean {
    const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/\u017f/g, 's').replace(/\u212a/g, 'k');
    const found = (needle: string, atStart: boolean) => {
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        if (!atStart || at === 0 || !/[A-Za-z0-9_]/.test(text[at - 1]!)) return true;
      }
      return false;
    };
    return atWordStart.some((n) => found(n, true)) || anywhere.some((n) => found(n, false));
  }

  it('finds a needle where looking for each one finds it', () => {
    const needle = fc.array(fc.constantFrom('a', 'b', 's', 'k', '+'), { minLength: 1, maxLength: 4 }).map((c) => c.join(''));
    const text = fc.array(fc.constantFrom('a', 'B', 's', 'S', '\u017f', 'k', '\u212a', '+', ' ', '_', '1', '-'), { maxLength: 14 }).map((c) => c.join(''));
    const needles = fc.array(needle, { maxLength: 4 });
    fc.assert(
      fc.property(needles, needles, text, (atWordStart, anywhere, t) => needleSearch({ atWordStart, anywhere }).test(t) === naive(atWordStart, anywhere, t)),
      { numRuns: 5000 },
    );
  });
});
