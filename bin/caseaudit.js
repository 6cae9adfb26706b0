#!/usr/bin/env node
// Thin on purpose: all behaviour lives in run(), which returns an exit code instead of
// calling process.exit() so piped output is never cut off.
import { run } from '../dist/cli/run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
