import { z } from 'zod';
import type { CaseEvent } from '../model/event.js';
import { conditionalLimitSchema, type Limit } from '../policy/parts.js';
import { candidates, eventMatcherSchema, firstAfter } from './match.js';
import type { RuleOutcome, Template } from './template.js';
import { describeEvent, describeMatchers, outcomeOf, spaced } from './wording.js';

const options = z.strictObject({
  requests: eventMatcherSchema.describe('Event matcher(s) for the requests; the report that opened the case is never one.'),
  answers: eventMatcherSchema.describe('Event matcher(s) for the events that answer a request.'),
  same_party: z.boolean().default(false).describe("The answer must be to the request's party; an event without a party matches any."),
  limit: conditionalLimitSchema.describe('How long after the request the answer is due: days, working_days or hours, or a list of limits with `if` conditions.'),
  party_limits: z.record(z.string().min(1), conditionalLimitSchema).optional().describe('Per request party, a limit overriding `limit` (police: 2 working days).'),
});
export type ReplyOptions = z.output<typeof options>;

/** Answers split by party, for `same_party`: each list ascending. */
interface AnswersByParty {
  readonly all: readonly number[];
  readonly noParty: readonly number[];
  readonly byParty: ReadonlyMap<string, readonly number[]>;
}

function splitByParty(events: readonly CaseEvent[], answers: readonly number[]): AnswersByParty {
  const noParty: number[] = [];
  const byParty = new Map<string, number[]>();
  for (const i of answers) {
    const party = events[i]!.party;
    if (party === undefined) {
      noParty.push(i);
      continue;
    }
    let list = byParty.get(party);
    if (!list) byParty.set(party, (list = []));
    list.push(i);
  }
  return { all: answers, noParty, byParty };
}

const NO_PARTIES: ReadonlyMap<string, readonly number[]> = new Map();

/** The first answer after request `r` that may answer it (-1 for none). */
function answerTo(events: readonly CaseEvent[], answers: AnswersByParty, r: number, sameParty: boolean): number {
  const party = events[r]!.party;
  if (!sameParty || party === undefined) return at(answers.all, firstAfter(events, answers.all, r));
  const own = answers.byParty.get(party) ?? [];
  const a = at(own, firstAfter(events, own, r));
  const b = at(answers.noParty, firstAfter(events, answers.noParty, r));
  // Indices are time order, so the smaller is the earlier answer.
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function at(list: readonly number[], p: number): number {
  return p < list.length ? list[p]! : -1;
}

/**
 * SPEC 2 "reply": each request is answered by a matching event within a limit. Answers are not
 * used up: one answer answers every earlier unanswered request of its kind (SPEC 2.1 "Replies"),
 * so each request simply takes the first answer after it. The case's first report opened the
 * case and is never a request; requests while the case is closed create nothing.
 */
export const reply: Template<ReplyOptions> = {
  name: 'reply',
  summary: 'Each request event must be answered by a matching event within a limit.',
  options,
  evaluate(ctx) {
    const o = ctx.options;
    const events = ctx.timeline.events;
    const requests = candidates(ctx, o.requests);
    // Most cases have no request of a kind: nothing else to work out.
    if (requests.length === 0) return [];
    const all = candidates(ctx, o.answers);
    const answers: AnswersByParty = o.same_party ? splitByParty(events, all) : { all, noParty: all, byParty: NO_PARTIES };
    const owed = describeMatchers(o.answers, false);
    const defaultLimit = ctx.limit(o.limit);
    let partyLimits: Map<string, Limit> | undefined;
    const limitFor = (party: string | undefined): Limit => {
      const own = party !== undefined ? o.party_limits?.[party] : undefined;
      if (own === undefined) return defaultLimit;
      let limit = (partyLimits ??= new Map()).get(party!);
      if (!limit) partyLimits.set(party!, (limit = ctx.limit(own)));
      return limit;
    };
    const out: RuleOutcome[] = [];
    for (let k = 0; k < requests.length; k++) {
      const r = requests[k]!;
      if (r === ctx.timeline.reportIndex || ctx.timeline.periodOf(r) < 0) continue;
      const request = events[r]!;
      const due = ctx.deadline(request, limitFor(request.party));
      const metIndex = answerTo(events, answers, r, o.same_party);
      const verdict = ctx.judge(due, metIndex);
      if (verdict.status === 'met') continue;
      const words = { owed: o.same_party && request.party !== undefined ? `${owed} (${spaced(request.party)})` : owed, after: describeEvent(request) };
      const outcome = outcomeOf(events, r, due, verdict, words);
      if (outcome) out.push(outcome);
    }
    return out;
  },
  explain(rule, policy) {
    const o = rule.options;
    const requests = describeMatchers(o.requests, false);
    const mentionsReport = o.requests.some((m) => m.type === 'report');
    let text = `Each ${requests}${mentionsReport ? ' (other than the report that opened the case)' : ''} while the case is open must be answered by ${answersPhrase(o)}`;
    text += ` within ${policy.describeLimit(o.limit)}`;
    const parties = Object.entries(o.party_limits ?? {});
    if (parties.length > 0) {
      text += `; ${parties.map(([party, limit]) => `from ${spaced(party)}, within ${policy.describeLimit(limit)}`).join('; ')}`;
    }
    text += '. One answer answers every earlier unanswered request';
    text += o.same_party ? ' of the same party (a record without a party matches any party).' : '.';
    return text;
  },
};

/** "a reply to the same third party", "a contact with the resident or an action". */
function answersPhrase(o: ReplyOptions): string {
  if (!o.same_party) return describeMatchers(o.answers);
  if (o.answers.every((m) => m.type === 'third_party_out' && m.has === undefined && m.parties === undefined)) return 'a reply to the same third party';
  return `${describeMatchers(o.answers)} to the same party`;
}
