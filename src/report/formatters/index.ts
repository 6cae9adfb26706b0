import type { Formatter } from '../types.js';

/**
 * Every output format by the name `--format` takes (Spectral's map of formatters), each loaded
 * when asked for: a JSON report of a script's nightly run need not load the terminal's colour and
 * table libraries, nor the HTML page.
 */
export const FORMATTER_LOADERS = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  csv: async () => (await import('./csv.js')).formatCsv,
  md: async () => (await import('./markdown.js')).formatMarkdown,
  html: async () => (await import('./html.js')).html,
} as const satisfies Record<string, () => Promise<Formatter>>;

export type ReportFormat = keyof typeof FORMATTER_LOADERS;

export function loadFormatter(format: ReportFormat): Promise<Formatter> {
  return FORMATTER_LOADERS[format]();
}
