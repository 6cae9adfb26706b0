import { z } from 'zod';
import { SEVERITIES, THEMES } from '../model/finding.js';
import { mappingFileSchema } from '../input/mapping/schema.js';
import { conditionSchema } from './parts.js';

/**
 * The policy file's shape (SPEC 2), apart from each rule's template options, which the rule's
 * template validates. Strict objects: a misspelt field is an error with its path.
 */

/** `racis*`, `"hate crime*"`, `/regex/`, or `{ list: hate }` to include another list. */
const keywordEntrySchema = z.union([
  z.string().min(1).describe('a word, a phrase, a word ending in * (any ending), or /a regular expression/'),
  z.strictObject({ list: z.string().min(1).describe('the name of another keyword list to include') }),
]);

const closureSchema = z.union([
  z.string().min(1),
  z.strictObject({ date: z.string().min(1), reason: z.string().min(1).optional() }),
]).describe('a closure day (YYYY-MM-DD), not a working day, with an optional reason');

const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The keys every rule has, whatever its template; every other key is a template option. */
export const ruleCommonShape = {
  id: z
    .string()
    .regex(RULE_ID_PATTERN, { message: 'expected a kebab-case id (lower-case letters, digits and single hyphens)' })
    .describe('unique rule id, kebab-case; reports and scripts use it'),
  theme: z.enum(THEMES).describe("the Housing Ombudsman's theme the rule's findings belong to"),
  severity: z.enum(SEVERITIES).describe('severity of a finding, before aggravation'),
  clause: z.string().min(1).describe('the policy clause (or code, or guidance) the rule enforces, shown in reports'),
  when: conditionSchema.optional().describe('the rule applies only to cases for which this condition holds'),
  aggravate: z.boolean().optional().describe('raise severity one level for vulnerable or hate-motivated cases (default true)'),
  template: z.string().min(1).describe('the rule template; every other key of the rule is its option'),
};
export const RULE_COMMON_KEYS = Object.keys(ruleCommonShape);
export const ruleCommonSchema = z.strictObject(ruleCommonShape);

export const policyFileShape = {
  name: z.string().min(1).describe('the policy name, shown in reports'),
  reference: z.string().min(1).optional().describe("the landlord's own reference for the written policy"),
  landlord: z.string().min(1).optional().describe('the landlord the policy belongs to'),
  systemic_threshold: z.number().min(0).max(1).optional().describe('share of applicable cases failing a rule at which it is called systemic (default 0.25)'),
  vulnerability_keywords: z.string().min(1).optional().describe('the keyword list that signals a vulnerability'),
  calendar: z
    .strictObject({ closures: z.array(closureSchema).optional().describe('extra non-working days besides weekends and bank holidays') })
    .optional(),
  keywords: z.record(z.string().min(1), z.array(keywordEntrySchema)).optional().describe('named keyword lists, matched as whole words in event notes'),
  conditions: z.record(z.string().min(1), conditionSchema).optional().describe('named conditions on case attributes, used by name in rules'),
  // Rules are maps here; their keys are checked in two steps (common keys, then template options).
  rules: z.array(z.record(z.string(), z.unknown())).min(1).describe('the rules, each a template with its options'),
  // Checked apart, by the mapping loader, so its problems read as a mapping file's would.
  input: mappingFileSchema.optional().describe('how to read a non-canonical export: a mapping (docs/mapping.md); --mapping wins over it'),
};

/** The top level of a policy file. */
export const policyFileSchema = z.strictObject(policyFileShape);
