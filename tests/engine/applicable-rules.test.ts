import { describe, expect, it } from 'vitest';
import { Auditor } from '../../src/engine/audit.js';
import type { PolicyRule } from '../../src/policy/types.js';
import type { Template } from '../../src/templates/template.js';
import { policyOf, timelineOf } from '../templates/harness.js';

const silent: Template<unknown> = { name: 'silent', summary: 'finds nothing', options: undefined as never, evaluate: () => [], explain: () => '' };

/** n rules; rule i applies to high-priority cases when i is even, to every case otherwise. */
function rules(n: number): PolicyRule[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    template: 'silent',
    theme: 't',
    severity: 'low',
    clause: 'c',
    options: {},
    ...(i % 2 === 0 ? { when: { priority: 'high' } } : {}),
  })) as unknown as PolicyRule[];
}

describe('applicable rules of a case', () => {
  const low = timelineOf({ rows: [['2024-03-01', 'report']], asOf: '2024-04-01', record: { priority: 'low' } });
  const high = timelineOf({ rows: [['2024-03-01', 'report']], asOf: '2024-04-01', record: { priority: 'high' } });

  it.each([3, 31, 32, 40])('%i rules: the ids of the rules whose condition holds, in policy order', (n) => {
    const auditor = new Auditor(policyOf({ rules: rules(n) }), { silent });
    const all = rules(n).map((r) => r.id);
    expect(auditor.auditCase(low).applicableRules).toEqual(all.filter((_, i) => i % 2 === 1));
    expect(auditor.auditCase(high).applicableRules).toEqual(all);
    // Asked again, the same answer (shared between cases where the set of rules is).
    expect(auditor.auditCase(low).applicableRules).toEqual(all.filter((_, i) => i % 2 === 1));
  });
});
