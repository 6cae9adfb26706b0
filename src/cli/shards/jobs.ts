import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Below this much input, more threads cost more (their start, every row read again in each, the
 * parts crossing back) than they save. Measured on two cores, with events held in the event
 * store: 130 MB (1M events) 6.04 s on one thread against 6.06 s on two, which take 54% more CPU
 * and 150 MB more memory for nothing; 262 MB 12.4 s against 9.5 to 10.2 s; 527 MB 26.0 s
 * against 18.6 s.
 */
export const SHARDED_MIN_BYTES = 160 << 20;

/** At most this many threads by default: each parses every input, so more stop paying. */
const MAX_DEFAULT_JOBS = 4;

/**
 * How many threads share an audit: --jobs when given; otherwise one per core (up to four) for
 * inputs of SHARDED_MIN_BYTES or more. One whenever a split cannot give the same report:
 * standard input (read once), --strict (the first bad row must stop the read), --case.
 */
export function jobsFor(requested: number | undefined, inputs: readonly string[], flags: { strict?: boolean; cases?: readonly string[] }): number {
  if (inputs.includes('-') || flags.strict || flags.cases?.length) return 1;
  if (requested !== undefined) return requested;
  if (inputBytes(inputs) < SHARDED_MIN_BYTES) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_JOBS));
}

/** The inputs' total size in bytes (a file that cannot be stat'ed counts 0: the read names the problem). */
function inputBytes(paths: readonly string[]): number {
  let bytes = 0;
  for (const path of paths) {
    try {
      bytes += statSync(path).size;
    } catch {
      // The read names the problem.
    }
  }
  return bytes;
}
