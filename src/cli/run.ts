import { Command, CommanderError } from 'commander';
import { stripControls } from '../report/safe-text.js';
import { UserError } from './errors.js';
import { withExamples } from './help.js';
import type { CliIO } from './io.js';
import { VERSION } from './version.js';

type Register = (program: Command, io: CliIO, result: CommandResult) => void;

/** Every command, in the order of the help, each loaded only when needed. */
const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<Register> }> = [
  { name: 'audit', load: async () => (await import('./commands/audit.js')).registerAudit },
  { name: 'timeline', load: async () => (await import('./commands/timeline.js')).registerTimeline },
  { name: 'policy', load: async () => (await import('./commands/policy.js')).registerPolicy },
  { name: 'sample', load: async () => (await import('./commands/sample.js')).registerSample },
  { name: 'mapping', load: async () => (await import('./commands/mapping.js')).registerMapping },
];

/** Set by a command's action: the exit status it wants (0 when it sets nothing). */
export interface CommandResult {
  exitCode: number;
}

/**
 * Runs caseaudit with the given arguments and returns its exit status: 0 clean, 1 findings at or
 * above --fail-on, 2 usage, input or policy errors. Never calls process.exit().
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // Scripts ask for the version on every run: answer before loading the commands (and the whole
  // program behind them), the same line commander would write.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
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
  withExamples(program, [
    'caseaudit audit samples/events.csv samples/cases.csv --as-of 2024-11-21',
    'caseaudit audit events.csv cases.csv --format json --fail-on high > report.json',
    'caseaudit audit events.csv cases.csv --output caseload.html --redact',
    'caseaudit timeline samples/events.csv samples/cases.csv --case ASB-0007',
    'caseaudit policy explain',
    'caseaudit <command> --help    # every option of a command, with examples',
  ]);

  // Loaded here, not at the top, so that the fast path above does not pay for them; when the
  // first argument names a command, only that command is loaded (its help and errors are its
  // own). Anything else (help, a typo, an option first) loads them all, for the full help.
  const wanted = COMMANDS.find((c) => c.name === argv[0]);
  if (wanted) (await wanted.load())(program, io, result);
  if (!program.commands.some((c) => c.name() === argv[0])) {
    for (const command of COMMANDS) if (command !== wanted) (await command.load())(program, io, result);
  }

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
