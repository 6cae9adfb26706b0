/**
 * Making data values safe for each output. Case notes are written by members of the public and
 * by officers; every value from the data passes through one of these before a formatter prints it.
 */

// ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-byte
// escapes, and their 8-bit C1 forms (U+009B CSI, U+009D OSC).
const ANSI_SEQUENCE =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[P^_X][^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;
// C0 and C1 controls (tab, LF and CR are handled separately), DEL, and the bidirectional
// overrides and isolates that can make a terminal or editor show text out of order.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Removes ANSI escape sequences and control characters; keeps tabs and line breaks. */
export function stripControls(value: string): string {
  return value.replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}

/** One line of plain text: controls removed, any run of line breaks or tabs becomes one space. */
export function oneLine(value: string): string {
  return stripControls(value).replace(/[\t\r\n]+/g, ' ');
}

/** Characters Markdown gives a meaning to inside a line (GFM tables, emphasis, links, code). */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+!|~$]/g;

/**
 * A data value as inert Markdown inside a line or table cell: Markdown punctuation
 * backslash-escaped, HTML's `& < >` as entities (GitHub and most renderers pass raw HTML
 * through), line breaks as `<br>`.
 */
export function escapeMarkdown(value: string): string {
  return stripControls(value)
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/\t/g, ' ');
}

/** A value as inert HTML text or attribute content. */
export function escapeHtml(value: string): string {
  return stripControls(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * OWASP CSV injection: a cell that starts with `= + - @`, tab or carriage return is read by
 * spreadsheets as a formula. A leading single quote makes it text.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  // Neutralise before flattening line breaks, so a leading tab or CR is still seen.
  const text = oneLine(neutraliseCsvCell(stripControls(value)));
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated (RFC 4180; what Excel writes). */
export function csvRecord(fields: ReadonlyArray<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** Where a row is, as people type it into an editor: `file:line`, or `file#pointer` for JSON. */
export function sourceLabel(source: { file: string; line?: number; pointer?: string } | undefined): string {
  if (!source) return '';
  if (source.line !== undefined) return `${source.file}:${source.line}`;
  if (source.pointer !== undefined) return `${source.file}#${source.pointer}`;
  return source.file;
}

/**
 * A data-quality note's message for a report that shows its source beside it. The readers write
 * some messages with their place first (`events.csv:3: …`), as stderr needs them, so a table that
 * has a source column would say the place twice and cut off what went wrong.
 */
export function noteMessage(note: { message: string; source?: { file: string; line?: number; pointer?: string } }): string {
  const place = sourceLabel(note.source);
  return place !== '' && note.message.startsWith(`${place}: `) ? note.message.slice(place.length + 2) : note.message;
}
