import { basename } from 'node:path';
import { UserError } from '../../cli/errors.js';
import type { SourceRef } from '../../model/index.js';
import { describeSource } from '../caseload-builder.js';
import type { MappedHeader, RowMapping } from '../types.js';
import { dateConverter, dateReader, type DateReader } from './dates.js';
import type { Mapping } from './load.js';
import type { MilestoneData, SectionData } from './schema.js';
import { valueMap, type ValueMap } from './values.js';
import { DATE_COLUMNS, isCanonicalValue, VOCABULARIES } from './vocabulary.js';

/**
 * A validated mapping as the readers' RowMapping seam (src/input/types.ts): for each file's
 * header, the plan that turns its raw rows into canonical event rows and case-record rows. All
 * name lookups happen here, once per header; a row is then read by index.
 */

export interface MappingOptions {
  /** An export value that maps to nothing, or is no canonical value, is an error (exit 2). */
  readonly strict?: boolean;
  /** Columns marked personal never reach the caseload. */
  readonly redact?: boolean;
  /** Told of each export value that maps to nothing (`mapping check` counts them). */
  readonly onUnmapped?: (column: string, value: string, source: SourceRef) => void;
}

/** Event fields whose values a strict read insists are canonical, mapped or not. */
const EVENT_VOCABULARY = new Set(['type', 'party', 'direction', 'channel', 'outcome']);

/** One file's section, with what it inherits from the top of the mapping. */
export interface ResolvedSection extends SectionData {
  /** The `files` entry's pattern, or undefined for a mapping with one section for every file. */
  readonly match?: string;
}

export function sectionFor(mapping: Mapping, file: string): ResolvedSection | undefined {
  const { files, name: _n, description: _d, ...top } = mapping.data;
  if (files === undefined) return top;
  const name = basename(file);
  const section = files.find((s) => globToRegExp(s.match).test(name));
  if (section === undefined) return undefined;
  return { ...section, dates: section.dates ?? top.dates, personal: [...(top.personal ?? []), ...(section.personal ?? [])] };
}

/** `*contacts*.csv` -> a case-insensitive whole-name pattern (`*` any run, `?` one character). */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export function rowMapping(mapping: Mapping, options: MappingOptions = {}): RowMapping {
  return {
    forHeader(header, file) {
      const section = sectionFor(mapping, file);
      if (section === undefined) return { header, rows: (row) => [row] };
      return planFor(section, header, file, options);
    },
  };
}

/** A source column's position by its export name (ignoring case and spaces) or by what it is renamed to. */
function columnFinder(header: readonly string[], renamed: readonly string[]): (name: string) => number {
  const lower = header.map((h) => h.trim().toLowerCase());
  return (name) => {
    const i = lower.indexOf(name.trim().toLowerCase());
    return i >= 0 ? i : renamed.indexOf(name.trim());
  };
}

function planFor(section: ResolvedSection, rawHeader: readonly string[], file: string, options: MappingOptions): MappedHeader {
  const header = rawHeader.map((h) => h.trim());
  const renames = new Map(Object.entries(section.columns ?? {}).map(([from, to]) => [from.trim().toLowerCase(), to.trim()]));
  const renamed = header.map((h) => renames.get(h.toLowerCase()) ?? h);
  const find = columnFinder(header, renamed);
  const resolve = (names: readonly string[] | undefined) => new Set((names ?? []).map(find).filter((i) => i >= 0));
  const dropped = options.redact ? resolve(section.personal) : new Set<number>();
  const milestones = (section.events ?? []).map((m) => ({ ...m, index: find(m.column) }));
  const milestoneColumns = new Set(milestones.map((m) => m.index).filter((i) => i >= 0));

  // The full canonical row: every kept column under its new name, then fields only the mapping fills.
  const names: string[] = [];
  const from: number[] = [];
  header.forEach((_, i) => {
    if (dropped.has(i) || milestoneColumns.has(i) || renamed[i] === '') return;
    names.push(renamed[i]!);
    from.push(i);
  });
  const position = (name: string): number => {
    let k = names.indexOf(name);
    if (k < 0) {
      k = names.push(name) - 1;
      from.push(-1);
    }
    return k;
  };
  const maps: [number, ValueMap, string][] = [];
  for (const [column, entries] of Object.entries(section.values ?? {})) {
    const i = find(column);
    const k = i >= 0 ? from.indexOf(i) : -1;
    if (k < 0) continue; // not a column of this file (a section may serve several exports)
    maps.push([k, valueMap(names[k]!, entries), header[i]!]);
    for (const target of Object.values(entries)) {
      if (target !== null && typeof target === 'object') for (const field of Object.keys(target)) position(field);
    }
  }
  const defaults = Object.entries(section.defaults ?? {}).map(([name, value]) => [position(name), value] as const);
  const readers = (section.dates ?? []).map(dateReader).filter((r): r is DateReader => typeof r === 'function');
  const toDate = dateConverter(readers);
  const dateAt = names.flatMap((n, k) => (DATE_COLUMNS.has(n) ? [k] : []));
  const mapped = new Set(maps.map(([k]) => k));
  const checkAt = options.strict || options.onUnmapped ? names.flatMap((n, k) => (n in VOCABULARIES && !mapped.has(k) && from[k]! >= 0 ? [k] : [])) : [];

  // The readers ask for a raw row's case record and its events with one source object: map it once.
  let lastSource: SourceRef | undefined;
  let lastRow: string[] | undefined;
  const full = (row: readonly string[], source: SourceRef): string[] | undefined => {
    if (source !== lastSource) {
      lastSource = source;
      lastRow = undefined;
      lastRow = fullRow(row, source);
    }
    return lastRow;
  };

  /** The full canonical row for a raw one, or undefined when a value maps to ~ (drop the row). */
  const fullRow = (row: readonly string[], source: SourceRef): string[] | undefined => {
    const out = from.map((i) => (i < 0 ? '' : (row[i] ?? '')));
    let fills: (readonly [string, string])[] | undefined;
    for (const [k, map, column] of maps) {
      const raw = out[k]!;
      if (raw.trim() === '') continue;
      const result = map.lookup(raw);
      if (result.kind === 'drop') return undefined;
      if (result.kind === 'unmapped') {
        // Free columns (vulnerabilities, notes) keep what the map does not name; a closed list must be met.
        if (!(names[k]! in VOCABULARIES) || isCanonicalValue(names[k]!, raw)) continue;
        options.onUnmapped?.(column, raw.trim(), source);
        if (options.strict) {
          throw new UserError(`${describeSource(source)}: ${column} ${JSON.stringify(raw.trim())} maps to nothing in the mapping (--strict: an unmapped value is an error)`);
        }
        continue;
      }
      if (result.own !== undefined) out[k] = result.own;
      if (result.fields.length > 0) (fills ??= []).push(...result.fields);
    }
    // A field set by another column's value fills a blank only: the export's own column wins.
    if (fills) for (const [name, value] of fills) if (out[names.indexOf(name)]!.trim() === '') out[names.indexOf(name)] = value;
    for (const [k, value] of defaults) if (out[k]!.trim() === '') out[k] = value;
    for (const k of dateAt) out[k] = toDate(out[k]!);
    for (const k of checkAt) {
      const value = out[k]!;
      if (value.trim() !== '' && !isCanonicalValue(names[k]!, value)) {
        options.onUnmapped?.(header[from[k]!]!, value.trim(), source);
        if (EVENT_VOCABULARY.has(names[k]!) && options.strict) throw new UserError(`${describeSource(source)}: ${names[k]} ${JSON.stringify(value.trim())} is not a canonical value and the mapping maps nothing onto it (--strict)`);
      }
    }
    return out;
  };

  if (milestones.length > 0) return caseRowPlan(names, full, milestones, header, toDate, file);

  const caseAttributes = resolve(section.case_attributes);
  const isEventLog = names.includes('type');
  if (caseAttributes.size === 0 || !isEventLog) return { header: names, rows: (row, source) => one(full(row, source)) };
  // Columns of an event log that describe the case go to its case record, not to each event.
  const caseKeep = names.flatMap((_, k) => (caseAttributes.has(from[k]!) ? [k] : []));
  const eventKeep = names.flatMap((_, k) => (caseAttributes.has(from[k]!) ? [] : [k]));
  const caseIdAt = names.indexOf('case_id');
  return {
    header: eventKeep.map((k) => names[k]!),
    rows: (row, source) => one(project(full(row, source), eventKeep)),
    caseHeader: ['case_id', ...caseKeep.map((k) => names[k]!)],
    caseRows: (row, source) => {
      const out = full(row, source);
      return out === undefined ? [] : [[caseIdAt < 0 ? '' : out[caseIdAt]!, ...caseKeep.map((k) => out[k]!)]];
    },
  };
}

function one(row: string[] | undefined): string[][] {
  return row === undefined ? [] : [row];
}

function project(row: string[] | undefined, keep: readonly number[]): string[] | undefined {
  return row === undefined ? undefined : keep.map((k) => row[k]!);
}

const EVENT_HEADER = ['case_id', 'occurred_at', 'type', 'party', 'direction', 'channel', 'outcome', 'detail'] as const;

/**
 * A case-per-row export: the row's other columns are its case record; each date in a milestone
 * column (each of several, for a list column) is one event of the milestone's type.
 */
function caseRowPlan(
  names: readonly string[],
  full: (row: readonly string[], source: SourceRef) => string[] | undefined,
  milestones: readonly (MilestoneData & { index: number })[],
  header: readonly string[],
  toDate: (text: string) => string,
  file: string,
): MappedHeader {
  const caseIdAt = names.indexOf('case_id');
  if (caseIdAt < 0) throw new UserError(`${file}: the mapping names no column as case_id (columns: ${header.join(', ')})`);
  const attributeNames = [...new Set(milestones.flatMap((m) => Object.keys(m.attributes ?? {})))];
  const eventHeader = [...EVENT_HEADER, ...attributeNames];
  const find = columnFinder(header, names as string[]);
  const plans = milestones
    .filter((m) => m.index >= 0)
    .map((m) => ({
      ...m,
      detailAt: m.detail === undefined ? -1 : find(m.detail),
      attributeAt: attributeNames.map((name) => (m.attributes?.[name] === undefined ? -1 : find(m.attributes[name]!))),
    }));
  const caseKeep = names.flatMap((_, k) => (k === caseIdAt ? [] : [k]));
  return {
    header: eventHeader,
    rows(row, source) {
      const record = full(row, source);
      if (record === undefined) return [];
      const caseId = record[caseIdAt]!;
      const events: string[][] = [];
      for (const m of plans) {
        const cell = (row[m.index] ?? '').trim();
        if (cell === '') continue;
        const dates = m.list === undefined ? [cell] : cell.split(m.list).map((d) => d.trim()).filter((d) => d !== '');
        const detail = m.detailAt < 0 ? '' : (row[m.detailAt] ?? '');
        const attributes = m.attributeAt.map((i) => (i < 0 ? '' : (row[i] ?? '')));
        for (const date of dates) {
          events.push([caseId, toDate(date), m.type, m.party ?? '', m.direction ?? '', m.channel ?? '', m.outcome ?? '', detail, ...attributes]);
        }
      }
      return events;
    },
    caseHeader: ['case_id', ...caseKeep.map((k) => names[k]!)],
    caseRows(row, source) {
      const record = full(row, source);
      return record === undefined ? [] : [[record[caseIdAt]!, ...caseKeep.map((k) => record[k]!)]];
    },
  };
}
