import { stripControls } from '../safe-text.js';

/**
 * Escaping for every value that comes from the data. Case notes are written by the public and
 * officers, so any of them may hold markup; one function covers HTML text, quoted attribute
 * values and SVG <title> text alike (attributes are always double-quoted here).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Control characters and escape sequences are dropped too: they are parse errors in HTML, and a
 * report opened with `cat` or `less -R` must not drive the terminal.
 */
export function esc(value: unknown): string {
  return stripControls(String(value ?? '')).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Shortens a label for a fixed-width chart gutter; the full text goes in a <title>. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
