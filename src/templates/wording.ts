import { formatDayUk, formatTime, momentFromInstant } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { COUNTING_CONTACT, type EventMatcher } from './match.js';
import type { Deadline, ExplainContext, RuleOutcome, Verdict } from './template.js';

/**
 * The words every template's messages and explanations are made of, in one place so that the
 * same event type has the same noun in every rule, and "due by", "days late" and "working days"
 * read the same in every finding.
 */

/**
 * Plain-English nouns for event types, as a compliance officer would say them. Each reads both in
 * "No <noun> after the report of ..." and in "<Noun> of 03/06/2024 came 2 days late".
 */
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
  support_signposted: 'signposting to support',
  action: 'action',
  evidence_received: 'evidence submission',
  evidence_reviewed: 'evidence review',
  case_review_signposted: 'signposting to the case review',
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
  return NOUNS[type] ?? spaced(type);
}

/** A code value in words: "local_authority" -> "local authority". */
export function spaced(code: string): string {
  return code.replace(/_/g, ' ');
}

/** Nouns that take no article ("No signposting to support", "Signposting to support is due"). */
const UNCOUNTABLE = /^signposting\b/;

/** "a report", "an incident", "signposting to support". */
export function withArticle(noun: string): string {
  if (UNCOUNTABLE.test(noun)) return noun;
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** Capitalises the first letter of a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "1 day", "14 days", "1 working day", "5 working days". */
export function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function days(n: number): string {
  return count(n, 'day');
}

export function workingDays(n: number): string {
  return count(n, 'working day');
}

/**
 * One matcher in words: "an action plan with frequency_days", "a reply to the third party
 * (police or local authority)". The attribute keeps its column name: it is what the export calls it.
 */
export function describeMatcher(m: EventMatcher, article = true): string {
  const noun = nounOf(m.type);
  let text = article ? withArticle(noun) : noun;
  if (m.has !== undefined) text += ` with ${m.has}`;
  if (m.parties !== undefined) text += ` (${orList(m.parties.map(spaced))})`;
  return text;
}

/** Matchers in words, joined with "or": "a contact with the resident or an action". */
export function describeMatchers(ms: readonly EventMatcher[], article = true): string {
  // A policy's matcher lists live as long as the audit, and templates ask every case.
  const cache = article ? withArticles : withoutArticles;
  let words = cache.get(ms);
  if (words === undefined) cache.set(ms, (words = orList(ms.map((m) => describeMatcher(m, article)))));
  return words;
}

const withArticles = new WeakMap<readonly EventMatcher[], string>();
const withoutArticles = new WeakMap<readonly EventMatcher[], string>();

/** An event as a report names it: "incident", "message from a third party (police)". */
export function eventNoun(event: CaseEvent): string {
  const party = event.party !== undefined && event.type.startsWith('third_party') ? ` (${spaced(event.party)})` : '';
  return `${nounOf(event.type)}${party}`;
}

/** "the incident of 03/06/2024", "the message from a third party (police) of 03/06/2024". */
export function describeEvent(event: CaseEvent): string {
  return `the ${eventNoun(event)} of ${formatDayUk(event.day)}`;
}

/** Keyword list names as a message says them: "risk of harm or hate". */
export function listNames(lists: readonly string[]): string {
  return orList(lists.map(spaced));
}

/** 'a keyword of the "escalation" list (violen*, assault*, attack*, ...)', for explanations. */
export function keywordPhrase(lists: readonly string[], policy: ExplainContext): string {
  return lists
    .map((list) => {
      const entries = policy.keywords[list] ?? [];
      const shown = entries.slice(0, 5).join(', ');
      const sample = entries.length === 0 ? '' : ` (${shown}${entries.length > 5 ? ', ...' : ''})`;
      return `a keyword of the "${list}" list${sample}`;
    })
    .join(' or ');
}

/** A due date as a UK reader expects it (with the time for hour limits). */
export function describeDue(due: Deadline): string {
  if (due.instant === undefined) return formatDayUk(due.day);
  const m = momentFromInstant(due.instant);
  return `${formatDayUk(m.day)} ${formatTime(m.time)}`;
}

/** "2 days late (1 working day)". */
export function describeLateness(daysLate: number, workingDaysLate: number | undefined): string {
  const working = workingDaysLate !== undefined ? ` (${workingDays(workingDaysLate)})` : '';
  return `${days(daysLate)} late${working}`;
}

/** The words an outcome message is made of: what was owed, and after what. */
export interface OutcomeWords {
  /** What was owed, without an article: "risk assessment review or risk assessment". */
  readonly owed: string;
  /** What created the obligation: "the report of 03/06/2024". */
  readonly after: string;
  /** Appended to the due date: ", extended by 10 working days". */
  readonly note?: string;
}

/**
 * Turns a verdict into the outcome a template returns, or nothing when the obligation was met
 * (SPEC 2.1 "Outcomes"). Every template's obligations speak through this one function, so a
 * missing, late or pending obligation reads the same whichever rule found it:
 * - missing: "No risk assessment after the report of 03/06/2024 (due by 10/06/2024)"
 * - late: "Risk assessment of 12/06/2024 came 2 days late (2 working days) after the report of 03/06/2024 (due by 10/06/2024)"
 * - pending: "A risk assessment is due by 10/06/2024 after the report of 03/06/2024"
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
  // Most obligations are met: their words are never made.
  if (verdict.status === 'met') return undefined;
  const dueText = `due by ${describeDue(due)}${words.note ?? ''}`;
  switch (verdict.status) {
    case 'pending':
      return { kind: 'pending', message: `${sentence(withArticle(words.owed))} is due by ${describeDue(due)} after ${words.after}${words.note ?? ''}`, trigger, due, evidence: rows(trigger, extraEvidence) };
    case 'missing':
      return {
        kind: 'missing',
        message: `No ${words.owed} after ${words.after} (${dueText})`,
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
        message: `${sentence(eventNoun(met))} of ${formatDayUk(met.day)} came ${describeLateness(verdict.daysLate, verdict.workingDaysLate)} after ${words.after} (${dueText})`,
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
