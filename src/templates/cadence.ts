import { z } from 'zod';
import { dateOnly, formatDay, formatDayUk, type Moment } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { isAtOrBefore } from '../model/time.js';
import { candidates, daysSchema, eventMatcherSchema } from './match.js';
import type { RuleContext, RuleOutcome, Template } from './template.js';
import { days, describeMatchers, nounOf } from './wording.js';

const optionsSchema = z.strictObject({
  counts: eventMatcherSchema.default([{ type: 'counting_contact' }]).describe('Event matcher(s) for the events that keep contact alive.'),
  every: daysSchema.describe('The most days allowed between two of them, unless an agreement says otherwise.'),
  agreements: eventMatcherSchema.default([{ type: 'contact_agreement' }, { type: 'action_plan', has: 'frequency_days' }]).describe('Event matcher(s) for the events whose `frequency_days` sets the days allowed from then on.'),
});
export type CadenceOptions = z.infer<typeof optionsSchema>;

/** A positive whole number of days, or undefined: an agreement without one keeps the N in force. */
function frequencyOf(event: CaseEvent): number | undefined {
  const raw = event.attributes.frequency_days?.trim();
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/**
 * The agreement in force at each gap's start: the latest agreement on or before it (SPEC 2.1
 * "Cadence"; "before" includes the same date when either has no time). Anchors are asked in time
 * order, so one forward pointer serves the whole case.
 */
class AgreementsInForce {
  private next = 0;
  /** Per agreement: the last agreement of its date, for date-only anchors that see the whole date. */
  private readonly lastOfDay: number[];

  constructor(
    private readonly events: readonly CaseEvent[],
    private readonly agreements: readonly number[],
  ) {
    this.lastOfDay = new Array<number>(agreements.length);
    for (let k = agreements.length - 1; k >= 0; k--) {
      const sameDayAsNext = k + 1 < agreements.length && events[agreements[k + 1]!]!.day === events[agreements[k]!]!.day;
      this.lastOfDay[k] = sameDayAsNext ? this.lastOfDay[k + 1]! : k;
    }
  }

  /** Position in `agreements` of the one in force at the anchor, or -1. */
  at(anchor: Moment): number {
    const a = this.agreements;
    const e = this.events;
    while (this.next < a.length && e[a[this.next]!]!.day < anchor.day) this.next++;
    if (this.next < a.length && e[a[this.next]!]!.day === anchor.day) {
      // A date-only anchor sees every agreement of its date; date-only anchors sort before timed
      // ones of the same date, so this look-ahead never moves the pointer.
      if (anchor.time < 0) return this.lastOfDay[this.next]!;
      while (this.next < a.length && e[a[this.next]!]!.day === anchor.day && isAtOrBefore(e[a[this.next]!]!, anchor)) this.next++;
    }
    return this.next - 1;
  }
}

// How a gap's end reads, made only for a gap that lapsed.
const onDay = (to: Moment) => formatDayUk(to.day);
const onClosure = (to: Moment) => `the closure on ${formatDayUk(to.day)}`;
const onAuditDate = (to: Moment) => `the audit date ${formatDayUk(to.day)}`;

function evaluate(ctx: RuleContext<CadenceOptions>): RuleOutcome[] {
  const { timeline, options } = ctx;
  const events = timeline.events;
  const counted = candidates(ctx, options.counts);
  const agreementIndices = candidates(ctx, options.agreements).filter((i) => frequencyOf(events[i]!) !== undefined);
  const inForce = new AgreementsInForce(events, agreementIndices);
  const what = describeMatchers(options.counts, false);
  const outcomes: RuleOutcome[] = [];

  let c = 0;
  timeline.periods.forEach((period, p) => {
    // Anchors of this period: its start, then each counted event inside it.
    let from: Moment = period.start;
    let fromIndex = period.startIndex;
    const gap = (to: Moment, toIndex: number, ending: (to: Moment) => string) => {
      const k = inForce.at(from);
      const agreement = k >= 0 ? agreementIndices[k]! : -1;
      const allowed = agreement >= 0 ? frequencyOf(events[agreement]!)! : options.every.days;
      const length = to.day - from.day;
      if (length <= allowed) return;
      const over = length - allowed;
      const startWords = fromIndex !== period.startIndex ? `the last ${what}` : fromIndex < 0 ? 'the reported date' : `the ${nounOf(events[fromIndex]!.type)}`;
      const allowance = agreement >= 0 ? `the agreement of ${formatDayUk(events[agreement]!.day)} allows ${days(allowed)}` : `the policy allows ${days(allowed)}`;
      const evidence = [fromIndex, toIndex, agreement].filter((i) => i >= 0);
      outcomes.push({
        kind: 'lapsed',
        message: `No ${what} for ${days(length)}, from ${formatDayUk(from.day)} (${startWords}) to ${ending(to)} (${allowance}; ${days(over)} over)`,
        trigger: fromIndex,
        due: { day: from.day + allowed, limit: { days: allowed } },
        ...(toIndex >= 0 && toIndex !== period.endIndex ? { met: toIndex } : {}),
        daysLate: over,
        evidence,
        details: { from: formatDay(from.day), to: formatDay(to.day), allowedDays: allowed, daysOver: over },
      });
    };
    while (c < counted.length && (timeline.periodOf(counted[c]!) < p || counted[c] === period.startIndex)) c++;
    for (; c < counted.length && timeline.periodOf(counted[c]!) === p; c++) {
      const i = counted[c]!;
      gap(events[i]!, i, onDay);
      from = events[i]!;
      fromIndex = i;
    }
    if (period.end) gap(period.end, period.endIndex, onClosure);
    else gap(dateOnly(ctx.asOf), -1, onAuditDate);
  });
  return outcomes;
}

export const cadence: Template<CadenceOptions> = {
  name: 'cadence',
  summary: 'While a case is open, qualifying events must recur at least every N days; an agreed frequency_days overrides N.',
  options: optionsSchema as unknown as z.ZodType<CadenceOptions>,
  evaluate,
  explain(rule) {
    const o = rule.options;
    return (
      `While a case is open, the landlord must make ${describeMatchers(o.counts)} at least every ${days(o.every.days)}, ` +
      `or as often as the agreed contact frequency says (the frequency_days of the latest ${describeMatchers(o.agreements, false)}). ` +
      `Each gap longer than that, from the case's opening or reopening or the last ${describeMatchers(o.counts, false)} to the next one, ` +
      `to the closure, or to the audit date, is a lapse.`
    );
  },
};
