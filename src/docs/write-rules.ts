import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesMarkdown } from './rules-md.js';

/** `npm run docs`: regenerates docs/rules.md; a test fails when the committed file differs. */
const target = fileURLToPath(new URL('../../docs/rules.md', import.meta.url));
writeFileSync(target, rulesMarkdown());
process.stderr.write(`wrote ${target}\n`);
