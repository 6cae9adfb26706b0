import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../../src/policy/load.js';
import { PolicyError, type PolicyProblem } from '../../src/policy/problems.js';
import type { Policy } from '../../src/policy/types.js';
import { FAKE_TEMPLATES } from './fake-templates.js';

export const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/policy/${name}`, import.meta.url));
export const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');

export function loadFixture(name: string): Policy {
  return loadPolicy(fixture(name), name, { templates: FAKE_TEMPLATES });
}

/** The problems a policy text has (fails the test when it loads cleanly). */
export function problemsOf(text: string, file = 'policy.yaml'): readonly PolicyProblem[] {
  try {
    loadPolicy(text, file, { templates: FAKE_TEMPLATES });
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be invalid, but it loaded');
}

/** The formatted problem lines of a fixture. */
export function fixtureErrors(name: string): string[] {
  try {
    loadFixture(name);
  } catch (error) {
    if (error instanceof PolicyError) return error.message.split('\n');
    throw error;
  }
  throw new Error(`expected ${name} to be invalid, but it loaded`);
}
