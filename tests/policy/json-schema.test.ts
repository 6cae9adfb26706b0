import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema, policyJsonSchemaText } from '../../src/policy/json-schema.js';
import { TEMPLATES } from '../../src/templates/index.js';
import { FAKE_TEMPLATES } from './fake-templates.js';

const committed = (): string => readFileSync(new URL('../../policies/policy.schema.json', import.meta.url), 'utf8');

describe('policies/policy.schema.json', () => {
  it('is exactly what `npm run schema` generates from the zod schemas and templates (run it after changing either)', () => {
    expect(committed()).toBe(policyJsonSchemaText(TEMPLATES));
  });
});

describe('the generated JSON Schema', () => {
  const schema = policyJsonSchema(FAKE_TEMPLATES) as {
    required: string[];
    additionalProperties: boolean;
    properties: Record<string, { items?: { oneOf?: { properties: Record<string, { const?: string }>; required: string[]; additionalProperties: boolean }[] } }>;
    $defs: Record<string, unknown>;
  };

  it('requires name and rules and refuses unknown top-level fields', () => {
    expect(schema.required).toEqual(['name', 'rules']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['name', 'reference', 'landlord', 'systemic_threshold', 'vulnerability_keywords', 'calendar', 'keywords', 'conditions', 'rules', 'input']);
  });

  it('describes the input: section as a mapping file, strict like one', () => {
    const input = (schema.properties as Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }>).input!;
    expect(Object.keys(input.properties ?? {})).toEqual(['name', 'description', 'columns', 'values', 'defaults', 'dates', 'personal', 'case_attributes', 'events', 'files']);
    expect(input.additionalProperties).toBe(false);
  });

  it('makes each rule one of the templates, with that template\'s options and no others', () => {
    const branches = schema.properties.rules!.items!.oneOf!;
    expect(branches.map((b) => b.properties.template!.const)).toEqual(['indicated', 'within']);
    const within = branches[1]!;
    expect(Object.keys(within.properties)).toEqual(['id', 'theme', 'severity', 'clause', 'when', 'aggravate', 'template', 'trigger', 'target', 'each', 'trigger_mentions', 'limit']);
    expect(within.required).toEqual(['id', 'theme', 'severity', 'clause', 'template', 'trigger', 'target', 'limit']);
    expect(within.additionalProperties).toBe(false);
  });

  it('defines the recursive condition once, by name', () => {
    expect(Object.keys(schema.$defs)).toEqual(['condition']);
    expect(JSON.stringify(schema)).not.toContain('__schema');
  });
});
