import { describe, expect, it } from 'vitest';
import { CaseScope } from '../../src/engine/case-scope.js';
import { compileKeywords, type KeywordMatcher } from '../../src/engine/keywords.js';
import { policyOf, timelineOf, type CaseSpec } from '../templates/harness.js';

/** The default lists, the vulnerability list wrapped to count the notes it is asked about. */
function scopeOf(spec: CaseSpec): { scope: CaseScope; asked: () => number } {
  const policy = policyOf();
  let asked = 0;
  const matchers = new Map<string, KeywordMatcher>(Object.entries(policy.keywords).map(([k, v]) => [k, compileKeywords(v)]));
  const real = matchers.get('vulnerability')!;
  matchers.set('vulnerability', { test: (text) => (asked++, real.test(text)) });
  return { scope: new CaseScope(timelineOf(spec), policy, matchers), asked: () => asked };
}

const rows: CaseSpec['rows'] = [
  ['2024-03-01', 'report', { detail: 'neighbour shouting, resident has dementia' }],
  ['2024-03-02', 'contact', { detail: 'called back' }],
];

describe('CaseScope facts: vulnerable is worked out when asked, once', () => {
  it('reads the notes only when vulnerable is first asked, and only once', () => {
    const { scope, asked } = scopeOf({ rows, asOf: '2024-04-01' });
    expect(asked()).toBe(0);
    expect(scope.facts.recordedVulnerability).toBe(false);
    expect(asked()).toBe(0);
    expect(scope.facts.vulnerable).toBe(true);
    const after = asked();
    expect(after).toBe(2);
    expect(scope.facts.vulnerable).toBe(true);
    expect(asked()).toBe(after);
  });

  it('is false when no note signals a vulnerability', () => {
    const { scope } = scopeOf({ rows: [['2024-03-01', 'report', { detail: 'loud music' }]], asOf: '2024-04-01' });
    expect(scope.facts.vulnerable).toBe(false);
  });

  it('never reads the notes when the record already has a vulnerability', () => {
    const { scope, asked } = scopeOf({ rows, asOf: '2024-04-01', record: { vulnerabilities: ['mobility'] } });
    expect(scope.facts.vulnerable).toBe(true);
    expect(scope.facts.recordedVulnerability).toBe(true);
    expect(asked()).toBe(0);
  });
});
