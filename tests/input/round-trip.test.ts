import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoment } from '../../src/dates/london.js';
import { readInputs } from '../../src/input/index.js';
import { CHANNELS, EVENT_TYPES, PARTIES } from '../../src/model/index.js';

/** Free text as officers and residents write it, with everything that is awkward in CSV. */
const note = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'B', ' ', '7') },
    { weight: 2, arbitrary: fc.constantFrom(',', '"', '\n', '\r\n', ';', "'") },
    { weight: 1, arbitrary: fc.constantFrom('é', '£', '€', 'ß', '😀', 'ٱ', '\u00a0') },
  ),
  maxLength: 40,
});

const event = fc.record({
  caseId: fc.constantFrom('ASB-1', 'ASB-2', 'ASB 3'),
  // Any day 2018-2030, with or without a London time.
  day: fc.integer({ min: 17532, max: 22280 }),
  // Any wall time but 01:00-01:59, which on the spring-forward day does not exist.
  seconds: fc.option(fc.integer({ min: 0, max: 82_799 }).map((s) => (s < 3600 ? s : s + 3600)), { nil: undefined }),
  type: fc.constantFrom(...EVENT_TYPES),
  party: fc.option(fc.constantFrom(...PARTIES), { nil: undefined }),
  channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
  detail: fc.option(note.filter((n) => n.trim() !== ''), { nil: undefined }),
  stage: fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
});

const csvField = (v: string | undefined) => (v === undefined ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

describe('reading CSV back', () => {
  it('reads any events written as CSV back identical, each at the line it starts on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 25 }), fc.constantFrom('\n', '\r\n'), async (written, eol) => {
        // Distinct event ids keep exact duplicates (which the reader removes) out of the way.
        let text = 'case_id,occurred_at,type,party,channel,detail,event_id,stage' + eol;
        let line = 2;
        const lines: number[] = [];
        written.forEach((e, i) => {
          const when =
            e.seconds === undefined
              ? isoDate(e.day)
              : `${isoDate(e.day)} ${pad(Math.floor(e.seconds / 3600))}:${pad(Math.floor(e.seconds / 60) % 60)}:${pad(e.seconds % 60)}`;
          const row = [e.caseId, when, e.type, e.party, e.channel, e.detail, `E${i}`, e.stage].map(csvField).join(',') + eol;
          lines.push(line);
          text += row;
          line += row.split('\n').length - 1;
        });
        const caseload = await readInputs(['-'], { stdin: Readable.from([Buffer.from(text, 'utf8')]) });
        expect(caseload.notes).toEqual([]);
        const read = [...caseload.cases.values()].flatMap((k) => k.events).sort((a, b) => a.seq - b.seq);
        expect(read).toHaveLength(written.length);
        read.forEach((r, i) => {
          const e = written[i]!;
          expect(r.caseId).toBe(e.caseId);
          expect(r.day).toBe(e.day);
          expect(r.time).toBe(e.seconds ?? -1);
          if (e.seconds !== undefined) expect(formatMoment(r).slice(0, 19)).toBe(`${isoDate(e.day)}T${pad(Math.floor(e.seconds / 3600))}:${pad(Math.floor(e.seconds / 60) % 60)}:${pad(e.seconds % 60)}`);
          expect(r.type).toBe(e.type);
          expect(r.party).toBe(e.party);
          expect(r.channel).toBe(e.channel);
          expect(r.detail).toBe(e.detail);
          expect(r.eventId).toBe(`E${i}`);
          expect(r.attributes).toEqual(e.stage === undefined ? {} : { stage: e.stage });
          expect(r.source).toEqual({ file: '<stdin>', line: lines[i] });
        });
      }),
      { numRuns: 150 },
    );
  });
});
