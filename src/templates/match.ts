import { z } from 'zod';
import type { Moment } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { isAtOrAfter } from '../model/time.js';
import type { Timeline } from '../model/timeline.js';
import type { RuleContext } from './template.js';

/**
 * The event matcher and the scanning helpers every template shares; their words are in wording.ts.
 *
 * Event matchers (docs/templates-contract.md): a string names an event type
 * or `counting_contact` (SPEC 2.1 "Contact"); an object adds `has` (an attribute that must be
 * present, e.g. `frequency_days`) and `party` (one party or a list).
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

/** A calendar-day count (`{ days: 14 }`), for windows and cadences. */
export const daysSchema = z.strictObject({ days: z.number().int().positive() });

/** The event type whose index list holds a matcher's candidates. */
function indexType(matcher: EventMatcher): string {
  return matcher.type === COUNTING_CONTACT ? 'contact' : matcher.type;
}

/** Whether one event satisfies one matcher, or any matcher of a list. */
export function matches(ctx: RuleContext<unknown>, event: CaseEvent, matcher: EventMatcher | readonly EventMatcher[]): boolean {
  if (isMatcherList(matcher)) return matcher.some((m) => matchesOne(ctx, event, m));
  return matchesOne(ctx, event, matcher);
}

function isMatcherList(m: EventMatcher | readonly EventMatcher[]): m is readonly EventMatcher[] {
  return Array.isArray(m);
}

function matchesOne(ctx: RuleContext<unknown>, event: CaseEvent, matcher: EventMatcher): boolean {
  if (matcher.type === COUNTING_CONTACT) {
    if (!ctx.isCountingContact(event)) return false;
  } else if (event.type !== matcher.type) {
    return false;
  }
  if (matcher.has !== undefined && !(event.attributes[matcher.has] ?? '').trim()) return false;
  // A party filter is explicit: an event that names no party does not pass it.
  if (matcher.parties !== undefined && (event.party === undefined || !matcher.parties.includes(event.party))) return false;
  return true;
}

/**
 * How to gather a matcher list's events, worked out once per list: the policy's options live as
 * long as the audit, so every case reuses it.
 */
interface CandidatePlan {
  /** Per index list to read, the matchers that may pass its events (empty: every event passes). */
  readonly lists: ReadonlyArray<{ readonly type: string; readonly filters: readonly EventMatcher[] }>;
}

const plans = new WeakMap<object, CandidatePlan>();

function planOf(matchers: EventMatcher | readonly EventMatcher[]): CandidatePlan {
  let plan = plans.get(matchers);
  if (plan === undefined) {
    const all = isMatcherList(matchers) ? matchers : [matchers];
    const lists: Array<{ type: string; filters: EventMatcher[] }> = [];
    const unfiltered = new Set<string>();
    for (const m of all) {
      const type = indexType(m);
      let list = lists.find((l) => l.type === type);
      if (!list) lists.push((list = { type, filters: [] }));
      // A bare type passes every event of its list, whatever the other matchers ask.
      if (m.type !== COUNTING_CONTACT && m.has === undefined && m.parties === undefined) unfiltered.add(type);
      else list.filters.push(m);
    }
    plan = { lists: lists.map((l) => (unfiltered.has(l.type) ? { type: l.type, filters: [] } : l)) };
    plans.set(matchers, plan);
  }
  return plan;
}

/**
 * Ascending indices of the events that satisfy any of the matchers, read from the timeline's
 * per-type index lists (never a scan of the whole case). For a bare event type this is the
 * timeline's own list, not a copy: callers only read it. Pass the policy's own matcher objects:
 * the plan is kept by that object, and one made per case would be planned (and kept) again.
 */
export function candidates(ctx: RuleContext<unknown>, matchers: EventMatcher | readonly EventMatcher[]): readonly number[] {
  const { lists } = planOf(matchers);
  if (lists.length === 1) return select(ctx, lists[0]!.type, lists[0]!.filters);
  let out: readonly number[] = NONE;
  for (const { type, filters } of lists) out = mergeTwo(out, select(ctx, type, filters));
  return out;
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * The events of one index list that pass any of the filters: the list itself when every one
 * does (no copy), else an array of exactly their number (a case's lists are short, and an array
 * grown by push starts at 16 slots).
 */
function select(ctx: RuleContext<unknown>, type: string, filters: readonly EventMatcher[]): readonly number[] {
  const indices = ctx.timeline.indicesOf(type);
  if (filters.length === 0 || indices.length === 0) return indices;
  const events = ctx.timeline.events;
  let passed = 0;
  for (let k = 0; k < indices.length; k++) if (passes(ctx, events[indices[k]!]!, filters)) passed++;
  if (passed === indices.length) return indices;
  if (passed === 0) return NONE;
  const out = new Array<number>(passed);
  let n = 0;
  for (let k = 0; k < indices.length; k++) if (passes(ctx, events[indices[k]!]!, filters)) out[n++] = indices[k]!;
  return out;
}

function passes(ctx: RuleContext<unknown>, event: CaseEvent, filters: readonly EventMatcher[]): boolean {
  for (let f = 0; f < filters.length; f++) if (matchesOne(ctx, event, filters[f]!)) return true;
  return false;
}

/**
 * Two ascending lists without repeats as one, an index in both kept once; either list itself when
 * the other is empty.
 */
function mergeTwo(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  // Sized once (an array grown by push starts at 16 slots), cut to length when indices repeat.
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x <= y) i++;
    if (y <= x) j++;
    out[n++] = x < y ? x : y;
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  out.length = n;
  return out;
}

/**
 * Position in `targets` (ascending event indices) of the first target that is "after" the event
 * at `from` (SPEC 2.1: the same date counts when either has no time), never `from` itself.
 * Binary search to the trigger's date, then a short walk past same-day targets timed earlier.
 * `start` lets a caller that walks triggers in order skip targets already ruled out.
 */
export function firstAfter(events: readonly CaseEvent[], targets: readonly number[], from: number, start = 0): number {
  return firstAfterMoment(events, targets, events[from]!, from, start);
}

/** firstAfter for a moment that may have no row (a case opened by its record's `reported_at`). */
export function firstAfterMoment(events: readonly CaseEvent[], targets: readonly number[], moment: Moment, exclude = -1, start = 0): number {
  for (let p = firstOnOrAfterDay(events, targets, moment.day, start); p < targets.length; p++) {
    const t = targets[p]!;
    if (t !== exclude && isAtOrAfter(events[t]!, moment)) return p;
  }
  return targets.length;
}

/** Position of the first target dated on or after `day` (from `start`). */
export function firstOnOrAfterDay(events: readonly CaseEvent[], targets: readonly number[], day: number, start = 0): number {
  let lo = start;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[targets[mid]!]!.day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indices whose event falls in an open period (SPEC 2.1 "Open periods": a trigger while the
 * case is closed creates no obligation), or only the first of them. The list itself when every
 * one does: this is asked for every rule of every case, and nearly always they all do.
 */
export function inOpenPeriods(timeline: Timeline, indices: readonly number[], firstOnly = false): readonly number[] {
  let open = 0;
  for (let k = 0; k < indices.length; k++) {
    if (timeline.periodOf(indices[k]!) < 0) continue;
    if (firstOnly) return indices.length === 1 ? indices : [indices[k]!];
    open++;
  }
  if (open === indices.length) return indices;
  if (open === 0) return NONE;
  const out = new Array<number>(open);
  let n = 0;
  for (let k = 0; k < indices.length; k++) if (timeline.periodOf(indices[k]!) >= 0) out[n++] = indices[k]!;
  return out;
}

/** Merges ascending index lists into one ascending list without repeats. */
export function mergeAscending(lists: ReadonlyArray<readonly number[]>): readonly number[] {
  let out: readonly number[] = NONE;
  for (const list of lists) out = mergeTwo(out, list);
  return out;
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
