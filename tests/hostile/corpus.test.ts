import { closeSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { caseaudit, expectAudited, expectRefused, type JsonReport } from './cli.js';

/**
 * The bad-input corpus (tests/fixtures/bad/README.md): one test per file, through the whole CLI.
 * A file that cannot be read as a whole is refused (exit 2, one line on stderr naming file, line
 * and field, stdout empty); a row that cannot be used is skipped with a data-quality note naming
 * file, line and field, and the rest of the file is audited.
 */

const BAD = 'tests/fixtures/bad';
const f = (name: string) => `${BAD}/${name}`;
const AS_OF = ['--as-of', '2024-11-21'];
const audit = (...args: string[]) => caseaudit(['audit', ...args, ...AS_OF, '--format', 'json']);

/** The source lines of ASB-0001's events that the timeline kept. */
async function linesKept(file: string): Promise<number[]> {
  const r = await caseaudit(['timeline', file, '--case', 'ASB-0001', '--format', 'json', ...AS_OF]);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as { case: { events: { source: { line: number } }[] } };
  return report.case.events.map((e) => e.source.line);
}

const notes = (report: JsonReport) => report.dataQuality.map((n) => n.message);

const temp = mkdtempSync(join(tmpdir(), 'caseaudit-hostile-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('bad case exports', () => {
  it('empty.csv: refused, the file named', async () => {
    expectRefused(await audit(f('empty.csv')), /^caseaudit: tests\/fixtures\/bad\/empty\.csv: the file is empty \(no header, no rows\)$/m);
  });

  it('header-only.csv: audited as a quiet period, with a note that it has no rows', async () => {
    const r = await audit(f('header-only.csv'));
    const report = expectAudited(r);
    expect(r.code).toBe(0);
    expect(report.cases).toEqual([]);
    expect(notes(report)).toEqual([`${f('header-only.csv')} has no data rows`]);
  });

  it('truncated.csv: the cut last row is skipped with a note saying the file may have been cut off; the rows before it are audited', async () => {
    const report = expectAudited(await audit(f('truncated.csv')));
    expect(notes(report)).toEqual([`${f('truncated.csv')}:4: the last row has 2 fields where the header has 8; the file may have been cut off; row skipped`]);
    expect(report.inputs[0]!.rows).toBe(3);
    expect(await linesKept(f('truncated.csv'))).toEqual([2, 3]);
  });

  describe('a short row is called a cut-off only when it is the last record and no line end follows it', () => {
    const header = 'case_id,occurred_at,type,detail\n';
    const write = (name: string, text: string) => {
      const file = join(temp, name);
      writeFileSync(file, text);
      return file;
    };

    it('the same short last row with its line end (\\n or \\r\\n) is an ordinary short row', async () => {
      for (const end of ['\n', '\r\n']) {
        const file = write('short-last-with-end.csv', `${header}ASB-0001,2024-10-01,report,x\nASB-0001,2024-10-02${end}`);
        expect(notes(expectAudited(await audit(file)))).toEqual([`${file}:3: the row has 2 fields where the header has 4; row skipped`]);
      }
    });

    it('a short row followed by others, and a long last row without a line end, are ordinary', async () => {
      const middle = write('short-middle.csv', `${header}ASB-0001,2024-10-01\nASB-0001,2024-10-02,report,x`);
      expect(notes(expectAudited(await audit(middle)))).toEqual([`${middle}:2: the row has 2 fields where the header has 4; row skipped`]);
      const long = write('long-last.csv', `${header}ASB-0001,2024-10-01,report,x\nASB-0001,2024-10-02,report,x,y`);
      expect(notes(expectAudited(await audit(long)))).toEqual([`${long}:3: the row has 5 fields where the header has 4; row skipped`]);
    });

    it('two short rows at the end: only the last is called cut off, in line order', async () => {
      const file = write('two-short.csv', `${header}ASB-0001,2024-10-01,report,x\nASB-0001\nASB-0001,2024-10-02,rep`);
      expect(notes(expectAudited(await audit(file)))).toEqual([
        `${file}:3: the row has 1 fields where the header has 4; row skipped`,
        `${file}:4: the last row has 3 fields where the header has 4; the file may have been cut off; row skipped`,
      ]);
    });

    it('--strict refuses the cut-off row with the same words', async () => {
      const r = await audit(f('truncated.csv'), '--strict');
      expectRefused(r, /./);
      expect(r.stderr).toBe(
        `caseaudit: ${f('truncated.csv')}:4: the last row has 2 fields where the header has 8; the file may have been cut off (--strict: an unusable row is an error)\n`,
      );
    });
  });

  it('unclosed-quote.csv: refused at the line where the quote opens', async () => {
    expectRefused(await audit(f('unclosed-quote.csv')), /^caseaudit: tests\/fixtures\/bad\/unclosed-quote\.csv:3: a quoted field starts here and is never closed \(unclosed quote\)$/m);
  });

  it('too-many-fields.csv: the row is skipped with a note; the others are audited', async () => {
    const report = expectAudited(await audit(f('too-many-fields.csv')));
    expect(notes(report)).toEqual([`${f('too-many-fields.csv')}:3: the row has 9 fields where the header has 8; row skipped`]);
    expect(await linesKept(f('too-many-fields.csv'))).toEqual([2, 4]);
  });

  it('too-few-fields.csv: the row is skipped with a note; the others are audited', async () => {
    const report = expectAudited(await audit(f('too-few-fields.csv')));
    expect(notes(report)).toEqual([`${f('too-few-fields.csv')}:3: the row has 5 fields where the header has 8; row skipped`]);
    expect(await linesKept(f('too-few-fields.csv'))).toEqual([2, 4]);
  });

  it('too-few-fields.csv with --strict: refused at the row', async () => {
    expectRefused(
      await audit(f('too-few-fields.csv'), '--strict'),
      /^caseaudit: tests\/fixtures\/bad\/too-few-fields\.csv:3: the row has 5 fields where the header has 8 \(--strict: an unusable row is an error\)$/m,
    );
  });

  it('binary.png.csv: refused as not a text export, with no raw bytes echoed', async () => {
    const r = await audit(f('binary.png.csv'));
    expectRefused(r, /^caseaudit: tests\/fixtures\/bad\/binary\.png\.csv:1: this is not a text export \(a zero byte at byte 9\); is it a spreadsheet, an image or UTF-16 text\? Save it as CSV \(UTF-8\) and try again$/m);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/);
  });

  it('binary.png.csv: refused the same way from standard input', async () => {
    const { Readable } = await import('node:stream');
    const r = await caseaudit(['audit', '-', ...AS_OF], { stdin: Readable.from([readFileSync(f('binary.png.csv'))]) });
    expectRefused(r, /^caseaudit: <stdin>:1: this is not a text export/m);
  });

  it('utf16.csv: a spreadsheet\'s "Unicode text" export is refused with what to do', async () => {
    expectRefused(await audit(f('utf16.csv')), /^caseaudit: tests\/fixtures\/bad\/utf16\.csv:1: this is not a text export \(a zero byte at byte 4\); is it a spreadsheet, an image or UTF-16 text\? Save it as CSV \(UTF-8\) and try again$/m);
  });

  it('duplicate-columns.csv: refused, naming the header line, the column and both positions', async () => {
    const r = await audit(f('duplicate-columns.csv'));
    expectRefused(r, /./);
    expect(r.stderr).toBe(`caseaudit: ${f('duplicate-columns.csv')}:1: column "type" appears twice (columns 3 and 5)\n`);
  });

  it('duplicate columns after a byte-order mark: still line 1; after blank lines: the line the header is on', async () => {
    const bom = join(temp, 'duplicate-bom.csv');
    writeFileSync(bom, '\uFEFFcase_id,occurred_at,type,detail,party,direction,outcome,type\nASB-0001,2024-10-01,report,x,,,,y\n');
    expect((await audit(bom)).stderr).toBe(`caseaudit: ${bom}:1: column "type" appears twice (columns 3 and 8)\n`);
    const blank = join(temp, 'duplicate-after-blank.csv');
    writeFileSync(blank, '\n\ncase_id,case_id,occurred_at,type\r\nASB-0001,ASB-0001,2024-10-01,report\r\n');
    const r = await audit(blank);
    expect(r.stderr).toBe(`caseaudit: ${blank}:3: column "case_id" appears twice (columns 1 and 2)\n`);
    expect(r.code).toBe(2);
  });

  it('missing-case-id.csv: rows without case_id are skipped with a note each; the case is audited', async () => {
    const report = expectAudited(await audit(f('missing-case-id.csv')));
    expect(notes(report)).toEqual([
      `${f('missing-case-id.csv')}:3: case_id is empty; row skipped`,
      `${f('missing-case-id.csv')}:4: case_id is empty; row skipped`,
    ]);
    expect(report.cases.map((c) => c.caseId)).toEqual(['ASB-0001']);
    expect(await linesKept(f('missing-case-id.csv'))).toEqual([2, 5]);
  });

  it('impossible-dates.csv: 31/02/2024, 2024-13-01, 00/00/0000 and the Excel serial 45292 are each noted, never guessed', async () => {
    const report = expectAudited(await audit(f('impossible-dates.csv')));
    const file = f('impossible-dates.csv');
    const why = 'is not a date this tool reads (ISO 8601 or DD/MM/YYYY); row skipped';
    expect(notes(report)).toEqual([
      `${file}:3: occurred_at "31/02/2024" ${why}`,
      `${file}:4: occurred_at "2024-13-01" ${why}`,
      `${file}:5: occurred_at "00/00/0000" ${why}`,
      `${file}:6: occurred_at "45292" ${why}`,
    ]);
    expect(await linesKept(file)).toEqual([2, 7]);
  });

  it('impossible-dates.csv in the text, Markdown and HTML reports: each skipped row named once, with the whole reason', async () => {
    const file = f('impossible-dates.csv');
    const reason = 'occurred_at "31/02/2024" is not a date this tool reads (ISO 8601 or DD/MM/YYYY); row skipped';
    const text = await caseaudit(['audit', file, ...AS_OF, '--format', 'text']);
    expect(text.stdout).toContain(`    ${file}:3  ${reason}\n`);
    expect(text.stdout).not.toContain(`${file}:3  ${file}:3`);
    const md = await caseaudit(['audit', file, ...AS_OF, '--format', 'md']);
    expect(md.stdout).toContain(`\`${file}:3\` occurred\\_at "31/02/2024" is not a date this tool reads \\(ISO 8601 or DD/MM/YYYY\\); row skipped`);
    const html = await caseaudit(['audit', file, ...AS_OF, '--format', 'html']);
    expect(html.stdout).toContain(`<td>occurred_at &quot;31/02/2024&quot; is not a date this tool reads (ISO 8601 or DD/MM/YYYY); row skipped</td><td class="evidence">${file}:3</td>`);
  });

  it('impossible-dates.csv with --strict: refused at the first bad date', async () => {
    expectRefused(await audit(f('impossible-dates.csv'), '--strict'), /^caseaudit: tests\/fixtures\/bad\/impossible-dates\.csv:3: occurred_at "31\/02\/2024" is not a date/m);
  });

  it('deep.json: a field nested 10,000 deep is skipped with a note naming it (no stack overflow)', async () => {
    const report = expectAudited(await audit(f('deep.json')));
    expect(notes(report)).toEqual([
      `${f('deep.json')}#/0: field "detail" nests more than 64 levels of arrays or objects; row skipped`,
      `no event or case was read from the 1 row(s) of ${f('deep.json')}: every row was skipped (by the mapping, or as unusable); nothing was audited`,
    ]);
  });

  it('deep-array.json: arrays nested 10,000 deep are one unusable row, not a crash', async () => {
    const report = expectAudited(await audit(f('deep-array.json')));
    expect(notes(report)).toEqual([
      `${f('deep-array.json')}#/0: an event must be an object; row skipped`,
      `no event or case was read from the 1 row(s) of ${f('deep-array.json')}: every row was skipped (by the mapping, or as unusable); nothing was audited`,
    ]);
  });

  it('mapping-to-nothing.yaml: a mapping that maps every value to nothing gives a report of nothing with a note saying so', async () => {
    const report = expectAudited(await audit(f('export-for-nothing.csv'), '--mapping', f('mapping-to-nothing.yaml')));
    expect(report.cases).toEqual([]);
    expect(report.inputs[0]!.rows).toBe(3);
    expect(notes(report)).toEqual([
      `no event or case was read from the 3 row(s) of ${f('export-for-nothing.csv')}: every row was skipped (by the mapping, or as unusable); nothing was audited`,
    ]);
  });

  it('mapping-redos.yaml: a value pattern with nested repetition is refused at the pattern (it would hang on one value)', async () => {
    expectRefused(
      await audit(f('export-for-nothing.csv'), '--mapping', f('mapping-redos.yaml')),
      /^caseaudit: tests\/fixtures\/bad\/mapping-redos\.yaml:12:5 values\["Action Type"\]\["\/\(a\+\)\+\$\/i"\]: invalid pattern \/\(a\+\)\+\$\/i: it repeats a group that itself repeats \(like \(a\+\)\+\), which can take hours on one value; rewrite it without the nested repetition$/m,
    );
  });

  it('the note is there only when nothing at all was read: one usable row is enough', async () => {
    const file = join(temp, 'one-usable.csv');
    writeFileSync(file, 'Case Ref,Date Logged,Action Type,Notes\nC-1,01/10/2024,Case viewed,x\nC-1,02/10/2024,Report,y\n');
    const mapping = join(temp, 'one-usable.yaml');
    writeFileSync(mapping, readFileSync(f('mapping-to-nothing.yaml'), 'utf8').replace('    "/.*/": ~\n', '    Report: report\n'));
    const report = expectAudited(await audit(file, '--mapping', mapping));
    expect(report.cases.map((c) => c.caseId)).toEqual(['C-1']);
    expect(notes(report)).toEqual([]);
  });

  it('a 10 MB single field (generated): refused at its record, naming the field, by the field-size limit (1 MiB)', async () => {
    const file = join(temp, 'huge-field.csv');
    const huge = 'x'.repeat(10 * 1024 * 1024);
    writeFileSync(file, `case_id,occurred_at,type,detail\nASB-0001,2024-10-01,report,"${huge}"\nASB-0001,2024-10-02,risk_assessment,done\n`);
    const r = await audit(file);
    expectRefused(r, /./);
    expect(r.stderr).toBe(
      `caseaudit: ${file}:2: field "detail" (column 4) is longer than 1048576 bytes, the field-size limit (raise it with --max-field-bytes; an unclosed quote also reads on to the end of the file)\n`,
    );
  });

  describe('--max-field-bytes', () => {
    const tail = 'the field-size limit (raise it with --max-field-bytes; an unclosed quote also reads on to the end of the file)\n';
    const write = (name: string, text: string) => {
      const file = join(temp, name);
      writeFileSync(file, text);
      return file;
    };
    const header = 'case_id,occurred_at,type,detail\n';

    it('audit: a field of exactly the limit is read, one byte more is refused naming the field', async () => {
      const at = write('limit-at.csv', `${header}ASB-0001,2024-10-01,report,${'x'.repeat(100)}\n`);
      expectAudited(await audit(at, '--max-field-bytes', '100'));
      const over = write('limit-over.csv', `${header}ASB-0001,2024-10-01,report,ok\nASB-0001,2024-10-02,report,${'é'.repeat(51)}\n`);
      const r = await audit(over, '--max-field-bytes', '101');
      expectRefused(r, /./);
      expect(r.stderr).toBe(`caseaudit: ${over}:3: field "detail" (column 4) is longer than 101 bytes, ${tail}`);
    });

    it('timeline: the same limit and message', async () => {
      const over = write('limit-timeline.csv', `${header}ASB-0001,2024-10-01,${'r'.repeat(30)},x\n`);
      const r = await caseaudit(['timeline', over, '--case', 'ASB-0001', '--max-field-bytes', '20', ...AS_OF]);
      expect(r.stderr).toBe(`caseaudit: ${over}:2: field "type" (column 3) is longer than 20 bytes, ${tail}`);
      expect(r.code).toBe(2);
    });

    it('mapping check: the same limit and message (it used to have no limit option)', async () => {
      const over = write('limit-mapping.csv', `${header}ASB-0001,2024-10-01,report,${'x'.repeat(30)}\n`);
      const r = await caseaudit(['mapping', 'check', f('mapping-to-nothing.yaml'), over, '--max-field-bytes', '20']);
      expect(r.stderr).toBe(`caseaudit: ${over}:2: field "detail" (column 4) is longer than 20 bytes, ${tail}`);
      expect(r.code).toBe(2);
    });

    it('an unclosed quote reading on past the limit names the field it opens in', async () => {
      const rows = Array.from({ length: 3000 }, (_, i) => `ASB-0001,2024-10-01,report,row ${i}\n`).join('');
      const file = write('limit-unclosed.csv', `${header}ASB-0001,2024-10-01,"report,x\n${rows}`);
      const r = await audit(file, '--max-field-bytes', '1000');
      expect(r.stderr).toBe(`caseaudit: ${file}:2: field "type" (column 3) is longer than 1000 bytes, ${tail}`);
      expect(r.code).toBe(2);
    });

    it('a field past the header\'s last column, or in the header itself, is named by its position', async () => {
      const past = write('limit-past.csv', `${header}ASB-0001,2024-10-01,report,x,${'y'.repeat(30)}\n`);
      expect((await audit(past, '--max-field-bytes', '20')).stderr).toBe(`caseaudit: ${past}:2: field 5 (the header has 4 columns) is longer than 20 bytes, ${tail}`);
      const inHeader = write('limit-header.csv', `case_id,occurred_at,type,${'d'.repeat(30)}\nASB-0001,2024-10-01,report,x\n`);
      expect((await audit(inHeader, '--max-field-bytes', '20')).stderr).toBe(`caseaudit: ${inHeader}:1: column 4 of the header is longer than 20 bytes, ${tail}`);
    });

    it('a value that is not a whole number of at least 1 is a usage error', async () => {
      for (const value of ['0', '-5', 'ten', '1.5']) {
        const r = await audit(f('events-ok.csv'), '--max-field-bytes', value);
        expect(r.code, value).toBe(2);
        expect(r.stderr, value).toContain(`option '--max-field-bytes <n>' argument '${value}' is invalid. expected a whole number of at least 1, found "${value}"`);
      }
    });
  });

  it('a JSON file over 500 MB (generated, sparse): refused by its size before it is read', async () => {
    const file = join(temp, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 501 * 1024 * 1024);
    expectRefused(await audit(file), new RegExp(`^caseaudit: ${file.replace(/[.\\/]/g, '\\$&')}: 501\\.0 MB is more than the 500 MB a JSON file or standard input may hold \\(it is read whole\\); export NDJSON`, 'm'));
  });

  it('an NDJSON line of 65 M characters with no end (generated): refused at its line', async () => {
    const file = join(temp, 'endless.ndjson');
    writeFileSync(file, `{"case_id":"ASB-0001","occurred_at":"2024-10-01","type":"report"}\n{"case_id":"ASB-0001","detail":"${'x'.repeat(65 * 1024 * 1024)}`);
    expectRefused(await audit(file), new RegExp(`^caseaudit: ${file.replace(/[.\\/]/g, '\\$&')}:2: the line is longer than 64 M characters and has no end; NDJSON holds one event per line$`, 'm'));
  });
});

describe('--max-events-per-case', () => {
  const events = (n: number) => {
    const rows = ['case_id,occurred_at,type,detail', 'ASB-0002,2024-10-01,report,one event'];
    // One event an hour: events that share a moment make the duplicate check slow (see README).
    for (let i = 0; i < n; i++) rows.push(`ASB-0001,${new Date(Date.UTC(2010, 0, 1) + i * 3_600_000).toISOString().slice(0, 16)},contact,call ${i}`);
    return rows.join('\n') + '\n';
  };

  it('refuses a case with one event more than the limit, naming the case and its first row', async () => {
    const file = join(temp, 'eleven.csv');
    writeFileSync(file, events(11));
    expectRefused(
      await audit(file, '--max-events-per-case', '10'),
      new RegExp(`^caseaudit: case ASB-0001 has 11 events \\(first at ${file.replace(/[.\\/]/g, '\\$&')}:3\\), more than the 10 a case may have; check that case_id is filled in on every row, or raise the limit with --max-events-per-case$`, 'm'),
    );
    expectRefused(await caseaudit(['timeline', file, '--max-events-per-case', '10', ...AS_OF]), /^caseaudit: case ASB-0001 has 11 events/m);
    expectRefused(await caseaudit(['timeline', file, '--case', 'ASB-0001', '--max-events-per-case', '10', ...AS_OF]), /^caseaudit: case ASB-0001 has 11 events/m);
  });

  it('keeps a case at exactly the limit, and checks only the cases asked for', async () => {
    const file = join(temp, 'ten.csv');
    writeFileSync(file, events(10));
    expectAudited(await audit(file, '--max-events-per-case', '10'));
    const eleven = join(temp, 'eleven-b.csv');
    writeFileSync(eleven, events(11));
    expectAudited(await audit(eleven, '--max-events-per-case', '10', '--case', 'ASB-0002'));
    const r = await caseaudit(['timeline', eleven, '--case', 'ASB-0002', '--max-events-per-case', '10', ...AS_OF]);
    expect(r.code).toBe(0);
  });

  it('defaults to 100,000: 100,001 events in one case are refused without the option', async () => {
    const file = join(temp, 'runaway.csv');
    writeFileSync(file, events(100_001));
    expectRefused(await caseaudit(['timeline', file, ...AS_OF]), /^caseaudit: case ASB-0001 has 100001 events \(first at .*runaway\.csv:3\), more than the 100000 a case may have/m);
    const help = (await caseaudit(['audit', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--max-events-per-case <n> refuse a case with more events than this (exit 2) (default: 100000)');
  });

  it.each(['0', '-1', 'ten', '1.5', ''])('rejects --max-events-per-case %j as bad usage (exit 2)', async (value) => {
    const r = await audit(f('missing-case-id.csv'), '--max-events-per-case', value);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`option '--max-events-per-case <n>' argument '${value}' is invalid. expected a whole number of at least 1`);
  });
});

describe('bad policies', () => {
  const withPolicy = (policy: string) => audit(f('events-ok.csv'), '--policy', policy);

  it('the corpus policy itself is valid (so the bad ones fail for their own reason)', async () => {
    expectAudited(await withPolicy(f('policy-valid.yaml')));
  });

  it('policy-billion-laughs.yaml: refused at the first alias, without expanding it', async () => {
    expectRefused(
      await withPolicy(f('policy-billion-laughs.yaml')),
      /^caseaudit: tests\/fixtures\/bad\/policy-billion-laughs\.yaml:5:10 YAML aliases expand to too much data \(excessive alias count indicates a resource exhaustion attack\); write the lists out instead$/m,
    );
  });

  it('a 50 MB policy (generated): refused by its size before it is read', async () => {
    const file = join(temp, 'policy-50mb.yaml');
    const fd = openSync(file, 'w');
    const block = Buffer.alloc(1024 * 1024, '# padding padding padding padding\n');
    writeSync(fd, 'name: "Too big"\nrules: []\n');
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    closeSync(fd);
    expectRefused(
      await withPolicy(file),
      new RegExp(`^caseaudit: ${file.replace(/[.\\/]/g, '\\$&')}:1:1 the file is 50\\.0 MB; a policy may be at most 5 MB \\(is this the right file\\?\\)$`, 'm'),
    );
  });

  it('policy-unknown-template.yaml: refused at the template, with the near spelling', async () => {
    expectRefused(await withPolicy(f('policy-unknown-template.yaml')), /^caseaudit: tests\/fixtures\/bad\/policy-unknown-template\.yaml:7:15 rules\[0\]\.template: unknown template `whithin` \(did you mean `within`\?\)/m);
  });

  it('policy-negative-limit.yaml: refused at the limit', async () => {
    expectRefused(await withPolicy(f('policy-negative-limit.yaml')), /^caseaudit: tests\/fixtures\/bad\/policy-negative-limit\.yaml:10:28 rules\[0\]\.limit\.working_days: expected a whole number >= 0, found -5$/m);
  });

  it('policy-limit-ten.yaml: refused at the limit written in words', async () => {
    expectRefused(await withPolicy(f('policy-limit-ten.yaml')), /^caseaudit: tests\/fixtures\/bad\/policy-limit-ten\.yaml:10:28 rules\[0\]\.limit\.working_days: expected a whole number, found "ten"$/m);
  });

  it('policy-duplicate-rule-id.yaml: refused at the second id, naming the first', async () => {
    expectRefused(await withPolicy(f('policy-duplicate-rule-id.yaml')), /^caseaudit: tests\/fixtures\/bad\/policy-duplicate-rule-id\.yaml:11:9 rules\[1\]\.id: duplicate rule id `risk-assessment` \(also rules\[0\], line 3\)$/m);
  });

  it('policy-redos.yaml: a keyword pattern with nested repetition is refused at the pattern (it would hang on one note)', async () => {
    expectRefused(
      await withPolicy(f('policy-redos.yaml')),
      /^caseaudit: tests\/fixtures\/bad\/policy-redos\.yaml:3:34 keywords\.vulnerability\[1\]: regular expression \/\(a\+\)\+\$\/ repeats a group that itself repeats \(like \(a\+\)\+\), which can take hours on one note; rewrite it without the nested repetition$/m,
    );
  });

  it('policy-redos-alternatives.yaml: a keyword pattern repeating overlapping alternatives is refused at the pattern', async () => {
    expectRefused(
      await withPolicy(f('policy-redos-alternatives.yaml')),
      /^caseaudit: tests\/fixtures\/bad\/policy-redos-alternatives\.yaml:3:34 keywords\.vulnerability\[1\]: regular expression \/\(a\|aa\)\+\$\/ repeats a group whose alternatives can match the same text \(like \(a\|aa\)\+ or \(\\w\|\\d\)\+\), which can take hours on one note; rewrite it so that no two alternatives of a repeated group can match the same text$/m,
    );
  });

  it('a policy nested 10,000 deep (generated): refused where it passes 100 levels, before the yaml package recurses', async () => {
    const file = join(temp, 'policy-deep.yaml');
    writeFileSync(file, `name: deep\nrules: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    // Line 2 is `rules: ` (7 characters) then the brackets; the map under the document is level 1,
    // so the 100th bracket (column 107) is level 101.
    const r = await withPolicy(file);
    expectRefused(r, /./);
    expect(r.stderr).toBe(`caseaudit: ${file}:2:107 the YAML is nested too deeply (more than 100 levels); a policy never needs this\n`);
  });

  it('a policy nested exactly 100 levels is not refused for its depth (the boundary)', async () => {
    const file = join(temp, 'policy-100-deep.yaml');
    writeFileSync(file, `name: deep\nrules: ${'['.repeat(99)}${']'.repeat(99)}\n`);
    const r = await withPolicy(file);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('nested too deeply');
    expect(r.stderr).toContain(`${file}:2:`);
  });

  it('a block-indented policy nested 1,000 deep (generated) is refused the same way', async () => {
    const file = join(temp, 'policy-deep-block.yaml');
    writeFileSync(file, Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n');
    const r = await withPolicy(file);
    expect(r.stderr).toBe(`caseaudit: ${file}:101:101 the YAML is nested too deeply (more than 100 levels); a policy never needs this\n`);
    expect(r.code).toBe(2);
  });

  it('a mapping nested 10,000 deep (generated): refused by `mapping check` and by audit --mapping', async () => {
    const file = join(temp, 'mapping-deep.yaml');
    writeFileSync(file, `name: deep\ncolumns: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`);
    const expected = `caseaudit: ${file}:2:406 the YAML is nested too deeply (more than 100 levels); a mapping never needs this\n`;
    const checked = await caseaudit(['mapping', 'check', file]);
    expect(checked.stderr).toBe(expected);
    expect(checked.code).toBe(2);
    const audited = await audit(f('events-ok.csv'), '--mapping', file);
    expectRefused(audited, /./);
    expect(audited.stderr).toBe(expected);
  });

  it('the same policies are refused by `policy check`', async () => {
    for (const name of ['policy-redos.yaml', 'policy-billion-laughs.yaml', 'policy-unknown-template.yaml', 'policy-negative-limit.yaml', 'policy-limit-ten.yaml', 'policy-duplicate-rule-id.yaml']) {
      const r = await caseaudit(['policy', 'check', f(name)]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(`${f(name)}:`);
      expect(r.stderr, name).not.toMatch(/^\s+at .+[:(]/m);
    }
  });
});
