import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FORMATTERS } from '../../src/report/formatters/all.js';
import { jsonReportSchema } from '../../src/report/schema.js';
import { fixtureReport } from './fixture.js';

/**
 * Golden files: every format from the one fixture audit, reviewed by eye once, then compared
 * byte for byte. Regenerate with UPDATE_GOLDEN=1 and read the diff before committing it.
 */
const dir = fileURLToPath(new URL('../fixtures/report/', import.meta.url));
const GOLDEN: Array<[string, string, boolean]> = [
  ['json', 'report.json', false],
  ['text', 'report.txt', false],
  ['csv', 'report.csv', false],
  ['md', 'report.md', false],
  ['json', 'report-redacted.json', true],
  ['text', 'report-redacted.txt', true],
];

describe('golden reports', () => {
  test.each(GOLDEN)('%s matches %s', (format, file, redact) => {
    const out = FORMATTERS[format]!(fixtureReport({ redact }), { colour: false, width: 100 });
    const path = dir + file;
    if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, out);
    expect(out).toBe(readFileSync(path, 'utf8'));
  });

  test('the JSON report validates against the schema, redacted or not', () => {
    for (const redact of [false, true]) {
      const parsed = jsonReportSchema.safeParse(JSON.parse(FORMATTERS.json!(fixtureReport({ redact }), { colour: false })));
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });
});
