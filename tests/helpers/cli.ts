import type { CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs caseaudit in-process, as a script would, with stdout and stderr captured apart. */
export async function caseaudit(args: readonly string[], extra: Partial<CliIO> = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => void (stdout += s), isTTY: false },
    stderr: { write: (s: string) => void (stderr += s) },
    env: {},
    cwd: process.cwd(),
    // 2024-11-21 12:00 UTC: "today" for --as-of's default.
    now: () => Date.UTC(2024, 10, 21, 12),
    ...extra,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
