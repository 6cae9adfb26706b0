import type { CaseEvent, CaseInput, CaseRecord, SourceRef } from '../model/index.js';

/**
 * The events of a read, held as columns (typed arrays) until a case is asked for its events.
 *
 * A million events read into objects are a million objects and some millions of strings and
 * boxed numbers that all live to the end of the read: every young-generation collection during
 * the read copied each of them twice (to the other half of the young generation, then to the old
 * one), which was most of the reading's garbage collection, and they held 330 bytes an event. Held
 * as numbers in typed arrays (whose memory the collector never copies) and their texts as bytes,
 * a read keeps a few objects per case instead. A case's events are made when the case is asked
 * for them (`StoredCase.events`), one case at a time as the audit goes, and they die young, with
 * the case.
 *
 * Every value is kept exactly: the same strings come back (ASCII text as the bytes it was, any
 * other text as a string of its own), the same numbers, the same sources.
 */

/** No value (an optional field left empty, an event without attributes). */
const NONE = -1;

/** Bytes per text chunk: texts are never split between chunks. */
const TEXT_CHUNK = 1 << 22;

/**
 * Texts as bytes: ASCII text (nearly every note of an export) is written into large buffers and
 * read back as a one-byte string; any other text, or text longer than a chunk, is kept as a
 * string of its own (flattened, so it shares nothing with the chunk of the file it was cut from).
 * A text is referred to by its position (a number) and its length: NONE for no text, and -2 - i
 * for the i-th text kept as a string.
 */
class TextStore {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer | undefined;
  private used = TEXT_CHUNK;
  private readonly strings: string[] = [];

  /** Stores `text`: its position goes to `positions[p]`, its length to `lengths[l]`. */
  put(text: string | undefined, positions: Float64Array, p: number, lengths: Int32Array, l: number): void {
    if (text === undefined) {
      lengths[l] = NONE;
      return;
    }
    const room = text.length * 3;
    if (room <= TEXT_CHUNK) {
      if (this.used + room > TEXT_CHUNK) {
        this.chunk = Buffer.allocUnsafeSlow(TEXT_CHUNK);
        this.chunks.push(this.chunk);
        this.used = 0;
      }
      // utf8Write: Buffer#write without its argument handling, a sixth of the reading of a row.
      const bytes = this.chunk!.utf8Write(text, this.used, TEXT_CHUNK - this.used);
      if (bytes === text.length) {
        positions[p] = (this.chunks.length - 1) * TEXT_CHUNK + this.used;
        lengths[l] = bytes;
        this.used += bytes;
        return;
      }
    }
    lengths[l] = -2 - this.strings.length;
    this.strings.push((text + ' ').slice(0, -1));
  }

  get(position: number, length: number): string | undefined {
    if (length >= 0) {
      const index = Math.floor(position / TEXT_CHUNK);
      const start = position - index * TEXT_CHUNK;
      return this.chunks[index]!.latin1Slice(start, start + length);
    }
    return length === NONE ? undefined : this.strings[-2 - length];
  }

  /** Whether two stored texts are the same text (equal texts are always stored alike). */
  same(p1: number, l1: number, p2: number, l2: number): boolean {
    if (l1 < 0 || l2 < 0) {
      if (l1 === NONE || l2 === NONE) return l1 === l2;
      return l1 < 0 && l2 < 0 && this.strings[-2 - l1] === this.strings[-2 - l2];
    }
    if (l1 !== l2) return false;
    const i1 = Math.floor(p1 / TEXT_CHUNK);
    const i2 = Math.floor(p2 / TEXT_CHUNK);
    const s1 = p1 - i1 * TEXT_CHUNK;
    const s2 = p2 - i2 * TEXT_CHUNK;
    return this.chunks[i1]!.compare(this.chunks[i2]!, s2, s2 + l2, s1, s1 + l1) === 0;
  }
}

declare module 'node:buffer' {
  interface Buffer {
    // Buffer's own methods behind toString and write (in Node since its first versions).
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

/*
 * An event's record in the store: INTS 32-bit integers, the first three pairs of them read as
 * doubles. One record per event, side by side, so that making an event (its case's events are
 * spread through the file) touches one or two cache lines, not one per field.
 */
const INTS = 24;
const DOUBLES = INTS / 2;
/** Doubles: the instant, and where the note and the event id are in the text store. */
const INSTANT = 0;
const DETAIL_AT = 1;
const EVENT_ID_AT = 2;
/** Integers (past the doubles'). */
const DAY = 6;
const TIME = 7;
const SEQ = 8;
const TYPE = 9;
const PARTY = 10;
const DIRECTION = 11;
const CHANNEL = 12;
const OUTCOME = 13;
const OFFICER = 14;
const DETAIL_LENGTH = 15;
const EVENT_ID_LENGTH = 16;
/** An index into `attributeSets`, or NONE. */
const ATTRIBUTES = 17;
const FILE = 18;
/** The source's line, or -1 - i for the i-th source kept as an object (a JSON pointer). */
const LINE = 19;
/** The next event of the same case, or NONE: each case's events are a chain in reading order. */
const NEXT = 20;
/** 1 for an event removed as a duplicate. */
const REMOVED = 21;

export class EventStore {
  private capacity = 0;
  /** Slots used: the next event's slot. */
  private size = 0;
  private ints = new Int32Array(0);
  private doubles = new Float64Array(0);

  private readonly texts = new TextStore();
  private readonly attributeSets: Readonly<Record<string, string>>[] = [];
  private readonly files: string[] = [];
  private readonly fileIds = new Map<string, number>();
  private lastFile = '';
  private lastFileId = -1;
  private readonly sources: SourceRef[] = [];

  constructor(readonly vocabularies: StoreVocabularies) {}

  /** Stores an event after `previous` (the last event of its case, or NONE): its slot. */
  add(e: StoredEventFields, previous: number): number {
    if (this.size === this.capacity) this.grow();
    const slot = this.size++;
    const ints = this.ints;
    const doubles = this.doubles;
    const i = slot * INTS;
    const d = slot * DOUBLES;
    doubles[d + INSTANT] = e.instant;
    ints[i + DAY] = e.day;
    ints[i + TIME] = e.time;
    ints[i + SEQ] = e.seq;
    ints[i + TYPE] = e.type;
    ints[i + PARTY] = e.party;
    ints[i + DIRECTION] = e.direction;
    ints[i + CHANNEL] = e.channel;
    ints[i + OUTCOME] = e.outcome;
    ints[i + OFFICER] = e.officer;
    this.texts.put(e.detail, doubles, d + DETAIL_AT, ints, i + DETAIL_LENGTH);
    this.texts.put(e.eventId, doubles, d + EVENT_ID_AT, ints, i + EVENT_ID_LENGTH);
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
    if (previous !== NONE) ints[previous * INTS + NEXT] = slot;
    return slot;
  }

  /** The event at `slot`, made now. */
  event(slot: number, caseId: string): CaseEvent {
    const v = this.vocabularies;
    const ints = this.ints;
    const doubles = this.doubles;
    const i = slot * INTS;
    const d = slot * DOUBLES;
    const line = ints[i + LINE]!;
    return new ReadEvent(
      ints[i + DAY]!,
      ints[i + TIME]!,
      doubles[d + INSTANT]!,
      caseId,
      v.type[ints[i + TYPE]!]!,
      optionalValue(v.party, ints[i + PARTY]!),
      optionalValue(v.direction, ints[i + DIRECTION]!),
      optionalValue(v.channel, ints[i + CHANNEL]!),
      optionalValue(v.outcome, ints[i + OUTCOME]!),
      this.texts.get(doubles[d + DETAIL_AT]!, ints[i + DETAIL_LENGTH]!),
      optionalValue(v.officer, ints[i + OFFICER]!),
      this.texts.get(doubles[d + EVENT_ID_AT]!, ints[i + EVENT_ID_LENGTH]!),
      this.attributesAt(slot),
      this.files[ints[i + FILE]!]!,
      line >= 0 ? line : this.sources[-1 - line]!,
      ints[i + SEQ]!,
    );
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
    for (let slot = first; slot !== NONE; slot = this.ints[slot * INTS + NEXT]!) {
      if (this.ints[slot * INTS + REMOVED] === 0) events.push(this.event(slot, caseId));
    }
    return events;
  }

  /** The slots of a case's chain, in reading order. */
  slots(first: number): number[] {
    const slots: number[] = [];
    for (let slot = first; slot !== NONE; slot = this.ints[slot * INTS + NEXT]!) slots.push(slot);
    return slots;
  }

  nextAt(slot: number): number {
    return this.ints[slot * INTS + NEXT]!;
  }

  remove(slot: number): void {
    this.ints[slot * INTS + REMOVED] = 1;
  }

  instantAt(slot: number): number {
    return this.doubles[slot * DOUBLES + INSTANT]!;
  }

  timeAt(slot: number): number {
    return this.ints[slot * INTS + TIME]!;
  }

  seqAt(slot: number): number {
    return this.ints[slot * INTS + SEQ]!;
  }

  typeAt(slot: number): string {
    return this.vocabularies.type[this.ints[slot * INTS + TYPE]!]!;
  }

  sourceAt(slot: number): SourceRef {
    const line = this.ints[slot * INTS + LINE]!;
    return line >= 0 ? { file: this.files[this.ints[slot * INTS + FILE]!]!, line } : this.sources[-1 - line]!;
  }

  /**
   * Whether two events of one case are exact duplicates: what `sameEvent` compares, on the
   * records. A vocabulary's values and officer names are one number per distinct string, and
   * equal texts are stored alike, so equal numbers and equal bytes are equal strings.
   */
  same(a: number, b: number): boolean {
    const ints = this.ints;
    const doubles = this.doubles;
    const ia = a * INTS;
    const ib = b * INTS;
    const da = a * DOUBLES;
    const db = b * DOUBLES;
    if (
      doubles[da + INSTANT] !== doubles[db + INSTANT] ||
      ints[ia + TIME] !== ints[ib + TIME] ||
      ints[ia + TYPE] !== ints[ib + TYPE] ||
      ints[ia + PARTY] !== ints[ib + PARTY] ||
      ints[ia + DIRECTION] !== ints[ib + DIRECTION] ||
      ints[ia + CHANNEL] !== ints[ib + CHANNEL] ||
      ints[ia + OUTCOME] !== ints[ib + OUTCOME] ||
      ints[ia + OFFICER] !== ints[ib + OFFICER] ||
      !this.texts.same(doubles[da + DETAIL_AT]!, ints[ia + DETAIL_LENGTH]!, doubles[db + DETAIL_AT]!, ints[ib + DETAIL_LENGTH]!) ||
      !this.texts.same(doubles[da + EVENT_ID_AT]!, ints[ia + EVENT_ID_LENGTH]!, doubles[db + EVENT_ID_AT]!, ints[ib + EVENT_ID_LENGTH]!)
    ) {
      return false;
    }
    const aa = this.attributesAt(a);
    const ab = this.attributesAt(b);
    const ka = Object.keys(aa);
    if (ka.length !== Object.keys(ab).length) return false;
    return ka.every((k) => aa[k] === ab[k]);
  }

  private attributesAt(slot: number): Readonly<Record<string, string>> {
    const i = this.ints[slot * INTS + ATTRIBUTES]!;
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

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const buffer = new ArrayBuffer(capacity * INTS * 4);
    const ints = new Int32Array(buffer);
    ints.set(this.ints);
    this.ints = ints;
    this.doubles = new Float64Array(buffer);
    this.capacity = capacity;
  }
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
