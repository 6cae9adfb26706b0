import { describe, expect, it } from 'vitest';
import { Auditor } from '../../src/engine/audit.js';
import type { PolicyRule } from '../../src/policy/types.js';
import type { RuleOutcome, Template } from '../../src/templates/template.js';
import { policyOf, timelineOf } from '../templates/harness.js';

/** A template that reports what it is told, on every case. */
function saying(outcomes: RuleOutcome[]): Template<unknown> {
  return { name: 'saying', summary: 'reports what it is told', options: undefined as never, evaluate: () => outcomes, explain: () => '' };
}

function rule(id: string, extra: Partial<PolicyRule> = {}): PolicyRule {
  return { id, template: 'saying', theme: 'communication', severity: 'medium', clause: `clause of ${id}`, options: {}, ...extra } as PolicyRule;
}

const timeline = timelineOf({
  rows: [
    ['2024-03-01', 'report'],
    ['2024-03-04', 'incident'],
  ],
  asOf: '2024-04-01',
  record: { vulnerabilities: ['anxiety'] },
});

const missing = (trigger: number, message: string): RuleOutcome => ({ kind: 'missing', message, trigger, due: { day: timeline.events[trigger]!.day + 5, limit: { days: 5 } }, daysLate: 3, evidence: [trigger] });

describe('findings of a case', () => {
  it('keeps one finding of two outcomes of a rule on the same trigger, and both of two triggers', () => {
    const auditor = new Auditor(policyOf({ rules: [rule('r1')] }), { saying: saying([missing(0, 'first'), missing(0, 'again'), missing(1, 'other')]) });
    const findings = auditor.auditCase(timeline).findings;
    expect(findings.map((f) => f.message)).toEqual(['first', 'other']);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('keeps the same trigger of two rules as two findings', () => {
    const auditor = new Auditor(policyOf({ rules: [rule('r1'), rule('r2')] }), { saying: saying([missing(0, 'x')]) });
    expect(auditor.auditCase(timeline).findings.map((f) => f.rule)).toEqual(['r1', 'r2']);
  });

  it('writes a finding\'s fields in the report\'s order, optional ones only when they apply', () => {
    const gap: RuleOutcome = { ...missing(1, 'late one'), kind: 'late', met: 1, workingDaysLate: 2, details: { from: '2024-03-04' } };
    const auditor = new Auditor(policyOf({ rules: [rule('plain'), rule('aggravated', { aggravate: true } as Partial<PolicyRule>)] }), {
      saying: saying([missing(0, 'plain one'), gap]),
    });
    const findings = auditor.auditCase(timeline).findings;
    const plain = findings.find((f) => f.rule === 'plain' && f.kind === 'missing')!;
    expect(Object.keys(plain)).toEqual(['rule', 'theme', 'severity', 'baseSeverity', 'kind', 'message', 'dueAt', 'metAt', 'daysLate', 'policyRef', 'evidence', 'fingerprint']);
    const aggravated = findings.find((f) => f.rule === 'aggravated' && f.kind === 'late')!;
    expect(Object.keys(aggravated)).toEqual([
      'rule', 'theme', 'severity', 'baseSeverity', 'aggravatedBy', 'kind', 'message', 'dueAt', 'metAt', 'daysLate', 'workingDaysLate', 'policyRef', 'evidence', 'fingerprint', 'details',
    ]);
    expect(aggravated).toMatchObject({ severity: 'high', baseSeverity: 'medium', aggravatedBy: 'a recorded vulnerability', metAt: '2024-03-04', workingDaysLate: 2, policyRef: 'clause of aggravated' });
  });
});
