import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { caseaudit } from '../helpers/cli.js';

const dir = 'tests/fixtures/input';
const f = (name: string) => `${dir}/${name}`;

describe('caseaudit timeline: one case', () => {
  it('prints the case in time order with date, type, party, direction, officer, note and source', async () => {
    const r = await caseaudit(['timeline', f('events.csv'), f('cases.csv'), '--case', 'ASB-0001']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('│ 2024'));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/│ 2024-03-30 +│ report +│ resident │ inbound +│ J Patel │ Loud music, shouting "every night" +│ tests\/fixtures\/input\/events.csv:2 +│/);
    expect(rows[2]).toContain('│ 2024-03-31 02:30 │ contact_agreement │');
    expect(rows[2]).toContain('Agreed weekly calls. Resident happy with this.');
    expect(rows[3]).toContain('events.csv:7');
    expect(r.stdout).toContain('Case ASB-0001  open, reported 2024-03-30, closed -, 4 events (as of 2024-11-21)');
    // No colour when stdout is not a terminal.
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours only on a terminal, and never with --no-color', async () => {
    const tty = { write: () => true, isTTY: true };
    let out = '';
    const stdout = { write: (s: string) => void (out += s), isTTY: tty.isTTY };
    await caseaudit(['timeline', f('events.csv'), '--case', 'ASB-0001'], { stdout });
    expect(out).toMatch(/\u001b\[1m/);
    out = '';
    await caseaudit(['timeline', f('events.csv'), '--case', 'ASB-0001', '--no-color'], { stdout });
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('gives the same timeline as JSON, with sources, the record and the data-quality notes', async () => {
    const r = await caseaudit(['timeline', f('events.csv'), f('cases.csv'), '--case', 'ASB-0002', '--format', 'json', '--as-of', '2024-11-04']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.asOf).toBe('2024-11-04');
    expect(report.case).toMatchObject({ caseId: 'ASB-0002', state: 'open', reopened: false, reportedAt: '2024-11-01', closedAt: null, eventCount: 2 });
    expect(report.case.events.map((e: { type: string; occurredAt: string; source: unknown }) => [e.type, e.occurredAt, e.source])).toEqual([
      ['report', '2024-11-01', { file: f('events.csv'), line: 8 }],
      ['contact', '2024-11-04T09:15:00Z', { file: f('events.csv'), line: 9 }],
    ]);
    expect(report.case.events[1].detail).toBe('Emailed resident\nwith diary sheets\nattached');
    expect(report.case.afterAsOf).toHaveLength(1);
    expect(report.case.record).toMatchObject({ landlord: 'Riverside Homes', vulnerabilities: ['anxiety', 'mobility'], ward: 'Southgate' });
    expect(report.dataQuality).toEqual([expect.objectContaining({ kind: 'event-after-as-of', caseId: 'ASB-0002' })]);
    expect(report.inputs.map((i: { file: string }) => i.file)).toEqual([f('events.csv'), f('cases.csv')]);
  });

  it('gives the same timeline as Markdown, escaping markup and pipes in notes', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'caseaudit-md-'));
    const file = join(tmp, 'events.csv');
    writeFileSync(file, 'case_id,occurred_at,type,detail\nASB-1,2024-01-01,report,"says | *bold* <script> [link](x) _u_"\n');
    const r = await caseaudit(['timeline', file, '--case', 'ASB-1', '--format', 'md']);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| 2024-01-01'))!;
    expect(row).toBe(`| 2024-01-01 | report |  |  |  | says \\| \\*bold\\* &lt;script&gt; \\[link\\]\\(x\\) \\_u\\_ | ${file.replace(/[_\\]/g, '\\$&')}:2 |`);
    expect(r.stdout).toContain('# Timeline of case ASB-1');
  });

  it('never lets an escape sequence in a note reach the terminal', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'caseaudit-ansi-'));
    const file = join(tmp, 'events.csv');
    writeFileSync(file, 'case_id,occurred_at,type,detail\nASB-1,2024-01-01,report,"\u001b]0;owned\u0007\u001b[2Jhello"\n');
    const r = await caseaudit(['timeline', file, '--case', 'ASB-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('│ hello');
  });

  it('names near case ids for an unknown --case, exit 2', async () => {
    const r = await caseaudit(['timeline', f('events.csv'), '--case', 'ASB-0009']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('caseaudit: no case ASB-0009 in the inputs; did you mean ASB-0001, ASB-0002?\n');
  });
});

describe('caseaudit timeline: every case', () => {
  it('lists each case with state, reported date, closed date and event count', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'caseaudit-list-'));
    const file = join(tmp, 'events.csv');
    writeFileSync(
      file,
      [
        'case_id,occurred_at,type',
        'ASB-2,2024-01-01,report',
        'ASB-2,2024-02-01,case_closed',
        'ASB-2,2024-02-10,case_reopened',
        'ASB-1,2024-03-01,report',
        'ASB-1,2024-03-20,case_closed',
        'ASB-3,2024-04-01,contact',
      ].join('\n'),
    );
    const r = await caseaudit(['timeline', file, '--format', 'json', '--as-of', '2024-11-21']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cases).toEqual([
      { caseId: 'ASB-1', state: 'closed', reopened: false, reportedAt: '2024-03-01', closedAt: '2024-03-20', eventCount: 2 },
      { caseId: 'ASB-2', state: 'open', reopened: true, reportedAt: '2024-01-01', closedAt: null, eventCount: 3 },
      { caseId: 'ASB-3', state: 'never-opened', reopened: false, reportedAt: null, closedAt: null, eventCount: 1 },
    ]);
    const text = await caseaudit(['timeline', file, '--as-of', '2024-11-21']);
    expect(text.stdout).toMatch(/│ ASB-2 +│ open \(reopened\) │ 2024-01-01 │ - +│ +3 │/);
    expect(text.stdout).toContain('3 case(s) as of 2024-11-21');
    // Notes go to stderr as a short summary in text mode.
    expect(text.stderr).toMatch(/^1 data-quality note\(s\): 1 never-opened\n/);
  });

  it('reads Windows-1252 with --encoding', async () => {
    const r = await caseaudit(['timeline', f('windows-1252.csv'), '--case', 'ASB-1100', '--format', 'json', '--encoding', 'windows-1252']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).case.events[0].detail).toBe('\u201cCaf\u00e9\u201d owner paid \u20ac100');
  });

  it('reads standard input as "-"', async () => {
    const r = await caseaudit(['timeline', '-', '--format', 'json'], { stdin: Readable.from([readFileSync(f('events.ndjson'))]) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cases.map((c: { caseId: string }) => c.caseId)).toEqual(['ASB-0200']);
  });

  it('puts the reader\'s notes in the JSON and a summary on stderr in text', async () => {
    const json = await caseaudit(['timeline', f('bad-rows.csv'), '--format', 'json', '--as-of', '2024-11-21']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const notes = JSON.parse(json.stdout).dataQuality;
    expect(notes[0]).toEqual({
      kind: 'unparseable-row',
      message: `${f('bad-rows.csv')}:3: occurred_at "31/02/2024" is not a date this tool reads (ISO 8601 or DD/MM/YYYY); row skipped`,
      caseId: 'ASB-0800',
      source: { file: f('bad-rows.csv'), line: 3 },
    });
    const text = await caseaudit(['timeline', f('bad-rows.csv'), '--as-of', '2024-11-21']);
    expect(text.stderr.split('\n')[0]).toBe('6 data-quality note(s): 6 unparseable-row');
    expect(text.stderr).toContain(`${f('bad-rows.csv')}:5: the row has 5 fields where the header has 4; row skipped`);
  });
});

describe('caseaudit timeline: errors are one line, exit 2', () => {
  const cases: [string, string[], string][] = [
    ['a missing file', [f('nope.csv')], `caseaudit: ${f('nope.csv')}: no such file\n`],
    ['a directory', [dir], `caseaudit: ${dir}: is a directory, not a file\n`],
    ['an unclosed quote', [f('unclosed.csv')], `caseaudit: ${f('unclosed.csv')}:3: a quoted field starts here and is never closed (unclosed quote)\n`],
    [
      'a header without required columns',
      [f('missing-columns.csv')],
      `caseaudit: ${f('missing-columns.csv')}:1: the header has no case_id, occurred_at columns (it has: case_ref, date, type)\n`,
    ],
    ['an empty file', [f('empty.csv')], `caseaudit: ${f('empty.csv')}: the file is empty (no header, no rows)\n`],
    ['invalid JSON', [f('invalid.json')], `caseaudit: ${f('invalid.json')}:3:23: invalid JSON: Expected ',' or '}' after property value\n`],
    [
      'an unusable row under --strict',
      [f('bad-rows.csv'), '--strict'],
      `caseaudit: ${f('bad-rows.csv')}:3: occurred_at "31/02/2024" is not a date this tool reads (ISO 8601 or DD/MM/YYYY) (--strict: an unusable row is an error)\n`,
    ],
    ['a bad --as-of', [f('events.csv'), '--as-of', '21/13/2024'], 'caseaudit: --as-of must be a date, YYYY-MM-DD (got "21/13/2024")\n'],
    ['a bad --format', [f('events.csv'), '--format', 'html'], 'caseaudit: --format must be one of text, json, md (got "html")\n'],
    ['a bad --encoding', [f('events.csv'), '--encoding', 'latin9'], 'caseaudit: --encoding must be utf-8 or windows-1252 (got "latin9")\n'],
  ];
  for (const [name, args, stderr] of cases) {
    it(name, async () => {
      const r = await caseaudit(['timeline', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(stderr);
    });
  }

  // Root reads anything: there the permission cannot be taken away.
  it.skipIf(process.getuid?.() === 0)('an unreadable file', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'caseaudit-perm-'));
    const file = join(tmp, 'events.csv');
    writeFileSync(file, 'case_id,occurred_at,type\n');
    chmodSync(file, 0o000);
    const r = await caseaudit(['timeline', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`caseaudit: ${file}: cannot read the file (permission denied)\n`);
  });

  it('prints the stack only with --debug', async () => {
    const r = await caseaudit(['timeline', f('nope.csv'), '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`caseaudit: ${f('nope.csv')}: no such file`);
    expect(r.stderr).toContain('UserError');
  });
});
