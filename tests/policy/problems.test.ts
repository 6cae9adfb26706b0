import { describe, expect, it } from 'vitest';
import { didYouMean, formatPath, formatProblem } from '../../src/policy/problems.js';

describe('didYouMean', () => {
  it('suggests a name one typo away, a swap of neighbours included', () => {
    expect(didYouMean('limt', ['limit', 'target'])).toBe('limit');
    expect(didYouMean('hihg', ['low', 'medium', 'high', 'critical'])).toBe('high');
    expect(didYouMean('Withn', ['within', 'reply'])).toBe('within');
  });

  it('suggests nothing for a short name two edits away, or for something unrelated', () => {
    expect(didYouMean('harm', ['hate'])).toBeUndefined();
    expect(didYouMean('frequency', ['limit', 'target'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('allows two edits in longer names', () => {
    expect(didYouMean('hi-risk', ['high-risk'])).toBe('high-risk');
    expect(didYouMean('hatred', ['hate', 'escalation'])).toBe('hate');
  });
});

describe('formatPath and formatProblem', () => {
  it('writes paths as a reader expects', () => {
    expect(formatPath(['rules', 3, 'limit', 0, 'working_days'])).toBe('rules[3].limit[0].working_days');
    expect(formatPath(['conditions', 'high-risk'])).toBe('conditions.high-risk');
    expect(formatPath(['keywords', 'risk of harm', 0])).toBe('keywords["risk of harm"][0]');
    expect(formatPath(['limits', '1'])).toBe('limits["1"]');
    expect(formatPath([])).toBe('');
  });

  it('puts file, line, column and path first', () => {
    expect(formatProblem({ file: 'asb.yaml', line: 42, column: 7, path: 'rules[3].limit[0].working_days', message: 'expected a whole number >= 0, found -2' })).toBe(
      'asb.yaml:42:7 rules[3].limit[0].working_days: expected a whole number >= 0, found -2',
    );
    expect(formatProblem({ file: 'asb.yaml', line: 1, column: 1, path: '', message: 'YAML syntax: bad' })).toBe('asb.yaml:1:1 YAML syntax: bad');
  });
});
