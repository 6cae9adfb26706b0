import { z } from 'zod';
import type { CaseEvent } from '../model/event.js';
import type { RuleContext } from './template.js';

/**
 * A private stand-in for the shared event matcher of docs/templates-contract.md
 * (`src/templates/match.ts`, written on another branch). Same API: `eventMatcherSchema` and
 * `matches(ctx, event, matcher)`. At merge, delete this file and point the one import in
 * `matched-events.ts` at `./match.js`.
 */

/** An event type, or `counting_contact` (SPEC 2.1 "Contact"). */
const matcherType = z.string().min(1);

/**
 * An event matcher: an event type or `counting_contact`, or an object narrowing it by an
 * attribute that must be present (`has`) and by party (one or a list).
 */
export const eventMatcherSchema = z.union([
  matcherType,
  z.strictObject({
    type: matcherType,
    has: z.string().min(1).optional(),
    party: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  }),
]);
export type EventMatcher = z.infer<typeof eventMatcherSchema>;

/** Whether one event is what the matcher describes. */
export function matches(ctx: Pick<RuleContext, 'isCountingContact'>, event: CaseEvent, matcher: EventMatcher): boolean {
  const type = typeof matcher === 'string' ? matcher : matcher.type;
  if (type === 'counting_contact' ? !ctx.isCountingContact(event) : event.type !== type) return false;
  if (typeof matcher === 'string') return true;
  if (matcher.has !== undefined) {
    const value = event.attributes[matcher.has];
    if (value === undefined || value.trim() === '') return false;
  }
  if (matcher.party !== undefined && event.party !== undefined) {
    // An event without a party matches any party (SPEC 2.1 "Edge cases").
    const parties = Array.isArray(matcher.party) ? matcher.party : [matcher.party];
    if (!parties.includes(event.party)) return false;
  }
  return true;
}
