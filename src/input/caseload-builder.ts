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
  type DataQualityKind,
  type DataQualityNote,
  type SourceRef,
} from '../model/index.js';
import { NO_TIME, type Moment } from '../dates/london.js';
import { CASE_COLUMNS, type CaseColumn, type Layout } from './layout.js';
import type { Caseload, InputSummary } from './types.js';

/** Where a row is, as messages show it: `events.csv:12` or `cases.json#/cases/3/events/7`. */
export function describeSource(source: SourceRef): string {
  if (source.pointer !== undefined) return `${source.file}#${source.pointer}`;
  return source.line === undefined ? source.file : `${source.file}:${source.line}`;
}

/** Listed one by one up to this many per kind and file; the rest are counted in one note. */
const NOTES_PER_FILE = 100;

const EMPTY_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

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
}

interface CaseDraft {
  readonly caseId: string;
  readonly events: CaseEvent[];
  /** Case-record values by column (SPEC 1.3 names) or attribute name, first value kept. */
  fields?: Map<string, FieldValue>;
  /** Column names whose conflicting values were already noted (one note per case and column). */
  conflicts?: Set<string>;
  /** The first case row or JSON case object, when there was one. */
  recordSource?: SourceRef;
}

interface UnknownValue {
  readonly field: VocabularyField;
  readonly value: string;
  count: number;
  readonly source: SourceRef;
}

/**
 * Collects canonical rows from every input into cases, in reading order. Rows are turned into
 * compact events at once; case-record values are merged by case_id as they arrive; duplicates,
 * unknown values and case records are settled once at the end.
 */
export class CaseloadBuilder {
  private readonly cases = new Map<string, CaseDraft>();
  private readonly notes: DataQualityNote[] = [];
  private readonly overflow = new Map<string, { kind: DataQualityKind; file: string; count: number }>();
  private readonly unknown = new Map<string, UnknownValue>();
  /** Per vocabulary: raw value -> the canonical value it reads as, or itself when unknown. */
  private readonly spellings = {
    type: knownSpellings('type'),
    party: knownSpellings('party'),
    direction: knownSpellings('direction'),
    channel: knownSpellings('channel'),
    outcome: knownSpellings('outcome'),
  };
  private readonly officers = new Map<string, string>();
  private readonly days = new Map<string, Moment | undefined>();
  private seq = 0;

  constructor(private readonly strict: boolean) {}

  /** A row that cannot be used: an error under --strict, otherwise skipped and noted. */
  unusableRow(source: SourceRef, problem: string, caseId?: string): void {
    const where = describeSource(source);
    if (this.strict) throw new UserError(`${where}: ${problem} (--strict: an unusable row is an error)`);
    this.note({ kind: 'unparseable-row', message: `${where}: ${problem}; row skipped`, caseId, source });
  }

  /** A note of a kind that can repeat once per row: listed up to a limit per file, then counted. */
  note(note: DataQualityNote): void {
    if (note.kind === 'unparseable-row' || note.kind === 'duplicate-removed') {
      const file = note.source?.file ?? '';
      const key = `${note.kind}\u0000${file}`;
      const seen = this.overflow.get(key) ?? { kind: note.kind, file, count: 0 };
      this.overflow.set(key, seen);
      seen.count++;
      if (seen.count > NOTES_PER_FILE) return;
    }
    this.notes.push(note);
  }

  /** One event row (canonical columns per `layout`). */
  eventRow(layout: Layout, values: readonly string[], source: SourceRef): void {
    const caseId = trimmed(values, layout.caseId);
    if (caseId === '') return this.unusableRow(source, 'case_id is empty');
    const rawType = trimmed(values, layout.type);
    if (rawType === '') return this.unusableRow(source, 'type is empty', caseId);
    const occurredAt = values[layout.occurredAt] ?? '';
    const moment = this.moment(occurredAt);
    if (moment === undefined) {
      const problem = occurredAt.trim() === '' ? 'occurred_at is empty' : `occurred_at ${JSON.stringify(occurredAt)} is not a date this tool reads (ISO 8601 or DD/MM/YYYY)`;
      return this.unusableRow(source, problem, caseId);
    }

    let attributes: Record<string, string> | undefined;
    for (const [i, name] of layout.attributes) {
      const value = trimmed(values, i);
      if (value !== '') (attributes ??= {})[name] = value;
    }
    const draft = this.draft(caseId);
    const event: CaseEvent = {
      day: moment.day,
      time: moment.time,
      instant: moment.instant,
      caseId: draft.caseId,
      type: this.vocabulary('type', rawType, source),
      party: this.optionalVocabulary('party', values, layout.party, source),
      direction: this.optionalVocabulary('direction', values, layout.direction, source),
      channel: this.optionalVocabulary('channel', values, layout.channel, source),
      outcome: this.optionalVocabulary('outcome', values, layout.outcome, source),
      detail: freeText(values, layout.detail),
      officer: this.officerName(values, layout.officer),
      eventId: optional(values, layout.eventId),
      attributes: attributes ?? EMPTY_ATTRIBUTES,
      source,
      seq: this.seq++,
    };
    draft.events.push(event);
    for (const [i, column] of layout.caseColumns) {
      const value = trimmed(values, i);
      if (value !== '') this.caseValue(draft, column, value, source);
    }
  }

  /** One case-record row (a case file row, a JSON case object). */
  caseRow(layout: Layout, values: readonly string[], source: SourceRef): void {
    const caseId = trimmed(values, layout.caseId);
    if (caseId === '') return this.unusableRow(source, 'case_id is empty');
    const draft = this.draft(caseId);
    draft.recordSource ??= source;
    for (const [i, column] of layout.caseColumns) {
      const value = trimmed(values, i);
      if (value !== '') this.caseValue(draft, column, value, source);
    }
    for (const [i, name] of layout.attributes) {
      const value = trimmed(values, i);
      if (value !== '') this.caseValue(draft, name, value, source);
    }
  }

  /** Settles duplicates, case records and the counted notes. */
  finish(inputs: InputSummary[]): Caseload {
    let duplicatesRemoved = 0;
    const cases = new Map<string, CaseInput>();
    for (const draft of this.cases.values()) {
      const events = this.withoutDuplicates(draft);
      duplicatesRemoved += draft.events.length - events.length;
      const record = this.record(draft);
      const input: CaseInput = record === undefined ? { caseId: draft.caseId, events } : { caseId: draft.caseId, record, events };
      cases.set(draft.caseId, input);
      // A case record without events is noted by the timeline builder ('case-without-events').
    }
    for (const u of this.unknown.values()) {
      const times = u.count === 1 ? 'once' : `${u.count} times`;
      const what = u.field === 'type' ? 'unknown event type' : `unknown ${u.field}`;
      this.notes.push({
        kind: u.field === 'type' ? 'unknown-type' : 'unknown-value',
        message: `${what} ${JSON.stringify(u.value)} kept as it is, ${times} (first at ${describeSource(u.source)})`,
        source: u.source,
      });
    }
    for (const o of this.overflow.values()) {
      if (o.count <= NOTES_PER_FILE) continue;
      const what = o.kind === 'unparseable-row' ? 'unusable rows skipped' : 'duplicate events removed';
      this.notes.push({ kind: o.kind, message: `${o.file}: ${o.count - NOTES_PER_FILE} more ${what} (not listed one by one)`, source: { file: o.file } });
    }
    return { cases, inputs, notes: this.notes, duplicatesRemoved };
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
    let draft = this.cases.get(caseId);
    if (draft === undefined) {
      draft = { caseId, events: [] };
      this.cases.set(caseId, draft);
    }
    return draft;
  }

  private caseValue(draft: CaseDraft, column: string, value: string, source: SourceRef): void {
    const fields = (draft.fields ??= new Map());
    const first = fields.get(column);
    if (first === undefined) {
      fields.set(column, { value, source });
      return;
    }
    if (first.value === value) return;
    const conflicts = (draft.conflicts ??= new Set());
    if (conflicts.has(column)) return;
    conflicts.add(column);
    this.notes.push({
      kind: 'conflicting-case-record',
      message: `case ${draft.caseId}: ${column} ${JSON.stringify(value)} at ${describeSource(source)} conflicts with ${JSON.stringify(first.value)} at ${describeSource(first.source)}; keeping the first`,
      caseId: draft.caseId,
      source,
    });
  }

  private optionalVocabulary(field: VocabularyField, values: readonly string[], index: number, source: SourceRef): string | undefined {
    if (index < 0) return undefined;
    const raw = trimmed(values, index);
    return raw === '' ? undefined : this.vocabulary(field, raw, source);
  }

  /**
   * The canonical value a raw one reads as: itself, or its lower-case snake_case spelling
   * (`Third Party In` -> `third_party_in`). Anything else is kept as written and counted. The
   * value returned is one shared string per distinct value, so a million events hold a handful.
   */
  private vocabulary(field: VocabularyField, raw: string, source: SourceRef): string {
    const spellings = this.spellings[field];
    let value = spellings.get(raw);
    if (value === undefined) {
      const snake = raw.toLowerCase().replace(/[\s-]+/g, '_');
      value = spellings.get(snake) ?? raw;
      spellings.set(raw, value);
    }
    if (!VOCABULARIES[field].has(value)) {
      const key = `${field}\u0000${value}`;
      const seen = this.unknown.get(key);
      if (seen) seen.count++;
      else this.unknown.set(key, { field, value, count: 1, source });
    }
    return value;
  }

  /** One shared string per distinct officer name, as for vocabularies. */
  private officerName(values: readonly string[], index: number): string | undefined {
    const name = optional(values, index);
    if (name === undefined) return undefined;
    let shared = this.officers.get(name);
    if (shared === undefined) this.officers.set(name, (shared = name));
    return shared;
  }

  /**
   * A case's events less exact duplicates (same date, type and every field and attribute; the
   * source aside). Buckets by date and type keep this linear; memory lasts for one case only.
   */
  private withoutDuplicates(draft: CaseDraft): CaseEvent[] {
    const events = draft.events;
    if (events.length < 2 || !hasRepeatedMoment(events)) return events;
    // Keyed by the instant (a number: cheap), the date-only flag in the low bit. A moment seen
    // twice gets a map by content, so a case of thousands of events logged at one date (a bulk
    // import) stays linear instead of comparing every pair.
    const buckets = new Map<number, CaseEvent | Map<string, CaseEvent>>();
    let kept: CaseEvent[] | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const key = momentKey(event);
      const bucket = buckets.get(key);
      let original: CaseEvent | undefined;
      if (bucket === undefined) buckets.set(key, event);
      else if (bucket instanceof Map) {
        const content = eventContentKey(event);
        original = bucket.get(content);
        if (original === undefined) bucket.set(content, event);
      } else if (sameEvent(bucket, event)) original = bucket;
      else buckets.set(key, new Map([[eventContentKey(bucket), bucket], [eventContentKey(event), event]]));
      if (original !== undefined) {
        kept ??= events.slice(0, i);
        this.note({
          kind: 'duplicate-removed',
          message: `case ${draft.caseId}: ${event.type} at ${describeSource(event.source)} repeats ${describeSource(original.source)} exactly; removed`,
          caseId: draft.caseId,
          source: event.source,
        });
        continue;
      }
      kept?.push(event);
    }
    return kept ?? events;
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
        this.note({ kind: 'unparseable-row', message: `${where}: ${problem}; reported_at ignored`, caseId: draft.caseId, source: reported.source });
      }
    }
    let hateMotivated: boolean | undefined;
    const hate = get('hate_motivated');
    if (hate !== undefined) {
      const word = hate.value.toLowerCase();
      if (TRUE_WORDS.has(word)) hateMotivated = true;
      else if (FALSE_WORDS.has(word)) hateMotivated = false;
      else {
        this.notes.push({
          kind: 'unknown-value',
          message: `case ${draft.caseId}: hate_motivated ${JSON.stringify(hate.value)} at ${describeSource(hate.source)} is not true or false; ignored`,
          caseId: draft.caseId,
          source: hate.source,
        });
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

function knownSpellings(field: VocabularyField): Map<string, string> {
  return new Map([...VOCABULARIES[field]].map((v) => [v, v]));
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

let moments = new Float64Array(256);

/** Whether two events share a moment (instant and date-only flag): most cases have none. */
function hasRepeatedMoment(events: readonly CaseEvent[]): boolean {
  if (moments.length < events.length) moments = new Float64Array(events.length * 2);
  const keys = moments.subarray(0, events.length);
  for (let i = 0; i < events.length; i++) keys[i] = momentKey(events[i]!);
  keys.sort();
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) return true;
  return false;
}

function momentKey(event: CaseEvent): number {
  return event.instant * 2 + (event.time === NO_TIME ? 1 : 0);
}

function sameEvent(a: CaseEvent, b: CaseEvent): boolean {
  if (
    a.caseId !== b.caseId ||
    a.instant !== b.instant ||
    a.time !== b.time ||
    a.type !== b.type ||
    a.party !== b.party ||
    a.direction !== b.direction ||
    a.channel !== b.channel ||
    a.outcome !== b.outcome ||
    a.detail !== b.detail ||
    a.officer !== b.officer ||
    a.eventId !== b.eventId
  ) {
    return false;
  }
  const ka = Object.keys(a.attributes);
  if (ka.length !== Object.keys(b.attributes).length) return false;
  return ka.every((k) => a.attributes[k] === b.attributes[k]);
}
