import { z } from 'zod';
import { formatDayUk, NO_TIME } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { isAtOrAfter, isAtOrBefore } from '../model/time.js';
import { candidates, daysSchema, eventMatcherSchema, firstOnOrAfterDay } from './match.js';
import type { RuleContext, RuleOutcome, Template } from './template.js';
import { days, describeMatcher, describeMatchers, eventNoun } from './wording.js';

const requestSchema = z.strictObject({
  request: eventMatcherSchema,
  answers: eventMatcherSchema,
  /** The answer must go to the request's party (an event without a party matches any). */
  same_party: z.boolean().default(false),
});

const optionsSchema = z
  .strictObject({
    required_before: eventMatcherSchema.optional().describe('Event matcher(s): each must exist before the closure.'),
    unanswered: z.strictObject({ window: daysSchema, requests: z.array(requestSchema).min(1) }).optional().describe('Requests in the window before the closure (`window`, and `requests`: each `{ request, answers, same_party }`) that must not be left unanswered at closure.'),
    reopen: z.strictObject({ window: daysSchema, signs: eventMatcherSchema }).optional().describe('Signs within the window after the closure (`window`, `signs`: event matchers) that it was premature.'),
  })
  .refine((o) => o.required_before !== undefined || o.unanswered !== undefined || o.reopen !== undefined, {
    message: 'a closure rule needs at least one of required_before, unanswered or reopen',
  });
export type ClosureOptions = z.infer<typeof optionsSchema>;
type RequestSpec = z.infer<typeof requestSchema>;

function sameParty(a: CaseEvent, b: CaseEvent): boolean {
  return a.party === undefined || b.party === undefined || a.party === b.party;
}

/** The requests of one kind and their answers, selected once per case. */
interface RequestKind {
  readonly spec: RequestSpec;
  readonly requests: readonly number[];
  readonly answers: readonly number[];
}

/**
 * Whether a request was answered by the closure: an answer after it (same date when either has
 * no time; never itself) and on or before the closure. Answers strictly after the closure only
 * get later, so the scan stops at the first of them; it never leaves the window.
 */
function answeredBy(events: readonly CaseEvent[], kind: RequestKind, request: number, closure: number): boolean {
  const r = events[request]!;
  const c = events[closure]!;
  for (let j = firstOnOrAfterDay(events, kind.answers, r.day); j < kind.answers.length; j++) {
    const a = kind.answers[j]!;
    const answer = events[a]!;
    if (a === request || !isAtOrAfter(answer, r)) continue;
    if (!isAtOrBefore(answer, c)) return false;
    if (!kind.spec.same_party || sameParty(r, answer)) return true;
  }
  return false;
}

function evaluate(ctx: RuleContext<ClosureOptions>): RuleOutcome[] {
  const { options, timeline } = ctx;
  const events = timeline.events;
  // Most cases were never closed: nothing is made for them.
  let closures: number[] | undefined;
  for (const period of timeline.periods) if (period.endIndex >= 0) (closures ??= []).push(period.endIndex);
  if (closures === undefined) return [];

  // The policy's own matcher, not a list made per case: candidates keeps its plan by that object.
  const required = (options.required_before ?? []).map((m) => ({ matcher: m, found: candidates(ctx, m) }));
  const kinds: RequestKind[] = (options.unanswered?.requests ?? []).map((spec) => ({
    spec,
    // The case's first report opened it: it is never a request.
    requests: candidates(ctx, spec.request).filter((i) => i !== timeline.reportIndex),
    answers: candidates(ctx, spec.answers),
  }));
  const signs = options.reopen ? candidates(ctx, options.reopen.signs) : [];

  const outcomes: RuleOutcome[] = [];
  closures.forEach((c, n) => {
    const closed = events[c]!;
    const failed: string[] = [];
    const evidence: number[] = [c];

    for (const { matcher, found } of required) {
      const first = found[0] === c ? found[1] : found[0];
      // The earliest is enough: if it is after the closure, every later one is too.
      if (first === undefined || !isAtOrBefore(events[first]!, closed)) failed.push(`no ${describeMatcher(matcher, false)} before the closure`);
    }

    // SPEC 2.1: "before X includes X's date when either event has no time", and an event on a
    // closure date belongs to the period the closure ends (unless a reopening that day came first).
    const beforeClosure = (i: number) =>
      i < c ||
      (events[i]!.day === closed.day && (events[i]!.time === NO_TIME || closed.time === NO_TIME) && timeline.periodOf(i) === timeline.periodOf(c));

    if (options.unanswered) {
      const from = closed.day - options.unanswered.window.days;
      const left: number[] = [];
      for (const kind of kinds) {
        // Requests before the closure, back to the window's first day (it counts).
        for (let k = firstOnOrAfterDay(events, kind.requests, from); k < kind.requests.length && events[kind.requests[k]!]!.day <= closed.day; k++) {
          const r = kind.requests[k]!;
          if (r !== c && beforeClosure(r) && !answeredBy(events, kind, r, c)) left.push(r);
        }
      }
      left.sort((a, b) => a - b);
      for (const r of [...new Set(left)]) {
        failed.push(`${eventNoun(events[r]!)} of ${formatDayUk(events[r]!.day)} unanswered at closure`);
        evidence.push(r);
      }
    }

    if (options.reopen) {
      // Signs sorted after the closure, up to the window's last day (it counts) and before the
      // next closure, whose own prematurity they then speak to.
      const until = closed.day + options.reopen.window.days;
      const nextClosure = closures[n + 1] ?? Infinity;
      for (let k = firstOnOrAfterDay(events, signs, closed.day); k < signs.length; k++) {
        const s = signs[k]!;
        // A sign on the closure date that counts as before it was judged as a request above.
        if (s <= c || (events[s]!.type !== 'case_reopened' && beforeClosure(s))) continue;
        if (events[s]!.day > until || s > nextClosure) break;
        const after = events[s]!.day - closed.day;
        const when = after === 0 ? 'the day of the closure' : `${days(after)} after it`;
        failed.push(events[s]!.type === 'case_reopened' ? `reopened on ${formatDayUk(events[s]!.day)}, ${when}` : `${eventNoun(events[s]!)} on ${formatDayUk(events[s]!.day)}, ${when}`);
        evidence.push(s);
      }
    }

    if (failed.length === 0) return;
    outcomes.push({
      kind: 'premature',
      message: `Case closed on ${formatDayUk(closed.day)} prematurely: ${failed.join('; ')}`,
      trigger: c,
      evidence,
      details: { failed },
    });
  });
  return outcomes;
}

function requestWords(spec: RequestSpec, window: number): string {
  const party = spec.same_party ? ' (to the same party)' : '';
  return `${describeMatchers(spec.request)} in the ${days(window)} before it was still not answered by ${describeMatchers(spec.answers)}${party} when it closed`;
}

export const closure: Template<ClosureOptions> = {
  name: 'closure',
  summary: 'At each case_closed: required events exist before it, no request in the window before it is unanswered, and nothing after it shows it was premature.',
  options: optionsSchema as unknown as z.ZodType<ClosureOptions>,
  evaluate,
  explain(rule) {
    const o = rule.options;
    const conditions: string[] = [];
    for (const m of o.required_before ?? []) conditions.push(`no ${describeMatcher(m, false)} was recorded before it`);
    for (const spec of o.unanswered?.requests ?? []) conditions.push(requestWords(spec, o.unanswered!.window.days));
    if (o.reopen) conditions.push(`${describeMatchers(o.reopen.signs)} came within ${days(o.reopen.window.days)} after it`);
    return `A case closure is premature if any of these holds: ${conditions.join('; ')}. Each premature closure is one finding naming every failed condition.`;
  },
};
