import { unlinkSync } from 'node:fs';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Until the returned function is called, an interrupted run (Ctrl-C, a kill) first runs `cleanUp`
 * (closing and removing a temporary file that holds report data), then stops as the signal says.
 * A temporary file must not outlive the run that made it: it may hold personal data.
 */
export function onInterrupt(cleanUp: () => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    release();
    try {
      cleanUp();
    } finally {
      process.kill(process.pid, signal);
    }
  };
  const release = (): void => {
    for (const signal of SIGNALS) process.removeListener(signal, handler);
  };
  for (const signal of SIGNALS) process.once(signal, handler);
  return release;
}

/** Removes a file, if it is there. */
export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
