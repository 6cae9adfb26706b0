import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { loadDefaultPolicy, loadPolicyFile, type LoadOptions } from '../../policy/load.js';
import { EXPLAIN_FORMATS, formatExplanation, type ExplainFormat } from '../../policy/explain.js';
import { PolicyError, formatProblem } from '../../policy/problems.js';
import { TEMPLATES } from '../../templates/index.js';
import { withExamples } from '../help.js';
import type { CliIO } from '../io.js';
import type { CommandResult } from '../run.js';

/** `caseaudit policy check FILE` and `caseaudit policy explain [FILE]`. */
export function registerPolicy(program: Command, io: CliIO, result: CommandResult): void {
  const templates = TEMPLATES;
  const options: LoadOptions = { templates };
  const policy = program.command('policy').description('validate a policy file, or print its rules in plain English');
  withExamples(policy, [
    'caseaudit policy check our-asb-policy.yaml     # every problem, with line and column',
    'caseaudit policy explain                       # the built-in default policy, rule by rule',
    'caseaudit policy explain our-asb-policy.yaml --format md > our-rules.md',
  ]);

  policy
    .command('check')
    .description('validate a policy file: every problem, with its line, column and field')
    .argument('<file>', 'the policy (YAML)')
    .action((file: string) => {
      try {
        const loaded = loadPolicyFile(resolve(io.cwd, file), file, options);
        const n = loaded.rules.length;
        io.stdout.write(`${file}: valid policy "${loaded.name}" with ${n} ${n === 1 ? 'rule' : 'rules'}\n`);
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        for (const problem of error.problems) io.stderr.write(`${formatProblem(problem)}\n`);
        const n = error.problems.length;
        io.stderr.write(`caseaudit: ${file} is not a valid policy (${n} ${n === 1 ? 'problem' : 'problems'})\n`);
        result.exitCode = 2;
      }
    });

  policy
    .command('explain')
    .description('print every rule of a policy (default: the built-in one) as a plain-English sentence')
    .argument('[file]', 'the policy (YAML); the built-in default when omitted')
    .addOption(new Option('--format <format>', 'output format').choices(EXPLAIN_FORMATS).default('text'))
    .action((file: string | undefined, opts: { format: ExplainFormat }) => {
      const loaded = file === undefined ? loadDefaultPolicy(options) : loadPolicyFile(resolve(io.cwd, file), file, options);
      io.stdout.write(formatExplanation(loaded, templates, opts.format));
    });
}
