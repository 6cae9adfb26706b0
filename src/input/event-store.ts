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

  /** Stores `text` and sets its position and length at `slot` of the two columns. */
  put(text: string | undefined, positions: Float64Array, lengths: Int32Array, slot: number): void {
    if (text === undefined) {
      lengths[slot] = NONE;
      return;
    }
    const room = text.length * 3;
    if (room <= TEXT_CHUNK) {
      if (this.used + room > TEXT_CHUNK) {
        this.chunk = Buffer.allocUnsafeSlow(TEXT_CHUNK);
        this.chunks.push(this.chunk);
        this.used = 0;
      }
      const bytes = this.chunk!.write(text, this.used, 'utf8');
      if (bytes === text.length) {
        positions[slot] = (this.chunks.length - 1) * TEXT_CHUNK + this.used;
        lengths[slot] = bytes;
        this.used += bytes;
        return;
      }
    }
    lengths[slot] = -2 - this.strings.length;
    this.strings.push((text + ' ').slice(0, -1));
  }

  get(position: number, length: number): string | undefined {
    if (length >= 0) {
      const chunk = this.chunks[Math.floor(position / TEXT_CHUNK)]!;
      const start = position % TEXT_CHUNK;
      return chunk.latin1Slice(start, start + length);
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
    const c1 = this.chunks[Math.floor(p1 / TEXT_CHUNK)]!;
    const c2 = this.chunks[Math.floor(p2 / TEXT_CHUNK)]!;
    const s1 = p1 % TEXT_CHUNK;
    const s2 = p2 % TEXT_CHUNK;
    return c1.compare(c2, s2, s2 + l2, s1, s1 + l1) === 0;
  }
}

declare module 'node:buffer' {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
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
  private capacity = 0;
  /** Slots used: the next event's slot. */
  private size = 0;
  private day = new Int32Array(0);
  private time = new Int32Array(0);
  private instant = new Float64Array(0);
  private seq = new Float64Array(0);
  private type = new Int32Array(0);
  private party = new Int32Array(0);
  private direction = new Int32Array(0);
  private channel = new Int32Array(0);
  private outcome = new Int32Array(0);
  private officer = new Int32Array(0);
  private detailAt = new Float64Array(0);
  private detailLength = new Int32Array(0);
  private eventIdAt = new Float64Array(0);
  private eventIdLength = new Int32Array(0);
  /** An index into `attributeSets`, or NONE. */
  private attributes = new Int32Array(0);
  private file = new Int32Array(0);
  /** The source's line, or -1 - i for the i-th source kept as an object (a JSON pointer). */
  private line = new Int32Array(0);
  /** The next event of the same case, or NONE: each case's events are a chain in reading order. */
  private next = new Int32Array(0);
  /** 1 for an event removed as a duplicate. */
  private removed = new Uint8Array(0);

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
    this.day[slot] = e.day;
    this.time[slot] = e.time;
    this.instant[slot] = e.instant;
    this.seq[slot] = e.seq;
    this.type[slot] = e.type;
    this.party[slot] = e.party;
    this.direction[slot] = e.direction;
    this.channel[slot] = e.channel;
    this.outcome[slot] = e.outcome;
    this.officer[slot] = e.officer;
    this.texts.put(e.detail, this.detailAt, this.detailLength, slot);
    this.texts.put(e.eventId, this.eventIdAt, this.eventIdLength, slot);
    if (e.attributes === undefined) this.attributes[slot] = NONE;
    else {
      this.attributes[slot] = this.attributeSets.length;
      this.attributeSets.push(e.attributes);
    }
    const source = e.source;
    this.file[slot] = this.fileId(source.file);
    if (source.pointer === undefined && source.line !== undefined) this.line[slot] = source.line;
    else {
      this.line[slot] = -1 - this.sources.length;
      this.sources.push(source);
    }
    this.next[slot] = NONE;
    this.removed[slot] = 0;
    if (previous !== NONE) this.next[previous] = slot;
    return slot;
  }

  /** The event at `slot`, made now. */
  event(slot: number, caseId: string): CaseEvent {
    const v = this.vocabularies;
    const line = this.line[slot]!;
    return new ReadEvent(
      this.day[slot]!,
      this.time[slot]!,
      this.instant[slot]!,
      caseId,
      v.type[this.type[slot]!]!,
      optionalValue(v.party, this.party[slot]!),
      optionalValue(v.direction, this.direction[slot]!),
      optionalValue(v.channel, this.channel[slot]!),
      optionalValue(v.outcome, this.outcome[slot]!),
      this.texts.get(this.detailAt[slot]!, this.detailLength[slot]!),
      optionalValue(v.officer, this.officer[slot]!),
      this.texts.get(this.eventIdAt[slot]!, this.eventIdLength[slot]!),
      this.attributesAt(slot),
      this.files[this.file[slot]!]!,
      line >= 0 ? line : this.sources[-1 - line]!,
      this.seq[slot]!,
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
    for (let slot = first; slot !== NONE; slot = this.next[slot]!) {
      if (this.removed[slot] === 0) events.push(this.event(slot, caseId));
    }
    return events;
  }

  /** The slots of a case's chain, in reading order. */
  slots(first: number): number[] {
    const slots: number[] = [];
    for (let slot = first; slot !== NONE; slot = this.next[slot]!) slots.push(slot);
    return slots;
  }

  remove(slot: number): void {
    this.removed[slot] = 1;
  }

  instantAt(slot: number): number {
    return this.instant[slot]!;
  }

  timeAt(slot: number): number {
    return this.time[slot]!;
  }

  seqAt(slot: number): number {
    return this.seq[slot]!;
  }

  typeAt(slot: number): string {
    return this.vocabularies.type[this.type[slot]!]!;
  }

  sourceAt(slot: number): SourceRef {
    const line = this.line[slot]!;
    return line >= 0 ? { file: this.files[this.file[slot]!]!, line } : this.sources[-1 - line]!;
  }

  /**
   * Whether two events of one case are exact duplicates: what `sameEvent` compares, on the
   * columns. A vocabulary's values and officer names are one number per distinct string, and
   * equal texts are stored alike, so equal numbers and equal bytes are equal strings.
   */
  same(a: number, b: number): boolean {
    if (
      this.instant[a] !== this.instant[b] ||
      this.time[a] !== this.time[b] ||
      this.type[a] !== this.type[b] ||
      this.party[a] !== this.party[b] ||
      this.direction[a] !== this.direction[b] ||
      this.channel[a] !== this.channel[b] ||
      this.outcome[a] !== this.outcome[b] ||
      this.officer[a] !== this.officer[b] ||
      !this.texts.same(this.detailAt[a]!, this.detailLength[a]!, this.detailAt[b]!, this.detailLength[b]!) ||
      !this.texts.same(this.eventIdAt[a]!, this.eventIdLength[a]!, this.eventIdAt[b]!, this.eventIdLength[b]!)
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
    const i = this.attributes[slot]!;
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
    this.day = grown(this.day, capacity);
    this.time = grown(this.time, capacity);
    this.instant = grown(this.instant, capacity);
    this.seq = grown(this.seq, capacity);
    this.type = grown(this.type, capacity);
    this.party = grown(this.party, capacity);
    this.direction = grown(this.direction, capacity);
    this.channel = grown(this.channel, capacity);
    this.outcome = grown(this.outcome, capacity);
    this.officer = grown(this.officer, capacity);
    this.detailAt = grown(this.detailAt, capacity);
    this.detailLength = grown(this.detailLength, capacity);
    this.eventIdAt = grown(this.eventIdAt, capacity);
    this.eventIdLength = grown(this.eventIdLength, capacity);
    this.attributes = grown(this.attributes, capacity);
    this.file = grown(this.file, capacity);
    this.line = grown(this.line, capacity);
    this.next = grown(this.next, capacity);
    this.removed = grown(this.removed, capacity);
    this.capacity = capacity;
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(column: T, capacity: number): T {
  const bigger = new (column.constructor as new (length: number) => T)(capacity);
  bigger.set(column);
  return bigger;
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
