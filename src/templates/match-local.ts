import { z } from 'zod';
import type { CaseEvent } from '../model/event.js';
import type { RuleContext } from './template.js';

/**
 * A private stand-in for the shared event matcher of docs/templates-contract.md
 * (`src/templates/match.ts`, written on branch tmpl-a), with the same API and semantics:
 * `eventMatcherSchema` (one matcher or a list, parsed to a list), `matches(ctx, event, matcher)`
 * and `candidates(ctx, matchers)`. At merge, delete this file and point the one import in
 * `matched-events.ts` at `./match.js`.
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

function indexType(matcher: EventMatcher): string {
  return matcher.type === COUNTING_CONTACT ? 'contact' : matcher.type;
}

/** Whether one event satisfies one matcher, or any matcher of a list. */
export function matches(ctx: Pick<RuleContext<unknown>, 'isCountingContact'>, event: CaseEvent, matcher: EventMatcher | readonly EventMatcher[]): boolean {
  if (Array.isArray(matcher)) return (matcher as readonly EventMatcher[]).some((m) => matchesOne(ctx, event, m));
  return matchesOne(ctx, event, matcher as EventMatcher);
}

function matchesOne(ctx: Pick<RuleContext<unknown>, 'isCountingContact'>, event: CaseEvent, matcher: EventMatcher): boolean {
  if (matcher.type === COUNTING_CONTACT) {
    if (!ctx.isCountingContact(event)) return false;
  } else if (event.type !== matcher.type) {
    return false;
  }
  if (matcher.has !== undefined && !(event.attributes[matcher.has] ?? '').trim()) return false;
  // A party filter is explicit: an event that names no party does not pass it (as in match.ts).
  if (matcher.parties !== undefined && (event.party === undefined || !matcher.parties.includes(event.party))) return false;
  return true;
}

/** Ascending indices of the events that satisfy any of the matchers, from the per-type index lists. */
export function candidates(ctx: Pick<RuleContext<unknown>, 'timeline' | 'isCountingContact'>, matchers: readonly EventMatcher[]): number[] {
  const events = ctx.timeline.events;
  const types = [...new Set(matchers.map(indexType))];
  const out: number[] = [];
  for (const type of types) {
    for (const i of ctx.timeline.indicesOf(type)) if (matches(ctx, events[i]!, matchers)) out.push(i);
  }
  if (types.length > 1) out.sort((a, b) => a - b);
  return out;
}
