import type { Condition } from '../policy/parts.js';
import type { CaseFacts } from '../templates/template.js';

/** What a condition can ask of a case beyond its facts. */
export interface ConditionScope {
  readonly facts: CaseFacts;
  readonly named: Readonly<Record<string, Condition>>;
  /** Whether the case's `report` note matches a keyword list. */
  reportMentions(list: string): boolean;
}

/** Evaluates a policy condition against a case (the loader has already rejected unknown names and cycles). */
export function testCondition(condition: Condition, scope: ConditionScope): boolean {
  if (typeof condition === 'string') {
    const named = scope.named[condition];
    if (named === undefined) throw new Error(`unknown condition ${condition}`);
    return testCondition(named, scope);
  }
  if ('any' in condition) return condition.any.some((c) => testCondition(c, scope));
  if ('all' in condition) return condition.all.every((c) => testCondition(c, scope));
  if ('not' in condition) return !testCondition(condition.not, scope);
  const f = scope.facts;
  if (condition.priority && !(f.priority !== undefined && condition.priority.includes(f.priority))) return false;
  if (condition.category && !(f.category !== undefined && condition.category.includes(f.category))) return false;
  if (condition.hate_motivated !== undefined && f.hateMotivated !== condition.hate_motivated) return false;
  if (condition.vulnerable !== undefined && f.vulnerable !== condition.vulnerable) return false;
  if (condition.report_mentions && !condition.report_mentions.some((list) => scope.reportMentions(list))) return false;
  return true;
}
