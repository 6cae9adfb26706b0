import type { Command } from 'commander';

/** Adds an "Examples:" block to a command's --help: what a user copies first. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n`);
}
