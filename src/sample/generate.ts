import { NO_TIME } from '../dates/london.js';
import { parseDay } from '../dates/parse.js';
import { WorkingCalendar } from '../calendar/working-days.js';
import { CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, EVENT_TYPES, PARTIES, type EventType } from '../model/event.js';
import { createRandom, type Random } from './random.js';
import * as P from './phrases.js';

/**
 * A synthetic caseload that reads like a real export: each case is simulated as a story (a
 * report, the landlord's response, contacts, incidents, third parties, closure, complaints),
 * some handled well and some with the failings of SPEC 3, so an audit of it has something to
 * find. Deterministic for a seed. Dates are day numbers throughout (no Date objects): a million
 * events must take seconds.
 */
export interface SampleOptions {
  readonly cases: number;
  readonly seed: number;
  /** Cap on one case's events (default 250). */
  readonly eventsPerCaseMax?: number;
  /** The export's date: nothing happens after it (default 2024-11-21, the date of samples/). */
  readonly asOf?: number;
}

export const DEFAULT_SAMPLE_AS_OF = parseDay('2024-11-21')!;
export const DEFAULT_EVENTS_PER_CASE_MAX = 250;
/** Smallest useful cap: a report, its first contact, a closure and its notice. */
export const MIN_EVENTS_PER_CASE_MAX = 4;

export const SAMPLE_LANDLORD = 'Riverside Vale Homes';

export interface SampleCase {
  readonly caseId: string;
  readonly reportedDay: number;
  readonly reportedTime: number;
  readonly category: string;
  readonly priority: string;
  readonly vulnerabilities: string;
  readonly hateMotivated: boolean;
  readonly team: string;
  readonly officer: string;
  readonly propertyRef: string;
  readonly perpetratorRef: string;
  /** The resident as officers name them in notes ("Mrs O"). */
  readonly resident: string;
  readonly pronouns: P.Pronouns;
  /** The legacy system of the East team writes UK DD/MM/YYYY dates. */
  readonly ukDates: boolean;
  /** Its events are events[firstEvent .. firstEvent + eventCount), in time order. */
  readonly firstEvent: number;
  readonly eventCount: number;
}

/**
 * Events column by column (a million small objects would cost more than the generation).
 * Enumerations are stored as 1 + their index in the model's lists, 0 meaning empty.
 */
export interface SampleEvents {
  readonly length: number;
  readonly caseIndex: Int32Array;
  readonly day: Int32Array;
  /** Seconds after midnight, or NO_TIME. */
  readonly time: Int32Array;
  /** Index into EVENT_TYPES. */
  readonly type: Uint8Array;
  readonly party: Uint8Array;
  readonly direction: Uint8Array;
  readonly channel: Uint8Array;
  readonly outcome: Uint8Array;
  /** Index into NOTE_BANK, or -1. */
  readonly note: Int32Array;
  /** Index into OFFICERS. */
  readonly officer: Uint8Array;
  /** frequency_days, stage or risk_score, by type; 0 = none. */
  readonly attrA: Int16Array;
  /** extension_days, or 1 + index of risk level / action kind / closure reason; 0 = none. */
  readonly attrB: Int16Array;
}

export interface GeneratedSample {
  readonly asOf: number;
  readonly cases: readonly SampleCase[];
  readonly events: SampleEvents;
  /** Event indices in date order across all cases, as a real export lists them. */
  readonly order: Int32Array;
  /** For each event, its position in `order` (its event_id number). */
  readonly rank: Int32Array;
}

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

/** Every note phrase, numbered, so events store a number and notes are written out on demand. */
export const NOTE_BANK: P.Phrase[] = [];
const noteIds = new Map<unknown, number>();
function noteId(phrase: P.Phrase | string): number {
  let id = noteIds.get(phrase);
  if (id === undefined) {
    id = NOTE_BANK.length;
    NOTE_BANK.push(typeof phrase === 'string' ? () => phrase : phrase);
    noteIds.set(phrase, id);
  }
  return id;
}

const TYPE = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as Record<EventType, number>;
const code = (list: readonly string[]) => Object.fromEntries(list.map((v, i) => [v, i + 1])) as Record<string, number>;
const PARTY = code(PARTIES);
const DIR = code(DIRECTIONS);
const CHAN = code(CHANNELS);
const OUTCOME = code(CONTACT_OUTCOMES);

const CATEGORY_WEIGHTS: ReadonlyArray<[string, number]> = [
  ['noise', 30], ['nuisance', 18], ['harassment', 14], ['drugs', 9], ['criminal_behaviour', 6],
  ['hate', 5], ['domestic_abuse', 4], ['violence', 4], ['threats', 4], ['other', 3],
];
const HIGH_RISK_CATEGORIES = new Set(['hate', 'domestic_abuse', 'violence', 'threats']);
const HARM_CATEGORIES = new Set(['domestic_abuse', 'violence', 'threats']);
/** ESCALATION_NOTES that are also risk-of-harm indications (SPEC 3 keyword lists). */
const HARM_ESCALATION = 2;
/** VULNERABILITY_NOTES index of the self-harm disclosure (also a risk-of-harm indication). */
const SELF_HARM_NOTE = 2;
const THIRD_PARTY_WEIGHTS: ReadonlyArray<[string, number]> = [
  ['police', 40], ['local_authority', 15], ['health', 10], ['education', 8], ['social_services', 6], ['idva', 4], ['marac', 4], ['managing_agent', 6],
];

/** The failings of SPEC 3 a case can have (a well-handled case has none). */
const enum Fail {
  FirstContact = 1 << 0,
  RiskAssessment = 1 << 1,
  ActionPlan = 1 << 2,
  Agreement = 1 << 3,
  Cadence = 1 << 4,
  IncidentReply = 1 << 5,
  UpdateReply = 1 << 6,
  ThirdParty = 1 << 7,
  Evidence = 1 << 8,
  Recording = 1 << 9,
  Safeguarding = 1 << 10,
  CaseReview = 1 << 11,
  PrematureClosure = 1 << 12,
  ClosureNotice = 1 << 13,
  Complaint = 1 << 14,
}
const FAILINGS = 15;

interface Draft {
  day: number;
  time: number;
  type: number;
  party: number;
  direction: number;
  channel: number;
  outcome: number;
  note: number;
  officer: number;
  attrA: number;
  attrB: number;
  seq: number;
}

class Columns {
  length = 0;
  caseIndex = new Int32Array(1024);
  day = new Int32Array(1024);
  time = new Int32Array(1024);
  type = new Uint8Array(1024);
  party = new Uint8Array(1024);
  direction = new Uint8Array(1024);
  channel = new Uint8Array(1024);
  outcome = new Uint8Array(1024);
  note = new Int32Array(1024);
  officer = new Uint8Array(1024);
  attrA = new Int16Array(1024);
  attrB = new Int16Array(1024);

  push(caseIndex: number, e: Draft): void {
    if (this.length === this.day.length) this.grow();
    const i = this.length++;
    this.caseIndex[i] = caseIndex;
    this.day[i] = e.day;
    this.time[i] = e.time;
    this.type[i] = e.type;
    this.party[i] = e.party;
    this.direction[i] = e.direction;
    this.channel[i] = e.channel;
    this.outcome[i] = e.outcome;
    this.note[i] = e.note;
    this.officer[i] = e.officer;
    this.attrA[i] = e.attrA;
    this.attrB[i] = e.attrB;
  }

  private grow(): void {
    const size = this.day.length * 2;
    const widen = <T extends Int32Array | Uint8Array | Int16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.caseIndex = widen(this.caseIndex);
    this.day = widen(this.day);
    this.time = widen(this.time);
    this.type = widen(this.type);
    this.party = widen(this.party);
    this.direction = widen(this.direction);
    this.channel = widen(this.channel);
    this.outcome = widen(this.outcome);
    this.note = widen(this.note);
    this.officer = widen(this.officer);
    this.attrA = widen(this.attrA);
    this.attrB = widen(this.attrB);
  }

  finish(): SampleEvents {
    const n = this.length;
    return {
      length: n,
      caseIndex: this.caseIndex.slice(0, n),
      day: this.day.slice(0, n),
      time: this.time.slice(0, n),
      type: this.type.slice(0, n),
      party: this.party.slice(0, n),
      direction: this.direction.slice(0, n),
      channel: this.channel.slice(0, n),
      outcome: this.outcome.slice(0, n),
      note: this.note.slice(0, n),
      officer: this.officer.slice(0, n),
      attrA: this.attrA.slice(0, n),
      attrB: this.attrB.slice(0, n),
    };
  }
}

export function generateSample(options: SampleOptions): GeneratedSample {
  const asOf = options.asOf ?? DEFAULT_SAMPLE_AS_OF;
  const max = Math.max(MIN_EVENTS_PER_CASE_MAX, options.eventsPerCaseMax ?? DEFAULT_EVENTS_PER_CASE_MAX);
  const rng = createRandom(options.seed);
  const calendar = new WorkingCalendar();
  const columns = new Columns();
  const cases: SampleCase[] = [];
  const width = String(Math.max(9999, options.cases)).length;
  for (let i = 0; i < options.cases; i++) {
    const story = new CaseStory(rng, calendar, asOf, max, i, width);
    const drafts = story.tell();
    drafts.sort((a, b) => a.day - b.day || a.time - b.time || a.seq - b.seq);
    const firstEvent = columns.length;
    for (const d of drafts) columns.push(i, d);
    cases.push({ ...story.record, firstEvent, eventCount: drafts.length });
  }
  const events = columns.finish();
  const order = dateOrder(events);
  const rank = new Int32Array(events.length);
  for (let k = 0; k < order.length; k++) rank[order[k]!] = k;
  return { asOf, cases, events, order, rank };
}

/**
 * All events by (date, time, case order): one numeric sort of packed keys instead of a comparator
 * over a million objects. Date-only events come first on their date (SPEC 2.1).
 */
function dateOrder(events: SampleEvents): Int32Array {
  const n = events.length;
  if (n === 0) return new Int32Array(0);
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = events.day[i]!;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const slots = (maxDay - minDay + 1) * 86_401;
  if (slots * n >= Number.MAX_SAFE_INTEGER) throw new Error('sample too large to order by date');
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = ((events.day[i]! - minDay) * 86_401 + events.time[i]! + 1) * n + i;
  }
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k]! % n;
  return order;
}

type MutableCase = Omit<SampleCase, 'firstEvent' | 'eventCount'>;

/** One case's story, from report to closure (or the export date). */
class CaseStory {
  readonly record: MutableCase;
  private readonly drafts: Draft[] = [];
  private readonly fails: number;
  private readonly highRisk: boolean;
  private readonly officerIndex: number;
  private readonly incidentRate: number;
  private readonly vulnerable: boolean;
  private readonly hateIndicated: boolean;
  private readonly reportHarm: boolean;
  private raDone = false;
  private caseReviewed = false;
  private freq = 14;
  private agreementDay = Infinity;
  private agreementFreq = 14;
  private vulnerabilityPending: boolean;
  private lastIncidentDay = -Infinity;

  constructor(
    private readonly r: Random,
    private readonly cal: WorkingCalendar,
    private readonly asOf: number,
    private readonly max: number,
    index: number,
    width: number,
  ) {
    const category = CATEGORY_WEIGHTS[r.weighted(CATEGORY_WEIGHTS.map((c) => c[1]))]![0];
    const good = r.chance(0.4);
    let fails = 0;
    if (!good) {
      while (fails === 0) for (let f = 0; f < FAILINGS; f++) if (r.chance(0.16)) fails |= 1 << f;
    }
    this.fails = fails;
    this.hateIndicated = category === 'hate' || (category === 'harassment' && r.chance(0.2));
    // An unrecorded hate case is exported as plain harassment: the landlord never flagged it.
    const hateMotivated = category === 'hate' || (this.hateIndicated && !this.failed(Fail.Recording) && r.chance(0.5));
    this.reportHarm = HARM_CATEGORIES.has(category);
    const priority = HIGH_RISK_CATEGORIES.has(category) ? (r.chance(0.7) ? 'high' : 'medium') : r.pick(['high', 'medium', 'medium', 'low', 'low', 'low']);
    this.highRisk = priority === 'high' || HIGH_RISK_CATEGORIES.has(category) || hateMotivated || this.hateIndicated;
    this.vulnerable = r.chance(0.22);
    this.vulnerabilityPending = this.vulnerable;
    const recordedVulnerability = this.vulnerable && !this.failed(Fail.Recording) && r.chance(0.4);
    const team = r.pick(P.TEAMS);
    this.officerIndex = r.int(0, P.OFFICERS.length - 1);
    const surname = r.pick(P.SURNAMES);
    const title = r.pick(P.TITLES);
    // Long cases are rarer; open cases at the export date are common.
    const u = r.next();
    const duration = u < 0.55 ? r.int(7, 35) : u < 0.87 ? r.int(35, 100) : u < 0.97 ? r.int(110, 300) : r.int(300, 720);
    const reportedDay = asOf - r.int(2, 760);
    const reportedTime = r.chance(0.35) ? r.int(8 * 60, 18 * 60) * 60 : NO_TIME;
    this.incidentRate = 1 / r.int(14, 60);
    this.record = {
      caseId: `ASB-${String(index + 1).padStart(width, '0')}`,
      reportedDay,
      reportedTime,
      category,
      priority,
      vulnerabilities: recordedVulnerability ? r.pick(['mental health', 'physical disability', 'pregnancy', 'child - autism', 'anxiety;depression']) : r.pick(['', '', '', 'none']),
      hateMotivated,
      team,
      officer: P.OFFICERS[this.officerIndex]!,
      propertyRef: `PR-${String(10000 + r.int(0, 89999))}`,
      perpetratorRef: category === 'domestic_abuse' ? '' : `PR-${String(10000 + r.int(0, 89999))}`,
      resident: r.chance(0.6) ? `${title} ${surname[0]}` : `${title} ${surname}`,
      pronouns: title === 'Mr' ? P.HE : P.SHE,
      ukDates: team === 'East',
    };
    this.duration = duration;
  }

  private readonly duration: number;

  private failed(f: Fail): boolean {
    return (this.fails & f) !== 0;
  }

  private room(reserve = 4): boolean {
    return this.drafts.length < this.max - reserve;
  }

  private add(day: number, time: number, type: EventType, fields: Partial<Omit<Draft, 'day' | 'time' | 'type' | 'seq'>> = {}): boolean {
    if (day > this.asOf || this.drafts.length >= this.max) return false;
    this.drafts.push({
      day,
      time,
      type: TYPE[type],
      party: fields.party ?? 0,
      direction: fields.direction ?? 0,
      channel: fields.channel ?? 0,
      outcome: fields.outcome ?? 0,
      note: fields.note ?? -1,
      officer: fields.officer ?? (this.r.chance(0.85) ? this.officerIndex : this.r.int(0, P.OFFICERS.length - 1)),
      attrA: fields.attrA ?? 0,
      attrB: fields.attrB ?? 0,
      seq: this.drafts.length,
    });
    return true;
  }

  /** The first working day on or after `day`. */
  private workingOnOrAfter(day: number): number {
    return this.cal.isWorkingDay(day) ? day : this.cal.addWorkingDays(day, 1);
  }

  /** A time for an event on `day` that keeps it after a timed trigger on the same day. */
  private timeAfter(day: number, triggerDay: number, triggerTime: number): number {
    if (day === triggerDay && triggerTime !== NO_TIME) {
      const t = triggerTime + this.r.int(10, 240) * 60;
      return t < 86_400 ? t : NO_TIME;
    }
    if (day === this.record.reportedDay && this.record.reportedTime !== NO_TIME) return this.timeAfter(day, day, this.record.reportedTime);
    return this.r.chance(0.3) ? this.r.int(8 * 60, 19 * 60) * 60 : NO_TIME;
  }

  /** When an answer to a trigger comes: within `limit` working days, or late or never if failed. */
  private answerDay(trigger: number, limit: number, failed: boolean): number | undefined {
    if (failed) return this.r.chance(0.5) ? undefined : this.cal.addWorkingDays(trigger, limit + this.r.int(1, 12));
    const k = this.r.int(0, limit);
    return k === 0 ? this.workingOnOrAfter(trigger) : this.cal.addWorkingDays(trigger, k);
  }

  private note(bank: readonly P.Phrase[]): number {
    return noteId(this.r.pick(bank));
  }

  private contact(day: number, time: number, note: number): void {
    const channel = this.r.weighted([72, 8, 13, 2, 5]);
    this.add(day, time, 'contact', {
      party: PARTY.resident,
      direction: DIR.outbound,
      channel: CHAN[(['phone', 'email', 'visit', 'meeting', 'sms'] as const)[channel]!],
      note,
    });
  }

  tell(): Draft[] {
    const r = this.r;
    const R = this.record.reportedDay;
    const RT = this.record.reportedTime;
    const hr = this.highRisk ? 1 : 5;
    const category = this.record.category;
    const bank = this.hateIndicated ? P.REPORT_NOTES.hate! : P.REPORT_NOTES[category]!;
    // A few systems export the case record without its opening report row.
    if (!r.chance(0.02) || R > this.asOf - 30) {
      this.add(R, RT, 'report', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN[r.pick(['phone', 'phone', 'email', 'portal', 'visit'] as const)], note: this.note(bank) });
    }
    const firstContact = this.failed(Fail.FirstContact) ? this.cal.addWorkingDays(R, hr + r.int(1, 8)) : this.answerDay(R, hr, false)!;
    this.contact(firstContact, this.timeAfter(firstContact, R, RT), this.note(P.CONTACT_NOTES.slice(0, 1)));

    if (this.reportHarm) this.safeguard(R, RT);
    if (this.hateIndicated && !this.record.hateMotivated && !this.failed(Fail.Recording)) {
      const d = this.answerDay(R, 1, false)!;
      this.add(d, this.timeAfter(d, R, RT), 'hate_incident_recorded', { note: noteId('Recorded as hate incident, flagged on property') });
    }

    const raDay = this.failed(Fail.RiskAssessment) ? (r.chance(0.5) ? undefined : this.cal.addWorkingDays(R, hr + r.int(1, 15))) : this.answerDay(R, hr, false);
    if (raDay !== undefined && raDay <= this.asOf) {
      const score = this.highRisk ? r.int(12, 25) : r.int(1, 14);
      this.add(raDay, this.timeAfter(raDay, R, RT), 'risk_assessment', { note: this.note(P.RISK_ASSESSMENT_NOTES), attrA: score, attrB: score >= 15 ? 3 : score >= 8 ? 2 : 1 });
      this.raDone = true;
    }

    if (raDay !== undefined) this.closeNotBefore = raDay;
    const apDay = this.failed(Fail.ActionPlan) ? (r.chance(0.5) ? undefined : this.cal.addWorkingDays(R, 10 + r.int(1, 20))) : this.cal.addWorkingDays(R, r.int(2, 10));
    const agreedFreq = this.highRisk && r.chance(0.25) ? 7 : 14;
    const apCarriesFreq = r.chance(0.5);
    if (apDay !== undefined && this.add(apDay, NO_TIME, 'action_plan', { party: PARTY.resident, channel: CHAN.letter, note: this.note(P.ACTION_PLAN_NOTES), attrA: apCarriesFreq ? agreedFreq : 0 })) {
      if (apCarriesFreq) this.agree(apDay, agreedFreq);
      if (!this.failed(Fail.CaseReview) && r.chance(0.7)) this.signpostCaseReview(apDay);
    }
    if ((apDay === undefined || !apCarriesFreq) && !this.failed(Fail.Agreement)) {
      const d = this.cal.addWorkingDays(R, r.int(1, 10));
      const note = agreedFreq === 7 ? noteId(P.CONTACT_AGREEMENT_NOTES[1]!) : noteId(P.CONTACT_AGREEMENT_NOTES[r.pick([0, 2])]!);
      if (this.add(d, NO_TIME, 'contact_agreement', { party: PARTY.resident, note, attrA: agreedFreq })) this.agree(d, agreedFreq);
    }

    if (apDay !== undefined) this.closeNotBefore = Math.max(this.closeNotBefore, apDay);
    const end = Math.min(this.asOf, R + this.duration);
    let last = this.openPeriod(firstContact, end);
    let closedOn = end < this.asOf ? this.close(last) : undefined;
    // Some cases come back: closed, then reopened when it starts again.
    while (closedOn !== undefined && this.room(8) && r.chance(this.lastClosurePremature ? 0.45 : 0.07)) {
      const reopen = this.workingOnOrAfter(closedOn + (this.lastClosurePremature ? r.int(3, 27) : r.int(30, 200)));
      if (reopen >= this.asOf) break;
      this.add(reopen, NO_TIME, 'case_reopened', { note: noteId('Case reopened - resident reports problems have started again') });
      this.incident(reopen, NO_TIME);
      const next = this.cal.addWorkingDays(reopen, r.int(0, 2));
      this.contact(next, NO_TIME, this.note(P.CONTACT_NOTES));
      last = this.openPeriod(next, Math.min(this.asOf, reopen + r.int(20, 150)));
      closedOn = last < this.asOf - 5 ? this.close(last) : undefined;
    }
    if (this.failed(Fail.Complaint) || r.chance(0.06)) this.complaint(closedOn);
    return this.drafts;
  }

  private agree(day: number, freq: number): void {
    if (day < this.agreementDay) {
      this.agreementDay = day;
      this.agreementFreq = freq;
    }
  }

  private signpostCaseReview(day: number): void {
    if (this.caseReviewed) return;
    if (this.add(day, NO_TIME, 'case_review_signposted', { party: PARTY.resident, channel: CHAN.letter, note: noteId('ASB case review explained, leaflet sent') })) this.caseReviewed = true;
  }

  private safeguard(trigger: number, time: number): void {
    if (this.failed(Fail.Safeguarding)) return;
    const d = this.answerDay(trigger, 1, false)!;
    const referral = this.r.chance(0.5);
    this.add(d, this.timeAfter(d, trigger, time), referral ? 'safeguarding_referral' : 'support_signposted', {
      party: referral ? PARTY.social_services : PARTY.resident,
      note: noteId(referral ? 'Safeguarding referral made to adult social care' : 'Signposted to Victim Support, consent given'),
    });
  }

  /**
   * Contacts at the agreed frequency from `from` until `end`, with the incidents, requests and
   * third-party traffic of an open case in between. Returns the day of the last contact.
   */
  private openPeriod(from: number, end: number): number {
    const r = this.r;
    let t = from;
    let nextIncident = t + r.exponential(this.incidentRate);
    while (this.room(6)) {
      this.freq = t >= this.agreementDay ? this.agreementFreq : 14;
      const lapse = this.failed(Fail.Cadence) && r.chance(0.3);
      let next: number;
      if (lapse) next = this.workingOnOrAfter(t + this.freq + r.int(2, 30));
      else {
        // Back to the last working day inside the allowed gap, so weekends never stretch it.
        next = t + r.int(Math.max(2, this.freq - 4), this.freq);
        while (!this.cal.isWorkingDay(next) && next > t + 1) next--;
        if (!this.cal.isWorkingDay(next)) next = this.cal.addWorkingDays(t, 1);
      }
      if (next > end) break;
      while (nextIncident < next && nextIncident <= end && this.room(6)) {
        const day = Math.floor(nextIncident);
        this.incident(day, r.chance(0.3) ? r.int(7 * 60, 23 * 60) * 60 : NO_TIME);
        nextIncident += r.exponential(this.incidentRate);
      }
      if (r.chance(0.06)) {
        this.add(next, NO_TIME, 'contact', { party: PARTY.resident, direction: DIR.outbound, channel: CHAN.phone, outcome: r.chance(0.5) ? OUTCOME.no_answer : OUTCOME.left_message, note: this.note(P.NO_ANSWER_NOTES) });
        next = this.cal.addWorkingDays(next, 1);
        if (next > end) break;
      }
      let note = this.note(P.CONTACT_NOTES);
      if (this.vulnerabilityPending) {
        this.vulnerabilityPending = false;
        const which = r.int(0, P.VULNERABILITY_NOTES.length - 1);
        note = noteId(P.VULNERABILITY_NOTES[which]!);
        this.vulnerabilityDisclosed(next, which === SELF_HARM_NOTE);
      }
      this.contact(next, this.timeAfter(next, next, NO_TIME), note);
      if (r.chance(0.06)) this.updateRequest(t, next);
      if (r.chance(this.highRisk ? 0.09 : 0.05)) this.thirdParty(next);
      if (r.chance(0.1)) {
        const kind = r.int(0, P.ACTION_KINDS.length - 1);
        this.add(next, NO_TIME, 'action', { party: PARTY.alleged_perpetrator, direction: DIR.outbound, channel: CHAN.letter, note: noteId(P.ACTION_NOTES[P.ACTION_KINDS[kind]!]), attrB: kind + 1 });
      }
      if (r.chance(0.06)) this.add(next, NO_TIME, 'action_plan_review', { note: this.note(P.PLAN_REVIEW_NOTES) });
      t = next;
    }
    return t;
  }

  private vulnerabilityDisclosed(day: number, selfHarm: boolean): void {
    if (selfHarm) this.safeguard(day, NO_TIME);
    if (this.record.vulnerabilities !== '' && this.record.vulnerabilities !== 'none') return;
    if (this.failed(Fail.Recording)) return;
    const d = this.cal.addWorkingDays(day, this.r.int(0, 4));
    this.add(d, NO_TIME, 'vulnerability_recorded', { note: noteId('Vulnerability recorded on household') });
  }

  private incident(day: number, time: number): void {
    const r = this.r;
    const escalation = r.chance(this.highRisk ? 0.22 : 0.08);
    // Hate words appear only where hate is already part of the story, so a well-handled case
    // is not given a hate indication it never records.
    const hate = escalation && this.hateIndicated && r.chance(0.5);
    const bank = hate ? P.HATE_ESCALATION_NOTES : escalation ? P.ESCALATION_NOTES : P.INCIDENT_NOTES;
    const which = r.int(0, bank.length - 1);
    const note = noteId(bank[which]!);
    if (!this.add(day, time, 'incident', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN[r.pick(['phone', 'phone', 'email', 'portal'] as const)], note })) return;
    const hr = this.highRisk ? 1 : 5;
    const reply = this.answerDay(day, hr, this.failed(Fail.IncidentReply) && r.chance(0.5));
    if (reply !== undefined) {
      if (r.chance(0.75)) this.contact(reply, this.timeAfter(reply, day, time), noteId(P.CONTACT_NOTES[7]!));
      else this.add(reply, this.timeAfter(reply, day, time), 'action', { party: PARTY.alleged_perpetrator, direction: DIR.outbound, channel: CHAN.letter, note: noteId(P.ACTION_NOTES.warning_letter), attrB: 1 });
    }
    if (escalation && this.raDone && !this.failed(Fail.RiskAssessment)) {
      const d = this.cal.addWorkingDays(day, r.int(0, 4));
      this.add(d, this.timeAfter(d, day, time), 'risk_assessment_review', { note: this.note(P.REVIEW_NOTES), attrB: 3 });
    }
    if (escalation && !hate && which === HARM_ESCALATION) this.safeguard(day, time);
    if (r.chance(0.25)) {
      this.add(day, this.timeAfter(day, day, time), 'evidence_received', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN.email, note: this.note(P.EVIDENCE_NOTES) });
      const reviewed = this.answerDay(day, 10, this.failed(Fail.Evidence));
      if (reviewed !== undefined) this.add(reviewed, NO_TIME, 'evidence_reviewed', { note: this.note(P.EVIDENCE_REVIEW_NOTES) });
    }
    // The second report within six months must bring the case review (SPEC 3).
    if (day - this.lastIncidentDay <= 183 || day - this.record.reportedDay <= 183) {
      if (!this.failed(Fail.CaseReview) && reply !== undefined) this.signpostCaseReview(reply);
    }
    this.lastIncidentDay = day;
  }

  private updateRequest(after: number, before: number): void {
    if (before - after < 2) return;
    const day = after + this.r.int(1, before - after - 1);
    this.add(day, NO_TIME, 'update_requested', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN[this.r.pick(['email', 'phone', 'portal'] as const)], note: this.note(P.UPDATE_REQUEST_NOTES) });
    const reply = this.answerDay(day, 2, this.failed(Fail.UpdateReply));
    if (reply !== undefined && reply !== before) this.contact(reply, NO_TIME, noteId('Called back re update request'));
  }

  private thirdParty(day: number): void {
    const r = this.r;
    let party = THIRD_PARTY_WEIGHTS[r.weighted(THIRD_PARTY_WEIGHTS.map((p) => p[1]))]![0];
    // IDVAs and MARAC come into domestic abuse and violence cases, not noise.
    if ((party === 'idva' || party === 'marac') && !HARM_CATEGORIES.has(this.record.category)) party = 'police';
    this.add(day, NO_TIME, 'third_party_in', { party: PARTY[party], direction: DIR.inbound, channel: CHAN[r.pick(['email', 'email', 'letter', 'phone'] as const)], note: noteId(r.pick(P.THIRD_PARTY_IN_NOTES[party]!)) });
    const reply = this.answerDay(day, party === 'police' ? 2 : 5, this.failed(Fail.ThirdParty));
    if (reply !== undefined) this.add(reply, NO_TIME, 'third_party_out', { party: PARTY[party], direction: DIR.outbound, channel: CHAN.email, note: noteId(r.pick(P.THIRD_PARTY_OUT_NOTES)) });
  }

  /** Closes the case a day or two after its last contact; returns the closure day. */
  private close(lastContact: number): number | undefined {
    const r = this.r;
    let last = lastContact;
    // A case is closed after its risk assessment and action plan (when it has them): a short
    // case gets one more call, agreeing the closure.
    if (this.closeNotBefore > last) {
      last = this.workingOnOrAfter(this.closeNotBefore);
      if (last >= this.asOf) return undefined;
      this.contact(last, NO_TIME, noteId('Call, resident agrees case can close'));
    }
    const day = this.cal.addWorkingDays(last, r.int(1, 2));
    if (day >= this.asOf) return undefined;
    // One premature closure tells the story; a reopened case is then closed properly.
    const premature = this.failed(Fail.PrematureClosure) && this.closures === 0;
    this.closures++;
    this.lastClosurePremature = premature;
    if (premature) {
      // The incident nobody answered before the officer closed the case.
      this.add(lastContact + r.int(1, Math.max(1, day - lastContact)), NO_TIME, 'incident', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN.phone, note: this.note(P.INCIDENT_NOTES) });
    }
    const reason = premature ? r.pick([1, 2]) : r.weighted([40, 25, 15, 12, 8]);
    this.add(day, NO_TIME, 'case_closed', { note: noteId(`Case closed - ${P.CLOSURE_REASONS[reason]!.replace(/_/g, ' ')}`), attrB: reason + 1 });
    const notified = this.answerDay(day, 5, this.failed(Fail.ClosureNotice));
    if (notified !== undefined) this.add(notified, NO_TIME, 'closure_notified', { party: PARTY.resident, direction: DIR.outbound, channel: CHAN.letter, note: noteId('Closure letter sent, how to reopen explained') });
    if (premature) {
      const again = day + r.int(2, 27);
      this.add(again, NO_TIME, 'incident', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN.phone, note: noteId('Resident rang to report it has started again, did not know case was closed') });
    }
    return day;
  }

  private complaint(closedOn: number | undefined): void {
    const r = this.r;
    const start = this.record.reportedDay + r.int(10, 60);
    const day = closedOn !== undefined && r.chance(0.4) ? closedOn + r.int(3, 20) : start;
    if (day > this.asOf) return;
    const bad = this.failed(Fail.Complaint);
    for (let stage = 1; stage <= 2; stage++) {
      const base = stage === 1 ? day : this.lastResponse + r.int(3, 20);
      if (!this.add(base, NO_TIME, 'complaint', { party: PARTY.resident, direction: DIR.inbound, channel: CHAN.email, note: this.note(P.COMPLAINT_NOTES), attrA: stage })) return;
      const ack = this.answerDay(base, 5, bad && r.chance(0.6));
      if (ack !== undefined) this.add(ack, NO_TIME, 'complaint_acknowledged', { party: PARTY.resident, direction: DIR.outbound, channel: CHAN.email, note: noteId('Complaint acknowledged'), attrA: stage });
      const limit = stage === 1 ? 10 : 20;
      const from = ack ?? this.cal.addWorkingDays(base, 5);
      let due = this.cal.addWorkingDays(from, limit);
      if (r.chance(0.2)) {
        const extension = r.int(5, limit);
        const extDay = this.cal.addWorkingDays(from, r.int(3, limit - 1));
        this.add(extDay, NO_TIME, 'complaint_extension', { party: PARTY.resident, direction: DIR.outbound, channel: CHAN.email, note: noteId('Response deadline extended, resident told why'), attrA: stage, attrB: extension });
        due = this.cal.addWorkingDays(due, extension);
      }
      const response = bad && r.chance(0.6)
        ? (r.chance(0.3) ? undefined : this.cal.addWorkingDays(due, r.int(1, 15)))
        : this.cal.addWorkingDays(from, r.int(3, limit));
      if (response === undefined || !this.add(response, NO_TIME, 'complaint_response', { party: PARTY.resident, direction: DIR.outbound, channel: CHAN.letter, note: noteId(stage === 1 ? 'Stage 1 response sent' : 'Stage 2 final response sent, Ombudsman details given'), attrA: stage })) return;
      this.lastResponse = response;
      if (!r.chance(0.3)) return;
    }
  }

  private lastResponse = 0;
  private closures = 0;
  private lastClosurePremature = false;
  private closeNotBefore = -Infinity;
}
