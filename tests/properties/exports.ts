import fc from 'fast-check';
import { CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, EVENT_TYPES, PARTIES } from '../../src/model/event.js';

/**
 * Random well-formed canonical exports (SPEC 1.1, 1.3) for property tests: a few cases, each a
 * handful of events with random types, moments, parties and notes. Every event of a case has its
 * own moment, so no order of the rows is more right than another (equal moments keep source order,
 * SPEC 2.1, and would make reordering change the audit legitimately).
 */

export const EVENT_HEADER = ['case_id', 'occurred_at', 'type', 'party', 'direction', 'channel', 'outcome', 'detail', 'officer', 'frequency_days', 'stage'] as const;
export const CASE_HEADER = ['case_id', 'category', 'priority', 'vulnerabilities', 'hate_motivated', 'team', 'reported_at'] as const;

export type Row = readonly string[];

export interface Export {
  /** Event rows, in EVENT_HEADER order. */
  readonly events: readonly Row[];
  /** Case-record rows, in CASE_HEADER order. */
  readonly cases: readonly Row[];
}

/** Notes with keywords of every list, CSV's awkward characters and a line break. */
const NOTES = [
  '',
  'Loud music again, until 3am',
  'Resident says she is "at the end of her tether"',
  'Neighbour threatened him with a knife',
  'Racist slur shouted at the children',
  'Resident has PTSD and anxiety',
  'He said he would harm himself',
  'Called back;\nleft a voicemail',
  'Police email: CAD 1234 - please reply',
  'Diary sheets received (6 pages)',
  'non-violent, but very loud',
];

const option = <T>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });

const minutesIn2024 = 366 * 24 * 60;

/** One case's events: distinct moments (date-only or with a time) across 2024. */
const caseEvents = (caseId: string) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: minutesIn2024 - 1 }), { minLength: 1, maxLength: 14 })
    .chain((minutes) =>
      fc.tuple(
        ...minutes.map((m) =>
          fc.record({
            dateOnly: fc.boolean(),
            type: fc.oneof({ weight: 2, arbitrary: fc.constantFrom('report', 'contact', 'incident') }, { weight: 3, arbitrary: fc.constantFrom(...EVENT_TYPES) }),
            party: option(PARTIES),
            direction: option(DIRECTIONS),
            channel: option(CHANNELS),
            outcome: option(CONTACT_OUTCOMES),
            detail: fc.constantFrom(...NOTES),
            officer: fc.constantFrom('', 'J Patel', 'K Ahmed'),
            frequencyDays: fc.constantFrom('', '', '7', '14'),
            stage: fc.constantFrom('', '', '1', '2'),
          }).map((e) => {
            // A date-only event takes the whole day: its minutes mark a distinct day instead.
            const occurredAt = e.dateOnly ? dayText(Math.floor(m / 1440) * 1440) : minuteText(m);
            return [caseId, occurredAt, e.type, e.party ?? '', e.direction ?? '', e.channel ?? '', e.outcome ?? '', e.detail, e.officer, e.frequencyDays, e.stage];
          }),
        ),
      ),
    )
    // Two date-only events on one day would share a moment: keep the first.
    .map((rows) => rows.filter((r, i) => rows.findIndex((o) => o[1] === r[1]) === i));

const caseRecord = (caseId: string) =>
  fc.record({
    category: fc.constantFrom('', 'noise', 'harassment', 'hate', 'domestic_abuse', 'other'),
    priority: fc.constantFrom('', 'high', 'medium', 'low'),
    vulnerabilities: fc.constantFrom('', 'none', 'mental health', 'mobility;hearing'),
    hate: fc.constantFrom('', 'true', 'false'),
    team: fc.constantFrom('', 'North', 'South'),
    reportedAt: fc.constantFrom('', '', '2024-01-15'),
  }).map((c): Row => [caseId, c.category, c.priority, c.vulnerabilities, c.hate, c.team, c.reportedAt]);

export const exportArbitrary: fc.Arbitrary<Export> = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `ASB-${String(i + 1).padStart(4, '0')}`);
    return fc.record({
      events: fc.tuple(...ids.map(caseEvents)).map((perCase) => perCase.flat()),
      cases: fc.subarray(ids).chain((withRecord) => (withRecord.length === 0 ? fc.constant<Row[]>([]) : fc.tuple(...withRecord.map(caseRecord)).map((rows): Row[] => rows))),
    });
  });

function dayText(minute: number): string {
  return new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString().slice(0, 10);
}

function minuteText(minute: number): string {
  const iso = new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** RFC 4180: quote a field holding a comma, quote or line break. */
export function csv(header: readonly string[], rows: readonly Row[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** The permutation `seed` picks (Fisher-Yates with a small LCG: reproducible from the seed). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
