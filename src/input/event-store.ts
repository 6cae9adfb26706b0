import type { CaseEvent, CaseInput, CaseRecord, SourceRef } from '../model/index.js';

/**
 * The events of a read, held as bytes until a case is asked for its events.
 *
 * A million events read into objects are a million objects and some millions of strings and
 * boxed numbers that all live to the end of the read: every young-generation collection during
 * the read copied each of them twice (to the other half of the young generation, then to the old
 * one), which was most of the reading's garbage collection, and they held 330 bytes an event. Held
 * as numbers and bytes in array buffers (whose memory the collector never copies), a read keeps a
 * few objects per case instead. A case's events are made when the case is asked for them
 * (`StoredCase.events`), one case at a time as the audit goes, and they die young.
 *
 * Each event is one entry: a record of numbers (its vocabulary values and officer as numbers into
 * shared lists of strings), followed by its note and event id as bytes. A case's events are spread
 * through the file, so making them touches one place per event, not one per field and text.
 *
 * Every value is kept exactly: the same strings come back (ASCII text as the bytes it was, any
 * other text as a string of its own), the same numbers, the same sources.
 */

/** No value (an optional field left empty, an event without attributes, the end of a chain). */
const NONE = -1;

/*
 * Entries are written one after another into segments of SEGMENT_BYTES, never across two, each
 * starting at a multiple of 8 bytes. An event's slot (its number) is its segment and its offset
 * in 8-byte units: slot = segment * SEGMENT_UNITS + offset / 8.
 */
const SEGMENT_BITS = 21;
const SEGMENT_UNITS = 1 << SEGMENT_BITS;
const SEGMENT_BYTES = SEGMENT_UNITS * 8;
/** Texts longer than this (in UTF-16 units, three bytes each at most) are kept as strings. */
const LONGEST_STORED_TEXT = 65536;
/** Texts up to this long are copied character by character. */
const SHORT_TEXT = 24;

/**
 * The record: one double (the instant), then 32-bit integers (their indexes in the record's
 * ints), then one double (the row's place in reading order: a read split by byte range numbers
 * rows from their range's offset, past what 32 bits hold).
 */
const RECORD_BYTES = 80;
const SEQ_DOUBLE = 9;
const DAY = 2;
const TIME = 3;
const TYPE = 5;
const PARTY = 6;
const DIRECTION = 7;
const CHANNEL = 8;
const OUTCOME = 9;
const OFFICER = 10;
/** A text's length in bytes (its bytes follow the record: the note's, then the event id's), NONE for no text, or -2 - i for the i-th text kept as a string. */
const DETAIL_LENGTH = 11;
const EVENT_ID_LENGTH = 12;
/** An index into `attributeSets`, or NONE. */
const ATTRIBUTES = 13;
const FILE = 14;
/** The source's line, or -1 - i for the i-th source kept as an object (a JSON pointer). */
const LINE = 15;
/** The next event of the same case, or NONE: each case's events are a chain in reading order. */
const NEXT = 16;
/** 1 for an event removed as a duplicate. */
const REMOVED = 17;

class Segment {
  readonly bytes: Buffer;
  readonly ints: Int32Array;
  readonly doubles: Float64Array;

  constructor(
    readonly buffer = new ArrayBuffer(SEGMENT_BYTES),
    /** Bytes used. */
    public used = 0,
  ) {
    this.bytes = Buffer.from(buffer);
    this.ints = new Int32Array(buffer);
    this.doubles = new Float64Array(buffer);
  }
}

/**
 * A store as it crosses to another thread: its segments' memory moves (transferred, not copied),
 * and the few objects beside them are cloned. The sending store is done with once it is sent.
 */
export interface StorePortion {
  readonly buffers: ArrayBuffer[];
  readonly used: number[];
  readonly strings: string[];
  readonly attributeSets: Readonly<Record<string, string>>[];
  readonly files: string[];
  readonly sources: SourceRef[];
  readonly vocabularies: StoreVocabularies;
}

/** For each vocabulary of one store, the number its values have in another's (see copyFrom). */
export interface VocabularyMaps {
  readonly type: Int32Array;
  readonly party: Int32Array;
  readonly direction: Int32Array;
  readonly channel: Int32Array;
  readonly outcome: Int32Array;
  readonly officer: Int32Array;
}

declare module 'node:buffer' {
  interface Buffer {
    // Buffer's own methods behind toString and write (in Node since its first versions), without
    // their argument handling (Buffer#write's was a sixth of the reading of a row). Undocumented,
    // but Node's toString('latin1') and write(…, 'utf8') call them (encodingOps in lib/buffer.js),
    // so they are there wherever Buffer works; a test checks them against the documented calls.
    latin1Slice(start: number, end: number): string;
    utf8Write(text: string, offset: number, length: number): number;
  }
}

/** What an event row holds, as the store keeps it (values of a vocabulary as their number). */
export interface StoredEventFields {
  readonly day: number;
  readonly time: number;
  readonly instant: number;
  readonly type: number;
  readonly party: number;
  readonly direction: number;
  readonly channel: number;
  readonly outcome: number;
  readonly officer: number;
  readonly detail: string | undefined;
  readonly eventId: string | undefined;
  readonly attributes: Readonly<Record<string, string>> | undefined;
  readonly source: SourceRef;
  readonly seq: number;
}

/** The strings behind the numbers of the vocabulary columns (one shared string per value). */
export interface StoreVocabularies {
  readonly type: readonly string[];
  readonly party: readonly string[];
  readonly direction: readonly string[];
  readonly channel: readonly string[];
  readonly outcome: readonly string[];
  readonly officer: readonly string[];
}

const EMPTY_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

export class EventStore {
  private readonly segments: Segment[] = [];
  private segment: Segment | undefined;
  /** Texts kept as strings: other than ASCII, or long. */
  private readonly strings: string[] = [];
  private readonly attributeSets: Readonly<Record<string, string>>[] = [];
  private readonly files: string[] = [];
  private readonly fileIds = new Map<string, number>();
  private lastFile = '';
  private lastFileId = -1;
  private readonly sources: SourceRef[] = [];

  constructor(readonly vocabularies: StoreVocabularies) {}

  /** What crosses to another thread (see StorePortion); `transfer` lists the memory that moves. */
  portion(): { portion: StorePortion; transfer: ArrayBuffer[] } {
    const buffers = this.segments.map((s) => s.buffer);
    const portion: StorePortion = {
      buffers,
      used: this.segments.map((s) => s.used),
      strings: this.strings,
      attributeSets: this.attributeSets,
      files: this.files,
      sources: this.sources,
      vocabularies: this.vocabularies,
    };
    return { portion, transfer: buffers };
  }

  /** A store made of a portion another thread sent: read only, for copyFrom. */
  static fromPortion(p: StorePortion): EventStore {
    const store = new EventStore(p.vocabularies);
    p.buffers.forEach((buffer, i) => store.segments.push(new Segment(buffer, p.used[i])));
    store.strings.push(...p.strings);
    store.attributeSets.push(...p.attributeSets);
    store.files.push(...p.files);
    store.sources.push(...p.sources);
    return store;
  }

  /**
   * Stores a copy of another store's event after `previous` (as `add` does): its record and texts
   * as bytes, its vocabulary values and officer renumbered by `maps`. Returns its slot here.
   */
  copyFrom(other: EventStore, slot: number, maps: VocabularyMaps, previous: number): number {
    const from = other.segments[slot >>> SEGMENT_BITS]!;
    const unit = slot & (SEGMENT_UNITS - 1);
    const fi = unit * 2;
    const fromInts = from.ints;
    const detailLength = fromInts[fi + DETAIL_LENGTH]!;
    const eventIdLength = fromInts[fi + EVENT_ID_LENGTH]!;
    const length = RECORD_BYTES + Math.max(0, detailLength) + Math.max(0, eventIdLength);
    let segment = this.segment;
    if (segment === undefined || segment.used + length + 8 > SEGMENT_BYTES) {
      segment = this.segment = new Segment();
      this.segments.push(segment);
    }
    const start = segment.used;
    const copied = (this.segments.length - 1) * SEGMENT_UNITS + start / 8;
    from.bytes.copy(segment.bytes, start, unit * 8, unit * 8 + length);
    segment.used = (start + length + 7) & ~7;
    const ints = segment.ints;
    const i = start / 4;
    ints[i + TYPE] = maps.type[fromInts[fi + TYPE]!]!;
    ints[i + PARTY] = mapped(maps.party, fromInts[fi + PARTY]!);
    ints[i + DIRECTION] = mapped(maps.direction, fromInts[fi + DIRECTION]!);
    ints[i + CHANNEL] = mapped(maps.channel, fromInts[fi + CHANNEL]!);
    ints[i + OUTCOME] = mapped(maps.outcome, fromInts[fi + OUTCOME]!);
    ints[i + OFFICER] = mapped(maps.officer, fromInts[fi + OFFICER]!);
    if (detailLength < NONE) ints[i + DETAIL_LENGTH] = this.keepString(other.strings[-2 - detailLength]!);
    if (eventIdLength < NONE) ints[i + EVENT_ID_LENGTH] = this.keepString(other.strings[-2 - eventIdLength]!);
    const attributes = fromInts[fi + ATTRIBUTES]!;
    if (attributes !== NONE) {
      ints[i + ATTRIBUTES] = this.attributeSets.length;
      this.attributeSets.push(other.attributeSets[attributes]!);
    }
    ints[i + FILE] = this.fileId(other.files[fromInts[fi + FILE]!]!);
    const line = fromInts[fi + LINE]!;
    if (line < 0) {
      ints[i + LINE] = -1 - this.sources.length;
      this.sources.push(other.sources[-1 - line]!);
    }
    ints[i + NEXT] = NONE;
    if (previous !== NONE) this.set(previous, NEXT, copied);
    return copied;
  }

  /** Links `next` after `slot` in its case's chain (NONE ends the chain). */
  setNext(slot: number, next: number): void {
    this.set(slot, NEXT, next);
  }

  /** Stores an event after `previous` (the last event of its case, or NONE): its slot. */
  add(e: StoredEventFields, previous: number): number {
    const detail = e.detail;
    const eventId = e.eventId;
    // Room for the record and both texts at three bytes a character (UTF-8 at most), and padding.
    const room = RECORD_BYTES + 3 * (storedLength(detail) + storedLength(eventId)) + 8;
    let segment = this.segment;
    if (segment === undefined || segment.used + room > SEGMENT_BYTES) {
      segment = this.segment = new Segment();
      this.segments.push(segment);
    }
    const start = segment.used;
    const slot = (this.segments.length - 1) * SEGMENT_UNITS + start / 8;
    const ints = segment.ints;
    const i = start / 4;
    segment.doubles[start / 8] = e.instant;
    ints[i + DAY] = e.day;
    ints[i + TIME] = e.time;
    segment.doubles[start / 8 + SEQ_DOUBLE] = e.seq;
    ints[i + TYPE] = e.type;
    ints[i + PARTY] = e.party;
    ints[i + DIRECTION] = e.direction;
    ints[i + CHANNEL] = e.channel;
    ints[i + OUTCOME] = e.outcome;
    ints[i + OFFICER] = e.officer;
    let end = start + RECORD_BYTES;
    ints[i + DETAIL_LENGTH] = this.putText(segment, end, detail);
    if (ints[i + DETAIL_LENGTH]! > 0) end += ints[i + DETAIL_LENGTH]!;
    ints[i + EVENT_ID_LENGTH] = this.putText(segment, end, eventId);
    if (ints[i + EVENT_ID_LENGTH]! > 0) end += ints[i + EVENT_ID_LENGTH]!;
    segment.used = (end + 7) & ~7;
    if (e.attributes === undefined) ints[i + ATTRIBUTES] = NONE;
    else {
      ints[i + ATTRIBUTES] = this.attributeSets.length;
      this.attributeSets.push(e.attributes);
    }
    const source = e.source;
    ints[i + FILE] = this.fileId(source.file);
    if (source.pointer === undefined && source.line !== undefined) ints[i + LINE] = source.line;
    else {
      ints[i + LINE] = -1 - this.sources.length;
      this.sources.push(source);
    }
    ints[i + NEXT] = NONE;
    ints[i + REMOVED] = 0;
    if (previous !== NONE) this.set(previous, NEXT, slot);
    return slot;
  }

  /** Writes ASCII text at `at` and returns its length; any other text is kept as a string (-2 - i). */
  private putText(segment: Segment, at: number, text: string | undefined): number {
    if (text === undefined) return NONE;
    if (text.length <= SHORT_TEXT) {
      // A short text (an event id) is copied here: a call into Buffer's native code costs more.
      const bytes = segment.bytes;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c > 0x7f) return this.keepString(text);
        bytes[at + k] = c;
      }
      return text.length;
    }
    if (text.length <= LONGEST_STORED_TEXT) {
      const bytes = segment.bytes.utf8Write(text, at, SEGMENT_BYTES - at);
      if (bytes === text.length) return bytes;
    }
    return this.keepString(text);
  }

  private keepString(text: string): number {
    this.strings.push((text + ' ').slice(0, -1));
    return -2 - (this.strings.length - 1);
  }

  /** The event at `slot`, made now. */
  event(slot: number, caseId: string): CaseEvent {
    const v = this.vocabularies;
    const segment = this.segments[slot >>> SEGMENT_BITS]!;
    const unit = slot & (SEGMENT_UNITS - 1);
    const ints = segment.ints;
    const i = unit * 2;
    const line = ints[i + LINE]!;
    const detailLength = ints[i + DETAIL_LENGTH]!;
    const textsAt = unit * 8 + RECORD_BYTES;
    return new ReadEvent(
      ints[i + DAY]!,
      ints[i + TIME]!,
      segment.doubles[unit]!,
      caseId,
      v.type[ints[i + TYPE]!]!,
      optionalValue(v.party, ints[i + PARTY]!),
      optionalValue(v.direction, ints[i + DIRECTION]!),
      optionalValue(v.channel, ints[i + CHANNEL]!),
      optionalValue(v.outcome, ints[i + OUTCOME]!),
      this.text(segment, textsAt, detailLength),
      optionalValue(v.officer, ints[i + OFFICER]!),
      this.text(segment, detailLength > 0 ? textsAt + detailLength : textsAt, ints[i + EVENT_ID_LENGTH]!),
      this.attributesAt(slot),
      this.files[ints[i + FILE]!]!,
      line >= 0 ? line : this.sources[-1 - line]!,
      segment.doubles[unit + SEQ_DOUBLE]!,
    );
  }

  private text(segment: Segment, at: number, length: number): string | undefined {
    if (length >= 0) return segment.bytes.latin1Slice(at, at + length);
    return length === NONE ? undefined : this.strings[-2 - length];
  }

  /** The case last asked for its events, and them. */
  private lastCase: StoredCase | undefined;
  private lastEvents: CaseEvent[] = [];

  eventsOf(input: StoredCase): CaseEvent[] {
    if (input !== this.lastCase) {
      this.lastEvents = this.events(input.first, input.caseId);
      this.lastCase = input;
    }
    return this.lastEvents;
  }

  /** A case's events (its chain from `first`), less those removed as duplicates. */
  private events(first: number, caseId: string): CaseEvent[] {
    const events: CaseEvent[] = [];
    for (let slot = first; slot !== NONE; slot = this.get(slot, NEXT)) {
      if (this.get(slot, REMOVED) === 0) events.push(this.event(slot, caseId));
    }
    return events;
  }

  /** The slots of a case's chain, in reading order. */
  slots(first: number): number[] {
    const slots: number[] = [];
    for (let slot = first; slot !== NONE; slot = this.get(slot, NEXT)) slots.push(slot);
    return slots;
  }

  nextAt(slot: number): number {
    return this.get(slot, NEXT);
  }

  remove(slot: number): void {
    this.set(slot, REMOVED, 1);
  }

  instantAt(slot: number): number {
    return this.segments[slot >>> SEGMENT_BITS]!.doubles[slot & (SEGMENT_UNITS - 1)]!;
  }

  timeAt(slot: number): number {
    return this.get(slot, TIME);
  }

  seqAt(slot: number): number {
    return this.segments[slot >>> SEGMENT_BITS]!.doubles[(slot & (SEGMENT_UNITS - 1)) + SEQ_DOUBLE]!;
  }

  typeAt(slot: number): string {
    return this.vocabularies.type[this.get(slot, TYPE)]!;
  }

  sourceAt(slot: number): SourceRef {
    const line = this.get(slot, LINE);
    return line >= 0 ? { file: this.files[this.get(slot, FILE)]!, line } : this.sources[-1 - line]!;
  }

  /**
   * Whether two events of one case are exact duplicates: what `sameEvent` compares, on the
   * records. A vocabulary's values and officer names are one number per distinct string, and
   * equal texts are stored alike, so equal numbers and equal bytes are equal strings.
   */
  same(a: number, b: number): boolean {
    const sa = this.segments[a >>> SEGMENT_BITS]!;
    const sb = this.segments[b >>> SEGMENT_BITS]!;
    const ua = a & (SEGMENT_UNITS - 1);
    const ub = b & (SEGMENT_UNITS - 1);
    const ia = sa.ints;
    const ib = sb.ints;
    const x = ua * 2;
    const y = ub * 2;
    if (
      sa.doubles[ua] !== sb.doubles[ub] ||
      ia[x + TIME] !== ib[y + TIME] ||
      ia[x + TYPE] !== ib[y + TYPE] ||
      ia[x + PARTY] !== ib[y + PARTY] ||
      ia[x + DIRECTION] !== ib[y + DIRECTION] ||
      ia[x + CHANNEL] !== ib[y + CHANNEL] ||
      ia[x + OUTCOME] !== ib[y + OUTCOME] ||
      ia[x + OFFICER] !== ib[y + OFFICER]
    ) {
      return false;
    }
    const da = ia[x + DETAIL_LENGTH]!;
    const db = ib[y + DETAIL_LENGTH]!;
    const ta = ua * 8 + RECORD_BYTES;
    const tb = ub * 8 + RECORD_BYTES;
    if (!this.sameText(sa, ta, da, sb, tb, db)) return false;
    if (!this.sameText(sa, da > 0 ? ta + da : ta, ia[x + EVENT_ID_LENGTH]!, sb, db > 0 ? tb + db : tb, ib[y + EVENT_ID_LENGTH]!)) return false;
    const aa = this.attributesAt(a);
    const ab = this.attributesAt(b);
    const ka = Object.keys(aa);
    if (ka.length !== Object.keys(ab).length) return false;
    return ka.every((k) => aa[k] === ab[k]);
  }

  /** Whether two stored texts are the same text (equal texts are always stored alike). */
  private sameText(s1: Segment, at1: number, l1: number, s2: Segment, at2: number, l2: number): boolean {
    if (l1 < 0 || l2 < 0) {
      if (l1 === NONE || l2 === NONE) return l1 === l2;
      return l1 < 0 && l2 < 0 && this.strings[-2 - l1] === this.strings[-2 - l2];
    }
    return l1 === l2 && s1.bytes.compare(s2.bytes, at2, at2 + l2, at1, at1 + l1) === 0;
  }

  private get(slot: number, field: number): number {
    return this.segments[slot >>> SEGMENT_BITS]!.ints[(slot & (SEGMENT_UNITS - 1)) * 2 + field]!;
  }

  private set(slot: number, field: number, value: number): void {
    this.segments[slot >>> SEGMENT_BITS]!.ints[(slot & (SEGMENT_UNITS - 1)) * 2 + field] = value;
  }

  private attributesAt(slot: number): Readonly<Record<string, string>> {
    const i = this.get(slot, ATTRIBUTES);
    return i === NONE ? EMPTY_ATTRIBUTES : this.attributeSets[i]!;
  }

  private fileId(file: string): number {
    if (file === this.lastFile && this.lastFileId !== -1) return this.lastFileId;
    let id = this.fileIds.get(file);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(file);
      this.fileIds.set(file, id);
    }
    this.lastFile = file;
    this.lastFileId = id;
    return id;
  }
}

/** How long a text is where the store writes it: a text too long for it is kept as a string. */
function storedLength(text: string | undefined): number {
  return text === undefined || text.length > LONGEST_STORED_TEXT ? 0 : text.length;
}

function mapped(map: Int32Array, id: number): number {
  return id === NONE ? NONE : map[id]!;
}

function optionalValue(values: readonly string[], id: number): string | undefined {
  return id === NONE ? undefined : values[id];
}

/**
 * A case as read: its record, and its events, made from the store when asked for. The events of
 * the case last asked are kept (by the store) for the next question, and no others: a case that
 * kept its own events would keep them alive through every young-generation collection for as
 * long as the case lived on (an old object's references are roots of those collections), which
 * copied them into the old generation where they were meant to die young.
 */
export class StoredCase implements CaseInput {
  declare record?: CaseRecord;

  constructor(
    readonly caseId: string,
    private readonly store: EventStore,
    /** The slot of its first event in the store, or NONE. */
    readonly first: number,
    /** How many events the case has (duplicates removed), without making them. */
    readonly eventCount: number,
    record: CaseRecord | undefined,
  ) {
    if (record !== undefined) this.record = record;
  }

  get events(): CaseEvent[] {
    return this.first === NONE ? [] : this.store.eventsOf(this);
  }

  /** The reading-order place and source of the case's first event, without making the events. */
  get firstEvent(): { readonly seq: number; readonly source: SourceRef } | undefined {
    // The first event of a chain is never a duplicate (a duplicate repeats an earlier event).
    return this.eventCount === 0 ? undefined : { seq: this.store.seqAt(this.first), source: this.store.sourceAt(this.first) };
  }
}

/**
 * An event as read. Its source is kept as the file and the line (a number in the event), not as
 * an object per event; only a JSON pointer (no line) keeps its object.
 */
class ReadEvent implements CaseEvent {
  // The same fields in the same order as events had when they were made as rows were read.
  readonly day: number;
  readonly time: number;
  readonly instant: number;
  private readonly file: string;
  private readonly at: number | SourceRef;

  constructor(
    day: number,
    time: number,
    instant: number,
    readonly caseId: string,
    readonly type: string,
    readonly party: string | undefined,
    readonly direction: string | undefined,
    readonly channel: string | undefined,
    readonly outcome: string | undefined,
    readonly detail: string | undefined,
    readonly officer: string | undefined,
    readonly eventId: string | undefined,
    readonly attributes: Readonly<Record<string, string>>,
    file: string,
    at: number | SourceRef,
    readonly seq: number,
  ) {
    this.day = day;
    this.time = time;
    this.instant = instant;
    this.file = file;
    this.at = at;
  }

  get source(): SourceRef {
    const at = this.at;
    return typeof at === 'number' ? { file: this.file, line: at } : at;
  }
}
