import type { WorkingCalendar } from '../calendar/working-days.js';
import { momentFromInstant, MS_PER_DAY, NO_TIME, type Moment } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import type { Timeline } from '../model/timeline.js';
import type { Condition, ConditionalLimit, Limit } from '../policy/parts.js';
import type { Policy, PolicyRule } from '../policy/types.js';
import type { CaseFacts, Deadline, RuleContext, Verdict } from '../templates/template.js';
import { testCondition } from './conditions.js';
import type { KeywordMatcher } from './keywords.js';

/** The event types whose notes are what the landlord was told (SPEC 2.1 "Keywords"). */
export const NOTE_TYPES = ['report', 'incident', 'contact', 'update_requested', 'third_party_in', 'evidence_received', 'complaint'] as const;
const NOTE_TYPE_SET: ReadonlySet<string> = new Set(NOTE_TYPES);

const NULL_MATCHER: KeywordMatcher = { test: () => false, needles: { atWordStart: [], anywhere: [] } };

/** SPEC 2.1 "Contact": made (or no outcome), with the resident (or no party), outbound or face to face. */
export function isCountingContact(e: CaseEvent): boolean {
  if (e.type !== 'contact') return false;
  if (e.outcome !== undefined && e.outcome !== 'made') return false;
  if (e.party !== undefined && e.party !== 'resident') return false;
  return e.direction === 'outbound' || e.channel === 'visit' || e.channel === 'meeting';
}

function isBlankVulnerability(v: string): boolean {
  const s = v.trim().toLowerCase();
  return s === '' || s === 'none' || s === 'n/a' || s === '-';
}

/**
 * A case's facts, `vulnerable` worked out when first asked: the vulnerability list over every note
 * is the costly fact, and a recorded vulnerability answers it without. A class (one shape for
 * every case, the getter on the prototype), not a literal with a getter of its own: that made
 * every case's facts a slow object and cost more than the scan it saved.
 */
class ScopeFacts implements CaseFacts {
  private indicated: boolean | undefined;

  constructor(
    private readonly scope: CaseScope,
    readonly priority: string | undefined,
    readonly category: string | undefined,
    readonly hateMotivated: boolean,
    readonly recordedVulnerability: boolean,
  ) {}

  get vulnerable(): boolean {
    if (this.recordedVulnerability) return true;
    return (this.indicated ??= this.scope.vulnerabilityIndicated());
  }
}

/**
 * Everything about one case that several rules ask: its facts, keyword indications and the
 * conditions' answers, each worked out at most once. Built per case and dropped after it, so an
 * audit's memory does not grow with the caseload.
 */
export class CaseScope {
  readonly facts: CaseFacts;
  private readonly indicationCache = new Map<string, readonly number[]>();
  private noteIndices: readonly number[] | undefined;
  private suspectIndices: readonly number[] | undefined;
  /** A condition's answer for this case, by the policy's condition object: asked once per limit. */
  private readonly conditionCache = new Map<Condition, boolean>();

  constructor(
    readonly timeline: Timeline,
    readonly policy: Policy,
    private readonly matchers: ReadonlyMap<string, KeywordMatcher>,
    /** A search every note matching a list with needles passes (keywords.ts `screenFor`). */
    private readonly screen?: RegExp,
  ) {
    const record = timeline.record;
    const category = record?.category?.trim().toLowerCase() || undefined;
    const recordedVulnerability = (record?.vulnerabilities ?? []).some((v) => !isBlankVulnerability(v));
    this.facts = new ScopeFacts(
      this,
      record?.priority?.trim().toLowerCase() || undefined,
      category,
      record?.hateMotivated === true || category === 'hate',
      recordedVulnerability,
    );
  }

  /** Whether a note of the case signals a vulnerability (the policy's vulnerability list). */
  vulnerabilityIndicated(): boolean {
    const list = this.policy.vulnerabilityKeywords;
    return list !== undefined && this.indications(list).length > 0;
  }

  matcher(list: string): KeywordMatcher {
    return this.matchers.get(list) ?? NULL_MATCHER;
  }

  /** Ascending indices of note-bearing events whose note matches the list. */
  indications(list: string): readonly number[] {
    let hits = this.indicationCache.get(list);
    if (hits === undefined) {
      const matcher = this.matcher(list);
      const events = this.timeline.events;
      // Most notes match no list: one screening pass over the notes serves every list that has needles.
      const notes = this.screen !== undefined && matcher.needles !== undefined ? this.suspects(this.screen) : this.noteBearing();
      const found: number[] = [];
      for (let k = 0; k < notes.length; k++) if (matcher.test(events[notes[k]!]!.detail)) found.push(notes[k]!);
      hits = found;
      this.indicationCache.set(list, hits);
    }
    return hits;
  }

  /** Ascending indices of note-bearing events with a note. */
  private noteBearing(): readonly number[] {
    if (this.noteIndices === undefined) {
      const events = this.timeline.events;
      const all: number[] = [];
      for (let i = 0; i < events.length; i++) if (NOTE_TYPE_SET.has(events[i]!.type) && events[i]!.detail) all.push(i);
      this.noteIndices = all;
    }
    return this.noteIndices;
  }

  /** The note-bearing events whose note passes the screen: the only ones a screened list can match. */
  private suspects(screen: RegExp): readonly number[] {
    if (this.suspectIndices === undefined) {
      const events = this.timeline.events;
      let found: number[] | undefined;
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        if (e.detail && NOTE_TYPE_SET.has(e.type) && screen.test(e.detail)) (found ??= []).push(i);
      }
      this.suspectIndices = found ?? NONE;
    }
    return this.suspectIndices;
  }

  test(condition: Condition): boolean {
    let answer = this.conditionCache.get(condition);
    if (answer === undefined) {
      answer = this.evaluate(condition);
      this.conditionCache.set(condition, answer);
    }
    return answer;
  }

  private evaluate(condition: Condition): boolean {
    return testCondition(condition, {
      facts: this.facts,
      named: this.policy.conditions,
      reportMentions: (list) => {
        const i = this.timeline.reportIndex;
        return i >= 0 && this.matcher(list).test(this.timeline.events[i]!.detail);
      },
    });
  }

  /** The case's half of every RuleContext: made once per case, shared by all its rules. */
  private shared: SharedContext | undefined;

  /** The RuleContext a template evaluates this case with. */
  contextFor<O>(rule: PolicyRule<O>): RuleContext<O> {
    return new ScopedRuleContext(rule, (this.shared ??= this.sharedContext()));
  }

  private sharedContext(): SharedContext {
    const scope = this;
    const calendar: WorkingCalendar = this.policy.calendar;
    const asOf = this.timeline.asOf;
    const events = this.timeline.events;
    const test = (c: Condition) => scope.test(c);
    return {
      timeline: this.timeline,
      facts: this.facts,
      calendar,
      asOf,
      test,
      limit: (l) => resolveLimit(l, test),
      deadline: (from, limit) => deadline(calendar, from, limit),
      judge: (due, metIndex) => judge(calendar, asOf, due, metIndex >= 0 ? events[metIndex] : undefined, metIndex),
      indications: (list) => scope.indications(list),
      mentions: (index, list) => scope.matcher(list).test(events[index]?.detail),
      isCountingContact,
    };
  }
}

const NONE: readonly number[] = Object.freeze([]);

type SharedContext = Omit<RuleContext, 'rule' | 'options'>;

/**
 * A rule's view of its case: the rule, and the case's shared half read through. One small object
 * per rule and case (a copy of the shared half was thirteen fields each); every instance has one
 * shape, so the reads stay fast. The functions are the shared half's own closures, so a template
 * may also take them off the context.
 */
class ScopedRuleContext<O> implements RuleContext<O> {
  constructor(
    readonly rule: PolicyRule<O>,
    private readonly shared: SharedContext,
  ) {}

  get options(): O {
    return this.rule.options;
  }
  get timeline(): Timeline {
    return this.shared.timeline;
  }
  get facts(): CaseFacts {
    return this.shared.facts;
  }
  get calendar(): WorkingCalendar {
    return this.shared.calendar;
  }
  get asOf(): number {
    return this.shared.asOf;
  }
  get test(): RuleContext['test'] {
    return this.shared.test;
  }
  get limit(): RuleContext['limit'] {
    return this.shared.limit;
  }
  get deadline(): RuleContext['deadline'] {
    return this.shared.deadline;
  }
  get judge(): RuleContext['judge'] {
    return this.shared.judge;
  }
  get indications(): RuleContext['indications'] {
    return this.shared.indications;
  }
  get mentions(): RuleContext['mentions'] {
    return this.shared.mentions;
  }
  get isCountingContact(): RuleContext['isCountingContact'] {
    return this.shared.isCountingContact;
  }
}

/** The first limit whose `if:` holds (a plain limit always applies). */
export function resolveLimit(limit: ConditionalLimit, test: (c: Condition) => boolean): Limit {
  if (!Array.isArray(limit)) return limit;
  for (const entry of limit) {
    if (entry.if === undefined || test(entry.if)) return plainLimit(entry);
  }
  // The loader requires a final unconditional entry; if a policy still lacks one, the last applies.
  return plainLimit(limit[limit.length - 1]!);
}

type LimitEntry = Exclude<ConditionalLimit, Limit>[number];

/**
 * An entry of a conditional limit without its `if:`, made once per entry: the policy lives as
 * long as the audit, and every rule of every case asks for its limit (a copy each time was a
 * rest spread, one of the slowest ways to make an object).
 */
function plainLimit(entry: LimitEntry): Limit {
  let plain = plainLimits.get(entry);
  if (plain === undefined) {
    const { if: _ignored, ...rest } = entry;
    plainLimits.set(entry, (plain = rest));
  }
  return plain;
}

const plainLimits = new WeakMap<LimitEntry, Limit>();

/**
 * SPEC 2: "within N working days of X": counting starts the next working day, due by the end of
 * the Nth; "within N days": by the end of the date N days after X's date; "within N hours": N
 * hours after X's time (from London midnight when X has no time).
 */
export function deadline(calendar: WorkingCalendar, from: Moment, limit: Limit): Deadline {
  if (limit.working_days !== undefined) return { day: calendar.addWorkingDays(from.day, limit.working_days), limit };
  if (limit.days !== undefined) return { day: from.day + limit.days, limit };
  const instant = from.instant + (limit.hours ?? 0) * 3_600_000;
  return { day: momentFromInstant(instant).day, instant, limit };
}

/** SPEC 2.1 "Outcomes". A due date equal to the audit date is still pending. */
export function judge(calendar: WorkingCalendar, asOf: number, due: Deadline, target: CaseEvent | undefined, metIndex: number): Verdict {
  const working = due.limit.working_days !== undefined;
  if (target) {
    const onTime =
      target.day < due.day ||
      (target.day === due.day && (due.instant === undefined || target.time === NO_TIME || target.instant <= due.instant));
    if (onTime) return { status: 'met', metIndex };
    const daysLate = due.instant !== undefined ? Math.max(1, Math.ceil((target.instant - due.instant) / MS_PER_DAY)) : target.day - due.day;
    return working
      ? { status: 'late', metIndex, daysLate, workingDaysLate: calendar.workingDaysBetween(due.day, target.day) }
      : { status: 'late', metIndex, daysLate };
  }
  if (asOf > due.day) {
    const daysLate = asOf - due.day;
    return working ? { status: 'missing', daysLate, workingDaysLate: calendar.workingDaysBetween(due.day, asOf) } : { status: 'missing', daysLate };
  }
  return { status: 'pending' };
}
