import { describe, expect, it } from 'vitest';
import { PROGRESS_DELAY_MS, progressLine, readProgressBar, type ProgressStream } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  const stream: ProgressStream = { isTTY, columns, write: (s: string) => void writes.push(s) };
  return { stream, writes };
}

function fakeClock() {
  let now = 5_000;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

const MB = 1_000_000;

describe('readProgressBar', () => {
  it('is silent during the first second, then redraws one line with \\r, then clears it', () => {
    const { stream, writes } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const bar = readProgressBar(stream, {}, clock)!;
    expect(bar).toBeDefined();
    advance(PROGRESS_DELAY_MS - 1);
    bar.update({ file: '/data/events.csv', bytes: 10 * MB, totalBytes: 100 * MB });
    expect(writes).toEqual([]);
    advance(1);
    bar.update({ file: '/data/events.csv', bytes: 50 * MB, totalBytes: 100 * MB });
    expect(writes).toEqual(['\rcaseaudit: reading events.csv  [############------------]  50%  50/100 MB']);
    bar.done();
    const width = writes[0]!.length - 1;
    expect(writes[1]).toBe(`\r${' '.repeat(width)}\r`);
    expect(writes.join('')).not.toContain('\n');
  });

  it('redraws at most every 100 ms, padding over a longer previous line', () => {
    const { stream, writes } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const bar = readProgressBar(stream, {}, clock)!;
    advance(PROGRESS_DELAY_MS);
    bar.update({ file: 'a-long-file-name.csv', bytes: 5 * MB, totalBytes: 100 * MB });
    advance(99);
    bar.update({ file: 'a-long-file-name.csv', bytes: 6 * MB, totalBytes: 100 * MB });
    expect(writes).toHaveLength(1);
    advance(1);
    bar.update({ file: 'b.csv', bytes: 1 * MB });
    expect(writes).toHaveLength(2);
    const previous = writes[0]!.length - 1;
    expect(writes[1]).toBe(`\r${'caseaudit: reading b.csv  1.0 MB'.padEnd(previous)}`);
  });

  it('never writes past the terminal width', () => {
    const { stream, writes } = fakeStream(true, 30);
    const { clock, advance } = fakeClock();
    const bar = readProgressBar(stream, {}, clock)!;
    advance(PROGRESS_DELAY_MS);
    bar.update({ file: 'events.csv', bytes: MB, totalBytes: 2 * MB });
    expect(writes[0]).toHaveLength(30);
  });

  it('clears nothing when it never drew', () => {
    const { stream, writes } = fakeStream(true);
    const bar = readProgressBar(stream, {}, fakeClock().clock)!;
    bar.update({ file: 'events.csv', bytes: MB, totalBytes: 2 * MB });
    bar.done();
    expect(writes).toEqual([]);
  });

  it('is not made when stderr is not a terminal, or in CI', () => {
    expect(readProgressBar(fakeStream(false).stream, {})).toBeUndefined();
    expect(readProgressBar({ write: () => undefined }, {})).toBeUndefined();
    expect(readProgressBar(fakeStream(true).stream, { CI: 'true' })).toBeUndefined();
    expect(readProgressBar(fakeStream(true).stream, { CI: '1' })).toBeUndefined();
    // NO_COLOR is about colour; a plain progress line has none.
    expect(readProgressBar(fakeStream(true).stream, { NO_COLOR: '1' })).toBeDefined();
    expect(readProgressBar(fakeStream(true).stream, { CI: '' })).toBeDefined();
  });
});

describe('progressLine', () => {
  it('shows the bar full and 100% at the end, and never more than 100%', () => {
    expect(progressLine({ file: 'x/e.csv', bytes: 155 * MB, totalBytes: 155 * MB })).toBe(`caseaudit: reading e.csv  [${'#'.repeat(24)}] 100%  155/155 MB`);
    expect(progressLine({ file: 'e.csv', bytes: 2 * MB, totalBytes: MB })).toContain('100%');
    expect(progressLine({ file: 'e.csv', bytes: 0, totalBytes: 4 * MB })).toBe(`caseaudit: reading e.csv  [${'-'.repeat(24)}]   0%  0.0/4.0 MB`);
  });
});
