import { z } from 'zod';
import { formatDayUk, type Moment } from '../dates/london.js';
import { compareMoments, isAtOrAfter } from '../model/time.js';
import { conditionalLimitSchema, eventTypesSchema } from '../policy/parts.js';
import { candidates, eventMatcherSchema, firstAfterMoment, firstOnOrAfterDay, inOpenPeriods } from './match.js';
import type { RuleContext, RuleOutcome, Template } from './template.js';
import { days, describeEvent, describeMatchers, keywordPhrase, nounOf, outcomeOf, withArticle } from './wording.js';

const options = z.strictObject({
  trigger: eventMatcherSchema.describe('Event matcher(s) for the events that create the obligation.'),
  each: z.boolean().default(false).describe("false: only the case's first trigger; true: every trigger."),
  trigger_mentions: eventTypesSchema.optional().describe('Keyword list name(s): only triggers whose note matches one of them.'),
  after_first: z.string().min(1).optional().describe('Only triggers after the first event of this type.'),
  target: eventMatcherSchema.describe('Event matcher(s) for the events that meet the obligation.'),
  limit: conditionalLimitSchema.describe('How long after the trigger the target is due: days, working_days or hours, or a list of limits with `if` conditions.'),
  any_state: z.boolean().default(false).describe('true: triggers while the case is closed create obligations too (complaint-style rules).'),
  target_window_before: z.strictObject({ days: z.number().int().nonnegative() }).optional().describe('A target up to this many days before the trigger also counts (a closure letter sent just before closing).'),
  use_targets_once: z.boolean().default(false).describe('Each target satisfies one trigger only, paired in order.'),
});
export type WithinOptions = z.output<typeof options>;

/** A trigger index meaning "the case's reported date, from its record": a case opened without a report row. */
const REPORTED_AT = -1;

/**
 * Which trigger events create an obligation, before the open-state test, in time order. A case
 * with no `report` row but a record's `reported_at` was still reported then (SPEC 2.1 "Open
 * periods"), so a rule triggered by the report runs from that date rather than never.
 */
function triggersOf(ctx: RuleContext<WithinOptions>): readonly number[] {
  const o = ctx.options;
  const events = ctx.timeline.events;
  let triggers = candidates(ctx, o.trigger);
  const reported = ctx.timeline.reported;
  if (ctx.timeline.reportIndex < 0 && reported !== undefined && o.trigger.some((m) => m.type === 'report' && m.has === undefined && m.parties === undefined)) {
    let at = 0;
    while (at < triggers.length && compareMoments(events[triggers[at]!]!, reported) < 0) at++;
    triggers = [...triggers.slice(0, at), REPORTED_AT, ...triggers.slice(at)];
  }
  if (o.after_first !== undefined) {
    const first = ctx.timeline.indicesOf(o.after_first)[0];
    if (first === undefined) return [];
    const firstEvent = events[first]!;
    triggers = triggers.filter((i) => i !== first && isAtOrAfter(momentOf(ctx, i), firstEvent));
  }
  const lists = o.trigger_mentions;
  if (lists !== undefined) triggers = triggers.filter((i) => i !== REPORTED_AT && lists.some((list) => ctx.mentions(i, list)));
  return o.each || triggers.length <= 1 ? triggers : triggers.slice(0, 1);
}

/** The triggers in an open period: the reported date opens the case, so it always is. */
function whileOpen(ctx: RuleContext<WithinOptions>, triggers: readonly number[]): readonly number[] {
  if (!triggers.includes(REPORTED_AT)) return inOpenPeriods(ctx.timeline, triggers);
  return triggers.filter((t) => t === REPORTED_AT || ctx.timeline.periodOf(t) >= 0);
}

function momentOf(ctx: RuleContext<WithinOptions>, trigger: number): Moment {
  return trigger === REPORTED_AT ? ctx.timeline.reported! : ctx.timeline.events[trigger]!;
}

/**
 * SPEC 2 "within": after a trigger event (the first, or each), a target event must occur within a
 * limit. Triggers while the case is closed create nothing unless `any_state`; a target after the
 * case was closed still counts. Linear apart from one binary search per trigger.
 */
export const within: Template<WithinOptions> = {
  name: 'within',
  summary: 'After a trigger event (the first, or each), a target event must follow within a limit.',
  options,
  evaluate(ctx) {
    const o = ctx.options;
    const events = ctx.timeline.events;
    const targets = candidates(ctx, o.target);
    const limit = ctx.limit(o.limit);
    const owed = describeMatchers(o.target, false);
    const out: RuleOutcome[] = [];
    // With use_targets_once, targets before `next` are used or too early for every later trigger.
    let next = 0;
    const triggers = o.any_state ? triggersOf(ctx) : whileOpen(ctx, triggersOf(ctx));
    for (let j = 0; j < triggers.length; j++) {
      const t = triggers[j]!;
      const trigger = momentOf(ctx, t);
      const start = o.use_targets_once ? next : 0;
      let p: number;
      if (o.target_window_before !== undefined) {
        p = firstOnOrAfterDay(events, targets, trigger.day - o.target_window_before.days, start);
        if (p < targets.length && targets[p] === t) p++;
      } else {
        p = firstAfterMoment(events, targets, trigger, t, start);
      }
      let metIndex = p < targets.length ? targets[p]! : -1;
      // Paired in order with a window before (SPEC 2.1, closure notices): a target belongs to the
      // trigger it follows most closely, or to the next one when it comes within the window before it.
      const window = o.target_window_before?.days;
      if (o.use_targets_once && window !== undefined && metIndex >= 0 && j + 1 < triggers.length) {
        if (events[metIndex]!.day >= momentOf(ctx, triggers[j + 1]!).day - window) metIndex = -1;
      }
      if (o.use_targets_once && metIndex >= 0) next = p + 1;
      const due = ctx.deadline(trigger, limit);
      const verdict = ctx.judge(due, metIndex);
      if (verdict.status === 'met') continue;
      const after = t === REPORTED_AT ? `the report of ${formatDayUk(trigger.day)} (the case's reported date)` : describeEvent(events[t]!);
      const outcome = outcomeOf(events, t, due, verdict, { owed, after });
      if (outcome) out.push(outcome);
    }
    return out;
  },
  explain(rule, policy) {
    const o = rule.options;
    const triggerWords = describeMatchers(o.trigger, false);
    let when = o.each ? `each ${triggerWords}` : `the first ${triggerWords}`;
    // The first report always falls while the case is open (it opens it): saying so would only puzzle.
    const onlyFirstReport = !o.each && o.trigger.every((m) => m.type === 'report');
    if (!o.any_state && !onlyFirstReport) when += ' while the case is open';
    if (o.trigger_mentions !== undefined) when += ` whose note has ${keywordPhrase(o.trigger_mentions, policy)}`;
    if (o.after_first !== undefined) when += `, once there has been ${withArticle(nounOf(o.after_first))}`;
    let text = `After ${when}, ${describeMatchers(o.target)} must follow within ${policy.describeLimit(o.limit)}`;
    if (o.any_state) text += ', whether the case is open or closed';
    text += '.';
    if (o.target_window_before !== undefined) {
      text += ` One recorded up to ${days(o.target_window_before.days)} before it also counts.`;
    }
    if (o.use_targets_once) {
      text += ` Each ${describeMatchers(o.target, false)} answers only one ${triggerWords}, in order`;
      text +=
        o.target_window_before !== undefined
          ? `: the one it follows most closely, or the next one when it comes up to ${days(o.target_window_before.days)} before it.`
          : '.';
    }
    return text;
  },
};
