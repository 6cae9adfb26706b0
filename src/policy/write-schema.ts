import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyJsonSchemaText } from './json-schema.js';

/**
 * `npm run schema`: regenerates policies/policy.schema.json from the zod schemas and the
 * template registry. A test fails when the committed file differs, so it cannot drift.
 */
const target = fileURLToPath(new URL('../../policies/policy.schema.json', import.meta.url));
writeFileSync(target, policyJsonSchemaText());
process.stderr.write(`wrote ${target}\n`);
