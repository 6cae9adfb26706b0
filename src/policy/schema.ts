import { z } from 'zod';
import { SEVERITIES, THEMES } from '../model/finding.js';
import { conditionSchema } from './parts.js';

/**
 * The policy file's shape (SPEC 2), apart from each rule's template options, which the rule's
 * template validates. Strict objects: a misspelt field is an error with its path.
 */

/** `racis*`, `"hate crime*"`, `/regex/`, or `{ list: hate }` to include another list. */
export const keywordEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({ list: z.string().min(1) }),
]);

export const closureSchema = z.union([
  z.string().min(1),
  z.strictObject({ date: z.string().min(1), reason: z.string().min(1).optional() }),
]);

export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The keys every rule has, whatever its template; every other key is a template option. */
export const ruleCommonShape = {
  id: z.string().regex(RULE_ID_PATTERN, { message: 'expected a kebab-case id (lower-case letters, digits and single hyphens)' }),
  theme: z.enum(THEMES),
  severity: z.enum(SEVERITIES),
  clause: z.string().min(1),
  when: conditionSchema.optional(),
  aggravate: z.boolean().optional(),
  template: z.string().min(1),
};
export const RULE_COMMON_KEYS = Object.keys(ruleCommonShape);
export const ruleCommonSchema = z.strictObject(ruleCommonShape);

export const policyFileShape = {
  name: z.string().min(1),
  reference: z.string().min(1).optional(),
  landlord: z.string().min(1).optional(),
  systemic_threshold: z.number().min(0).max(1).optional(),
  vulnerability_keywords: z.string().min(1).optional(),
  calendar: z.strictObject({ closures: z.array(closureSchema).optional() }).optional(),
  keywords: z.record(z.string().min(1), z.array(keywordEntrySchema)).optional(),
  conditions: z.record(z.string().min(1), conditionSchema).optional(),
  // Rules are maps here; their keys are checked in two steps (common keys, then template options).
  rules: z.array(z.record(z.string(), z.unknown())).min(1),
};

/** The top level of a policy file. */
export const policyFileSchema = z.strictObject(policyFileShape);
export type PolicyFile = z.infer<typeof policyFileSchema>;
