/** What the CSV readers report, and the errors that stop a file. */

export interface CsvScanHandler {
  /**
   * One record: its fields (quotes removed, `""` unescaped) and the physical line it starts on.
   * The array may be reused or kept by the reader: copy it to keep it.
   */
  record(fields: string[], line: number): void;
  /** A record that cannot be read as CSV (text after a closing quote); the reader goes on after it. */
  malformed(line: number, reason: string): void;
}

/** Thrown at the end of input when a quoted field never closes: nothing after it can be trusted. */
export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
    this.name = 'UnclosedQuoteError';
  }
}

/** Issue 7: a field longer than the limit stops the file instead of exhausting memory. */
export class FieldTooLargeError extends Error {
  constructor(
    readonly line: number,
    readonly maxFieldBytes: number,
    /** The field's position in its record (0-based): the header's column it falls under. */
    readonly field: number,
  ) {
    super(`field ${field + 1} of the record starting on line ${line} is longer than ${maxFieldBytes} bytes`);
    this.name = 'FieldTooLargeError';
  }
}

/**
 * A part of a file read on its own (a read split by byte range) does not start or end where a
 * record does: the split guessed wrong (a file whose quotes do not pair up), and the file must be
 * read whole instead. Never reaches the user.
 */
export class PartBoundaryError extends Error {
  constructor(what: string) {
    super(`a part of a split read ${what} inside a record`);
    this.name = 'PartBoundaryError';
  }
}

/** 1 MiB: far beyond any case note, far below what would strain memory. */
export const DEFAULT_MAX_FIELD_BYTES = 1024 * 1024;
