import { z } from 'zod';
import { TEMPLATES } from '../templates/index.js';
import type { Template } from '../templates/template.js';
import { policyFileShape, ruleCommonShape } from './schema.js';

/**
 * The policy file's JSON Schema, generated from the same zod schemas the loader uses, so editors
 * validate a policy as it is typed (`# yaml-language-server: $schema=...`). Each rule is one of
 * the registered templates, with that template's options; with no templates registered, rules
 * only have their common keys checked.
 */
function policySchema(templates: Readonly<Record<string, Template<any>>>): z.ZodType {
  const names = Object.keys(templates).sort();
  const ruleSchemas = names.map((name) => {
    const options = templates[name]!.options as z.ZodType;
    const shape = (options as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } })._zod.def;
    const common = { ...ruleCommonShape, template: z.literal(name).describe(templates[name]!.summary) };
    return shape.type === 'object' && shape.shape ? z.strictObject({ ...common, ...shape.shape }) : z.looseObject(common);
  });
  const rule =
    ruleSchemas.length === 0
      ? z.looseObject(ruleCommonShape)
      : ruleSchemas.length === 1
        ? ruleSchemas[0]!
        : z.discriminatedUnion('template', ruleSchemas as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);
  return z.strictObject({ ...policyFileShape, rules: z.array(rule).min(1).describe(policyFileShape.rules.description ?? '') });
}

export function policyJsonSchema(templates: Readonly<Record<string, Template<any>>> = TEMPLATES): Record<string, unknown> {
  const generated = z.toJSONSchema(policySchema(templates), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  // Conditions nest (any/all/not), so zod defines them once as `__schema0`: give it its name.
  const defs = Object.keys((generated.$defs ?? {}) as Record<string, unknown>);
  const schema = (defs.length === 1 && defs[0] === '__schema0'
    ? JSON.parse(JSON.stringify(generated).replaceAll('"__schema0"', '"condition"').replaceAll('#/$defs/__schema0"', '#/$defs/condition"'))
    : generated) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://caseaudit.invalid/policy.schema.json',
    title: 'caseaudit policy',
    description: "A landlord's ASB casework policy for caseaudit: keyword lists, conditions and rules (see docs/policy.md).",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The text of policies/policy.schema.json. */
export function policyJsonSchemaText(templates: Readonly<Record<string, Template<any>>> = TEMPLATES): string {
  return `${JSON.stringify(policyJsonSchema(templates), null, 2)}\n`;
}
