import { Command, CommanderError } from 'commander';
import { stripControls } from '../report/safe-text.js';
import { UserError } from './errors.js';
import type { CliIO } from './io.js';
import { VERSION } from './version.js';
import { registerAudit } from './commands/audit.js';
import { registerTimeline } from './commands/timeline.js';
import { registerPolicy } from './commands/policy.js';
import { registerSample } from './commands/sample.js';
import { registerMapping } from './commands/mapping.js';

/** Set by a command's action: the exit status it wants (0 when it sets nothing). */
export interface CommandResult {
  exitCode: number;
}

/**
 * Runs caseaudit with the given arguments and returns its exit status: 0 clean, 1 findings at or
 * above --fail-on, 2 usage, input or policy errors. Never calls process.exit().
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const result: CommandResult = { exitCode: 0 };
  const debug = argv.includes('--debug');
  const program = new Command();
  program
    .name('caseaudit')
    .description('Audit ASB casework exports against a landlord\'s policy and report every failing by omission, with its evidence.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');

  registerAudit(program, io, result);
  registerTimeline(program, io, result);
  registerPolicy(program, io, result);
  registerSample(program, io, result);
  registerMapping(program, io, result);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0; usage errors map to 2.
      if (error.exitCode === 0) return 0;
      return 2;
    }
    if (error instanceof UserError) {
      // Messages quote the input (a header, a value): a file must not drive the user's terminal.
      io.stderr.write(`caseaudit: ${stripControls(error.message)}\n`);
      if (debug && error.stack) io.stderr.write(error.stack + '\n');
      return error.exitCode;
    }
    const err = error as Error;
    io.stderr.write(`caseaudit: internal error: ${stripControls(err?.message ?? String(error))}\n`);
    if (debug && err?.stack) io.stderr.write(err.stack + '\n');
    else io.stderr.write('caseaudit: run again with --debug for the stack trace, and report it (see SECURITY.md)\n');
    return 2;
  }
}
