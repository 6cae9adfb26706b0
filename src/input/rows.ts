import { UserError } from '../cli/errors.js';
import type { SourceRef } from '../model/index.js';
import type { RowSink } from './caseload-builder.js';
import { layoutFromHeader, type FileKind, type Layout } from './layout.js';
import type { RowMapping } from './types.js';

/** Reads the rows of one header: through the mapping (when there is one) into the builder. */
export type RowReader = (values: readonly string[], source: SourceRef) => void;

/**
 * The case_id a raw row is read with (through the mapping, when there is one), or ''. Asked with
 * the source the row was just read with, a mapping gives back the row it has already mapped.
 */
export type CaseIdReader = (values: readonly string[], source: SourceRef) => string;

/**
 * The one place a header meets the mapping seam (issue 5) and becomes a layout. Returns the
 * missing required columns when the (mapped) header lacks them.
 */
export function rowReaderFor(
  header: readonly string[],
  file: string,
  builder: RowSink,
  mapping: RowMapping | undefined,
  expected?: FileKind,
  /** The header's physical line, for messages (a CSV's; a JSON file's keys have none). */
  headerLine?: number,
): { read: RowReader; kind: FileKind; caseIdOf: CaseIdReader } | { missing: string[] } {
  const mapped = mapping?.forHeader(header, file);
  refuseRepeatedColumns(mapped ? mapped.header : header, headerLine === undefined ? file : `${file}:${headerLine}`);
  const layout = layoutFromHeader(mapped ? mapped.header : header, expected);
  if ('missing' in layout) return layout;
  const readCanonical = canonicalReader(layout, builder);
  if (mapped === undefined) return { read: readCanonical, kind: layout.kind, caseIdOf: (values) => (values[layout.caseId] ?? '').trim() };
  const caseLayout = mapped.caseHeader && mapped.caseRows ? layoutFromHeader(mapped.caseHeader, 'cases') : undefined;
  if (caseLayout !== undefined && 'missing' in caseLayout) return caseLayout;
  const readCaseRow = caseLayout && canonicalReader(caseLayout, builder);
  return {
    kind: layout.kind,
    caseIdOf: (values, source) => (mapped.rows(values, source)[0]?.[layout.caseId] ?? '').trim(),
    read: (values, source) => {
      if (readCaseRow) for (const row of mapped.caseRows!(values, source)) readCaseRow(row, source);
      for (const row of mapped.rows(values, source)) readCanonical(row, source);
    },
  };
}

function canonicalReader(layout: Layout, builder: RowSink): RowReader {
  return layout.kind === 'events'
    ? (values, source) => builder.eventRow(layout, values, source)
    : (values, source) => builder.caseRow(layout, values, source);
}

/**
 * A column named twice is ambiguous (which `type` is the event's?): reading the first and ignoring
 * the other would audit the wrong values without a word, so the file is refused.
 */
function refuseRepeatedColumns(header: readonly string[], where: string): void {
  const seen = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return;
    const first = seen.get(name);
    if (first !== undefined) {
      throw new UserError(`${where}: column ${JSON.stringify(name)} appears twice (columns ${first + 1} and ${i + 1})`);
    }
    seen.set(name, i);
  });
}
