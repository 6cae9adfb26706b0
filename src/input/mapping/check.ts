import type { SourceRef } from '../../model/index.js';
import { rowMapping, sectionFor } from './compile.js';
import type { ExportRows } from './export-rows.js';
import type { Mapping } from './load.js';

/** What `mapping check` shows of one export: how its first rows map and what maps to nothing. */
export function describeExport(mapping: Mapping, exported: ExportRows, previewRows = 3): string {
  const out: string[] = [];
  const section = sectionFor(mapping, exported.file);
  if (section === undefined) return `${exported.file}: no section of the mapping matches this file name; it is read as canonical\n`;
  out.push(`${exported.file}: ${section.match === undefined ? 'the mapping' : `section "${section.match}"`}`);
  const missing = mentionedColumns(section).filter((c) => !exported.header.some((h) => h.toLowerCase() === c.toLowerCase()));
  if (missing.length > 0) out.push(`  columns the mapping names that this file lacks: ${missing.join(', ')}`);

  const unmapped = new Map<string, { count: number; first: SourceRef }>();
  const mapped = rowMapping(mapping, {
    onUnmapped: (column, value, source) => {
      const key = `${column}: ${JSON.stringify(value)}`;
      const seen = unmapped.get(key);
      if (seen) seen.count++;
      else unmapped.set(key, { count: 1, first: source });
    },
  }).forHeader(exported.header, exported.file);
  exported.rows.forEach((row, i) => {
    const source = row.source;
    const cases = mapped.caseRows?.(row.values, source) ?? [];
    const events = mapped.rows(row.values, source);
    if (i >= previewRows) return;
    out.push(`  ${where(source)}:`);
    for (const c of cases) out.push(`    case   ${fields(mapped.caseHeader!, c)}`);
    for (const e of events) out.push(`    ${mapped.caseHeader || events.length > 1 ? 'event  ' : ''}${fields(mapped.header, e)}`);
    if (cases.length === 0 && events.length === 0) out.push('    (no rows: dropped by the mapping)');
  });
  if (unmapped.size === 0) out.push('  every value of a mapped column maps to a canonical value');
  else {
    out.push('  values that map to nothing (kept as written, noted; an error under --strict):');
    for (const [key, { count, first }] of [...unmapped].sort((a, b) => b[1].count - a[1].count)) {
      out.push(`    ${key} (${count === 1 ? 'once' : `${count} times`}, first at ${where(first)})`);
    }
  }
  return out.join('\n') + '\n';
}

/** "line 7" (CSV, NDJSON) or "/cases/0/events/2" (a JSON pointer). */
function where(source: SourceRef): string {
  return source.line !== undefined ? `line ${source.line}` : (source.pointer ?? '');
}

function fields(header: readonly string[], row: readonly string[]): string {
  return header.map((name, i) => [name, row[i] ?? ''] as const).filter(([, v]) => v.trim() !== '').map(([n, v]) => `${n}=${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`).join(' ');
}

function mentionedColumns(section: NonNullable<ReturnType<typeof sectionFor>>): string[] {
  const names = [...Object.keys(section.columns ?? {}), ...(section.events ?? []).map((e) => e.column)];
  return [...new Set(names)];
}
