import type { CaseInput, DataQualityNote, SourceRef } from '../model/index.js';
import type { InputEncoding } from './decoding.js';

/** One input file as the JSON report lists it (SPEC 5 `inputs`). */
export interface InputSummary {
  readonly file: string;
  readonly sha256: string;
  /** Data rows read (CSV records after the header, JSON events or cases, NDJSON lines), usable or not. */
  readonly rows: number;
}

/** Everything read from the command line's inputs, merged by case_id. */
export interface Caseload {
  readonly cases: Map<string, CaseInput>;
  readonly inputs: InputSummary[];
  readonly notes: DataQualityNote[];
  readonly duplicatesRemoved: number;
}

/**
 * The seam for issue 5's mappings (SPEC 1.4). A mapping sees a file's header once and returns how
 * to turn each raw row into canonical rows: a canonical header (snake_case names of SPEC 1.1 and
 * 1.3, plus attributes) and, per raw row, zero or more rows aligned with it. Renaming columns,
 * mapping values onto canonical types and parties, and turning a case-per-row export into several
 * events all fit this shape. JSON objects go through it too, their keys as the header.
 */
export interface RowMapping {
  forHeader(header: readonly string[], file: string): MappedHeader;
}

export interface MappedHeader {
  readonly header: readonly string[];
  /**
   * Canonical rows for one raw row; the identity returns `[row]`. `source` is where the raw row
   * is, for a mapping that must refuse a value (`--strict`) with its file and line.
   */
  rows(row: readonly string[], source: SourceRef): readonly (readonly string[])[];
  /**
   * Case-record rows from the same raw row, aligned with `caseHeader` (a case-per-row export, or
   * columns a mapping marks as case attributes beside an event log). Absent: none.
   */
  readonly caseHeader?: readonly string[];
  caseRows?(row: readonly string[], source: SourceRef): readonly (readonly string[])[];
}

/**
 * One of `count` parts of a read split between threads by case (see `shardOf`): a shard reads
 * every row and keeps the rows of its own cases, or, in a read split by byte range (see
 * ReadPlan), reads its part of each large CSV file for every shard and the rest whole.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface ReadOptions {
  /** An unusable row is an error (exit 2), not a data-quality note. */
  readonly strict?: boolean;
  readonly encoding?: InputEncoding;
  /** CSV field delimiter; `,` unless given (`\t` or `tab` for tab-separated). */
  readonly delimiter?: string;
  /** What the path `-` reads. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Issue 7: a CSV field longer than this many bytes stops the file with an error (default 1 MiB). */
  readonly maxFieldBytes?: number;
  /** Issue 5: column and value mapping. Absent: inputs are canonical. */
  readonly mapping?: RowMapping;
  /**
   * Called after each chunk of a streamed file (CSV, NDJSON), for a progress bar on long reads
   * (issue 6). Readers never print: what to show, and whether, is the command's business.
   */
  readonly onProgress?: (progress: ReadProgress) => void;
}

export interface ReadProgress {
  readonly file: string;
  /** Bytes of this file read so far. */
  readonly bytes: number;
  /** The file's size, when it is a regular file. */
  readonly totalBytes?: number;
}
