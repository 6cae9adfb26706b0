import type { DataQualityKind, DataQualityNote, SourceRef } from '../model/index.js';

/** Listed one by one up to this many per kind and file; the rest are counted in one note. */
export const NOTES_PER_FILE = 100;

/** Kinds that can repeat once per row of a file: listed up to NOTES_PER_FILE, then counted. */
const LIMITED_KINDS: ReadonlySet<DataQualityKind> = new Set(['unparseable-row', 'duplicate-removed']);

/**
 * A note with its place in reading order. Rows are numbered in the order they are read across
 * all inputs; a row's note has key 2 x row, a note about no row (a file with no data rows) the
 * odd key after the last row read. The same rows give the same keys in every shard of a sharded
 * read, which is what lets notes from several shards be put back in one order.
 */
export interface KeyedNote {
  readonly key: number;
  readonly note: DataQualityNote;
}

interface LimitedNotes {
  readonly kind: DataQualityKind;
  readonly file: string;
  count: number;
  listed: KeyedNote[];
}

/** The vocabulary fields in the order a row's are read (CaseloadBuilder.eventRow). */
const FIELD_ORDER: readonly UnknownValue['field'][] = ['type', 'party', 'direction', 'channel', 'outcome'];

export interface UnknownValue {
  readonly field: 'type' | 'party' | 'direction' | 'channel' | 'outcome';
  readonly value: string;
  count: number;
  source: SourceRef;
  key: number;
}

/** What a read noted, in a form that crosses a worker boundary (plain data) and merges. */
export interface ReadNotesState {
  readonly notes: KeyedNote[];
  readonly limited: LimitedNotes[];
  readonly unknown: UnknownValue[];
}

/**
 * The data-quality notes of one read (or of one shard of it). Notes that repeat per row keep only
 * the NOTES_PER_FILE earliest per kind and file, so a file of a million bad rows costs a hundred
 * notes and a count.
 */
export class ReadNotes {
  private readonly notes: KeyedNote[] = [];
  private readonly limited = new Map<string, LimitedNotes>();
  private readonly unknown = new Map<string, UnknownValue>();

  add(note: DataQualityNote, key: number): void {
    if (!LIMITED_KINDS.has(note.kind)) {
      this.notes.push({ key, note });
      return;
    }
    const file = note.source?.file ?? '';
    const id = `${note.kind}\u0000${file}`;
    let bucket = this.limited.get(id);
    if (bucket === undefined) this.limited.set(id, (bucket = { kind: note.kind, file, count: 0, listed: [] }));
    bucket.count++;
    bucket.listed.push({ key, note });
    // Duplicates are found case by case, not in reading order: keep the earliest by key, trimming
    // now and then so the list stays short.
    if (bucket.listed.length >= 4 * NOTES_PER_FILE) bucket.listed = earliest(bucket.listed);
  }

  /** A value outside its vocabulary: counted, and the first place it was seen kept. */
  unknownValue(field: UnknownValue['field'], value: string, source: SourceRef, key: number): void {
    const id = `${field}\u0000${value}`;
    const seen = this.unknown.get(id);
    if (seen === undefined) this.unknown.set(id, { field, value, count: 1, source, key });
    else {
      seen.count++;
      if (key < seen.key) {
        seen.key = key;
        seen.source = source;
      }
    }
  }

  /** Takes in the notes of another read's state (another thread's part of a split read). */
  absorb(state: ReadNotesState): void {
    for (const note of state.notes) this.notes.push(note);
    for (const bucket of state.limited) {
      const id = `${bucket.kind}\u0000${bucket.file}`;
      const seen = this.limited.get(id);
      if (seen === undefined) this.limited.set(id, { ...bucket, listed: [...bucket.listed] });
      else {
        seen.count += bucket.count;
        seen.listed = earliest([...seen.listed, ...bucket.listed]);
      }
    }
    for (const u of state.unknown) {
      const id = `${u.field}\u0000${u.value}`;
      const seen = this.unknown.get(id);
      if (seen === undefined) this.unknown.set(id, { ...u });
      else {
        seen.count += u.count;
        if (u.key < seen.key) {
          seen.key = u.key;
          seen.source = u.source;
        }
      }
    }
  }

  state(): ReadNotesState {
    for (const bucket of this.limited.values()) bucket.listed = earliest(bucket.listed);
    return { notes: this.notes, limited: [...this.limited.values()], unknown: [...this.unknown.values()] };
  }
}

function earliest(list: KeyedNote[]): KeyedNote[] {
  return list.sort(byKey).slice(0, NOTES_PER_FILE);
}

function byKey(a: { key: number }, b: { key: number }): number {
  return a.key - b.key;
}

/**
 * The notes of one read from the notes of its shards (one shard: a plain read), in an order that
 * does not depend on how the read was split: every listed note in reading order, then each
 * unknown value (in the order first seen), then the counts of notes not listed one by one.
 */
export function settleReadNotes(states: readonly ReadNotesState[]): DataQualityNote[] {
  const read = new ReadNotes();
  for (const state of states) read.absorb(state);
  const { notes: plain, limited, unknown } = read.state();
  const listed = [...plain];
  for (const bucket of limited) listed.push(...bucket.listed);
  const notes = listed.sort(byKey).map((k) => k.note);

  // One row's unknown values (the same key) in the order a row's fields are read: which part of a
  // split read met a value first must not change the order.
  for (const u of [...unknown].sort((a, b) => a.key - b.key || FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field))) {
    const times = u.count === 1 ? 'once' : `${u.count} times`;
    const what = u.field === 'type' ? 'unknown event type' : `unknown ${u.field}`;
    notes.push({
      kind: u.field === 'type' ? 'unknown-type' : 'unknown-value',
      message: `${what} ${JSON.stringify(u.value)} kept as it is, ${times} (first at ${describeSource(u.source)})`,
      source: u.source,
    });
  }
  const overflowing = limited.filter((b) => b.count > NOTES_PER_FILE).sort((a, b) => a.listed[0]!.key - b.listed[0]!.key);
  for (const b of overflowing) {
    const what = b.kind === 'unparseable-row' ? 'unusable rows skipped' : 'duplicate events removed';
    notes.push({ kind: b.kind, message: `${b.file}: ${b.count - NOTES_PER_FILE} more ${what} (not listed one by one)`, source: { file: b.file } });
  }
  return notes;
}

/** Where a row is, as messages show it: `events.csv:12` or `cases.json#/cases/3/events/7`. */
export function describeSource(source: SourceRef): string {
  if (source.pointer !== undefined) return `${source.file}#${source.pointer}`;
  return source.line === undefined ? source.file : `${source.file}:${source.line}`;
}
