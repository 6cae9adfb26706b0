/**
 * A problem the user can fix (bad usage, unreadable input, invalid policy): printed as one
 * clear message, exit status 2, no stack trace unless --debug. Messages name the file, and the
 * line, column and field where there is one.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Where in a file a problem is: `events.csv:12:3` style. */
export function place(file: string, line?: number, column?: number): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
