import { basename } from 'node:path';
import type { ReadProgress } from '../input/index.js';
import type { WritableLike } from './io.js';

/** A long read shows progress only after this long: a quick one stays silent. */
export const PROGRESS_DELAY_MS = 1000;
/** At most this often, so a progress bar never costs the read noticeable time. */
const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export interface ProgressStream extends WritableLike {
  readonly columns?: number;
}

export interface ReadProgressBar {
  /** ReadOptions.onProgress. */
  readonly update: (progress: ReadProgress) => void;
  /** Clears the line, if anything was drawn; call when reading ends, however it ends. */
  readonly done: () => void;
}

/**
 * A progress bar for reading the inputs, on stderr with plain `\r` redraws, or undefined when
 * there must be none: stderr is not a terminal (pipes, files) or `CI` is set (logs would fill
 * with redraws). It appears only once reading has taken a second, and is cleared at the end so
 * the messages that follow start on a clean line.
 */
export function readProgressBar(
  stream: ProgressStream,
  env: Readonly<Record<string, string | undefined>>,
  clock: () => number = () => performance.now(),
): ReadProgressBar | undefined {
  if (stream.isTTY !== true) return undefined;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') return undefined;
  const started = clock();
  let drawn = 0;
  let lastDraw = -Infinity;
  return {
    update(progress) {
      const now = clock();
      if (now - started < PROGRESS_DELAY_MS || now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      const width = Math.max(20, (stream.columns || 80) - 1);
      const line = progressLine(progress).slice(0, width);
      stream.write(`\r${line.padEnd(drawn)}`);
      drawn = line.length;
    },
    done() {
      if (drawn > 0) stream.write(`\r${' '.repeat(drawn)}\r`);
      drawn = 0;
    },
  };
}

/** One line: the file, a bar and a percentage when its size is known, and megabytes read. */
export function progressLine(progress: ReadProgress): string {
  const name = basename(progress.file);
  const read = megabytes(progress.bytes);
  const total = progress.totalBytes;
  if (total === undefined || total <= 0) return `caseaudit: reading ${name}  ${read} MB`;
  const fraction = Math.min(1, progress.bytes / total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
  return `caseaudit: reading ${name}  [${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${read}/${megabytes(total)} MB`;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0);
}
