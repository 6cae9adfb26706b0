import { expect } from 'vitest';
import type { Ran } from '../helpers/cli.js';

export { caseaudit, type Ran } from '../helpers/cli.js';

/** A stack frame as Node prints it: `    at fn (file:1:2)`. */
const STACK_FRAME = /^\s+at .+[:(]/m;

/**
 * The outcome every refused input must have: exit 2, nothing on stdout, one message on stderr
 * that matches `message` (file, line, field), no stack trace and no "internal error".
 */
export function expectRefused(r: Ran, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

export interface JsonReport {
  cases: { caseId: string; findings: { rule: string; evidence: { source: { file: string; line?: number } }[] }[] }[];
  inputs: { file: string; rows: number }[];
  dataQuality: { kind: string; message: string; source?: { file: string; line?: number; pointer?: string } }[];
}

/** The outcome of an input whose bad rows are skipped: a report (exit 0 or 1), nothing on stderr. */
export function expectAudited(r: Ran): JsonReport {
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  return JSON.parse(r.stdout) as JsonReport;
}
