/** The process as run() sees it: injected so whole-CLI tests run in-process. */
export interface WritableLike {
  write(chunk: string): boolean | void;
  readonly isTTY?: boolean;
}

export interface CliIO {
  readonly stdout: WritableLike;
  readonly stderr: WritableLike;
  readonly stdin?: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Milliseconds since the epoch; tests fix it so "today" is reproducible. */
  readonly now?: () => number;
}

/**
 * Colour only when stdout is a terminal, NO_COLOR is unset, TERM is not `dumb` and --no-color
 * was not given. Decided once and handed to formatters (chalk does not read NO_COLOR itself).
 */
export function useColour(io: CliIO, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  return io.stdout.isTTY === true;
}
