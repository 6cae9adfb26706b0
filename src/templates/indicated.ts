import { z } from 'zod';
import { conditionalLimitSchema, conditionSchema, type Limit } from '../policy/parts.js';
import { formatDayUk } from '../dates/london.js';
import { candidates, daysSchema, eventMatcherSchema, firstAfterMoment, inOpenPeriods, mergeAscending, TargetCursor } from './match.js';
import type { RuleContext, RuleOutcome, Template } from './template.js';
import { days, describeEvent, describeMatchers, keywordPhrase, listNames, nounOf, orList, outcomeOf, withArticle } from './wording.js';

const oneOrManyNames = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** An extra trigger: events of a type, when a condition on the case holds. */
const alsoWhenSchema = z.strictObject({ type: z.string().min(1), if: conditionSchema.optional() });

const optionsSchema = z
  .strictObject({
    keywords: oneOrManyNames.optional().describe('Keyword list name(s) whose match in a note is an indication.'),
    also_when: z
      .union([alsoWhenSchema, z.array(alsoWhenSchema).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional()
      .describe('Extra indications: events of a type, when a condition on the case holds (`{ type, if }`).'),
    first_only: z.boolean().default(true).describe('true: only the first indication; false: each one.'),
    satisfied_by: z.enum(['vulnerabilities', 'hate_motivated']).nullable().optional().describe('A case attribute that already records what is indicated: the rule then asks nothing.'),
    target: eventMatcherSchema.describe('Event matcher(s) for the recording or protective events.'),
    recorded_before_counts: z.boolean().default(false).describe('A target any time before the indication satisfies it.'),
    recent_target_window: daysSchema.optional().describe('A target in the N days before the indication satisfies it (the window includes its first day back).'),
    limit: conditionalLimitSchema.describe('How long after the indication the target is due: days, working_days or hours, or a list of limits with `if` conditions.'),
  })
  .refine((o) => o.keywords !== undefined || o.also_when !== undefined, { message: 'an indicated rule needs keywords or also_when (or both)' })
  .refine((o) => !(o.recorded_before_counts && o.recent_target_window), {
    message: 'recorded_before_counts and recent_target_window are alternatives: give one',
  });
export type IndicatedOptions = z.infer<typeof optionsSchema>;

function alreadyRecorded(ctx: RuleContext<IndicatedOptions>): boolean {
  switch (ctx.options.satisfied_by) {
    case 'vulnerabilities':
      return ctx.facts.recordedVulnerability;
    case 'hate_motivated':
      return ctx.facts.hateMotivated;
    default:
      return false;
  }
}

const NO_NAMES: readonly string[] = [];
const NO_EXTRA: NonNullable<IndicatedOptions['also_when']> = [];

/** An indication index meaning "the case's reported date, from its record": a case opened without a report row. */
const REPORTED_AT = -1;

function evaluate(ctx: RuleContext<IndicatedOptions>): RuleOutcome[] {
  const { options, timeline } = ctx;
  if (alreadyRecorded(ctx)) return [];
  const events = timeline.events;
  const lists = options.keywords ?? NO_NAMES;
  // Most cases have no indication: nothing is made for them beyond the lists the case keeps.
  const byKeyword = lists.length === 1 ? ctx.indications(lists[0]!) : mergeAscending(lists.map((list) => ctx.indications(list)));
  let indications = byKeyword;
  /** A case opened by its record's reported_at, with no report row, whose opening is an indication. */
  let byReportedAt = false;
  for (const w of options.also_when ?? NO_EXTRA) {
    if (w.if !== undefined && !ctx.test(w.if)) continue;
    if (w.type === 'report' && timeline.reportIndex < 0) {
      // The reported date opens the case as the report would have (SPEC 2.1 "Open periods"): a
      // domestic-abuse case exported without its report row still owes its safeguarding.
      if (timeline.reported !== undefined) byReportedAt = true;
      continue;
    }
    // `report` here is the report that opened the case: a later one counts as an incident (SPEC 2.1).
    // `w` itself is the matcher (its `if` is no matcher field): candidates keeps its plan by that object.
    const extra = w.type === 'report' ? [timeline.reportIndex] : candidates(ctx, w);
    indications = mergeAscending([indications, extra]);
  }
  const open = inOpenPeriods(timeline, indications, options.first_only);
  // The reported date comes before every event of the open periods: it is the first indication.
  const triggers = !byReportedAt ? open : options.first_only ? [REPORTED_AT] : [REPORTED_AT, ...open];
  if (triggers.length === 0) return [];

  const targetList = candidates(ctx, options.target);
  const targets = new TargetCursor(events, targetList);
  const limit = ctx.limit(options.limit);
  const owed = describeMatchers(options.target, false);
  const outcomes: RuleOutcome[] = [];
  for (const t of triggers) {
    if (t === REPORTED_AT) {
      const outcome = reportedAtOutcome(ctx, targetList, limit, owed);
      if (outcome) outcomes.push(outcome);
      continue;
    }
    const before = targets.lastBefore(t);
    if (before >= 0) {
      if (options.recorded_before_counts) continue;
      const window = options.recent_target_window;
      if (window && events[t]!.day - events[before]!.day <= window.days) continue;
    }
    const e = events[t]!;
    const due = ctx.deadline(e, limit);
    const verdict = ctx.judge(due, targets.firstAfter(t));
    if (verdict.status === 'met') continue;
    const why = byKeyword.includes(t) ? `, whose note mentions ${listNames(lists)} keywords` : '';
    const after = `${options.first_only ? 'the first indication, ' : ''}${describeEvent(e)}${why}`;
    const outcome = outcomeOf(events, t, due, verdict, { owed, after });
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * The indication of a case opened by its record's reported_at (no report row): judged like any
 * other, from the reported date, with no row of its own to show as evidence.
 */
function reportedAtOutcome(ctx: RuleContext<IndicatedOptions>, targets: readonly number[], limit: Limit, owed: string): RuleOutcome | undefined {
  const { options, timeline } = ctx;
  const events = timeline.events;
  const reported = timeline.reported!;
  const p = firstAfterMoment(events, targets, reported);
  if (p > 0) {
    // Targets are in time order: the one before the first at or after the reported date is the latest before it.
    if (options.recorded_before_counts) return undefined;
    const window = options.recent_target_window;
    if (window && reported.day - events[targets[p - 1]!]!.day <= window.days) return undefined;
  }
  const due = ctx.deadline(reported, limit);
  const verdict = ctx.judge(due, p < targets.length ? targets[p]! : -1);
  if (verdict.status === 'met') return undefined;
  const after = `${options.first_only ? 'the first indication, ' : ''}the report of ${formatDayUk(reported.day)} (the case's reported date)`;
  return outcomeOf(events, REPORTED_AT, due, verdict, { owed, after });
}

export const indicated: Template<IndicatedOptions> = {
  name: 'indicated',
  summary: 'When a case shows signs of something (keywords in notes, or case attributes), a recording or protective event must follow within a limit.',
  options: optionsSchema as unknown as z.ZodType<IndicatedOptions>,
  evaluate,
  explain(rule, policy) {
    const o = rule.options;
    const signs: string[] = [];
    if (o.keywords) {
      signs.push(`a note of what the landlord was told has ${keywordPhrase(o.keywords, policy)}`);
    }
    for (const w of o.also_when ?? []) {
      signs.push(`${withArticle(nounOf(w.type))} is received${w.if !== undefined ? ` when ${policy.describeCondition(w.if)}` : ''}`);
    }
    const which = o.first_only ? 'The first time' : 'Each time';
    let text = `${which} ${orList(signs)} while the case is open, ${describeMatchers(o.target)} must follow within ${policy.describeLimit(o.limit)}.`;
    if (o.also_when?.some((w) => w.type === 'report')) text += " A case exported without its report row counts from its reported date.";
    if (o.satisfied_by === 'vulnerabilities') text += ' A case whose record already lists a vulnerability needs nothing more.';
    if (o.satisfied_by === 'hate_motivated') text += ' A case already recorded as hate-motivated (or of category hate) needs nothing more.';
    if (o.recorded_before_counts) text += ` One recorded earlier in the case also counts.`;
    if (o.recent_target_window) text += ` One made in the ${days(o.recent_target_window.days)} before also counts.`;
    return text;
  },
};
