import type { Template } from '../templates/template.js';
import { describeCondition, explainContext } from './describe.js';
import type { Policy, PolicyRule } from './types.js';

export const EXPLAIN_FORMATS = ['text', 'md'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/** One rule in words: the template's sentence, then what the policy adds around it. */
interface RuleExplanation {
  readonly id: string;
  readonly severity: string;
  readonly theme: string;
  readonly sentence: string;
  readonly clause: string;
}

function sentenceOf(rule: PolicyRule, template: Template<any> | undefined, policy: Policy): string {
  const ctx = explainContext(policy);
  let sentence = template ? template.explain(rule, ctx) : `Rule of template \`${rule.template}\` (not known to this version of caseaudit).`;
  if (rule.when !== undefined) sentence += ` This rule applies only when ${describeCondition(rule.when)}.`;
  if (!rule.aggravate) sentence += ' Its severity is not raised for vulnerable or hate-motivated cases.';
  return sentence;
}

function explainRules(policy: Policy, templates: Readonly<Record<string, Template<any>>>): RuleExplanation[] {
  return policy.rules.map((rule) => ({
    id: rule.id,
    severity: rule.severity,
    theme: rule.theme,
    sentence: sentenceOf(rule, templates[rule.template], policy),
    clause: rule.clause,
  }));
}

function heading(policy: Policy): string[] {
  const about = [policy.reference, policy.landlord].filter((s): s is string => s !== undefined);
  return [about.length > 0 ? `${policy.name} (${about.join(', ')})` : policy.name, `${policy.file}, sha256 ${policy.sha256}`];
}

/** Markdown special characters in free text from the policy, escaped so they print as written. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** The whole policy as numbered plain-English rules: what `policy explain` prints. */
export function formatExplanation(policy: Policy, templates: Readonly<Record<string, Template<any>>>, format: ExplainFormat): string {
  const rules = explainRules(policy, templates);
  const [title, source] = heading(policy);
  const count = `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}`;
  if (format === 'md') {
    const out = [`# ${escapeMarkdown(title!)}`, '', `${escapeMarkdown(source!)}; ${count}.`, ''];
    rules.forEach((r, i) => {
      out.push(`${i + 1}. **\`${r.id}\`** (${r.severity}, ${r.theme}): ${escapeMarkdown(r.sentence)}`, `   Source: ${escapeMarkdown(r.clause)}`, '');
    });
    return out.join('\n');
  }
  const out = [title!, `${source}; ${count}.`, ''];
  const width = String(rules.length).length;
  rules.forEach((r, i) => {
    const indent = ' '.repeat(width + 2);
    out.push(`${String(i + 1).padStart(width)}. ${r.id} (${r.severity}, ${r.theme})`, `${indent}${r.sentence}`, `${indent}Source: ${r.clause}`, '');
  });
  return out.join('\n');
}
