import { withExamples } from '../help.js';
import type { Command } from 'commander';
import { formatDay, todayInLondon } from '../../dates/london.js';
import { parseDay } from '../../dates/parse.js';
import { parseEncoding, readInputs, type Caseload } from '../../input/index.js';
import { DEFAULT_MAX_FIELD_BYTES } from '../../input/csv-errors.js';
import { checkEventsPerCase, DEFAULT_MAX_EVENTS_PER_CASE, parseMaxEventsPerCase, parseMaxFieldBytes } from '../../input/limits.js';
import { chooseMapping } from '../../input/mapping/index.js';
import { loadPolicyFile } from '../../policy/load.js';
import { buildTimeline } from '../../model/build-timeline.js';
import type { DataQualityNote } from '../../model/index.js';
import {
  caseListRow,
  caseTimeline,
  formatNotesSummary,
  formatTimelineReport,
  TIMELINE_FORMATS,
  type TimelineFormat,
  type TimelineReport,
} from '../../report/timeline.js';
import { UserError } from '../errors.js';
import { useColour, type CliIO } from '../io.js';
import type { CommandResult } from '../run.js';
import { VERSION } from '../version.js';

interface TimelineOptions {
  case?: string;
  format: string;
  asOf?: string;
  strict?: boolean;
  mapping?: string;
  policy?: string;
  encoding: string;
  delimiter?: string;
  debug?: boolean;
  color?: boolean;
  maxEventsPerCase: number;
  maxFieldBytes: number;
}

export function registerTimeline(program: Command, io: CliIO, result: CommandResult): void {
  const timeline = program.command('timeline');
  withExamples(timeline, [
    'caseaudit timeline samples/events.csv samples/cases.csv --case ASB-0007',
    'caseaudit timeline samples/events.csv samples/cases.csv            # every case, its state and dates',
    'caseaudit timeline export.csv --mapping ours.yaml --case 2024/0193 --format md > 2024-0193.md',
  ]);
  timeline
    .description("rebuild each case's timeline from the exports: one case's events in order (--case), or every case with its state")
    .argument('<inputs...>', 'case exports: CSV, JSON or NDJSON files, merged by case_id ("-" reads standard input)')
    .option('--case <id>', 'show this case\'s timeline')
    .option('--format <format>', `output format: ${TIMELINE_FORMATS.join(', ')}`, 'text')
    .option('--as-of <date>', 'the audit date, YYYY-MM-DD (default: today in Europe/London)')
    .option('--strict', 'an unusable row is an error, not a data-quality note')
    .option('-m, --mapping <file>', 'a mapping for a non-canonical export (YAML); wins over the policy\'s input: section')
    .option('-p, --policy <file>', 'read the exports with this policy\'s input: section (a mapping)')
    .option('--encoding <encoding>', 'input encoding: utf-8 or windows-1252', 'utf-8')
    .option('--delimiter <char>', 'CSV field delimiter (default ","; "tab" for tab-separated)')
    .option('--max-events-per-case <n>', 'refuse a case with more events than this (exit 2)', parseMaxEventsPerCase, DEFAULT_MAX_EVENTS_PER_CASE)
    .option('--max-field-bytes <n>', 'refuse a CSV field longer than this many bytes (exit 2)', parseMaxFieldBytes, DEFAULT_MAX_FIELD_BYTES)
    .option('--debug', 'print stack traces for errors')
    .option('--no-color', 'no colour, even on a terminal')
    .action(async (inputs: string[], options: TimelineOptions) => {
      const format = formatOption(options.format);
      const asOf = asOfOption(options.asOf, io);
      const encoding = parseEncoding(options.encoding);
      if (encoding === undefined) throw new UserError(`--encoding must be utf-8 or windows-1252 (got ${JSON.stringify(options.encoding)})`);
      // Only the policy's input: section matters here; its rules are audit's business.
      const policyInput = options.policy === undefined ? undefined : loadPolicyFile(options.policy).input;
      const mapping = chooseMapping(options.mapping, policyInput, { strict: options.strict });
      const caseload = await readInputs(inputs, { mapping, strict: options.strict, encoding, delimiter: options.delimiter, maxFieldBytes: options.maxFieldBytes, stdin: io.stdin });
      const shown = options.case === undefined ? caseload.cases.values() : [caseload.cases.get(options.case)].filter((c) => c !== undefined);
      checkEventsPerCase(shown, options.maxEventsPerCase);
      const report = timelineReport(caseload, asOf, options.case);
      io.stdout.write(formatTimelineReport(report, format, { colour: useColour(io, options.color) }));
      if (format !== 'json') io.stderr.write(formatNotesSummary(report.dataQuality));
      result.exitCode = 0;
    });
}

function formatOption(value: string): TimelineFormat {
  if ((TIMELINE_FORMATS as readonly string[]).includes(value)) return value as TimelineFormat;
  throw new UserError(`--format must be one of ${TIMELINE_FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
}

function asOfOption(value: string | undefined, io: CliIO): number {
  if (value === undefined) return todayInLondon(io.now?.());
  const day = parseDay(value);
  if (day === undefined) throw new UserError(`--as-of must be a date, YYYY-MM-DD (got ${JSON.stringify(value)})`);
  return day;
}

/** The report for one case (with its notes and the reader's notes about it) or for every case. */
export function timelineReport(caseload: Caseload, asOf: number, caseId: string | undefined): TimelineReport {
  const base = { schemaVersion: 1 as const, tool: { name: 'caseaudit' as const, version: VERSION }, asOf: formatDay(asOf), inputs: caseload.inputs };
  if (caseId !== undefined) {
    const input = caseload.cases.get(caseId);
    if (input === undefined) throw new UserError(unknownCaseMessage(caseId, [...caseload.cases.keys()]));
    const timeline = buildTimeline(input, asOf);
    // Notes about other cases are not this case's business; file-level notes (no case) are.
    const readerNotes = caseload.notes.filter((n) => n.caseId === undefined || n.caseId === caseId);
    return { ...base, case: caseTimeline(timeline), dataQuality: [...readerNotes, ...timeline.notes] };
  }
  const notes: DataQualityNote[] = [...caseload.notes];
  const ids = [...caseload.cases.keys()].sort();
  const cases = ids.map((id) => {
    const timeline = buildTimeline(caseload.cases.get(id)!, asOf);
    notes.push(...timeline.notes);
    return caseListRow(timeline);
  });
  return { ...base, cases, dataQuality: notes };
}

/** "no case ASB-9999 in the inputs; did you mean ASB-0999?" with up to three near spellings. */
export function unknownCaseMessage(caseId: string, known: readonly string[]): string {
  const wanted = caseId.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const near = known
    .map((id) => ({ id, distance: editDistance(wanted, id.toLowerCase(), limit) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((c) => c.id);
  if (near.length > 0) return `no case ${caseId} in the inputs; did you mean ${near.join(', ')}?`;
  return `no case ${caseId} in the inputs (${known.length} case(s) read)`;
}

/** Levenshtein distance, giving up (limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
