import { z } from 'zod';
import { conditionalLimitSchema, conditionSchema, eventTypesSchema } from '../../src/policy/parts.js';
import type { Template } from '../../src/templates/template.js';

/**
 * Stand-ins for the real templates (src/templates), so the loader's tests do not change when a
 * real template's options do.
 */
const withinOptions = z.strictObject({
  trigger: eventTypesSchema,
  target: eventTypesSchema,
  each: z.boolean().optional(),
  trigger_mentions: z.string().min(1).optional(),
  limit: conditionalLimitSchema,
});
type WithinOptions = z.infer<typeof withinOptions>;

const within: Template<WithinOptions> = {
  name: 'within',
  summary: 'after a trigger event, a target event must follow within a limit',
  options: withinOptions,
  evaluate: () => [],
  explain: (rule, ctx) =>
    `A ${rule.options.target.join(' or ').replaceAll('_', ' ')} must follow the ${rule.options.trigger.join(' or ')} within ${ctx.describeLimit(rule.options.limit)}.`,
};

const indicatedOptions = z.strictObject({
  keywords: z.string().min(1),
  also_when: z.strictObject({ type: z.string().min(1), if: conditionSchema }).optional(),
  target: eventTypesSchema,
  limit: conditionalLimitSchema,
});
type IndicatedOptions = z.infer<typeof indicatedOptions>;

const indicated: Template<IndicatedOptions> = {
  name: 'indicated',
  summary: 'a keyword indication needs a recording event within a limit',
  options: indicatedOptions,
  evaluate: () => [],
  explain: (rule, ctx) =>
    `When a note mentions ${rule.options.keywords} keywords (${(ctx.keywords[rule.options.keywords] ?? []).join(', ')}), a ${rule.options.target.join(' or ')} must follow within ${ctx.describeLimit(rule.options.limit)}.`,
};

export const FAKE_TEMPLATES: Readonly<Record<string, Template<any>>> = { within, indicated };
