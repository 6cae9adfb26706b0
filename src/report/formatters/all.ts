import type { Formatter } from '../types.js';
import { formatCsv } from './csv.js';
import { html as formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatText } from './text.js';

/** Every formatter loaded at once, by format name (tests and tools that use them all). */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  text: formatText,
  json: formatJson,
  csv: formatCsv,
  md: formatMarkdown,
  html: formatHtml,
};

export { formatCsv, formatHtml, formatJson, formatMarkdown, formatText };
