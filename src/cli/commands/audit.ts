import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatDay, todayInLondon } from '../../dates/london.js';
import { parseDay } from '../../dates/parse.js';
import { calendarNotes } from '../../engine/audit.js';
import { settleNotes } from '../../input/index.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../../input/csv-errors.js';
import { DEFAULT_MAX_EVENTS_PER_CASE, parseMaxEventsPerCase, parseMaxFieldBytes } from '../../input/limits.js';
import { chooseMapping } from '../../input/mapping/index.js';
import type { DataQualityNote } from '../../model/case.js';
import { SEVERITIES, type Severity } from '../../model/finding.js';
import { loadDefaultPolicy, loadPolicyFile } from '../../policy/load.js';
import { ReportBuilder } from '../../report/build.js';
import { SummaryTally } from '../../report/summary.js';
import type { AuditReport } from '../../report/types.js';
import { loadFormatter } from '../../report/formatters/index.js';
import { caseSeparator, formatJsonChunks, jsonAroundCases } from '../../report/formatters/json.js';
import { UserError } from '../errors.js';
import { useColour, type CliIO } from '../io.js';
import { formatFromExtension, writeReportFile } from '../output.js';
import { readProgressBar } from '../progress.js';
import { CaseSpool } from '../case-spool.js';
import { PartMerger } from '../part-merge.js';
import { jobsFor, runShards } from '../shards/index.js';
import type { CommandResult } from '../run.js';
import { VERSION } from '../version.js';

const FORMATS = ['text', 'json', 'csv', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface AuditFlags {
  policy?: string;
  mapping?: string;
  asOf?: string;
  format?: Format;
  output?: string;
  case?: string[];
  failOn: Severity | 'none';
  redact?: boolean;
  strict?: boolean;
  encoding?: 'utf-8' | 'windows-1252';
  delimiter?: string;
  color?: boolean;
  debug?: boolean;
  maxEventsPerCase: number;
  maxFieldBytes: number;
  jobs?: number;
}

/** The JSON report around cases written to the spool as they came (see formatJsonChunks). */
function* spooledJson(report: AuditReport, spool: CaseSpool): Generator<string | Uint8Array, void, undefined> {
  const { before, after } = jsonAroundCases(report);
  if (spool.count === 0) {
    yield `${before}]${after}`;
    return;
  }
  yield before;
  yield* spool.chunks();
  yield `\n  ]${after}`;
}

/** The spool beside the report file; a directory that cannot take it fails now, not after the audit. */
function openSpool(output: string, io: CliIO): CaseSpool {
  try {
    return new CaseSpool(dirname(resolve(io.cwd ?? process.cwd(), output)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the file system is read-only' : (error as Error).message;
    throw new UserError(`cannot write the report to ${output}: ${why}`);
  }
}

/** Resolves when a stream that refused more (write returned false) wants more again. */
function drained(stream: object): Promise<void> {
  const emitter = stream as { once?: (event: 'drain', listener: () => void) => unknown };
  return typeof emitter.once === 'function' ? new Promise((resolve) => void emitter.once!('drain', resolve)) : Promise.resolve();
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number of threads from 1 to 64');
  return n;
}

/** The audit date: --as-of, or today in Europe/London. */
export function resolveAsOf(value: string | undefined, io: CliIO): number {
  if (value === undefined) return todayInLondon(io.now?.());
  const day = parseDay(value);
  if (day === undefined) throw new UserError(`--as-of: expected a date such as 2024-11-21 or 21/11/2024, found "${value}"`);
  return day;
}

export function registerAudit(program: Command, io: CliIO, result: CommandResult): void {
  program
    .command('audit')
    .description('audit case exports against a policy and report every failing with its evidence')
    .argument('<inputs...>', 'case exports: CSV, JSON or NDJSON files (events and case records); - reads standard input')
    .option('-p, --policy <file>', 'the landlord\'s policy (YAML); default: the built-in ASB policy')
    .option('-m, --mapping <file>', 'a mapping for a non-canonical export (YAML); wins over the policy\'s input: section')
    .option('--as-of <date>', 'audit date (YYYY-MM-DD); default: today in Europe/London')
    .addOption(new Option('-f, --format <format>', 'report format; default: from --output\'s extension, else text').choices(FORMATS))
    .option('-o, --output <file>', 'write the report to a file (atomically; never over an input)')
    .option('-c, --case <id...>', 'audit only these cases (repeatable)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none']).default('low'))
    .option('--redact', 'leave free text and personal attributes out of every output')
    .option('--strict', 'an unusable row is an error (exit 2), not a data-quality note')
    .addOption(new Option('--encoding <encoding>', 'text encoding of the inputs').choices(['utf-8', 'windows-1252']))
    .option('--delimiter <char>', 'CSV delimiter (default: detected)')
    .option('--max-events-per-case <n>', 'refuse a case with more events than this (exit 2)', parseMaxEventsPerCase, DEFAULT_MAX_EVENTS_PER_CASE)
    .option('--max-field-bytes <n>', 'refuse a CSV field longer than this many bytes (exit 2)', parseMaxFieldBytes, DEFAULT_MAX_FIELD_BYTES)
    .option('-j, --jobs <n>', 'threads that read and audit (default: one per core, up to 4, for inputs of 80 MiB or more)', parseJobs)
    .option('--no-color', 'no colour, even on a terminal')
    .option('--debug', 'show stack traces for errors')
    .addHelpText(
      'after',
      `
Examples:
  caseaudit audit samples/events.csv samples/cases.csv --as-of 2024-11-21
  caseaudit audit events.csv cases.csv --policy our-asb-policy.yaml --format json > report.json
  caseaudit audit export.csv --case ASB-0007 --format md --output ASB-0007.md
  caseaudit audit events.csv --output caseload.html --redact
  caseaudit audit events.csv --fail-on high   # exit 1 only for high or critical findings
  caseaudit audit export.csv --policy ours.yaml   # ours.yaml's input: section maps the export (--mapping wins)
  caseaudit audit events.csv cases.csv --output nightly.json --jobs 1   # one thread (less memory, more time)

Exit status: 0 no finding at or above --fail-on; 1 findings at or above it; 2 bad usage, unreadable input or invalid policy.`,
    )
    .action(async (inputs: string[], flags: AuditFlags) => {
      result.exitCode = await audit(inputs, flags, io);
    });
}

async function audit(inputs: string[], flags: AuditFlags, io: CliIO): Promise<number> {
  const asOf = resolveAsOf(flags.asOf, io);
  const format: Format = flags.format ?? (flags.output ? (formatFromExtension(flags.output) ?? 'text') : 'text');
  const policy = flags.policy ? loadPolicyFile(flags.policy) : loadDefaultPolicy();
  // The mapping is checked here, before any thread starts, so that its problems are met once.
  chooseMapping(flags.mapping, policy.input, { strict: flags.strict, redact: flags.redact });
  const reportOptions = { redact: flags.redact === true, timelines: format === 'md' || format === 'html' ? ('with-findings' as const) : ('none' as const) };
  const jobs = jobsFor(flags.jobs, inputs, { strict: flags.strict, cases: flags.case });
  // A JSON report file's cases go to disk as they are audited, in report order, instead of
  // waiting in memory for the summary that comes before them.
  const spool = format === 'json' && flags.output ? openSpool(flags.output, io) : undefined;
  try {
    const progress = readProgressBar(io.stderr, io.env);
    // The summary is counted as parts arrive, while this thread waits for the workers.
    const tally = new SummaryTally(policy);
    // Only assembles the parts the shards made (each shard's builder salts its pseudonyms with the
    // inputs' checksums): no case is added here, so it needs no inputs of its own.
    const builder = new ReportBuilder([], reportOptions);
    const merger = new PartMerger(jobs, (part) => {
      tally.add(part.summary);
      if (spool === undefined || part.text === undefined) builder.addParts([part]);
      else {
        spool.append(part.text, caseSeparator(spool.count));
        builder.addWritten(part);
      }
    });
    const shards = await runShards(
      {
        inputs,
        policy: flags.policy,
        mapping: flags.mapping,
        asOf,
        strict: flags.strict === true,
        encoding: flags.encoding,
        delimiter: flags.delimiter,
        maxFieldBytes: flags.maxFieldBytes,
        maxEventsPerCase: flags.maxEventsPerCase,
        report: reportOptions,
        // JSON, the format of large batches, is written case by case where each case is audited.
        renderCases: format === 'json' ? 'json' : undefined,
        splitMinBytes: splitMinBytesOf(io.env),
      },
      jobs,
      { stdin: io.stdin, onProgress: progress?.update, onReadDone: progress?.done, policy, only: flags.case },
      { parts: (shard, batch) => merger.add(shard, batch), end: (shard) => merger.end(shard) },
    ).finally(() => progress?.done());
    if (!merger.done) throw new Error('audit: a shard ended with report parts not handed on');

    // After the audit: the calendar learns which years the deadlines reached, in every shard.
    for (const shard of shards) for (const year of shard.unverifiedYears) policy.calendar.unverifiedYears.add(year);
    const readNotes = settleNotes(shards);
    // Notes about cases that were not audited would only distract the reader of a one-case report.
    const selected = flags.case?.length ? new Set(flags.case) : undefined;
    const dataQuality: DataQualityNote[] = [
      ...(selected ? readNotes.filter((n) => n.caseId === undefined || selected.has(n.caseId)) : readNotes),
      ...calendarNotes(policy),
    ];

    const meta = { version: VERSION, asOf, policy, inputs: shards[0]!.inputs, dataQuality };
    let report: AuditReport;
    let content: string | Iterable<string | Uint8Array>;
    if (format === 'json') {
      // Produced a few cases at a time (the same text as formatJson).
      const rendered = builder.finishRendered(meta, tally);
      report = rendered.report;
      content = spool ? spooledJson(report, spool) : formatJsonChunks(report, rendered.caseTexts);
    } else {
      report = builder.finish(meta, tally);
      content = (await loadFormatter(format))(report, {
        colour: flags.output ? false : useColour(io, flags.color),
        width: (io.stdout as { columns?: number }).columns,
      });
    }

    if (flags.output) {
      await writeReportFile(flags.output, content, { inputs, cwd: io.cwd });
      io.stderr.write(`caseaudit: wrote ${flags.output} (${format}; ${report.summary.cases} cases, ${report.summary.findings} findings, as of ${formatDay(asOf)})\n`);
    } else if (typeof content === 'string') {
      io.stdout.write(content);
    } else {
      // A report piped to a slower program waits for it, instead of queueing whole in memory.
      for (const chunk of content) if (io.stdout.write(chunk as string) === false) await drained(io.stdout);
    }
    return exitStatus(report, flags.failOn);
  } finally {
    spool?.dispose();
  }
}

/**
 * CASEAUDIT_SPLIT_MIN_BYTES: the size from which a CSV file is split between threads (see
 * ReadPlan), for tests and benchmarks that split small files. The report is the same either way.
 */
function splitMinBytesOf(env: CliIO['env']): number | undefined {
  const value = env.CASEAUDIT_SPLIT_MIN_BYTES;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function exitStatus(report: AuditReport, failOn: Severity | 'none'): number {
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = SEVERITIES.slice(threshold).some((severity) => (report.summary.bySeverity[severity] ?? 0) > 0);
  return failing ? 1 : 0;
}
