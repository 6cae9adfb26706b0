import type { CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs caseaudit in-process with a fake CliIO (no terminal, a fixed "today"). */
export async function caseaudit(args: readonly string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => void (stdout += s), isTTY: false },
    stderr: { write: (s: string) => void (stderr += s) },
    env: {},
    cwd: process.cwd(),
    now: () => Date.UTC(2024, 10, 21, 12),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

interface JsonFinding {
  rule: string;
  kind: string;
  dueAt: string | null;
}

/** Every finding of a JSON report as `case rule kind due`, sorted: what two audits must share. */
export function findingKeys(json: string): string[] {
  const report = JSON.parse(json) as { cases: { caseId: string; findings: JsonFinding[] }[] };
  return report.cases.flatMap((c) => c.findings.map((f) => `${c.caseId} ${f.rule} ${f.kind} ${f.dueAt ?? '-'}`)).sort();
}
