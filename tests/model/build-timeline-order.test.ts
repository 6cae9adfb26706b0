import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/dates/parse.js';
import { buildTimeline } from '../../src/model/build-timeline.js';
import { compareMoments } from '../../src/model/time.js';
import { eventsOf, type Row } from '../templates/harness.js';

const when = fc.oneof(
  fc.integer({ min: 1, max: 9 }).map((d) => `2024-03-0${d}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 8, max: 17 })).map(([d, h]) => `2024-03-0${d}T${String(h).padStart(2, '0')}:00`),
);
const row: fc.Arbitrary<Row> = fc.tuple(when, fc.constantFrom('report', 'contact', 'action', 'case_closed')).map(([w, t]) => [w, t]);

describe('buildTimeline: events in time order, ties in reading order', () => {
  it('orders any input, sorted already or not, as a stable sort would; later events set apart', () => {
    const asOf = parseDateTime('2024-03-07')!.day;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.boolean(), (rows, presorted) => {
        let events = eventsOf(rows);
        if (presorted) events = [...events].sort((a, b) => compareMoments(a, b) || a.seq - b.seq);
        const timeline = buildTimeline({ caseId: 'T-1', events }, asOf);
        const expected = events.filter((e) => e.day <= asOf).sort((a, b) => compareMoments(a, b) || a.seq - b.seq);
        expect(timeline.events.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
        expect(timeline.afterAsOf.map((e) => e.seq)).toEqual(events.filter((e) => e.day > asOf).map((e) => e.seq));
      }),
      { numRuns: 500 },
    );
  });
});
