import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { CommandResult } from '../run.js';

export function registerSample(program: Command, io: CliIO, result: CommandResult): void {
  void program;
  void io;
  void result;
}
