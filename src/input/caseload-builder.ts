import { UserError } from '../cli/errors.js';
import { parseDateTime } from '../dates/parse.js';
import {
  CHANNELS,
  CONTACT_OUTCOMES,
  DIRECTIONS,
  EVENT_TYPES,
  PARTIES,
  eventContentKey,
  type CaseEvent,
  type CaseInput,
  type CaseRecord,
  type DataQualityNote,
  type SourceRef,
} from '../model/index.js';
import { NO_TIME, type Moment } from '../dates/london.js';
import { EventStore, StoredCase, type StorePortion, type VocabularyMaps } from './event-store.js';
import { CASE_COLUMNS, type CaseColumn, type Layout } from './layout.js';
import { describeSource, ReadNotes, type ReadNotesState } from './read-notes.js';
import type { InputSummary, Shard } from './types.js';

export { describeSource } from './read-notes.js';

/** The whole read in one shard. */
export const WHOLE: Shard = Object.freeze({ index: 0, count: 1 });

/**
 * The shard a case belongs to when a read is split between threads (FNV-1a of its id): the same
 * in every thread, so each keeps its own cases and skips the rest.
 */
export function shardOf(caseId: string, count: number): number {
  if (count === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) hash = Math.imul(hash ^ caseId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

/** One shard's read: its own cases, everything it noted, and the counts the shards add up. */
export interface ShardRead {
  readonly cases: Map<string, CaseInput>;
  readonly inputs: InputSummary[];
  readonly notes: ReadNotesState;
  readonly duplicatesRemoved: number;
}

/** Enumerated event fields whose unknown values are kept, counted and noted. */
const VOCABULARIES = {
  type: new Set<string>(EVENT_TYPES),
  party: new Set<string>(PARTIES),
  direction: new Set<string>(DIRECTIONS),
  channel: new Set<string>(CHANNELS),
  outcome: new Set<string>(CONTACT_OUTCOMES),
} as const;
type VocabularyField = keyof typeof VOCABULARIES;

const NO_VULNERABILITY = new Set(['none', 'n/a', 'na', '-', '']);
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

interface FieldValue {
  readonly value: string;
  readonly source: SourceRef;
  /** The row's place in reading order (see ReadNotes). */
  readonly row: number;
}

/** No event (an empty chain), no value (an optional field left empty). */
const NONE = -1;

interface CaseDraft {
  readonly caseId: string;
  /** The case's first and last event in the store (NONE: none yet), and how many. */
  first: number;
  last: number;
  count: number;
  /** Case-record values by column (SPEC 1.3 names) or attribute name, first value kept. */
  fields?: Map<string, FieldValue>;
  /** By column: the first value that conflicts with the first (one note per case and column, at finish). */
  conflicts?: Map<string, FieldValue>;
  /** The first case row or JSON case object, when there was one, and its row's key. */
  recordSource?: SourceRef;
  recordRow?: number;
}

/**
 * Where readers hand their rows: a builder, or a ShardRouter that hands each row to the builder
 * of its case's shard.
 */
export interface RowSink {
  eventRow(layout: Layout, values: readonly string[], source: SourceRef): void;
  caseRow(layout: Layout, values: readonly string[], source: SourceRef): void;
  unusableRow(source: SourceRef, problem: string, caseId?: string): void;
  note(note: DataQualityNote): void;
}

/**
 * The key of the next row read: rows are numbered in reading order, and every note and event
 * carries its row's key, which is what puts notes and events back in reading order however a
 * read was split. One object shared by the builders of one reader (see ShardRouter).
 */
export interface RowKeys {
  next: number;
}

/**
 * One thread's builder for another thread's shard, as it crosses to that thread after a read
 * split by byte range (see CaseloadBuilder.portion and absorb): the events it stored, the cases
 * they belong to, and its notes.
 */
export interface BuilderPortion {
  readonly store: StorePortion;
  readonly cases: PortionCase[];
  readonly notes: ReadNotesState;
}

interface PortionCase {
  readonly caseId: string;
  readonly first: number;
  readonly count: number;
  readonly fields?: [string, FieldValue][];
  readonly conflicts?: [string, FieldValue][];
  readonly recordSource?: SourceRef;
  readonly recordRow?: number;
}

/**
 * Collects canonical rows from every input into cases, in reading order. Rows are turned into
 * compact events at once; case-record values are merged by case_id as they arrive; duplicates,
 * unknown values and case records are settled once at the end.
 *
 * A builder may own one shard of the cases (a read split between worker threads): every shard
 * is given every row, keeps the rows of its own cases and skips the rest before any work is done
 * on them (but for the spellings of their values, see learnSpellings). Rows are numbered before
 * that choice, so events and notes carry the same numbers in every shard. A row without a case
 * (and a note about no row) belongs to shard 0. In a read split by byte range, a thread has one
 * builder per shard (a ShardRouter gives each its rows), and hands the others to their threads
 * (portion, absorb).
 */
export class CaseloadBuilder implements RowSink {
  private readonly cases = new Map<string, CaseDraft>();
  private readonly readNotes = new ReadNotes();
  private readonly vocabularies = {
    type: new Vocabulary('type'),
    party: new Vocabulary('party'),
    direction: new Vocabulary('direction'),
    channel: new Vocabulary('channel'),
    outcome: new Vocabulary('outcome'),
  };
  /** Officer name -> its number in `officerNames`. */
  private readonly officers = new Map<string, number>();
  /** The case of the last row read. */
  private lastDraft: CaseDraft | undefined;
  private readonly officerNames: string[] = [];
  private readonly store = new EventStore({
    type: this.vocabularies.type.values,
    party: this.vocabularies.party.values,
    direction: this.vocabularies.direction.values,
    channel: this.vocabularies.channel.values,
    outcome: this.vocabularies.outcome.values,
    officer: this.officerNames,
  });
  private readonly days = new Map<string, Moment | undefined>();
  private readonly shardIndex: number;
  private readonly shardCount: number;

  constructor(
    private readonly strict: boolean,
    shard: Shard = WHOLE,
    /** Rows given so far, in every shard alike: the next row's key. */
    private readonly keys: RowKeys = { next: 0 },
  ) {
    this.shardIndex = shard.index;
    this.shardCount = shard.count;
  }

  /** A row that cannot be used: an error under --strict, otherwise skipped and noted. */
  unusableRow(source: SourceRef, problem: string, caseId?: string): void {
    this.rowProblem(this.keys.next++, source, problem, caseId);
  }

  /** A note about no row in particular (a file without data rows): shard 0 keeps it. */
  note(note: DataQualityNote): void {
    this.keep(note, 2 * this.keys.next - 1);
  }

  /** One event row (canonical columns per `layout`). */
  eventRow(layout: Layout, values: readonly string[], source: SourceRef): void {
    const row = this.keys.next++;
    const caseId = trimmed(values, layout.caseId);
    if (caseId === '') return this.rowProblem(row, source, 'case_id is empty');
    if (this.shardCount !== 1 && shardOf(caseId, this.shardCount) !== this.shardIndex) return this.learnSpellings(layout, values);
    const rawType = trimmed(values, layout.type);
    if (rawType === '') return this.rowProblem(row, source, 'type is empty', caseId);
    const occurredAt = values[layout.occurredAt] ?? '';
    const moment = this.moment(occurredAt);
    if (moment === undefined) {
      const problem = occurredAt.trim() === '' ? 'occurred_at is empty' : `occurred_at ${JSON.stringify(occurredAt)} is not a date this tool reads (ISO 8601 or DD/MM/YYYY)`;
      return this.rowProblem(row, source, problem, caseId);
    }

    let attributes: Record<string, string> | undefined;
    for (const [i, name] of layout.attributes) {
      const value = trimmed(values, i);
      if (value !== '') (attributes ??= {})[name] = ownCopy(value);
    }
    const draft = this.draft(caseId);
    const slot = this.store.add(
      {
        day: moment.day,
        time: moment.time,
        instant: moment.instant,
        type: this.vocabulary('type', rawType, source, row),
        party: this.optionalVocabulary('party', values, layout.party, source, row),
        direction: this.optionalVocabulary('direction', values, layout.direction, source, row),
        channel: this.optionalVocabulary('channel', values, layout.channel, source, row),
        outcome: this.optionalVocabulary('outcome', values, layout.outcome, source, row),
        officer: this.officerName(values, layout.officer),
        detail: freeText(values, layout.detail),
        eventId: optional(values, layout.eventId),
        attributes,
        source,
        seq: row,
      },
      draft.last,
    );
    if (draft.first === NONE) draft.first = slot;
    draft.last = slot;
    draft.count++;
    for (const [i, column] of layout.caseColumns) {
      const value = trimmed(values, i);
      if (value !== '') this.caseValue(draft, column, value, source, row);
    }
  }

  /**
   * The vocabulary values of a row of another shard's case, learnt though the row is skipped:
   * which spelling of a value outside a vocabulary is kept depends on the order every row gives
   * them in (see Vocabulary), so every shard must meet them all, as one read does. Only rows one
   * read would use count (a type, and a date it reads).
   */
  private learnSpellings(layout: Layout, values: readonly string[]): void {
    const v = this.vocabularies;
    const rawType = trimmed(values, layout.type);
    const met = (vocabulary: Vocabulary, index: number) => {
      const raw = trimmed(values, index);
      return raw === '' || vocabulary.has(raw);
    };
    // Nearly every row: every value a spelling met before.
    if (met(v.type, layout.type) && met(v.party, layout.party) && met(v.direction, layout.direction) && met(v.channel, layout.channel) && met(v.outcome, layout.outcome)) return;
    if (rawType === '' || this.moment(values[layout.occurredAt] ?? '') === undefined) return;
    v.type.idOf(rawType);
    for (const [field, index] of [['party', layout.party], ['direction', layout.direction], ['channel', layout.channel], ['outcome', layout.outcome]] as const) {
      const raw = trimmed(values, index);
      if (raw !== '') v[field].idOf(raw);
    }
  }

  /** One case-record row (a case file row, a JSON case object). */
  caseRow(layout: Layout, values: readonly string[], source: SourceRef): void {
    const row = this.keys.next++;
    const caseId = trimmed(values, layout.caseId);
    if (caseId === '') return this.rowProblem(row, source, 'case_id is empty');
    if (this.shardCount !== 1 && shardOf(caseId, this.shardCount) !== this.shardIndex) return;
    const draft = this.draft(caseId);
    if (draft.recordSource === undefined) {
      draft.recordSource = source;
      draft.recordRow = row;
    }
    for (const [i, column] of layout.caseColumns) {
      const value = trimmed(values, i);
      if (value !== '') this.caseValue(draft, column, value, source, row);
    }
    for (const [i, name] of layout.attributes) {
      const value = trimmed(values, i);
      if (value !== '') this.caseValue(draft, name, value, source, row);
    }
  }

  /**
   * The values met outside their vocabularies, as first written. Which spelling of such a value
   * is kept depends on which came first (see Vocabulary), so a read split by byte range is only
   * the same read when no two of them, from any part, could be spellings of one value.
   */
  unknownValues(): string[] {
    return Object.values(this.vocabularies).flatMap((v) => v.unknownValues());
  }

  /** Settles duplicates and case records: this shard's cases, and its notes for merging. */
  finish(inputs: InputSummary[]): ShardRead {
    let duplicatesRemoved = 0;
    const cases = new Map<string, CaseInput>();
    for (const draft of this.cases.values()) {
      this.noteConflicts(draft);
      const removed = this.removeDuplicates(draft);
      duplicatesRemoved += removed;
      const record = this.record(draft);
      cases.set(draft.caseId, new StoredCase(draft.caseId, this.store, draft.first, draft.count - removed, record));
      // A case record without events is noted by the timeline builder ('case-without-events').
    }
    return { cases, inputs, notes: this.readNotes.state(), duplicatesRemoved };
  }

  private rowProblem(row: number, source: SourceRef, problem: string, caseId?: string): void {
    const where = describeSource(source);
    if (this.strict) throw new UserError(`${where}: ${problem} (--strict: an unusable row is an error)`);
    this.keep({ kind: 'unparseable-row', message: `${where}: ${problem}; row skipped`, caseId, source }, 2 * row);
  }

  /** Keeps a note this shard owns: its case's shard, or shard 0 for a note of no case. */
  private keep(note: DataQualityNote, key: number): void {
    if (this.shardCount !== 1) {
      const owner = note.caseId === undefined ? 0 : shardOf(note.caseId, this.shardCount);
      if (owner !== this.shardIndex) return;
    }
    this.readNotes.add(note, key);
  }

  /**
   * Dates without a time repeat across a caseload (a few thousand days), so each is parsed once;
   * date-times are nearly all distinct and are parsed as they come.
   */
  private moment(text: string): Moment | undefined {
    if (text.length > 10) return parseDateTime(text);
    let moment = this.days.get(text);
    if (moment === undefined && !this.days.has(text)) {
      moment = parseDateTime(text);
      this.days.set(text, moment);
    }
    return moment;
  }

  private draft(caseId: string): CaseDraft {
    // A row's case is the previous row's about one time in five (a case's entries of one day): a
    // comparison of two short strings saves a lookup in a map of every case.
    const last = this.lastDraft;
    if (last !== undefined && last.caseId === caseId) return last;
    let draft = this.cases.get(caseId);
    if (draft === undefined) {
      draft = { caseId: ownCopy(caseId), first: NONE, last: NONE, count: 0 };
      this.cases.set(caseId, draft);
    }
    this.lastDraft = draft;
    return draft;
  }

  private caseValue(draft: CaseDraft, column: string, value: string, source: SourceRef, row: number): void {
    const fields = (draft.fields ??= new Map());
    const first = fields.get(column);
    if (first === undefined) {
      fields.set(column, { value: ownCopy(value), source, row });
      return;
    }
    if (first.value === value) return;
    const conflicts = (draft.conflicts ??= new Map());
    if (!conflicts.has(column)) conflicts.set(column, { value: ownCopy(value), source, row });
  }

  /**
   * A case's conflicting values, one note per column. Noted once the read is over, not as they
   * come: in a read split by byte range, the first value of a column and its first conflict may
   * be read by different threads (see absorb).
   */
  private noteConflicts(draft: CaseDraft): void {
    if (draft.conflicts === undefined) return;
    for (const [column, conflict] of draft.conflicts) {
      const first = draft.fields!.get(column)!;
      this.keep({
        kind: 'conflicting-case-record',
        message: `case ${draft.caseId}: ${column} ${JSON.stringify(conflict.value)} at ${describeSource(conflict.source)} conflicts with ${JSON.stringify(first.value)} at ${describeSource(first.source)}; keeping the first`,
        caseId: draft.caseId,
        source: conflict.source,
      }, 2 * conflict.row);
    }
  }

  /**
   * What crosses to the thread of this builder's shard, after a read split by byte range: the
   * cases read, their events as the store holds them, and the notes. Duplicates and conflicts are
   * not settled here: they may span the parts of the read (absorb settles them).
   */
  portion(): { portion: BuilderPortion; transfer: ArrayBuffer[] } {
    const { portion: store, transfer } = this.store.portion();
    const cases: PortionCase[] = [];
    for (const d of this.cases.values()) {
      cases.push({
        caseId: d.caseId,
        first: d.first,
        count: d.count,
        ...(d.fields ? { fields: [...d.fields] } : {}),
        ...(d.conflicts ? { conflicts: [...d.conflicts] } : {}),
        ...(d.recordSource ? { recordSource: d.recordSource, recordRow: d.recordRow } : {}),
      });
    }
    return { portion: { store, cases, notes: this.readNotes.state() }, transfer };
  }

  /**
   * Takes in another thread's portion of this builder's shard (a read split by byte range), as if
   * its rows had been read here: each case's events are copied into this store and merged with
   * its own in reading order (by row key), its values merged by reading order too. Its notes are
   * kept with this builder's.
   */
  absorb(portion: BuilderPortion): void {
    const other = EventStore.fromPortion(portion.store);
    const maps = this.vocabularyMaps(portion.store.vocabularies);
    this.readNotes.absorb(portion.notes);
    const store = this.store;
    for (const c of portion.cases) {
      const draft = this.draft(c.caseId);
      let head = NONE;
      let tail = NONE;
      for (let slot = c.first; slot !== NONE; slot = other.nextAt(slot)) {
        tail = store.copyFrom(other, slot, maps, tail);
        if (head === NONE) head = tail;
      }
      if (head !== NONE) this.mergeChain(draft, head, tail);
      draft.count += c.count;
      if (c.fields) this.mergeFields(draft, c.fields, c.conflicts);
      if (c.recordSource !== undefined && (draft.recordRow === undefined || c.recordRow! < draft.recordRow)) {
        draft.recordSource = c.recordSource;
        draft.recordRow = c.recordRow;
      }
    }
  }

  /** Another store's vocabulary numbers as this builder's (values it has not met are added). */
  private vocabularyMaps(v: StorePortion['vocabularies']): VocabularyMaps {
    const map = (field: VocabularyField) => Int32Array.from(v[field], (value) => this.vocabularies[field].idOf(value));
    return {
      type: map('type'),
      party: map('party'),
      direction: map('direction'),
      channel: map('channel'),
      outcome: map('outcome'),
      officer: Int32Array.from(v.officer, (name) => this.officerId(name)),
    };
  }

  /** Links a chain of copied events (head to tail, in reading order) into its case's, by row key. */
  private mergeChain(draft: CaseDraft, head: number, tail: number): void {
    const store = this.store;
    if (draft.first === NONE) {
      draft.first = head;
      draft.last = tail;
      return;
    }
    // Nearly always one part of the read comes wholly before the other.
    if (store.seqAt(draft.last) < store.seqAt(head)) {
      store.setNext(draft.last, head);
      draft.last = tail;
      return;
    }
    if (store.seqAt(tail) < store.seqAt(draft.first)) {
      store.setNext(tail, draft.first);
      draft.first = head;
      return;
    }
    let a = draft.first;
    let b = head;
    let first = NONE;
    let last = NONE;
    while (a !== NONE && b !== NONE) {
      let taken: number;
      if (store.seqAt(a) < store.seqAt(b)) {
        taken = a;
        a = store.nextAt(a);
      } else {
        taken = b;
        b = store.nextAt(b);
      }
      if (last === NONE) first = taken;
      else store.setNext(last, taken);
      last = taken;
    }
    store.setNext(last, a !== NONE ? a : b);
    draft.first = first;
    if (a === NONE) draft.last = b !== NONE ? tail : last;
  }

  /**
   * A case's values from another part of the read: the first of each column in reading order is
   * kept, and the first conflict is the earliest value, on either side, that differs from it.
   */
  private mergeFields(draft: CaseDraft, fields: readonly [string, FieldValue][], conflicts: readonly [string, FieldValue][] | undefined): void {
    const mine = (draft.fields ??= new Map());
    const theirConflicts = new Map(conflicts ?? []);
    for (const [column, theirs] of fields) {
      const ours = mine.get(column);
      const ourConflict = draft.conflicts?.get(column);
      const theirConflict = theirConflicts.get(column);
      if (ours === undefined) {
        mine.set(column, theirs);
        if (theirConflict !== undefined) (draft.conflicts ??= new Map()).set(column, theirConflict);
        continue;
      }
      const [early, earlyConflict, late, lateConflict] = ours.row < theirs.row
        ? [ours, ourConflict, theirs, theirConflict]
        : [theirs, theirConflict, ours, ourConflict];
      mine.set(column, early);
      const fromLate = late.value !== early.value ? late : lateConflict;
      const conflict = earlyConflict === undefined ? fromLate : fromLate === undefined || earlyConflict.row < fromLate.row ? earlyConflict : fromLate;
      if (conflict === undefined) draft.conflicts?.delete(column);
      else (draft.conflicts ??= new Map()).set(column, conflict);
    }
  }

  /** The number of a row's value in its vocabulary, or NONE when the column is absent or blank. */
  private optionalVocabulary(field: VocabularyField, values: readonly string[], index: number, source: SourceRef, row: number): number {
    if (index < 0) return NONE;
    const raw = trimmed(values, index);
    return raw === '' ? NONE : this.vocabulary(field, raw, source, row);
  }

  /** The number of the canonical value a raw one reads as (see Vocabulary); unknown values are noted. */
  private vocabulary(field: VocabularyField, raw: string, source: SourceRef, row: number): number {
    const vocabulary = this.vocabularies[field];
    const id = vocabulary.idOf(raw);
    if (!vocabulary.isKnown(id)) this.readNotes.unknownValue(field, vocabulary.values[id]!, source, 2 * row);
    return id;
  }

  /** One number (and one shared string) per distinct officer name, as for vocabularies. */
  private officerName(values: readonly string[], index: number): number {
    const name = optional(values, index);
    return name === undefined ? NONE : this.officerId(name);
  }

  private officerId(name: string): number {
    let id = this.officers.get(name);
    if (id === undefined) {
      id = this.officerNames.length;
      this.officerNames.push(ownCopy(name));
      this.officers.set(name, id);
    }
    return id;
  }

  /**
   * Removes a case's exact duplicates (same date, type and every field and attribute; the source
   * aside) from the store, noting each; returns how many. Compared on the store's records: no
   * event is made. The case's events are sorted by moment, and each run of one moment is compared
   * event by event while it holds few distinct events (several entries logged on one date are
   * common); past that (a bulk import of thousands of events at one date), the events are made
   * and keyed by their content instead, so that the case stays linear.
   */
  private removeDuplicates(draft: CaseDraft): number {
    if (draft.count < 2) return 0;
    const store = this.store;
    const n = draft.count;
    const { keys, slots } = this.byMoment(draft);
    let removed: number[] | undefined;
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && keys[end] === keys[start]) end++;
      // slots[start, end): one moment. The first `kept` of them are its distinct events so far.
      let kept = 1;
      for (let k = start + 1; k < end; k++) {
        const slot = slots[k]!;
        let original = NONE;
        for (let m = start; m < start + kept; m++) {
          if (store.same(slots[m]!, slot)) {
            original = slots[m]!;
            break;
          }
        }
        if (original !== NONE) (removed ??= []).push(slot, original);
        else if (kept < COMPARED_PER_MOMENT) slots[start + kept++] = slot;
        else return this.removeDuplicatesByContent(draft, store.slots(draft.first));
      }
      start = end;
    }
    if (removed === undefined) return 0;
    // Notes are put in reading order by their keys, whatever order they are noted in.
    for (let k = 0; k < removed.length; k += 2) this.duplicate(draft, removed[k]!, removed[k + 1]!);
    return removed.length / 2;
  }

  /**
   * A case's slots sorted by moment, in reading order within a moment (slots are numbered in
   * reading order), with their moment keys. A case of a few events (nearly every case) is sorted
   * by insertion into arrays kept for the purpose: most are nearly in order already.
   */
  private byMoment(draft: CaseDraft): { keys: Float64Array; slots: Int32Array } {
    const store = this.store;
    if (draft.count > SORTED_MAX) {
      const chain = store.slots(draft.first);
      const moments = chain.map((slot) => momentKey(store.instantAt(slot), store.timeAt(slot)));
      const order = chain.map((_, i) => i).sort((a, b) => moments[a]! - moments[b]! || a - b);
      return { keys: Float64Array.from(order, (i) => moments[i]!), slots: Int32Array.from(order, (i) => chain[i]!) };
    }
    const keys = sortKeys;
    const slots = sortSlots;
    let i = 0;
    for (let slot = draft.first; slot !== NONE; slot = store.nextAt(slot)) {
      const key = momentKey(store.instantAt(slot), store.timeAt(slot));
      let j = i - 1;
      while (j >= 0 && keys[j]! > key) {
        keys[j + 1] = keys[j]!;
        slots[j + 1] = slots[j]!;
        j--;
      }
      keys[j + 1] = key;
      slots[j + 1] = slot;
      i++;
    }
    return { keys, slots };
  }

  /** removeDuplicates for a case with many events at one moment: its events keyed by their content. */
  private removeDuplicatesByContent(draft: CaseDraft, slots: readonly number[]): number {
    const store = this.store;
    const events = slots.map((slot) => store.event(slot, draft.caseId));
    const buckets = new Map<number, CaseEvent[] | Map<string, CaseEvent>>();
    const slotOf = new Map<CaseEvent, number>(events.map((e, i) => [e, slots[i]!]));
    let removed = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const key = momentKey(event.instant, event.time);
      const bucket = buckets.get(key);
      let original: CaseEvent | undefined;
      if (bucket === undefined) buckets.set(key, [event]);
      else if (bucket instanceof Map) {
        const content = eventContentKey(event);
        original = bucket.get(content);
        if (original === undefined) bucket.set(content, event);
      } else {
        original = bucket.find((other) => store.same(slotOf.get(other)!, slots[i]!));
        if (original === undefined) {
          if (bucket.length < COMPARED_PER_MOMENT) bucket.push(event);
          else buckets.set(key, new Map([...bucket, event].map((e) => [eventContentKey(e), e])));
        }
      }
      if (original !== undefined) {
        this.duplicate(draft, slots[i]!, slotOf.get(original)!);
        removed++;
      }
    }
    return removed;
  }

  /** An event removed as a duplicate of an earlier one of its case. */
  private duplicate(draft: CaseDraft, slot: number, original: number): void {
    const store = this.store;
    store.remove(slot);
    const source = store.sourceAt(slot);
    this.keep({
      kind: 'duplicate-removed',
      message: `case ${draft.caseId}: ${store.typeAt(slot)} at ${describeSource(source)} repeats ${describeSource(store.sourceAt(original))} exactly; removed`,
      caseId: draft.caseId,
      source,
    }, 2 * store.seqAt(slot));
  }

  private record(draft: CaseDraft): CaseRecord | undefined {
    const fields = draft.fields;
    if (fields === undefined && draft.recordSource === undefined) return undefined;
    const get = (column: CaseColumn) => fields?.get(column);
    const text = (column: CaseColumn) => fields?.get(column)?.value;
    let reportedAt: Moment | undefined;
    const reported = get('reported_at');
    if (reported !== undefined) {
      reportedAt = parseDateTime(reported.value);
      if (reportedAt === undefined) {
        const where = describeSource(reported.source);
        const problem = `reported_at ${JSON.stringify(reported.value)} is not a date this tool reads (ISO 8601 or DD/MM/YYYY)`;
        if (this.strict) throw new UserError(`${where}: ${problem} (--strict: an unusable value is an error)`);
        this.keep({ kind: 'unparseable-row', message: `${where}: ${problem}; reported_at ignored`, caseId: draft.caseId, source: reported.source }, 2 * reported.row);
      }
    }
    let hateMotivated: boolean | undefined;
    const hate = get('hate_motivated');
    if (hate !== undefined) {
      const word = hate.value.toLowerCase();
      if (TRUE_WORDS.has(word)) hateMotivated = true;
      else if (FALSE_WORDS.has(word)) hateMotivated = false;
      else {
        this.keep({
          kind: 'unknown-value',
          message: `case ${draft.caseId}: hate_motivated ${JSON.stringify(hate.value)} at ${describeSource(hate.source)} is not true or false; ignored`,
          caseId: draft.caseId,
          source: hate.source,
        }, 2 * hate.row);
      }
    }
    const vulnerabilities = (text('vulnerabilities') ?? '')
      .split(';')
      .map((v) => v.trim())
      .filter((v) => !NO_VULNERABILITY.has(v.toLowerCase()));
    const attributes: Record<string, string> = {};
    for (const [name, value] of fields ?? []) {
      if (!(name in CASE_COLUMNS)) attributes[name] = value.value;
    }
    return {
      caseId: draft.caseId,
      reportedAt,
      landlord: text('landlord'),
      category: text('category'),
      priority: text('priority'),
      vulnerabilities,
      hateMotivated,
      team: text('team'),
      officer: text('officer'),
      propertyRef: text('property_ref'),
      allegedPerpetratorRef: text('alleged_perpetrator_ref'),
      attributes,
      source: draft.recordSource ?? fields?.values().next().value?.source,
    };
  }
}

/**
 * Hands each row to the builder of its case's shard: in a read split by byte range, a thread reads
 * its part of a file for every shard. A row without a case goes to shard 0's builder, which keeps
 * the notes of no case.
 */
export class ShardRouter implements RowSink {
  constructor(private readonly builders: readonly CaseloadBuilder[]) {}

  eventRow(layout: Layout, values: readonly string[], source: SourceRef): void {
    this.builderOf(trimmed(values, layout.caseId)).eventRow(layout, values, source);
  }

  caseRow(layout: Layout, values: readonly string[], source: SourceRef): void {
    this.builderOf(trimmed(values, layout.caseId)).caseRow(layout, values, source);
  }

  unusableRow(source: SourceRef, problem: string, caseId?: string): void {
    this.builderOf(caseId ?? '').unusableRow(source, problem, caseId);
  }

  note(note: DataQualityNote): void {
    this.builders[0]!.note(note);
  }

  private builderOf(caseId: string): CaseloadBuilder {
    return this.builders[caseId === '' ? 0 : shardOf(caseId, this.builders.length)]!;
  }
}

/**
 * The values of one enumerated field, each as a number. A raw value reads as itself, or as its
 * lower-case snake_case spelling (`Third Party In` -> `third_party_in`) when that is canonical;
 * anything else is kept as written (and noted). One shared string per distinct value, so a
 * million events hold a handful.
 */
class Vocabulary {
  /** Raw value -> the number of the value it reads as. */
  private readonly spellings = new Map<string, number>();
  /** By number: the value (canonical, or as first written). */
  readonly values: string[] = [];
  private readonly known: boolean[] = [];

  constructor(field: VocabularyField) {
    for (const value of VOCABULARIES[field]) {
      this.spellings.set(value, this.values.length);
      this.values.push(value);
      this.known.push(true);
    }
  }

  idOf(raw: string): number {
    let id = this.spellings.get(raw);
    if (id === undefined) {
      const own = ownCopy(raw);
      const snake = snakeCase(own);
      id = this.spellings.get(snake);
      if (id === undefined) {
        id = this.values.length;
        this.values.push(own);
        this.known.push(false);
      }
      this.spellings.set(own, id);
    }
    return id;
  }

  /** Whether a raw value was met before (or is canonical as written). */
  has(raw: string): boolean {
    return this.spellings.has(raw);
  }

  isKnown(id: number): boolean {
    return this.known[id]!;
  }

  unknownValues(): string[] {
    return this.values.filter((_, id) => !this.known[id]);
  }
}

/** How Vocabulary reads a value that is not canonical as written: `Third Party In` -> `third_party_in`. */
export function snakeCase(value: string): string {
  return value.toLowerCase().replace(/[\s-]+/g, '_');
}

function trimmed(values: readonly string[], index: number): string {
  if (index < 0) return '';
  const v = values[index];
  return v === undefined ? '' : v.trim();
}

/** Free text is kept as the officer wrote it (line breaks, spacing); blank is absent. */
function freeText(values: readonly string[], index: number): string | undefined {
  if (index < 0) return undefined;
  const v = values[index];
  return v === undefined || v.trim() === '' ? undefined : v;
}

function optional(values: readonly string[], index: number): string | undefined {
  const v = trimmed(values, index);
  return v === '' ? undefined : v;
}

/** Events of one moment compared field by field, before they are keyed by content instead. */
const COMPARED_PER_MOMENT = 8;

/** Cases of up to this many events are sorted by moment by insertion (byMoment). */
const SORTED_MAX = 64;
const sortKeys = new Float64Array(SORTED_MAX);
const sortSlots = new Int32Array(SORTED_MAX);

function momentKey(instant: number, time: number): number {
  return instant * 2 + (time === NO_TIME ? 1 : 0);
}

/** Where ownCopy writes a field to read it back as a fresh string. */
const COPY_BUFFER = Buffer.allocUnsafe(1 << 16);

/**
 * A copy of a field that shares nothing with the text it was cut from. V8 keeps a long substring
 * as a view into its parent, so one note kept per event would keep every chunk of the file alive
 * (the whole export, in memory until the end). ASCII text is copied through a buffer, which gives
 * a plain one-byte string; other text by flattening a concatenation (a fresh string, behind a
 * small view of its own).
 */
function ownCopy<T extends string | undefined>(text: T): T {
  if (text === undefined || text.length < 13) return text;
  if (text.length * 3 <= COPY_BUFFER.length) {
    const bytes = COPY_BUFFER.write(text, 0, 'utf8');
    if (bytes === text.length) return COPY_BUFFER.toString('latin1', 0, bytes) as T;
  }
  return (text + ' ').slice(0, -1) as T;
}
