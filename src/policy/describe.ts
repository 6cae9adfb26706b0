import type { ExplainContext } from '../templates/template.js';
import type { Condition, ConditionalLimit, Limit } from './parts.js';
import { joinOr } from './problems.js';
import type { Policy } from './types.js';

/**
 * Conditions and limits in plain English, for `policy explain` and the templates' explain():
 * a compliance officer reads these against the written policy, so they name things as the
 * policy does ("high risk", "domestic abuse"), not as the YAML spells them.
 */

/** `domestic_abuse` -> `domestic abuse`; `high-risk` -> `high risk`. */
const words = (name: string): string => name.replace(/[_-]+/g, ' ');
/** Keyword list names read with hyphens: `risk_of_harm` -> `risk-of-harm`. */
const listWords = (name: string): string => name.replace(/[_ ]+/g, '-');

const asList = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

/** One test, said first ("the case is ...") or after another ("it is ..."). */
interface Phrase {
  readonly first: string;
  readonly later: string;
}

function phrases(condition: Condition, negated = false): Phrase[] {
  const not = negated ? 'not ' : '';
  if (typeof condition === 'string') {
    return [{ first: `the case is ${not}${words(condition)}`, later: `it is ${not}${words(condition)}` }];
  }
  if ('not' in condition) return phrases(condition.not, !negated);
  if ('any' in condition || 'all' in condition) {
    const said = 'any' in condition ? joinPhrases(condition.any, 'or') : joinPhrases(condition.all, 'and');
    const whole = negated ? `it is not so that ${said}` : said;
    return [{ first: whole, later: whole }];
  }
  const out: Phrase[] = [];
  const priority = asList(condition.priority);
  if (priority.length > 0) {
    const p = joinOr(priority.map(words));
    out.push({ first: `the case is ${not}${p} priority`, later: `it is ${not}${p} priority` });
  }
  const category = asList(condition.category);
  if (category.length > 0) {
    const c = joinOr(category.map(words));
    out.push({ first: `the case's category is ${not}${c}`, later: `its category is ${not}${c}` });
  }
  if (condition.hate_motivated !== undefined) {
    const isNot = condition.hate_motivated === negated ? 'not ' : '';
    out.push({ first: `the case is ${isNot}hate-motivated`, later: `it is ${isNot}hate-motivated` });
  }
  if (condition.vulnerable !== undefined) {
    const has = condition.vulnerable === negated ? 'has no' : 'has a';
    out.push({ first: `the case ${has} recorded or indicated vulnerability`, later: `it ${has} recorded or indicated vulnerability` });
  }
  const mentions = asList(condition.report_mentions);
  if (mentions.length > 0) {
    const said = `the report ${negated ? 'does not mention' : 'mentions'} ${joinOr(mentions.map(listWords))} keywords`;
    out.push({ first: said, later: said });
  }
  if (out.length <= 1) return out;
  // Several tests in one map all have to hold; negated, at least one fails.
  if (!negated) return [{ first: joinList(out, 'and'), later: joinList(out, 'and') }];
  const positive = joinList(phrases(condition), 'and');
  return [{ first: `it is not so that ${positive}`, later: `it is not so that ${positive}` }];
}

function joinList(parts: readonly Phrase[], conjunction: 'and' | 'or'): string {
  const said = parts.map((p, i) => (i === 0 ? p.first : p.later));
  if (said.length <= 2) return said.join(` ${conjunction} `);
  return said.join(`, ${conjunction} `);
}

function joinPhrases(conditions: readonly Condition[], conjunction: 'and' | 'or'): string {
  return joinList(conditions.flatMap((c) => phrases(c)), conjunction);
}

/** "the case is high priority, or its category is hate or violence, or it is hate-motivated" */
export function describeCondition(condition: Condition): string {
  return joinPhrases([condition], 'and');
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "5 working days", "1 day", "24 hours". */
function describeOneLimit(limit: Limit): string {
  if (limit.working_days !== undefined) return plural(limit.working_days, 'working day', 'working days');
  if (limit.days !== undefined) return plural(limit.days, 'day', 'days');
  if (limit.hours !== undefined) return plural(limit.hours, 'hour', 'hours');
  return 'no set time';
}

/** "1 working day if the case is high risk; otherwise 5 working days" */
export function describeLimit(limit: ConditionalLimit): string {
  if (!Array.isArray(limit)) return describeOneLimit(limit as Limit);
  const parts: string[] = [];
  for (const entry of limit) {
    const { if: condition, ...rest } = entry;
    const amount = describeOneLimit(rest);
    if (condition === undefined) {
      parts.push(parts.length === 0 ? amount : `otherwise ${amount}`);
      break; // later entries can never apply
    }
    parts.push(`${amount} if ${describeCondition(condition)}`);
  }
  return parts.join('; ');
}

/** What a template's explain() needs from a policy. */
export function explainContext(policy: Pick<Policy, 'keywords' | 'conditions'>): ExplainContext {
  return {
    keywords: policy.keywords,
    conditions: policy.conditions,
    describeCondition,
    describeLimit,
  };
}
