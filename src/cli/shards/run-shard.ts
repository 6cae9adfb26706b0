import { Auditor } from '../../engine/audit.js';
import { readPart, readShard, type BuilderPortion, type InputSummary, type PartRead, type ReadNotesState, type ReadOptions, type ReadPlan, type Shard, type ShardRead } from '../../input/index.js';
import { checkEventsPerCase } from '../../input/limits.js';
import { chooseMapping } from '../../input/mapping/index.js';
import { buildTimeline } from '../../model/build-timeline.js';
import type { CaseInput } from '../../model/index.js';
import { loadDefaultPolicy, loadPolicyFile } from '../../policy/load.js';
import type { Policy } from '../../policy/types.js';
import { ReportBuilder, type ReportOptions, type ReportPart } from '../../report/build.js';
import { caseText } from '../../report/formatters/json.js';
import type { CaseReport } from '../../report/types.js';
import { compareCaseIds } from '../../report/summary.js';
import { UserError } from '../errors.js';
import { CaseTextEncoder } from './pack.js';

/**
 * An audit's reading and per-case work, for one shard of its cases: plain data, so that it can be
 * handed to a worker thread, which loads the policy and mapping itself from the same files.
 */
export interface ShardJob {
  readonly inputs: readonly string[];
  readonly policy?: string;
  readonly mapping?: string;
  readonly asOf: number;
  readonly strict: boolean;
  readonly encoding?: 'utf-8' | 'windows-1252';
  readonly delimiter?: string;
  readonly maxFieldBytes: number;
  readonly maxEventsPerCase: number;
  readonly report: ReportOptions;
  /** Cases whose report parts go to `onParts` at once (default PARTS_PER_BATCH). */
  readonly partsPerBatch?: number;
  /** Write each case's part of a JSON report in the shard, as UTF-8 (see CaseTextEncoder). */
  readonly renderCases?: 'json';
  readonly shard: Shard;
  /** A read split by byte range (see ReadPlan): this shard reads its part of each split file. */
  readonly plan?: ReadPlan;
  /** CSV files of this size or more are split between threads (default SPLIT_MIN_BYTES). */
  readonly splitMinBytes?: number;
}

/**
 * What a shard of a read split by byte range gets back for what it read (see readPart): every
 * other shard's portion of its own cases, and the inputs as the whole read counts them.
 */
export interface PartExchange {
  readonly portions: BuilderPortion[];
  readonly inputs: InputSummary[];
}

/** What a shard hands back: its cases' parts of the report, and what the read noted. */
export interface ShardResult {
  readonly inputs: InputSummary[];
  readonly notes: ReadNotesState;
  readonly cases: { readonly size: number };
  readonly duplicatesRemoved: number;
  readonly parts: ReportPart[];
  /** Years the shard's deadlines reached without a verified bank-holiday list. */
  readonly unverifiedYears: number[];
}

export interface LocalShardIO {
  readonly stdin?: ReadOptions['stdin'];
  readonly onProgress?: ReadOptions['onProgress'];
  /**
   * Takes the report's parts as they are made, a batch at a time (a worker posts them to the
   * main thread, so that neither holds them twice at the end); the result holds the rest.
   */
  readonly onParts?: (parts: ReportPart[]) => void;
  /** Called once the inputs are read (the audit of the cases follows): a progress bar ends there. */
  readonly onReadDone?: () => void;
  /** The policy already loaded (the main thread has it); a worker loads its own. */
  readonly policy?: Policy;
  /** --case: only these cases are audited (a whole read only; unknown ids are an error). */
  readonly only?: readonly string[];
  /** With a plan: hands this shard's part of the read over, and gets the other shards' back. */
  readonly exchange?: (part: PartRead) => Promise<PartExchange>;
}

/** Reads the inputs, keeps the shard's cases, audits each and makes its part of the report. */
export async function runShard(job: ShardJob, io: LocalShardIO = {}): Promise<ShardResult> {
  const policy = io.policy ?? (job.policy ? loadPolicyFile(job.policy) : loadDefaultPolicy());
  const mapping = chooseMapping(job.mapping, policy.input, { strict: job.strict, redact: job.report.redact });
  const options: ReadOptions = {
    mapping,
    strict: job.strict,
    encoding: job.encoding,
    delimiter: job.delimiter,
    maxFieldBytes: job.maxFieldBytes,
    stdin: io.stdin,
    onProgress: io.onProgress,
  };
  const read = job.plan ? await readSplit(job.plan, options, job.shard, io) : await readShard(job.inputs, options, job.shard);
  io.onReadDone?.();
  // In report order, so that the parts of several shards can be merged as they come (PartMerger).
  let ids = [...read.cases.keys()].sort(compareCaseIds);
  if (io.only?.length) {
    const unknown = io.only.filter((id) => !read.cases.has(id));
    if (unknown.length) throw new UserError(`no case ${unknown.join(', ')} in the inputs (${read.cases.size} cases read)`);
    ids = [...new Set(io.only)];
  }
  checkEventsPerCase(casesOf(read.cases, ids), job.maxEventsPerCase);

  const auditor = new Auditor(policy);
  const builder = new ReportBuilder(read.inputs, job.report);
  const size = read.cases.size;
  const encoder = job.renderCases === 'json' ? new CaseTextEncoder() : undefined;
  const render = encoder && ((report: CaseReport) => encoder.encode(caseText(report)));
  const batch = job.partsPerBatch ?? PARTS_PER_BATCH;
  let made = 0;
  for (const id of ids) {
    // Each case is let go once its part of the report is made (nothing else holds its events):
    // memory holds the report, not the whole caseload.
    const input = read.cases.get(id)!;
    read.cases.delete(id);
    builder.add(auditor.auditCase(buildTimeline(input, job.asOf)), render);
    if (io.onParts !== undefined && ++made % batch === 0) io.onParts(builder.takeParts());
  }
  return {
    inputs: read.inputs,
    notes: read.notes,
    cases: { size },
    duplicatesRemoved: read.duplicatesRemoved,
    parts: builder.takeParts(),
    unverifiedYears: [...policy.calendar.unverifiedYears],
  };
}

/** This shard's part of a read split by byte range, completed by what the other shards read of its cases. */
async function readSplit(plan: ReadPlan, options: ReadOptions, shard: Shard, io: LocalShardIO): Promise<ShardRead> {
  if (io.exchange === undefined) throw new Error('a read split by byte range needs the other shards (exchange)');
  const part = await readPart(plan, options, shard);
  const { portions, inputs } = await io.exchange(part);
  for (const portion of portions) part.own.absorb(portion);
  return part.own.finish(inputs);
}

function* casesOf(cases: ReadonlyMap<string, CaseInput>, ids: readonly string[]): Iterable<CaseInput> {
  for (const id of ids) yield cases.get(id)!;
}

/** Cases whose report parts a worker posts at once. */
const PARTS_PER_BATCH = 2000;
