import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { PolicyError } from '../../src/policy/problems.js';
import { FAKE_TEMPLATES } from './fake-templates.js';
import { fixture, problemsOf } from './helpers.js';

const base = fixture('valid.yaml');
const marker = 'limit: { working_days: 5 }';
const line = base.split('\n').findIndex((l) => l.includes(marker)) + 1;
const column = base.split('\n')[line - 1]!.indexOf(marker) + 'limit: { working_days: '.length + 1;

describe('limits, for any number', () => {
  it('working_days loads exactly when it is a whole number >= 0, and otherwise points at the value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10_000, max: 10_000 }), fc.double({ min: -100, max: 100, noNaN: true })), (n) => {
        const text = base.replace(marker, `limit: { working_days: ${JSON.stringify(n)} }`);
        const valid = Number.isInteger(n) && n >= 0;
        try {
          loadPolicy(text, 'p.yaml', { templates: FAKE_TEMPLATES });
          expect(valid).toBe(true);
        } catch (error) {
          if (!(error instanceof PolicyError)) throw error;
          expect(valid).toBe(false);
          expect(error.problems).toHaveLength(1);
          expect(error.problems[0]).toMatchObject({ line, column, path: 'rules[1].limit.working_days' });
        }
      }),
    );
  });
});

describe('what a message says was found', () => {
  const said = (from: string, to: string): string[] => problemsOf(base.replace(from, to)).map((p) => `${p.path}: ${p.message}`);

  it('text, true or false, a list, a map', () => {
    expect(said('name: "Test ASB policy"', 'name: 5')).toEqual(['name: expected text, found 5']);
    expect(said('aggravate: false', 'aggravate: "no"')).toEqual(['rules[1].aggravate: expected true or false, found "no"']);
    expect(said('clause: "Policy 5.1"', 'clause: [a, b]')).toEqual(['rules[1].clause: expected text, found a list']);
    expect(said('name: "Test ASB policy"', 'name: { a: 1 }')).toEqual(['name: expected text, found a map']);
    expect(said('clause: "Policy 5.1"', 'clause: ""')).toEqual(['rules[1].clause: expected non-empty text, found empty text']);
  });

  it('a severity with a near miss gets a suggestion', () => {
    expect(said('    severity: high\n    clause: "Policy 5.1"', '    severity: hihg\n    clause: "Policy 5.1"')).toEqual([
      'rules[1].severity: expected one of low, medium, high or critical, found "hihg" (did you mean `high`?)',
    ]);
  });

  it('a misspelt unit in a limit is one problem, not also "needs exactly one of"', () => {
    expect(said(marker, 'limit: { working_dys: 5 }')).toEqual(['rules[1].limit.working_dys: unknown field `working_dys` (did you mean `working_days`?)']);
  });

  it('an unknown key inside a condition names the known ones', () => {
    expect(said('      - priority: high', '      - prority: high')).toEqual(['conditions.high-risk.any[0].prority: unknown field `prority` (did you mean `priority`?)']);
  });
});
