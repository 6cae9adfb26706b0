import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseScope } from '../../src/engine/case-scope.js';
import { candidates, COUNTING_CONTACT, mergeAscending, type EventMatcher } from '../../src/templates/match.js';
import { policyOf, timelineOf, type Row } from './harness.js';

const TYPES = ['report', 'contact', 'action', 'third_party_in', 'incident'];
const PARTIES = ['resident', 'police', 'health'];

const row: fc.Arbitrary<Row> = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    type: fc.constantFrom(...TYPES),
    party: fc.option(fc.constantFrom(...PARTIES), { nil: undefined }),
    direction: fc.option(fc.constantFrom('inbound', 'outbound'), { nil: undefined }),
    outcome: fc.option(fc.constantFrom('made', 'no_answer'), { nil: undefined }),
    stage: fc.option(fc.constantFrom('1', ' ', ''), { nil: undefined }),
  })
  .map(({ day, type, ...fields }) => [`2024-03-${String(day).padStart(2, '0')}`, type, fields]);

const matcher: fc.Arbitrary<EventMatcher> = fc
  .record({
    type: fc.constantFrom(...TYPES, COUNTING_CONTACT),
    has: fc.option(fc.constant('stage'), { nil: undefined }),
    parties: fc.option(fc.uniqueArray(fc.constantFrom(...PARTIES), { minLength: 1 }), { nil: undefined }),
  })
  .map((m) => {
    const out: { type: string; has?: string; parties?: string[] } = { type: m.type };
    if (m.has !== undefined) out.has = m.has;
    if (m.parties !== undefined) out.parties = m.parties;
    return out;
  });

/** The matcher contract read plainly, over every event of the case. */
function reference(events: ReturnType<typeof timelineOf>['events'], matchers: readonly EventMatcher[], isCountingContact: (e: (typeof events)[number]) => boolean): number[] {
  const out: number[] = [];
  events.forEach((e, i) => {
    const hit = matchers.some(
      (m) =>
        (m.type === COUNTING_CONTACT ? isCountingContact(e) : e.type === m.type) &&
        (m.has === undefined || (e.attributes[m.has] ?? '').trim() !== '') &&
        (m.parties === undefined || (e.party !== undefined && m.parties.includes(e.party))),
    );
    if (hit) out.push(i);
  });
  return out;
}

describe('candidates: the events a matcher list selects, from the per-type index lists', () => {
  it('selects what a plain scan of the case selects, for any matcher list, asked twice', () => {
    const policy = policyOf();
    fc.assert(
      fc.property(fc.array(row, { maxLength: 14 }), fc.array(matcher, { minLength: 1, maxLength: 4 }), (rows, matchers) => {
        const timeline = timelineOf({ rows, asOf: '2024-04-01' });
        const ctx = new CaseScope(timeline, policy, new Map()).contextFor({ id: 'r', options: {} } as never);
        const expected = reference(timeline.events, matchers, ctx.isCountingContact);
        // The second call reads the plan the first one made.
        expect([...candidates(ctx, matchers)]).toEqual(expected);
        expect([...candidates(ctx, matchers)]).toEqual(expected);
        if (matchers.length === 1) expect([...candidates(ctx, matchers[0]!)]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('a bare type alongside a filtered matcher of the same type selects every event of the type', () => {
    const timeline = timelineOf({
      rows: [
        ['2024-03-01', 'report', { party: 'resident' }],
        ['2024-03-02', 'contact', { party: 'police' }],
        ['2024-03-03', 'contact', { party: 'resident' }],
      ],
      asOf: '2024-04-01',
    });
    const ctx = new CaseScope(timeline, policyOf(), new Map()).contextFor({ id: 'r', options: {} } as never);
    expect(candidates(ctx, [{ type: 'contact', parties: ['resident'] }])).toEqual([2]);
    expect(candidates(ctx, [{ type: 'contact', parties: ['resident'] }, { type: 'contact' }])).toEqual([1, 2]);
    expect(candidates(ctx, [{ type: 'report' }, { type: 'contact', parties: ['police'] }])).toEqual([0, 1]);
  });
});

describe('mergeAscending', () => {
  const ascending = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y));
  it('is the sorted union without repeats of ascending lists', () => {
    fc.assert(
      fc.property(fc.array(ascending, { maxLength: 4 }), (lists) => {
        const expected = [...new Set(lists.flat())].sort((x, y) => x - y);
        expect([...mergeAscending(lists)]).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps an index in two lists once', () => {
    expect([...mergeAscending([[1, 3, 5], [3, 4, 5, 9]])]).toEqual([1, 3, 4, 5, 9]);
    expect([...mergeAscending([])]).toEqual([]);
  });
});
