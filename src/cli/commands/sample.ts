import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { withExamples } from '../help.js';
import type { CliIO } from '../io.js';
import type { CommandResult } from '../run.js';
import { UserError } from '../errors.js';
import { parseDay } from '../../dates/parse.js';
import { formatDay } from '../../dates/london.js';
import { DEFAULT_EVENTS_PER_CASE_MAX, DEFAULT_SAMPLE_AS_OF, generateSample } from '../../sample/generate.js';
import { SAMPLE_FILES, writeSampleFiles } from '../../sample/write.js';

export const DEFAULT_SAMPLE_DIR = 'caseaudit-sample';
const MAX_CASES = 10_000_000;

interface SampleFlags {
  cases: string;
  seed: string;
  output: string;
  eventsPerCaseMax: string;
  asOf: string;
  force?: boolean;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`${flag} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new UserError(`${flag} must be between ${min} and ${max}, got ${text}`);
  return n;
}

/**
 * The output directory may be new or empty; an existing non-empty one is only written into with
 * --force, so a sample never silently replaces someone's export.
 */
function prepareDirectory(dir: string, force: boolean): void {
  let entries: string[] | undefined;
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory()) throw new UserError(`${dir} exists and is not a directory`);
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot use ${dir}: ${(error as Error).message}`);
  }
  if (entries === undefined) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new UserError(`cannot create ${dir}: ${(error as Error).message}`);
    }
    return;
  }
  if (entries.length > 0 && !force) {
    throw new UserError(`${dir} is not empty; choose another --output or add --force to overwrite ${SAMPLE_FILES.join(', ')} there`);
  }
}

export function registerSample(program: Command, io: CliIO, result: CommandResult): void {
  const sample = program.command('sample');
  withExamples(sample, [
    'caseaudit sample --cases 200 --seed 7 --output /tmp/sample',
    'caseaudit sample --cases 48000 --output /tmp/million     # about a million events, for benchmarks',
  ]);
  sample
    .description('write a realistic synthetic ASB case export (events CSV, cases CSV, the same as JSON); the same seed gives the same bytes')
    .option('--cases <n>', 'number of cases', '200')
    .option('--seed <n>', 'random seed (whole number)', '1')
    .option('--output <dir>', 'directory to write into', DEFAULT_SAMPLE_DIR)
    .option('--events-per-case-max <n>', 'cap on one case\'s events', String(DEFAULT_EVENTS_PER_CASE_MAX))
    .option('--as-of <date>', 'the export\'s date: no event after it', formatDay(DEFAULT_SAMPLE_AS_OF))
    .option('--force', 'write into a non-empty directory, replacing the sample files there')
    .action((flags: SampleFlags) => {
      const cases = wholeNumber('--cases', flags.cases, 1, MAX_CASES);
      const seed = wholeNumber('--seed', flags.seed, 0, 0xffff_ffff);
      const eventsPerCaseMax = wholeNumber('--events-per-case-max', flags.eventsPerCaseMax, 4, 100_000);
      const asOf = parseDay(flags.asOf);
      if (asOf === undefined) throw new UserError(`--as-of must be a date (YYYY-MM-DD or DD/MM/YYYY), got "${flags.asOf}"`);
      const dir = resolve(io.cwd, flags.output);
      prepareDirectory(dir, flags.force === true);
      const sample = generateSample({ cases, seed, eventsPerCaseMax, asOf });
      writeSampleFiles(sample, dir);
      io.stderr.write(`caseaudit: wrote ${SAMPLE_FILES.join(', ')} to ${flags.output} (${cases} cases, ${sample.events.length} events)\n`);
      result.exitCode = 0;
    });
}
