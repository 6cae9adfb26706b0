import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatDay, formatDayUk, formatTime, NO_TIME } from '../dates/london.js';
import { CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, EVENT_COLUMNS, EVENT_TYPES, PARTIES } from '../model/event.js';
import { NOTE_BANK, RISK_LEVELS, SAMPLE_LANDLORD, type GeneratedSample, type SampleCase } from './generate.js';
import { ACTION_KINDS, CLOSURE_REASONS, OFFICERS } from './phrases.js';

/**
 * Writes a generated sample as the canonical export of SPEC 1: events CSV (rows in date order
 * across cases), case records CSV, and the same data as JSON grouped by case. Output goes to a
 * `write` callback in large chunks, so a million events stream to disk without one giant string.
 */
export type Write = (chunk: Uint8Array) => void;

export const SAMPLE_EVENT_COLUMNS = [
  ...EVENT_COLUMNS,
  'frequency_days',
  'stage',
  'extension_days',
  'risk_score',
  'risk_level',
  'action_kind',
  'closure_reason',
] as const;

export const SAMPLE_CASE_COLUMNS = [
  'case_id',
  'reported_at',
  'landlord',
  'category',
  'priority',
  'vulnerabilities',
  'hate_motivated',
  'team',
  'officer',
  'property_ref',
  'alleged_perpetrator_ref',
] as const;

export const SAMPLE_FILES = ['events.csv', 'cases.csv', 'events.json'] as const;

const CHUNK = 1 << 22;

/**
 * Text encoded straight into one reused buffer: concatenating a million lines into strings
 * costs more in garbage collection than the formatting itself.
 */
class Buffered {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  constructor(private readonly write: Write) {}
  add(text: string): void {
    // At most 3 bytes per UTF-16 unit: a cheap bound that never splits a line.
    if (text.length * 3 > CHUNK - this.used) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.write(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }
  flush(): void {
    if (this.used > 0) this.write(Buffer.from(this.buffer.subarray(0, this.used)));
    this.used = 0;
  }
}

const TYPE = {
  report: EVENT_TYPES.indexOf('report'),
  contactAgreement: EVENT_TYPES.indexOf('contact_agreement'),
  actionPlan: EVENT_TYPES.indexOf('action_plan'),
  riskAssessment: EVENT_TYPES.indexOf('risk_assessment'),
  riskAssessmentReview: EVENT_TYPES.indexOf('risk_assessment_review'),
  action: EVENT_TYPES.indexOf('action'),
  caseClosed: EVENT_TYPES.indexOf('case_closed'),
  complaintExtension: EVENT_TYPES.indexOf('complaint_extension'),
};
const COMPLAINT_TYPES = new Set(['complaint', 'complaint_acknowledged', 'complaint_extension', 'complaint_response'].map((t) => EVENT_TYPES.indexOf(t as never)));

/** Date text by day, written once per day rather than once per event. */
class DateText {
  private readonly iso = new Map<number, string>();
  private readonly uk = new Map<number, string>();
  private readonly times: string[] = [];
  moment(day: number, time: number, ukDates: boolean): string {
    const cache = ukDates ? this.uk : this.iso;
    let date = cache.get(day);
    if (date === undefined) {
      date = ukDates ? formatDayUk(day) : formatDay(day);
      cache.set(day, date);
    }
    if (time === NO_TIME) return date;
    let clock = this.times[time];
    if (clock === undefined) {
      clock = formatTime(time);
      this.times[time] = clock;
    }
    return ukDates ? `${date} ${clock}` : `${date}T${clock}:00`;
  }
}

/**
 * The attribute values of one event (frequency_days ... closure_reason), or undefined where the
 * event has none. Only the note is free text; every other value is known to need no quoting.
 */
function attributes(sample: GeneratedSample, i: number): Array<string | undefined> | undefined {
  const e = sample.events;
  const type = e.type[i]!;
  const a = e.attrA[i]!;
  const b = e.attrB[i]!;
  if (a === 0 && b === 0) return undefined;
  return [
    a > 0 && (type === TYPE.contactAgreement || type === TYPE.actionPlan) ? String(a) : undefined,
    a > 0 && COMPLAINT_TYPES.has(type) ? String(a) : undefined,
    b > 0 && type === TYPE.complaintExtension ? String(b) : undefined,
    a > 0 && type === TYPE.riskAssessment ? String(a) : undefined,
    b > 0 && (type === TYPE.riskAssessment || type === TYPE.riskAssessmentReview) ? RISK_LEVELS[b - 1] : undefined,
    b > 0 && type === TYPE.action ? ACTION_KINDS[b - 1] : undefined,
    b > 0 && type === TYPE.caseClosed ? CLOSURE_REASONS[b - 1] : undefined,
  ];
}

const ATTRIBUTE_COLUMNS = SAMPLE_EVENT_COLUMNS.slice(EVENT_COLUMNS.length);
const NUMERIC_ATTRIBUTES = new Set(['frequency_days', 'stage', 'extension_days', 'risk_score']);
const EMPTY_ATTRIBUTES = ',,,,,,,';
const enumText = (list: readonly string[], code: number) => (code ? list[code - 1]! : '');

function noteText(sample: GeneratedSample, i: number, c: SampleCase): string {
  const note = sample.events.note[i]!;
  return note >= 0 ? NOTE_BANK[note]!(c.resident, c.pronouns) : '';
}

function eventCsvLine(sample: GeneratedSample, i: number, dates: DateText): string {
  const e = sample.events;
  const c = sample.cases[e.caseIndex[i]!]!;
  const attrs = attributes(sample, i);
  return (
    c.caseId + ',' +
    dates.moment(e.day[i]!, e.time[i]!, c.ukDates) + ',' +
    EVENT_TYPES[e.type[i]!] + ',' +
    enumText(PARTIES, e.party[i]!) + ',' +
    enumText(DIRECTIONS, e.direction[i]!) + ',' +
    enumText(CHANNELS, e.channel[i]!) + ',' +
    enumText(CONTACT_OUTCOMES, e.outcome[i]!) + ',' +
    csvField(noteText(sample, i, c)) + ',' +
    OFFICERS[e.officer[i]!] + ',' +
    eventId(sample.rank[i]!) +
    (attrs ? ',' + attrs.map((v) => v ?? '').join(',') : EMPTY_ATTRIBUTES) + '\n'
  );
}

function eventJson(sample: GeneratedSample, i: number, dates: DateText): string {
  const e = sample.events;
  const c = sample.cases[e.caseIndex[i]!]!;
  let out = '{"case_id":"' + c.caseId + '","occurred_at":"' + dates.moment(e.day[i]!, e.time[i]!, c.ukDates) + '","type":"' + EVENT_TYPES[e.type[i]!] + '"';
  if (e.party[i]) out += ',"party":"' + PARTIES[e.party[i]! - 1] + '"';
  if (e.direction[i]) out += ',"direction":"' + DIRECTIONS[e.direction[i]! - 1] + '"';
  if (e.channel[i]) out += ',"channel":"' + CHANNELS[e.channel[i]! - 1] + '"';
  if (e.outcome[i]) out += ',"outcome":"' + CONTACT_OUTCOMES[e.outcome[i]! - 1] + '"';
  if (e.note[i]! >= 0) out += ',"detail":' + JSON.stringify(noteText(sample, i, c));
  out += ',"officer":"' + OFFICERS[e.officer[i]!] + '","event_id":"' + eventId(sample.rank[i]!) + '"';
  const attrs = attributes(sample, i);
  if (attrs) {
    attrs.forEach((v, k) => {
      if (v === undefined) return;
      const col = ATTRIBUTE_COLUMNS[k]!;
      out += ',"' + col + '":' + (NUMERIC_ATTRIBUTES.has(col) ? v : '"' + v + '"');
    });
  }
  return out + '}';
}

export function eventId(rank: number): string {
  return 'EV' + String(rank + 1).padStart(8, '0');
}

function csvField(value: string): string {
  for (let k = 0; k < value.length; k++) {
    const ch = value.charCodeAt(k);
    if (ch === 34 || ch === 44 || ch === 10 || ch === 13) return '"' + value.replace(/"/g, '""') + '"';
  }
  return value;
}

function caseValues(c: SampleCase, dates: DateText): string[] {
  return [
    c.caseId,
    dates.moment(c.reportedDay, c.reportedTime, c.ukDates),
    SAMPLE_LANDLORD,
    c.category,
    c.priority,
    c.vulnerabilities,
    String(c.hateMotivated),
    c.team,
    c.officer,
    c.propertyRef,
    c.perpetratorRef,
  ];
}

/** Events CSV: one row per event, all cases interleaved in date order. */
export function writeEventsCsv(sample: GeneratedSample, write: Write): void {
  const out = new Buffered(write);
  const dates = new DateText();
  out.add(SAMPLE_EVENT_COLUMNS.join(',') + '\n');
  for (let k = 0; k < sample.order.length; k++) {
    out.add(eventCsvLine(sample, sample.order[k]!, dates));
  }
  out.flush();
}

export function writeCasesCsv(sample: GeneratedSample, write: Write): void {
  const out = new Buffered(write);
  const dates = new DateText();
  out.add(SAMPLE_CASE_COLUMNS.join(',') + '\n');
  for (const c of sample.cases) out.add(caseValues(c, dates).map(csvField).join(',') + '\n');
  out.flush();
}

/** `{"cases":[{...record, "events":[...]}]}`, one case per line; numbers as JSON numbers. */
export function writeEventsJson(sample: GeneratedSample, write: Write): void {
  const out = new Buffered(write);
  const dates = new DateText();
  out.add('{"cases":[\n');
  sample.cases.forEach((c, ci) => {
    const values = caseValues(c, dates);
    let line = '{';
    SAMPLE_CASE_COLUMNS.forEach((col, k) => {
      const v = values[k]!;
      line += (k > 0 ? ',' : '') + JSON.stringify(col) + ':' + (col === 'hate_motivated' ? v : JSON.stringify(v));
    });
    line += ',"events":[';
    for (let i = c.firstEvent; i < c.firstEvent + c.eventCount; i++) {
      line += (i > c.firstEvent ? ',' : '') + eventJson(sample, i, dates);
    }
    line += ']}' + (ci < sample.cases.length - 1 ? ',' : '') + '\n';
    out.add(line);
  });
  out.add(']}\n');
  out.flush();
}

export interface RenderedSample {
  readonly eventsCsv: string;
  readonly casesCsv: string;
  readonly eventsJson: string;
}

/** The three files as strings: for tests and small samples. */
export function renderSample(sample: GeneratedSample): RenderedSample {
  const collect = (writer: (s: GeneratedSample, w: Write) => void) => {
    const parts: Uint8Array[] = [];
    writer(sample, (chunk) => void parts.push(chunk));
    return Buffer.concat(parts).toString('utf8');
  };
  return { eventsCsv: collect(writeEventsCsv), casesCsv: collect(writeCasesCsv), eventsJson: collect(writeEventsJson) };
}

/** Writes the three files into `dir` (which must exist); returns their paths and total bytes. */
export function writeSampleFiles(sample: GeneratedSample, dir: string): { files: string[]; bytes: number } {
  const writers = [writeEventsCsv, writeCasesCsv, writeEventsJson];
  let bytes = 0;
  const files = SAMPLE_FILES.map((name, k) => {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    try {
      writers[k]!(sample, (chunk) => {
        bytes += chunk.length;
        for (let offset = 0; offset < chunk.length; ) offset += writeSync(fd, chunk, offset);
      });
    } finally {
      closeSync(fd);
    }
    return path;
  });
  return { files, bytes };
}
