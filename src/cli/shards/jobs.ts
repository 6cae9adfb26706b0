import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Below this much input, more threads cost more (their start, the events that cross between
 * them, the parts crossing back) than they save. Measured on two cores with the split read,
 * medians of three, one thread against two: 33 MB of input (250k events) 2.31 against 2.47 s;
 * 67 MB (500k) 3.77 against 3.70 s, a tie; 101 MB (750k) 5.08 against 4.66 s; 135 MB (1M)
 * 6.94 against 5.87 s. Two threads take 40 to 60% more CPU and 110 to 190 MB more memory.
 */
export const SHARDED_MIN_BYTES = 80 << 20;

/**
 * At most this many threads by default: case files, JSON and NDJSON are read whole by every
 * thread, and each thread's start and memory add up.
 */
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
