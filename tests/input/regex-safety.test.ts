import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentialBacktracking, hasNestedRepetition, overlappingAlternatives } from '../../src/input/limits.js';
import { patternOf } from '../../src/input/mapping/values.js';
import { DEFAULT_KEYWORDS } from '../templates/harness.js';

describe('overlappingAlternatives: repeated groups whose alternatives can match the same text', () => {
  it.each([
    '(a|aa)+',
    '(a|aa)+$',
    '(ab|a)*x',
    '(?:foo|foobar){2,}',
    '(?<w>x|X)+', // case-insensitive: the same letter
    '(\\w|\\d)+$',
    '(.|\\s)*',
    '(\\w|x)+',
    '([a-z]|q)+',
    '(a|a)+',
    '((b|bb)+c|d)', // a group inside another
  ])('refuses %s', (source) => {
    expect(overlappingAlternatives(source)).toBe(true);
    expect(exponentialBacktracking(source)).toContain('alternatives can match the same text');
  });

  it.each([
    '(a|b)+',
    '(ing|ed|s)?', // not repeated
    '(cat|dog)+',
    '(\\s|-)+harm',
    '(\\d|x)+',
    '\\b(end|ended|take|took|taking) (his|her|their|my) own life\\b', // not repeated
    '[(a|aa)+]', // a character class, not a group
    '\\(a|aa\\)+', // escaped parentheses
    '(?=a|aa)+', // a lookahead matches no text
    '(a|aa)', // not repeated
    '(a\\w+b|ab)+', // not a plain literal: not judged here
  ])('accepts %s', (source) => {
    expect(overlappingAlternatives(source)).toBe(false);
  });

  it('accepts every regular expression of the default keyword lists', () => {
    const patterns = Object.values(DEFAULT_KEYWORDS).flat().filter((k) => k.startsWith('/'));
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(exponentialBacktracking(p.slice(1, -1))).toBeUndefined();
  });

  it('a repeated group of literal words is refused exactly when one word begins another', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-c]{1,3}$/), { minLength: 2, maxLength: 4 }), (words) => {
        const prefixed = words.some((a, i) => words.some((b, j) => i !== j && b.startsWith(a)));
        expect(overlappingAlternatives(`(${words.join('|')})+`)).toBe(prefixed);
      }),
    );
  });
});

describe('exponentialBacktracking', () => {
  it('names nested repetition first, as before', () => {
    expect(hasNestedRepetition('(a+)+')).toBe(true);
    expect(exponentialBacktracking('(a+)+')).toBe('repeats a group that itself repeats (like (a+)+)');
    expect(exponentialBacktracking('threat\\w* to kill')).toBeUndefined();
  });
});

describe('a mapping value pattern', () => {
  it('is refused for overlapping alternatives as for nested repetition, and read otherwise', () => {
    expect(() => patternOf('/(tel|tele)+ call/i')).toThrow('it repeats a group whose alternatives can match the same text');
    expect(() => patternOf('/(a+)+$/')).toThrow('it repeats a group that itself repeats');
    expect(patternOf('/^tel(ephone)? call/i')!.test('Telephone call')).toBe(true);
  });
});
