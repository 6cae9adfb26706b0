import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UserError } from '../../src/cli/errors.js';
import { formatFromExtension, writeReportFile } from '../../src/cli/output.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseaudit-output-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('formatFromExtension', () => {
  test.each([
    ['report.json', 'json'],
    ['out/REPORT.CSV', 'csv'],
    ['case.md', 'md'],
    ['case.markdown', 'md'],
    ['caseload.html', 'html'],
    ['caseload.htm', 'html'],
    ['report.txt', 'text'],
    ['report', undefined],
    ['report.xlsx', undefined],
    ['report.json.bak', undefined],
  ])('%s -> %s', (path, format) => expect(formatFromExtension(path)).toBe(format));
});

describe('writeReportFile', () => {
  test('writes the content and leaves nothing else in the directory', async () => {
    await writeReportFile(join(dir, 'report.json'), '{"a":1}\n', { inputs: [] });
    expect(await readFile(join(dir, 'report.json'), 'utf8')).toBe('{"a":1}\n');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  test('replaces an existing report whole; chunks are written in order', async () => {
    await writeFile(join(dir, 'r.txt'), 'old report, longer than the new one');
    await writeReportFile(join(dir, 'r.txt'), ['new ', 'report'], { inputs: [] });
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).toBe('new report');
  });

  test('chunks of every size, small and larger than the write buffer, multi-byte and lone surrogates, give the bytes of their joined text', async () => {
    const megabyte = 1 << 20;
    const chunks = [
      'é'.repeat(100),
      'a'.repeat(megabyte / 3 - 1),
      '€'.repeat(megabyte / 4),
      '\ud83d\ude00 \ud800 \u2028',
      'b'.repeat(megabyte + 7),
      '',
      'x',
      'ü'.repeat(megabyte / 2),
      'end\n',
    ];
    await writeReportFile(join(dir, 'big.json'), chunks, { inputs: [] });
    const written = await readFile(join(dir, 'big.json'));
    expect(written.length).toBeGreaterThan(2 * megabyte);
    expect(written.equals(Buffer.from(chunks.join(''), 'utf8'))).toBe(true);
  });

  test('many small chunks gathered into one write keep their order', async () => {
    const chunks = Array.from({ length: 50_000 }, (_, i) => `${i},`);
    await writeReportFile(join(dir, 'small.csv'), chunks, { inputs: [] });
    expect(await readFile(join(dir, 'small.csv'), 'utf8')).toBe(chunks.join(''));
  });

  test('a failure while producing the content leaves the old file as it was and no temporary file', async () => {
    await writeFile(join(dir, 'r.txt'), 'the old report');
    function* failing() {
      yield 'half a rep';
      throw new Error('formatter exploded');
    }
    await expect(writeReportFile(join(dir, 'r.txt'), failing(), { inputs: [] })).rejects.toThrow('formatter exploded');
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).toBe('the old report');
    expect(await readdir(dir)).toEqual(['r.txt']);
  });

  test('a failure mid-write to a new file leaves no partial file and no temporary file', async () => {
    function* failing() {
      yield 'partial';
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    }
    const error = await writeReportFile(join(dir, 'new.csv'), failing(), { inputs: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`cannot write the report to ${join(dir, 'new.csv')}: no space left on the device`);
    expect((error as UserError).exitCode).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  test('a rename that fails (the target is a directory) removes the temporary file', async () => {
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'x'), 'x');
    await expect(writeReportFile(join(dir, 'taken'), 'report', { inputs: [] })).rejects.toBeInstanceOf(UserError);
    expect((await readdir(dir)).sort()).toEqual(['taken']);
    expect(await readdir(join(dir, 'taken'))).toEqual(['x']);
  });

  test('a directory that does not exist is a user error naming the path', async () => {
    await expect(writeReportFile(join(dir, 'missing', 'r.md'), 'x', { inputs: [] })).rejects.toThrow(/cannot write the report to .*missing\/r\.md: the directory does not exist/);
  });

  describe('never over an input', () => {
    beforeEach(async () => {
      await writeFile(join(dir, 'events.csv'), 'case_id,type\n');
    });
    const unchanged = async () => expect(await readFile(join(dir, 'events.csv'), 'utf8')).toBe('case_id,type\n');

    test('the same path', async () => {
      await expect(writeReportFile(join(dir, 'events.csv'), 'x', { inputs: [join(dir, 'events.csv')] })).rejects.toThrow(/refusing to write the report to .*events\.csv: it is an input file/);
      await unchanged();
    });
    test('the same file by another spelling, relative to the working directory', async () => {
      await mkdir(join(dir, 'sub'));
      await expect(writeReportFile('sub/../events.csv', 'x', { inputs: ['./events.csv'], cwd: dir })).rejects.toBeInstanceOf(UserError);
      await unchanged();
    });
    test('through a symbolic link', async () => {
      await symlink(join(dir, 'events.csv'), join(dir, 'link.csv'));
      await expect(writeReportFile(join(dir, 'link.csv'), 'x', { inputs: [join(dir, 'events.csv')] })).rejects.toBeInstanceOf(UserError);
      await unchanged();
    });
    test('through a hard link', async () => {
      await link(join(dir, 'events.csv'), join(dir, 'hard.csv'));
      await expect(writeReportFile(join(dir, 'hard.csv'), 'x', { inputs: [join(dir, 'events.csv')] })).rejects.toBeInstanceOf(UserError);
      await unchanged();
    });
    test('a different file beside the inputs is fine', async () => {
      await writeReportFile(join(dir, 'events.json'), 'x', { inputs: [join(dir, 'events.csv')] });
      expect(await readFile(join(dir, 'events.json'), 'utf8')).toBe('x');
    });
  });
});
