import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/input/index.js';
import { checkEventsPerCase } from '../../src/input/limits.js';

/**
 * Events are held as columns while a read goes on and made when a case is asked for them
 * (src/input/event-store.ts): what comes back must be exactly what was read.
 */

const stdin = (text: string) => ({ stdin: Readable.from([Buffer.from(text)]) });

describe('events held as columns until asked for', () => {
  it('gives back every text exactly: ASCII, other scripts, lone surrogates, long and empty-looking texts', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('\ud800', 'a\udc00b', 'café', '£5 ⚠', ' padded ', 'x'.repeat(5000)),
    );
    const row = fc.record({ detail: text, eventId: text, officer: text, stage: text, day: fc.integer({ min: 1, max: 28 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), async (rows) => {
        const json = JSON.stringify(
          rows.map((r, i) => ({ case_id: `ASB-${i % 3}`, occurred_at: `2024-01-${String(r.day).padStart(2, '0')}`, type: 'contact', detail: r.detail, event_id: r.eventId, officer: r.officer, stage: r.stage })),
        );
        const c = await readInputs(['-'], stdin(json));
        const read = [...c.cases.values()].flatMap((k) => k.events).sort((a, b) => a.seq - b.seq);
        // Duplicates (the same values at the same date in one case) are removed: compare what is left.
        const kept = read.map((e) => Number(e.source.pointer!.slice(1)));
        expect(read.length + c.duplicatesRemoved).toBe(rows.length);
        read.forEach((e, k) => {
          const r = rows[kept[k]!]!;
          expect(e.detail).toBe(r.detail.trim() === '' ? undefined : r.detail);
          expect(e.eventId).toBe(r.eventId.trim() === '' ? undefined : r.eventId.trim());
          expect(e.officer).toBe(r.officer.trim() === '' ? undefined : r.officer.trim());
          expect(e.attributes).toEqual(r.stage.trim() === '' ? {} : { stage: r.stage.trim() });
          expect(e.caseId).toBe(`ASB-${kept[k]! % 3}`);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('removes duplicates whose notes are not ASCII, and keeps notes that differ only there', async () => {
    const text = 'case_id,occurred_at,type,detail\nASB-1,2024-01-01,contact,café\nASB-1,2024-01-01,contact,cafe\nASB-1,2024-01-01,contact,café\nASB-1,2024-01-01,contact,cafè\n';
    const c = await readInputs(['-'], stdin(text));
    expect(c.cases.get('ASB-1')!.events.map((e) => `${e.detail}:${e.source.line}`)).toEqual(['café:2', 'cafe:3', 'cafè:5']);
    expect(c.notes.map((n) => n.message)).toEqual(['case ASB-1: contact at <stdin>:4 repeats <stdin>:2 exactly; removed']);
  });

  it('removes the same duplicates as comparing every pair, with notes in any script and event ids or none', async () => {
    const notes = ['café', 'cafe', 'cafè', 'x'.repeat(300), 'x'.repeat(301), '日本', ''];
    const rowArb = fc.record({ day: fc.integer({ min: 1, max: 2 }), note: fc.integer({ min: 0, max: notes.length - 1 }), id: fc.constantFrom('', 'EV1', 'ÉV1') });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 40 }), async (rows) => {
        const lines = rows.map((r) => `ASB-1,2024-01-0${r.day},contact,${notes[r.note]},${r.id}`);
        const c = await readInputs(['-'], stdin(`case_id,occurred_at,type,detail,event_id\n${lines.join('\n')}\n`));
        const same = (a: (typeof rows)[number], b: (typeof rows)[number]) => a.day === b.day && a.note === b.note && a.id === b.id;
        const firsts = rows.flatMap((r, i) => (rows.findIndex((o) => same(o, r)) === i ? [i + 2] : []));
        expect(c.cases.get('ASB-1')!.events.map((e) => e.source.line!)).toEqual(firsts);
        expect(c.duplicatesRemoved).toBe(rows.length - firsts.length);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a note longer than a text chunk of the store whole, and finds its duplicate', async () => {
    const note = 'x'.repeat(1_500_000);
    const text = `case_id,occurred_at,type,detail\nASB-1,2024-01-01,contact,${note}\nASB-1,2024-01-01,contact,${note}y\nASB-1,2024-01-01,contact,${note}\n`;
    const c = await readInputs(['-'], { ...stdin(text), maxFieldBytes: 2_000_000 });
    expect(c.cases.get('ASB-1')!.events.map((e) => e.detail!.length)).toEqual([1_500_000, 1_500_001]);
    expect(c.cases.get('ASB-1')!.events[0]!.detail).toBe(note);
    expect(c.duplicatesRemoved).toBe(1);
  });

  it('keeps notes too long for the store beside short ones, each read back whole', async () => {
    const notes = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? `${i}`.padEnd(70_000 + i, 'y') : `short note ${i}`));
    const rows = notes.map((n, i) => `ASB-${i % 4},2024-01-${String(1 + i).padStart(2, '0')},contact,${n},EV${i}`);
    const c = await readInputs(['-'], stdin(`case_id,occurred_at,type,detail,event_id\n${rows.join('\n')}\n`));
    const read = [...c.cases.values()].flatMap((k) => k.events).sort((a, b) => a.seq - b.seq);
    expect(read.map((e) => e.detail)).toEqual(notes);
    expect(read.map((e) => e.eventId)).toEqual(notes.map((_, i) => `EV${i}`));
  });

  it('gives a case the same event objects each time it is asked, in reading order', async () => {
    const text = 'case_id,occurred_at,type\nASB-1,2024-01-03,contact\nASB-2,2024-01-01,report\nASB-1,2024-01-01,report\n';
    const c = await readInputs(['-'], stdin(text));
    const input = c.cases.get('ASB-1')!;
    expect(input.events).toBe(input.events);
    expect(input.events.map((e) => [e.type, e.seq, e.source.line])).toEqual([
      ['contact', 0, 2],
      ['report', 2, 4],
    ]);
  });

  it('counts a case\'s events for the limit without duplicates, naming its first event', async () => {
    const text = 'case_id,occurred_at,type\nASB-2,2024-01-01,report\nASB-1,2024-01-01,report\nASB-1,2024-01-01,report\nASB-1,2024-01-02,contact\nASB-1,2024-01-03,contact\n';
    const c = await readInputs(['-'], stdin(text));
    expect(() => checkEventsPerCase(c.cases.values(), 3)).not.toThrow();
    expect(() => checkEventsPerCase(c.cases.values(), 2)).toThrow('case ASB-1 has 3 events (first at <stdin>:3), more than the 2 a case may have');
  });
});

describe("Buffer's undocumented latin1Slice and utf8Write, which the store calls", () => {
  it('are on this Node and agree with the documented toString and write', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat({ max: 8 }), (text, offset) => {
        const fast = Buffer.alloc(offset + text.length * 3);
        const slow = Buffer.alloc(offset + text.length * 3);
        const written = fast.utf8Write(text, offset, fast.length - offset);
        expect(written).toBe(slow.write(text, offset, slow.length - offset, 'utf8'));
        expect(fast.equals(slow)).toBe(true);
        expect(fast.latin1Slice(offset, offset + written)).toBe(slow.toString('latin1', offset, offset + written));
      }),
    );
  });
});
