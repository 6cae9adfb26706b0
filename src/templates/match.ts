import { z } from 'zod';
import { formatDayUk, formatTime, momentFromInstant, type Moment } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { isAtOrAfter } from '../model/time.js';
import type { Deadline, RuleContext, RuleOutcome, Verdict } from './template.js';

/**
 * Event matchers shared by every template (docs/templates-contract.md): a string names an event
 * type or `counting_contact` (SPEC 2.1 "Contact"); an object adds `has` (an attribute that must be
 * present, e.g. `frequency_days`) and `party` (one party or a list).
 */
export const COUNTING_CONTACT = 'counting_contact';

export interface EventMatcher {
  readonly type: string;
  readonly has?: string;
  readonly parties?: readonly string[];
}

const oneMatcherSchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      type: z.string().min(1),
      has: z.string().min(1).optional(),
      party: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    }),
  ])
  .transform((m): EventMatcher => {
    if (typeof m === 'string') return { type: m };
    const out: { type: string; has?: string; parties?: string[] } = { type: m.type };
    if (m.has !== undefined) out.has = m.has;
    if (m.party !== undefined) out.parties = Array.isArray(m.party) ? m.party : [m.party];
    return out;
  });

/** One matcher or a list of them; always a list once parsed. */
export const eventMatcherSchema = z
  .union([oneMatcherSchema, z.array(oneMatcherSchema).min(1)])
  .transform((v): readonly EventMatcher[] => (Array.isArray(v) ? v : [v]));

/** The event type whose index list holds a matcher's candidates. */
function indexType(matcher: EventMatcher): string {
  return matcher.type === COUNTING_CONTACT ? 'contact' : matcher.type;
}

/** Whether one event satisfies one matcher, or any matcher of a list. */
export function matches(ctx: RuleContext<unknown>, event: CaseEvent, matcher: EventMatcher | readonly EventMatcher[]): boolean {
  if (isMatcherList(matcher)) return matcher.some((m) => matchesOne(ctx, event, m));
  return matchesOne(ctx, event, matcher);
}

function isMatcherList(m: EventMatcher | readonly EventMatcher[]): m is readonly EventMatcher[] {
  return Array.isArray(m);
}

function matchesOne(ctx: RuleContext<unknown>, event: CaseEvent, matcher: EventMatcher): boolean {
  if (matcher.type === COUNTING_CONTACT) {
    if (!ctx.isCountingContact(event)) return false;
  } else if (event.type !== matcher.type) {
    return false;
  }
  if (matcher.has !== undefined && !(event.attributes[matcher.has] ?? '').trim()) return false;
  // A party filter is explicit: an event that names no party does not pass it.
  if (matcher.parties !== undefined && (event.party === undefined || !matcher.parties.includes(event.party))) return false;
  return true;
}

/**
 * Ascending indices of the events that satisfy any of the matchers, read from the timeline's
 * per-type index lists (never a scan of the whole case).
 */
export function candidates(ctx: RuleContext<unknown>, matchers: readonly EventMatcher[]): number[] {
  const events = ctx.timeline.events;
  const types = [...new Set(matchers.map(indexType))];
  const out: number[] = [];
  for (const type of types) {
    for (const i of ctx.timeline.indicesOf(type)) if (matches(ctx, events[i]!, matchers)) out.push(i);
  }
  if (types.length > 1) out.sort((a, b) => a - b);
  return out;
}

/**
 * Position in `targets` (ascending event indices) of the first target that is "after" the event
 * at `from` (SPEC 2.1: the same date counts when either has no time), never `from` itself.
 * Binary search to the trigger's date, then a short walk past same-day targets timed earlier.
 * `start` lets a caller that walks triggers in order skip targets already ruled out.
 */
export function firstAfter(events: readonly CaseEvent[], targets: readonly number[], from: number, start = 0): number {
  return firstAfterMoment(events, targets, events[from]!, from, start);
}

/** firstAfter for a moment that may have no row (a case opened by its record's `reported_at`). */
export function firstAfterMoment(events: readonly CaseEvent[], targets: readonly number[], moment: Moment, exclude = -1, start = 0): number {
  for (let p = firstOnOrAfterDay(events, targets, moment.day, start); p < targets.length; p++) {
    const t = targets[p]!;
    if (t !== exclude && isAtOrAfter(events[t]!, moment)) return p;
  }
  return targets.length;
}

/** Position of the first target dated on or after `day` (from `start`). */
export function firstOnOrAfterDay(events: readonly CaseEvent[], targets: readonly number[], day: number, start = 0): number {
  let lo = start;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[targets[mid]!]!.day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Plain-English nouns for event types, as a compliance officer would say them. */
const NOUNS: Readonly<Record<string, string>> = {
  report: 'report',
  incident: 'incident',
  risk_assessment: 'risk assessment',
  risk_assessment_review: 'risk assessment review',
  action_plan: 'action plan',
  action_plan_review: 'action plan review',
  contact_agreement: 'contact agreement',
  contact: 'contact',
  [COUNTING_CONTACT]: 'contact with the resident',
  update_requested: 'update request',
  third_party_in: 'message from a third party',
  third_party_out: 'reply to the third party',
  vulnerability_recorded: 'vulnerability record',
  hate_incident_recorded: 'hate incident record',
  safeguarding_referral: 'safeguarding referral',
  support_signposted: 'support signposting',
  action: 'action',
  evidence_received: 'evidence submission',
  evidence_reviewed: 'evidence review',
  case_review_signposted: 'case review signposting',
  case_closed: 'case closure',
  closure_notified: 'closure notification',
  case_reopened: 'reopening',
  complaint: 'complaint',
  complaint_acknowledged: 'complaint acknowledgement',
  complaint_extension: 'complaint extension',
  complaint_response: 'complaint response',
};

/** "risk assessment" for `risk_assessment`; unknown types lose their underscores. */
export function nounOf(type: string): string {
  return NOUNS[type] ?? type.replace(/_/g, ' ');
}

export function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** One matcher in words: "an action plan with frequency_days", "a reply to the third party (police)". */
export function describeMatcher(m: EventMatcher, withArticle = true): string {
  const noun = nounOf(m.type);
  let text = withArticle ? article(noun) : noun;
  if (m.has !== undefined) text += ` with ${m.has}`;
  if (m.parties !== undefined) text += ` (${m.parties.join(' or ')})`;
  return text;
}

/** A list of matchers in words, joined with "or". */
export function describeMatchers(ms: readonly EventMatcher[], withArticle = true): string {
  const parts = ms.map((m) => describeMatcher(m, withArticle));
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** "the incident of 03/06/2024" (with the party when it has one). */
export function describeEvent(event: CaseEvent): string {
  const party = event.party !== undefined && event.type.startsWith('third_party') ? ` (${event.party.replace(/_/g, ' ')})` : '';
  return `the ${nounOf(event.type)}${party} of ${formatDayUk(event.day)}`;
}

/** Capitalises the first letter of a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A due date as a UK reader expects it (with the time for hour limits). */
export function describeDue(due: Deadline): string {
  if (due.instant === undefined) return formatDayUk(due.day);
  const m = momentFromInstant(due.instant);
  return `${formatDayUk(m.day)} ${formatTime(m.time)}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "2 days late (1 working day)". */
export function describeLateness(daysLate: number, workingDaysLate: number | undefined): string {
  const working = workingDaysLate !== undefined ? ` (${plural(workingDaysLate, 'working day')})` : '';
  return `${plural(daysLate, 'day')} late${working}`;
}

/** The words an outcome message is made of: what was owed, and after what. */
export interface OutcomeWords {
  /** What was owed, without an article: "risk assessment review or risk assessment". */
  readonly owed: string;
  /** What created the obligation: "the report of 03/06/2024". */
  readonly after: string;
  /** Appended to every message: "; extended by 10 working days". */
  readonly note?: string;
}

/**
 * Turns a verdict into the outcome a template returns, or nothing when the obligation was met.
 * Evidence: the trigger, then the target when late, then whatever else proves it.
 */
export function outcomeOf(
  events: readonly CaseEvent[],
  trigger: number,
  due: Deadline,
  verdict: Verdict,
  words: OutcomeWords,
  extraEvidence: readonly number[] = [],
): RuleOutcome | undefined {
  const dueText = `due by ${describeDue(due)}${words.note ?? ''}`;
  switch (verdict.status) {
    case 'met':
      return undefined;
    case 'pending':
      return { kind: 'pending', message: `${sentence(article(words.owed))} is due by ${describeDue(due)} after ${words.after}${words.note ?? ''}`, trigger, due, evidence: rows(trigger, extraEvidence) };
    case 'missing':
      return {
        kind: 'missing',
        message: `No ${words.owed} recorded after ${words.after} (${dueText})`,
        trigger,
        due,
        daysLate: verdict.daysLate,
        ...(verdict.workingDaysLate !== undefined ? { workingDaysLate: verdict.workingDaysLate } : {}),
        evidence: rows(trigger, extraEvidence),
      };
    case 'late': {
      const met = events[verdict.metIndex]!;
      return {
        kind: 'late',
        message: `${sentence(nounOf(met.type))} of ${formatDayUk(met.day)} came ${describeLateness(verdict.daysLate, verdict.workingDaysLate)} after ${words.after} (${dueText})`,
        trigger,
        due,
        met: verdict.metIndex,
        daysLate: verdict.daysLate,
        ...(verdict.workingDaysLate !== undefined ? { workingDaysLate: verdict.workingDaysLate } : {}),
        evidence: rows(trigger, [verdict.metIndex, ...extraEvidence]),
      };
    }
  }
}

/** Evidence rows, trigger first; a trigger without a row (-1) has nothing to show. */
function rows(trigger: number, rest: readonly number[]): number[] {
  return trigger >= 0 ? [trigger, ...rest] : [...rest];
}
