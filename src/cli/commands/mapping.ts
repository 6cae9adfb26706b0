import { Option, type Command } from 'commander';
import { parseEncoding } from '../../input/index.js';
import { describeExport } from '../../input/mapping/check.js';
import { readExportRows } from '../../input/mapping/export-rows.js';
import { draftMapping } from '../../input/mapping/init.js';
import { loadMappingFile } from '../../input/mapping/load.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../../input/csv-errors.js';
import { parseMaxFieldBytes } from '../../input/limits.js';
import { withExamples } from '../help.js';
import type { CliIO } from '../io.js';
import type { CommandResult } from '../run.js';

interface ReadFlags {
  encoding?: string;
  delimiter?: string;
  maxFieldBytes: number;
}

export function registerMapping(program: Command, io: CliIO, result: CommandResult): void {
  const mapping = program.command('mapping').description('write and check mappings for exports that are not in the canonical format');
  withExamples(mapping, [
    'caseaudit mapping init export.csv > ours.yaml          # a draft, with TODOs for what it cannot guess',
    'caseaudit mapping check ours.yaml export.csv           # problems with line and column; how rows map',
    'caseaudit audit export.csv --mapping ours.yaml --as-of 2024-11-21',
  ]);
  mapping
    .command('check')
    .description('validate a mapping (errors name the line and column); given exports, show how their first rows map and which values map to nothing')
    .argument('<file>', 'the mapping (YAML)')
    .argument('[exports...]', 'exports to try the mapping on (CSV, JSON or NDJSON)')
    .addOption(new Option('--encoding <encoding>', 'text encoding of the exports').choices(['utf-8', 'windows-1252']))
    .option('--delimiter <char>', 'CSV delimiter (default: detected)')
    .option('--max-field-bytes <n>', 'refuse a CSV field longer than this many bytes (exit 2)', parseMaxFieldBytes, DEFAULT_MAX_FIELD_BYTES)
    .action(async (file: string, exports: string[], flags: ReadFlags) => {
      const loaded = loadMappingFile(file);
      const parts = [`${file}: valid mapping${loaded.data.name ? ` (${loaded.data.name})` : ''}\n`];
      for (const path of exports) {
        parts.push(describeExport(loaded, await readExportRows(path, parseEncoding(flags.encoding ?? 'utf-8'), delimiter(flags.delimiter), flags.maxFieldBytes)));
      }
      io.stdout.write(parts.join('\n'));
      result.exitCode = 0;
    });
  mapping
    .command('init')
    .description("draft a mapping from an export's header and values: obvious guesses filled in, the rest listed as TODO")
    .argument('<export>', 'an export: CSV, JSON or NDJSON')
    .addOption(new Option('--encoding <encoding>', 'text encoding of the export').choices(['utf-8', 'windows-1252']))
    .option('--delimiter <char>', 'CSV delimiter (default: detected)')
    .option('--max-field-bytes <n>', 'refuse a CSV field longer than this many bytes (exit 2)', parseMaxFieldBytes, DEFAULT_MAX_FIELD_BYTES)
    .action(async (path: string, flags: ReadFlags) => {
      io.stdout.write(draftMapping(await readExportRows(path, parseEncoding(flags.encoding ?? 'utf-8'), delimiter(flags.delimiter), flags.maxFieldBytes)));
      result.exitCode = 0;
    });
}

function delimiter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === '\\t' || value.toLowerCase() === 'tab' ? '\t' : value;
}
