import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.js';
import { formatMoment } from '../../src/dates/london.js';
import { readInputs, type Caseload } from '../../src/input/index.js';
import type { CaseEvent } from '../../src/model/index.js';

const dir = 'tests/fixtures/input';
const f = (name: string) => `${dir}/${name}`;

function events(caseload: Caseload, caseId: string): CaseEvent[] {
  const found = caseload.cases.get(caseId);
  if (!found) throw new Error(`no case ${caseId}`);
  return found.events;
}

/** The parts of an event a reader of the timeline checks, one line per event. */
function brief(e: CaseEvent): string {
  const where = e.source.line !== undefined ? `:${e.source.line}` : `#${e.source.pointer}`;
  return `${formatMoment(e)} ${e.type}${where}`;
}

async function userError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('readInputs: CSV', () => {
  it('reads canonical events with their physical lines, past quoted line breaks and a blank line', async () => {
    const c = await readInputs([f('events.csv')]);
    expect(events(c, 'ASB-0001').map(brief)).toEqual([
      '2024-03-30 report:2',
      '2024-03-31T00:30:00Z contact:3',
      '2024-03-31T02:30:00+01:00 contact_agreement:5',
      '2024-10-27T01:30:00+01:00 contact:7',
    ]);
    expect(events(c, 'ASB-0002').map(brief)).toEqual([
      '2024-11-01 report:8',
      '2024-11-04T09:15:00Z contact:9',
      '2024-11-05T09:00:00Z incident:12',
    ]);
    expect(c.inputs).toEqual([{ file: f('events.csv'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 7 }]);
    expect(c.notes).toEqual([]);
  });

  it('keeps quoted notes exactly: commas, doubled quotes, line breaks', async () => {
    const c = await readInputs([f('events.csv')]);
    const [report, , agreement] = events(c, 'ASB-0001');
    expect(report!.detail).toBe('Loud music, shouting "every night"');
    expect(agreement!.detail).toBe('Agreed weekly calls.\nResident happy with this.');
  });

  it('reads every field of an event, and other columns as attributes (only non-empty ones)', async () => {
    const c = await readInputs([f('events.csv')]);
    const [report, contact, agreement] = events(c, 'ASB-0001');
    expect(report).toMatchObject({ caseId: 'ASB-0001', party: 'resident', direction: 'inbound', channel: 'phone', officer: 'J Patel', eventId: 'E1' });
    expect(report!.outcome).toBeUndefined();
    expect(report!.attributes).toEqual({});
    expect(contact!.outcome).toBe('made');
    expect(agreement!.attributes).toEqual({ frequency_days: '7' });
  });

  it('reads London times on both sides of the clock changes', async () => {
    const c = await readInputs([f('events.csv')]);
    const [, beforeSpring, afterSpring, autumn] = events(c, 'ASB-0001');
    // 00:30 on 31 March 2024 is still GMT; 02:30 is BST (01:30 UTC).
    expect(new Date(beforeSpring!.instant).toISOString()).toBe('2024-03-31T00:30:00.000Z');
    expect(new Date(afterSpring!.instant).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    // 01:30 on 27 October happens twice: the first (BST) is read.
    expect(new Date(autumn!.instant).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(autumn!.day).toBe(Date.UTC(2024, 9, 27) / 86_400_000);
  });

  it('reads UK day-first dates, date-only and with a time, and ISO offsets', async () => {
    const c = await readInputs([f('events.csv')]);
    const [report, emailed, incident] = events(c, 'ASB-0002');
    expect(formatMoment(report!)).toBe('2024-11-01');
    expect(formatMoment(emailed!)).toBe('2024-11-04T09:15:00Z');
    expect(new Date(incident!.instant).toISOString()).toBe('2024-11-05T09:00:00.000Z');
  });

  it('handles a UTF-8 BOM and CRLF line ends (the fixture really has both)', async () => {
    const bytes = readFileSync(f('bom-crlf.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    expect(bytes.toString('latin1').split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
    const c = await readInputs([f('bom-crlf.csv')]);
    expect(events(c, 'ASB-1000').map(brief)).toEqual([
      '2024-03-31T01:30:00+01:00 report:2',
      '2024-10-27T01:30:00+01:00 contact:5',
      '2024-10-27T02:30:00Z contact:6',
    ]);
    expect(events(c, 'ASB-1000')[1]!.detail).toBe('Said "thanks", ok');
    expect(events(c, 'ASB-1000')[2]!.detail).toBe('plain');
    expect(c.notes).toEqual([]);
  });

  it('reads Windows-1252 when told, curly quotes and the euro sign included', async () => {
    const c = await readInputs([f('windows-1252.csv')], { encoding: 'windows-1252' });
    expect(events(c, 'ASB-1100')[0]!.detail).toBe('\u201cCaf\u00e9\u201d owner paid \u20ac100');
  });

  it('uses the delimiter it is given', async () => {
    const c = await readInputs([f('semicolon.csv')], { delimiter: ';' });
    expect(events(c, 'ASB-1')[0]!.detail).toBe('a, b');
  });

  it('reads a .tsv file as tab-separated', async () => {
    const c = await readInputs([f('tabs.tsv')]);
    expect(events(c, 'ASB-1')[0]!.detail).toBe('a\tb, c');
  });

  it('reads a file with case_id and no type column as case records', async () => {
    const c = await readInputs([f('events.csv'), f('cases.csv')]);
    const record = c.cases.get('ASB-0002')!.record!;
    expect(record).toMatchObject({
      caseId: 'ASB-0002',
      landlord: 'Riverside Homes',
      category: 'nuisance',
      priority: 'low',
      vulnerabilities: ['anxiety', 'mobility'],
      hateMotivated: false,
      team: 'West',
      officer: 'A Smith',
      propertyRef: 'P-200',
      attributes: { ward: 'Southgate' },
      source: { file: f('cases.csv'), line: 3 },
    });
    expect(record.allegedPerpetratorRef).toBeUndefined();
    expect(formatMoment(record.reportedAt!)).toBe('2024-11-01');
    expect(c.cases.get('ASB-0001')!.record!.vulnerabilities).toEqual([]);
    const hate = c.cases.get('ASB-0003')!;
    expect(hate.record).toMatchObject({ hateMotivated: true, vulnerabilities: [] });
    expect(hate.events).toEqual([]);
  });

  it('reads case columns repeated on event rows; officer there stays the event\'s', async () => {
    const c = await readInputs([f('repeated-columns.csv')]);
    const k = c.cases.get('ASB-0100')!;
    expect(k.record).toMatchObject({ priority: 'high', category: 'harassment', vulnerabilities: ['PTSD'], hateMotivated: true, landlord: 'Harbour HA' });
    expect(k.record!.officer).toBeUndefined();
    expect(k.events.map((e) => e.officer)).toEqual(['K Ahmed', 'L Brown', 'K Ahmed']);
    // The third row says priority medium: one note naming both rows, the first value kept.
    expect(c.notes).toEqual([
      expect.objectContaining({
        kind: 'conflicting-case-record',
        caseId: 'ASB-0100',
        message: `case ASB-0100: priority "medium" at ${f('repeated-columns.csv')}:4 conflicts with "high" at ${f('repeated-columns.csv')}:2; keeping the first`,
      }),
    ]);
  });

  it('notes unusable rows with file, line, column and value, skips them and reads on', async () => {
    const c = await readInputs([f('bad-rows.csv')]);
    expect(events(c, 'ASB-0800').map(brief)).toEqual(['2024-10-01 report:2', '2024-10-08 contact:9']);
    const file = f('bad-rows.csv');
    expect(c.notes.map((n) => [n.kind, n.message])).toEqual([
      ['unparseable-row', `${file}:3: occurred_at "31/02/2024" is not a date this tool reads (ISO 8601 or DD/MM/YYYY); row skipped`],
      ['unparseable-row', `${file}:4: the row has 3 fields where the header has 4; row skipped`],
      ['unparseable-row', `${file}:5: the row has 5 fields where the header has 4; row skipped`],
      ['unparseable-row', `${file}:6: case_id is empty; row skipped`],
      ['unparseable-row', `${file}:7: type is empty; row skipped`],
      ['unparseable-row', `${file}:8: text after a closing quote; row skipped`],
    ]);
    expect(c.inputs[0]!.rows).toBe(8);
  });

  it('makes the first unusable row an error under --strict', async () => {
    expect(await userError(readInputs([f('bad-rows.csv')], { strict: true }))).toBe(
      `${f('bad-rows.csv')}:3: occurred_at "31/02/2024" is not a date this tool reads (ISO 8601 or DD/MM/YYYY) (--strict: an unusable row is an error)`,
    );
  });

  it('notes an unreadable reported_at (month-first is never guessed), or fails on it under --strict', async () => {
    const c = await readInputs([f('bad-reported-at.csv')]);
    expect(c.cases.get('ASB-0900')!.record!.reportedAt).toBeUndefined();
    expect(c.notes.map((n) => n.message)).toEqual([
      `${f('bad-reported-at.csv')}:2: reported_at "12/31/2024" is not a date this tool reads (ISO 8601 or DD/MM/YYYY); reported_at ignored`,
    ]);
    expect(await userError(readInputs([f('bad-reported-at.csv')], { strict: true }))).toContain(`${f('bad-reported-at.csv')}:2: reported_at "12/31/2024"`);
  });

  it('keeps unknown types and values, reads other spellings of known ones, and notes each unknown value once with its count', async () => {
    const c = await readInputs([f('unknown-values.csv')]);
    const file = f('unknown-values.csv');
    expect(events(c, 'ASB-0600').map((e) => [e.type, e.party, e.channel])).toEqual([
      ['report', 'resident', 'phone'],
      ['ASB Risk Matrix Completed', 'resident', 'phone'],
      ['ASB Risk Matrix Completed', 'councillor', 'carrier pigeon'],
      ['third_party_in', 'police', 'email'],
      ['ASB Risk Matrix Completed', 'resident', 'phone'],
    ]);
    expect(c.notes).toEqual([
      { kind: 'unknown-type', message: `unknown event type "ASB Risk Matrix Completed" kept as it is, 3 times (first at ${file}:3)`, source: { file, line: 3 } },
      { kind: 'unknown-value', message: `unknown party "councillor" kept as it is, once (first at ${file}:4)`, source: { file, line: 4 } },
      { kind: 'unknown-value', message: `unknown channel "carrier pigeon" kept as it is, once (first at ${file}:4)`, source: { file, line: 4 } },
    ]);
  });

  it('removes exact duplicates within and across files, naming both rows', async () => {
    const a = f('duplicates-a.csv');
    const b = f('duplicates-b.csv');
    const c = await readInputs([a, b]);
    expect(events(c, 'ASB-0700').map(brief)).toEqual([
      '2024-09-01 report:2',
      '2024-09-02T10:00:00+01:00 complaint:3',
      '2024-09-02T10:00:00+01:00 complaint:5',
      '2024-09-01 report:3',
    ]);
    expect(events(c, 'ASB-0700')[2]!.attributes).toEqual({ stage: '2' });
    expect(c.duplicatesRemoved).toBe(2);
    expect(c.notes.map((n) => n.message)).toEqual([
      `case ASB-0700: complaint at ${a}:4 repeats ${a}:3 exactly; removed`,
      `case ASB-0700: report at ${b}:2 repeats ${a}:2 exactly; removed`,
    ]);
  });

  it('keeps events that differ only in having a time, or in one attribute', async () => {
    const text = 'case_id,occurred_at,type,stage\nASB-1,2024-01-01,complaint,1\nASB-1,2024-01-01 00:00,complaint,1\nASB-1,2024-01-01,complaint,2\nASB-1,2024-01-01,complaint,1\n';
    const c = await readInputs(['-'], { stdin: Readable.from([Buffer.from(text)]) });
    expect(events(c, 'ASB-1').map((e) => e.source.line)).toEqual([2, 3, 4]);
    expect(c.duplicatesRemoved).toBe(1);
  });

  it('finds duplicates among thousands of events logged at one moment (a bulk import), and keeps the rest', async () => {
    const distinct = Array.from({ length: 3000 }, (_, i) => `ASB-1,2024-01-01,contact,note ${i}`);
    const text = `case_id,occurred_at,type,detail\n${distinct.join('\n')}\n${distinct.slice(0, 1000).join('\n')}\n`;
    const c = await readInputs(['-'], { stdin: Readable.from([Buffer.from(text)]) });
    expect(c.duplicatesRemoved).toBe(1000);
    expect(events(c, 'ASB-1')).toHaveLength(3000);
    expect(new Set(events(c, 'ASB-1').map((e) => e.detail)).size).toBe(3000);
  });

  it('removes the same duplicates as comparing every pair, whether a moment holds a few events or many', async () => {
    // Moments of up to 30 events drawn from 12 contents: buckets below and past the point where
    // events are keyed by content instead of compared (8), with duplicates on both sides of it.
    const rowArb = fc.record({ day: fc.integer({ min: 1, max: 3 }), content: fc.integer({ min: 0, max: 11 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 90 }), async (rows) => {
        const lines = rows.map((r) => `ASB-1,2024-01-0${r.day},contact,note ${r.content % 6},${r.content < 6 ? 'phone' : 'email'}`);
        const text = `case_id,occurred_at,type,detail,channel\n${lines.join('\n')}\n`;
        const c = await readInputs(['-'], { stdin: Readable.from([Buffer.from(text)]) });
        const firsts = rows.flatMap((r, i) => (rows.findIndex((o) => o.day === r.day && o.content === r.content) === i ? [i + 2] : []));
        expect(events(c, "ASB-1").map((e) => e.source.line!).sort((a, b) => a - b)).toEqual(firsts);
        expect(c.duplicatesRemoved).toBe(rows.length - firsts.length);
      }),
      { numRuns: 200 },
    );
  });

  it('lists the first 100 duplicates of a file one by one and counts the rest in one note', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `ASB-${i},2024-01-01,report`).join('\n');
    // The same 150 rows twice in one input.
    const text = `case_id,occurred_at,type\n${rows}\n${rows}\n`;
    const c = await readInputs(['-'], { stdin: Readable.from([Buffer.from(text)]) });
    expect(c.duplicatesRemoved).toBe(150);
    const duplicates = c.notes.filter((n) => n.kind === 'duplicate-removed');
    expect(duplicates).toHaveLength(101);
    expect(duplicates[0]!.message).toBe('case ASB-0: report at <stdin>:152 repeats <stdin>:2 exactly; removed');
    expect(duplicates[100]!.message).toBe('<stdin>: 50 more duplicate events removed (not listed one by one)');
  });

  it('reports progress through a streamed file, ending at its size', async () => {
    const seen: { file: string; bytes: number; totalBytes?: number }[] = [];
    await readInputs([f('events.csv')], { onProgress: (p) => seen.push(p) });
    const size = readFileSync(f('events.csv')).length;
    expect(seen.at(-1)).toEqual({ file: f('events.csv'), bytes: size, totalBytes: size });
  });

  it('numbers events in reading order across files (the sort tie-break)', async () => {
    const c = await readInputs([f('events.csv'), f('events.ndjson')]);
    const seqs = [...c.cases.values()].flatMap((k) => k.events.map((e) => e.seq));
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(events(c, 'ASB-0200').map((e) => e.seq)).toEqual([7, 8, 9]);
  });
});

describe('readInputs: JSON and NDJSON', () => {
  it('reads an array of events, each with its JSON pointer', async () => {
    const c = await readInputs([f('events-array.json')]);
    expect(events(c, 'ASB-0300').map(brief)).toEqual(['2024-02-01 report#/0', '2024-02-02T09:00:00Z risk_assessment#/1']);
    expect(events(c, 'ASB-0300')[1]!.attributes).toEqual({ risk_score: '14' });
  });

  it('reads an array of cases with events: case fields are the record, events inherit case_id', async () => {
    const c = await readInputs([f('cases-array.json')]);
    const k = c.cases.get('ASB-0400')!;
    expect(k.events.map(brief)).toEqual(['2024-01-10 report#/0/events/0', '2024-01-11 safeguarding_referral#/0/events/1']);
    expect(k.events[0]!.officer).toBe('Duty officer');
    expect(k.record).toMatchObject({
      category: 'domestic_abuse',
      priority: 'high',
      vulnerabilities: ['pregnant', 'anxiety'],
      hateMotivated: false,
      officer: 'M Green',
      source: { file: f('cases-array.json'), pointer: '/0' },
    });
    expect(c.cases.get('ASB-0401')!.events).toEqual([]);
    expect(c.inputs[0]!.rows).toBe(4);
  });

  it('reads {"cases": [...]}, an event\'s own case_id winning over its case\'s', async () => {
    const c = await readInputs([f('cases-object.json')]);
    expect(events(c, 'ASB-0500').map(brief)).toEqual(['2024-04-01 report#/cases/0/events/0', '2024-04-02 contact#/cases/0/events/1']);
    expect(events(c, 'ASB-0501').map(brief)).toEqual(['2024-04-03 contact#/cases/0/events/2']);
    expect(c.cases.get('ASB-0500')!.record!.priority).toBe('low');
  });

  it('reads NDJSON one event a line, the source its line, blank lines counted', async () => {
    const c = await readInputs([f('events.ndjson')]);
    expect(events(c, 'ASB-0200').map(brief)).toEqual(['2024-07-01 report:1', '2024-07-02T11:00:00+01:00 contact:3', '2024-07-03 third_party_in:4']);
    expect(events(c, 'ASB-0200')[1]!.attributes).toEqual({ stage: '2' });
    expect(events(c, 'ASB-0200')[2]!.detail).toBe('PC Jones: "arrest made"');
  });

  it('reads NDJSON whose first object has no type as case records', async () => {
    const c = await readInputs([f('events.ndjson'), f('cases.ndjson')]);
    expect(c.cases.get('ASB-0200')!.record).toMatchObject({ priority: 'high', hateMotivated: true, source: { file: f('cases.ndjson'), line: 1 } });
    expect(formatMoment(c.cases.get('ASB-0200')!.record!.reportedAt!)).toBe('2024-06-30');
    expect(c.cases.get('ASB-0201')!.record).toMatchObject({ category: 'noise', vulnerabilities: [] });
    expect(c.cases.get('ASB-0201')!.events).toEqual([]);
  });

  it('reads standard input as "-", telling CSV, JSON and NDJSON apart by content', async () => {
    const stdin = (name: string) => Readable.from([readFileSync(f(name))]);
    const csv = await readInputs(['-'], { stdin: stdin('events.csv') });
    expect(events(csv, 'ASB-0002').map(brief).at(-1)).toBe('2024-11-05T09:00:00Z incident:12');
    expect(csv.inputs[0]!.file).toBe('<stdin>');
    const json = await readInputs(['-'], { stdin: stdin('cases-object.json') });
    expect(events(json, 'ASB-0500')[0]!.source).toEqual({ file: '<stdin>', pointer: '/cases/0/events/0' });
    const ndjson = await readInputs(['-'], { stdin: stdin('events.ndjson') });
    expect(events(ndjson, 'ASB-0200')[2]!.source).toEqual({ file: '<stdin>', line: 4 });
  });

  it('merges several files of different formats by case_id', async () => {
    const c = await readInputs([f('events.csv'), f('cases.csv'), f('events-array.json'), f('events.ndjson')]);
    expect([...c.cases.keys()].sort()).toEqual(['ASB-0001', 'ASB-0002', 'ASB-0003', 'ASB-0200', 'ASB-0300']);
    expect(c.inputs.map((i) => [i.file, i.rows])).toEqual([
      [f('events.csv'), 7],
      [f('cases.csv'), 3],
      [f('events-array.json'), 2],
      [f('events.ndjson'), 3],
    ]);
    expect(c.cases.get('ASB-0001')!.record!.landlord).toBe('Riverside Homes');
  });
});

describe('readInputs: errors that stop the read', () => {
  it('a missing file', async () => {
    expect(await userError(readInputs([f('nope.csv')]))).toBe(`${f('nope.csv')}: no such file`);
  });

  it('a directory', async () => {
    expect(await userError(readInputs([`${dir}/dir.csv`.replace('dir.csv', '')]))).toMatch(/is a directory, not a file$/);
  });

  it('an unclosed quote, naming the line it opens on', async () => {
    expect(await userError(readInputs([f('unclosed.csv')]))).toBe(`${f('unclosed.csv')}:3: a quoted field starts here and is never closed (unclosed quote)`);
  });

  it('a header without the required columns', async () => {
    expect(await userError(readInputs([f('missing-columns.csv')]))).toBe(
      `${f('missing-columns.csv')}:1: the header has no case_id, occurred_at columns (it has: case_ref, date, type)`,
    );
    // With case_id and no type it is a file of case records (SPEC 1.3), not an error.
    const c = await readInputs([f('cases.csv')]);
    expect(c.cases.get('ASB-0001')!.events).toEqual([]);
  });

  it('an empty file', async () => {
    expect(await userError(readInputs([f('empty.csv')]))).toBe(`${f('empty.csv')}: the file is empty (no header, no rows)`);
  });

  it('invalid JSON, with line and column', async () => {
    expect(await userError(readInputs([f('invalid.json')]))).toBe(`${f('invalid.json')}:3:23: invalid JSON: Expected ',' or '}' after property value`);
  });

  it('a header with no rows is no error, but it is noted', async () => {
    const c = await readInputs([f('header-only.csv')]);
    expect(c.inputs[0]!.rows).toBe(0);
    expect(c.notes).toEqual([expect.objectContaining({ kind: 'empty-input', message: `${f('header-only.csv')} has no data rows` })]);
  });

  it('"-" with no standard input', async () => {
    expect(await userError(readInputs(['-']))).toMatch(/standard input/);
  });
});
