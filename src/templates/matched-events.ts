import { z } from 'zod';
import { formatDayUk } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { isAtOrAfter } from '../model/time.js';
import { candidates, eventMatcherSchema, type EventMatcher } from './match-local.js';
import type { Deadline, RuleContext, RuleOutcome } from './template.js';

/**
 * What the cadence, indicated, threshold and closure templates share on top of the event
 * matcher: option lists of matchers, the events a list selects, a cursor for "the first target
 * after each trigger", and matchers in words for messages and explanations.
 */

export type { EventMatcher };

/** One matcher or a list of them, read as a list. */
export const eventMatchersSchema = eventMatcherSchema;

/** A calendar-day count (`{ days: 14 }`), for windows and cadences. */
export const daysSchema = z.strictObject({ days: z.number().int().positive() });

/** Ascending indices of the events any of the matchers selects (per-type index lists only). */
export function matchingIndices(ctx: RuleContext<unknown>, matchers: readonly EventMatcher[]): number[] {
  return candidates(ctx, matchers);
}

/** Merges ascending index lists into one ascending list without repeats. */
export function mergeAscending(lists: ReadonlyArray<readonly number[]>): number[] {
  const all = lists.flat().sort((a, b) => a - b);
  return all.filter((v, i) => i === 0 || all[i - 1] !== v);
}

/**
 * Walks ascending targets alongside ascending triggers. For each trigger (asked in ascending
 * order) it gives the first target after it (SPEC 2.1: on the same date when either has no
 * time; never the trigger itself) and the last target strictly before it. Linear over a case.
 */
export class TargetCursor {
  private next = 0;

  constructor(
    private readonly events: readonly CaseEvent[],
    readonly targets: readonly number[],
  ) {}

  /** Moves past the targets strictly before the trigger; they stay before every later trigger too. */
  private advance(trigger: number): void {
    const t = this.events[trigger]!;
    while (this.next < this.targets.length && !isAtOrAfter(this.events[this.targets[this.next]!]!, t)) this.next++;
  }

  /** The first target after the trigger, or -1. */
  firstAfter(trigger: number): number {
    this.advance(trigger);
    let k = this.next;
    if (k < this.targets.length && this.targets[k] === trigger) k++;
    return k < this.targets.length ? this.targets[k]! : -1;
  }

  /** The latest target strictly before the trigger, or -1. */
  lastBefore(trigger: number): number {
    this.advance(trigger);
    return this.next > 0 ? this.targets[this.next - 1]! : -1;
  }
}

/** Event types as a report names what was (not) done: "No <noun> recorded after ...". */
const NOUNS: Readonly<Record<string, string>> = {
  counting_contact: 'contact with the resident',
  contact: 'contact',
  vulnerability_recorded: 'vulnerability',
  hate_incident_recorded: 'hate incident',
  safeguarding_referral: 'safeguarding referral',
  support_signposted: 'signposting to support',
  case_review_signposted: 'notice of the case review',
  third_party_in: 'message from a third party',
  third_party_out: 'reply to the third party',
  update_requested: 'update request',
  case_reopened: 'reopening',
  case_closed: 'closure',
  closure_notified: 'closure notice',
};

export function typeNoun(type: string): string {
  return NOUNS[type] ?? type.replace(/_/g, ' ');
}

export function describeMatcher(matcher: EventMatcher): string {
  let words = typeNoun(matcher.type);
  if (matcher.has !== undefined) words += ` with ${matcher.has.replace(/_/g, ' ')}`;
  if (matcher.parties !== undefined) words += ` (${matcher.parties.map((p) => p.replace(/_/g, ' ')).join(' or ')})`;
  return words;
}

/** "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function describeMatchers(matchers: readonly EventMatcher[]): string {
  return orList(matchers.map(describeMatcher));
}

export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The outcome of one "target after trigger" obligation, or nothing when it was met. Messages
 * name the target, the trigger and the dates (SPEC 2.1 "Outcomes"); evidence is the trigger,
 * then the late target, then whatever else proves it.
 */
export function obligationOutcome(
  ctx: Pick<RuleContext, 'timeline' | 'deadline' | 'judge'>,
  trigger: number,
  due: Deadline,
  target: number,
  words: { target: string; trigger: string },
  more: readonly number[] = [],
): RuleOutcome | undefined {
  const verdict = ctx.judge(due, target);
  const dueBy = formatDayUk(due.day);
  switch (verdict.status) {
    case 'met':
      return undefined;
    case 'pending':
      return { kind: 'pending', message: `${capitalise(words.target)} due by ${dueBy} after ${words.trigger}`, trigger, due, evidence: [trigger, ...more] };
    case 'missing':
      return {
        kind: 'missing',
        message: `No ${words.target} recorded after ${words.trigger} (due by ${dueBy})`,
        trigger,
        due,
        daysLate: verdict.daysLate,
        ...(verdict.workingDaysLate !== undefined ? { workingDaysLate: verdict.workingDaysLate } : {}),
        evidence: [trigger, ...more],
      };
    case 'late': {
      const met = ctx.timeline.events[verdict.metIndex]!;
      return {
        kind: 'late',
        message: `${capitalise(typeNoun(met.type))} recorded on ${formatDayUk(met.day)}, ${days(verdict.daysLate)} late, after ${words.trigger} (due by ${dueBy})`,
        trigger,
        due,
        met: verdict.metIndex,
        daysLate: verdict.daysLate,
        ...(verdict.workingDaysLate !== undefined ? { workingDaysLate: verdict.workingDaysLate } : {}),
        evidence: [trigger, verdict.metIndex, ...more],
      };
    }
  }
}

/** "the incident of 03/06/2024". */
export function eventWords(event: CaseEvent): string {
  return `the ${typeNoun(event.type)} of ${formatDayUk(event.day)}`;
}

/** "a report", "an incident". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** "an incident or a report". */
export function describeMatchersWithArticles(matchers: readonly EventMatcher[]): string {
  return orList(matchers.map((m) => withArticle(describeMatcher(m))));
}
