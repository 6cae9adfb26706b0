import { z } from 'zod';
import { formatDayUk } from '../dates/london.js';
import { conditionalLimitSchema } from '../policy/parts.js';
import { candidates, daysSchema, eventMatcherSchema, TargetCursor } from './match.js';
import type { RuleContext, RuleOutcome, Template } from './template.js';
import { days, describeEvent, describeMatchers, outcomeOf } from './wording.js';

const optionsSchema = z.strictObject({
  events: eventMatcherSchema.describe('Event matcher(s) for the events counted.'),
  count: z.number().int().min(2).default(2).describe('How many of them within the window reach the threshold.'),
  window: daysSchema.describe('The rolling window in days; it includes its last day.'),
  target: eventMatcherSchema.describe('Event matcher(s) for the events the threshold requires.'),
  once: z.boolean().default(true).describe('true: one obligation per case, the first time the threshold is reached; false: each time.'),
  earlier_target_counts: z.boolean().default(false).describe('A target made any time earlier in the case also counts.'),
  limit: conditionalLimitSchema.describe('How long after the event that reached the threshold the target is due.'),
});
export type ThresholdOptions = z.infer<typeof optionsSchema>;

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

function evaluate(ctx: RuleContext<ThresholdOptions>): RuleOutcome[] {
  const { options, timeline } = ctx;
  const events = timeline.events;
  const counted = candidates(ctx, options.events);
  const n = options.count;
  const targets = new TargetCursor(events, candidates(ctx, options.target));
  const limit = ctx.limit(options.limit);
  const outcomes: RuleOutcome[] = [];
  // Counted events are in time order, so the count-th most recent one is the window's other end:
  // the k-th reaches the threshold when the (k-n+1)-th is within the window (a fixed-width two-pointer).
  for (let k = n - 1; k < counted.length; k++) {
    const t = counted[k]!;
    const first = counted[k - n + 1]!;
    if (events[t]!.day - events[first]!.day > options.window.days) continue;
    // Counted events may fall in any state, but the one reaching the threshold creates an
    // obligation only while the case is open (SPEC 2.1 "Open periods").
    if (timeline.periodOf(t) < 0) continue;
    const window = counted.slice(k - n + 1, k);
    const satisfiedEarlier = options.earlier_target_counts && targets.lastBefore(t) >= 0;
    if (!satisfiedEarlier) {
      const due = ctx.deadline(events[t]!, limit);
      const verdict = ctx.judge(due, targets.firstAfter(t));
      if (verdict.status !== 'met') {
        const words = {
          owed: describeMatchers(options.target, false),
          after: `${describeEvent(events[t]!)}, the ${ordinal(n)} ${describeMatchers(options.events, false)} within ${days(options.window.days)} (from ${formatDayUk(events[first]!.day)})`,
        };
        const outcome = outcomeOf(events, t, due, verdict, words, window);
        if (outcome) outcomes.push(outcome);
      }
    }
    if (options.once) break;
  }
  return outcomes;
}

export const threshold: Template<ThresholdOptions> = {
  name: 'threshold',
  summary: 'N events of given types within a rolling window require a target event within a limit.',
  options: optionsSchema as unknown as z.ZodType<ThresholdOptions>,
  evaluate,
  explain(rule, policy) {
    const o = rule.options;
    const when = o.once ? `The first time a case has` : `Each time a case has`;
    let text =
      `${when} ${o.count} events (${describeMatchers(o.events, false)}) within ${days(o.window.days)} of each other while it is open, ` +
      `${describeMatchers(o.target)} must follow within ${policy.describeLimit(o.limit)} of the ${ordinal(o.count)}.`;
    if (o.earlier_target_counts) text += ' One recorded earlier in the case also counts.';
    return text;
  },
};
