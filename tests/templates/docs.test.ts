import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../../src/docs/rules-md.js';
import { loadDefaultPolicy } from '../../src/policy/load.js';
import { TEMPLATES } from '../../src/templates/index.js';

const committed = (): string => readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

describe('docs/rules.md', () => {
  it('is exactly what `npm run docs` generates from the templates and the default policy (run it after changing either)', () => {
    expect(committed()).toBe(rulesMarkdown());
  });

  it('documents every rule of the default policy with its explain() sentence and clause', () => {
    const text = committed();
    for (const rule of loadDefaultPolicy().rules) {
      expect(text).toContain(`### \`${rule.id}\``);
      expect(text).toContain(`Clause: ${rule.clause}`);
    }
  });
});

describe('every template has its documentation and its tests (a template added without them fails)', () => {
  const text = committed();
  for (const [name, template] of Object.entries(TEMPLATES)) {
    it(`${name}: tests/templates/${name}.test.ts, a docs/rules.md section, and a description for every option`, () => {
      expect(template.name).toBe(name);
      expect(existsSync(new URL(`./${name}.test.ts`, import.meta.url)), `tests/templates/${name}.test.ts`).toBe(true);
      expect(text).toContain(`### \`${name}\`\n\n${template.summary}\n`);
      const section = text.slice(text.indexOf(`### \`${name}\``)).split('\n### ')[0]!;
      const undescribed = section.split('\n').filter((line) => /^\| `/.test(line) && / \|\s*\|$/.test(line));
      expect(undescribed, 'options without a .describe() text').toEqual([]);
    });
  }
});
