import type { Formatter } from '../types.js';
import { formatCsv } from './csv.js';
import { html as formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatText } from './text.js';

/** Every output format by the name `--format` takes (Spectral's map of formatters). */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  text: formatText,
  json: formatJson,
  csv: formatCsv,
  md: formatMarkdown,
  html: formatHtml,
};

export type ReportFormat = 'text' | 'json' | 'csv' | 'md' | 'html';

export { formatCsv, formatHtml, formatJson, formatMarkdown, formatText };
