import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { Auditor } from '../engine/audit.js';
import { readShard, type InputSummary, type ReadNotesState, type ReadOptions, type ReadProgress, type Shard } from '../input/index.js';
import { checkEventsPerCase, TooManyEventsError } from '../input/limits.js';
import { chooseMapping } from '../input/mapping/index.js';
import { buildTimeline } from '../model/build-timeline.js';
import type { CaseInput } from '../model/index.js';
import { loadDefaultPolicy, loadPolicyFile } from '../policy/load.js';
import type { Policy } from '../policy/types.js';
import { ReportBuilder, type ReportOptions, type ReportPart } from '../report/build.js';
import { caseText } from '../report/formatters/json.js';
import { compareCaseIds } from '../report/summary.js';
import { UserError } from './errors.js';

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
  /** Write each case's part of a JSON report in the shard (see ReportBuilder.takeParts). */
  readonly renderCases?: 'json';
  readonly shard: Shard;
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
}

/** Reads the inputs, keeps the shard's cases, audits each and makes its part of the report. */
export async function runShard(job: ShardJob, io: LocalShardIO = {}): Promise<ShardResult> {
  const policy = io.policy ?? (job.policy ? loadPolicyFile(job.policy) : loadDefaultPolicy());
  const mapping = chooseMapping(job.mapping, policy.input, { strict: job.strict, redact: job.report.redact });
  const read = await readShard(
    job.inputs,
    {
      mapping,
      strict: job.strict,
      encoding: job.encoding,
      delimiter: job.delimiter,
      maxFieldBytes: job.maxFieldBytes,
      stdin: io.stdin,
      onProgress: io.onProgress,
    },
    job.shard,
  );
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
  const render = job.renderCases === 'json' ? caseText : undefined;
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

function* casesOf(cases: ReadonlyMap<string, CaseInput>, ids: readonly string[]): Iterable<CaseInput> {
  for (const id of ids) yield cases.get(id)!;
}

/** Cases whose report parts a worker posts at once. */
const PARTS_PER_BATCH = 2000;

/** Below this much input, a second thread costs more (its start, a second parse) than it saves. */
export const SHARDED_MIN_BYTES = 8 << 20;

/** At most this many threads by default: each parses every input, so more stop paying. */
const MAX_DEFAULT_JOBS = 4;

/**
 * How many threads share an audit: --jobs when given; otherwise one per core (up to four) for
 * inputs of SHARDED_MIN_BYTES or more. One whenever a split cannot give the same report:
 * standard input (read once), --strict (the first bad row must stop the read), --case.
 */
export function jobsFor(requested: number | undefined, inputs: readonly string[], flags: { strict?: boolean; cases?: readonly string[] }): number {
  if (inputs.includes('-') || flags.strict || flags.cases?.length) return 1;
  if (requested !== undefined) return requested;
  if (inputBytes(inputs) < SHARDED_MIN_BYTES) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_JOBS));
}

/**
 * A worker's young generation, where the garbage of reading (a string per field of every row)
 * dies. Measured at 1M events with two threads: 32 MB runs as fast as Node's default (48 MB) or
 * 64, 96 and 128 MB (what scavenges cost is the events that survive them, not how many there
 * are), and peaks 100 to 300 MB lower.
 */
const WORKER_YOUNG_GENERATION_MB = 32;

/**
 * How far V8 lets a worker's heap grow past what it held after its last full collection, in
 * percent, for inputs of CAPPED_GROWTH_MIN_BYTES or more. Left to itself V8 lets a heap of events
 * grow to several times that, so each of two threads holding two million events reserves memory
 * it never fills: capped at double, a 4M-event audit peaked at 2.5 to 2.8 GB instead of 3.1 to
 * 3.3, for up to a tenth more time. Below that size the cap costs more time than the memory is
 * worth (1M events: 9.0 s instead of 7.5). The flag is V8's, for the whole process: it is set
 * before the workers start, and only then.
 */
const HEAP_GROWING_PERCENT = 100;
const CAPPED_GROWTH_MIN_BYTES = 256 << 20;

function inputBytes(paths: readonly string[]): number {
  let bytes = 0;
  for (const path of paths) {
    try {
      bytes += statSync(path).size;
    } catch {
      // The read names the problem.
    }
  }
  return bytes;
}

/**
 * Runs an audit's shards, each in a worker thread, all at once (one shard: on this thread, with
 * no thread to start). Each shard reads every input and audits its own cases; shard 0 reports
 * the reading's progress. When shards fail, the error is the one a whole read would have met first.
 */
export async function runShards(job: Omit<ShardJob, 'shard'>, jobs: number, io: LocalShardIO, sink?: PartSink): Promise<ShardResult[]> {
  if (jobs === 1) {
    const result = await runShard({ ...job, shard: { index: 0, count: 1 } }, sink ? { ...io, onParts: (parts) => sink.parts(0, parts) } : io);
    return [sink ? handOver(result, 0, sink) : result];
  }
  if (inputBytes(job.inputs) >= CAPPED_GROWTH_MIN_BYTES) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const workers: Worker[] = [];
  const results: Array<Promise<ShardResult>> = [];
  for (let index = 0; index < jobs; index++) {
    const worker = new Worker(workerScript(), {
      workerData: { job: { ...job, shard: { index, count: jobs } } satisfies ShardJob, progress: index === 0 && (io.onProgress !== undefined || io.onReadDone !== undefined) },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    workers.push(worker);
    results.push(resultOf(worker, index, io, sink));
  }
  const settled = await Promise.allSettled(results);
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (errors.length > 0) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw firstError(errors);
  }
  return settled.map((s) => (s as PromiseFulfilledResult<ShardResult>).value);
}

/**
 * Where the shards' report parts go as they are made, batch by batch, in each shard's case order
 * (a PartMerger puts them in report order). Given one, runShards returns results without parts.
 */
export interface PartSink {
  parts(shard: number, parts: ReportPart[]): void;
  end(shard: number): void;
}

function handOver(result: ShardResult, shard: number, sink: PartSink): ShardResult {
  sink.parts(shard, result.parts);
  sink.end(shard);
  return { ...result, parts: [] };
}

/** What the main thread gives a worker. */
export interface WorkerData {
  readonly job: ShardJob;
  /** Whether to post the reading's progress. */
  readonly progress: boolean;
}

/**
 * Every shard reads every row, so a problem with a file is met by all of them alike; a case with
 * too many events is met by its own shard only, and the one read first is the one to name.
 */
function firstError(errors: readonly unknown[]): unknown {
  const tooMany = errors.filter((e): e is TooManyEventsError => e instanceof TooManyEventsError);
  if (tooMany.length > 0 && tooMany.length === errors.length) return tooMany.reduce((a, b) => (b.firstRow < a.firstRow ? b : a));
  return errors.find((e) => !(e instanceof TooManyEventsError));
}

/** What a worker posts: its result, or its error as plain data. */
export type ShardMessage =
  | { readonly progress: ReadProgress }
  | { readonly readDone: true }
  | { readonly parts: PackedParts }
  | { readonly result: ShardResult & { readonly parts: [] }; readonly last: PackedParts }
  | { readonly error: { readonly user: boolean; readonly message: string; readonly stack?: string; readonly firstRow?: number } };

function resultOf(worker: Worker, shard: number, io: LocalShardIO, sink: PartSink | undefined): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const parts: ReportPart[] = [];
    const ruleLists = new Map<string, readonly string[]>();
    worker.on('message', (message: ShardMessage) => {
      if ('progress' in message) return io.onProgress?.(message.progress);
      if ('readDone' in message) return io.onReadDone?.();
      if ('parts' in message) {
        const batch = unpackParts(message.parts, ruleLists);
        if (sink) sink.parts(shard, batch);
        else for (const part of batch) parts.push(part);
        return;
      }
      settled = true;
      if ('result' in message) {
        const result = { ...message.result, parts: unpackParts(message.last, ruleLists) };
        resolve(sink ? handOver(result, shard, sink) : { ...result, parts: [...parts, ...result.parts] });
      }
      else reject(errorFrom(message.error));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`an audit worker thread stopped (exit code ${code}) before it finished`));
    });
  });
}

function errorFrom(error: Extract<ShardMessage, { error: unknown }>['error']): Error {
  if (!error.user) {
    const made = new Error(error.message);
    if (error.stack !== undefined) made.stack = error.stack;
    return made;
  }
  return error.firstRow === undefined ? new UserError(error.message) : new TooManyEventsError(error.message, error.firstRow);
}

/**
 * Report parts as they cross between threads: each case's text as it is, and everything else of
 * the batch as one JSON text. The structured clone walks every object it sends, and a batch's
 * summaries, findings and notes are tens of thousands of small ones: sent as text they cost a
 * worker a fraction of the time (the main thread, idle while the workers audit, parses them).
 */
export interface PackedParts {
  readonly texts: ReadonlyArray<string | null>;
  /** The parts less their texts; each case's applicable rules as an index into `ruleLists`. */
  readonly rest: string;
  /** The distinct lists of applicable rules (cases share a few dozen: one each would be 18 strings a case). */
  readonly ruleLists: ReadonlyArray<readonly string[]>;
}

export function packParts(parts: readonly ReportPart[]): PackedParts {
  const lists = new Map<readonly string[], number>();
  const listOf = (rules: readonly string[]): number => {
    let index = lists.get(rules);
    if (index === undefined) lists.set(rules, (index = lists.size));
    return index;
  };
  const rest = JSON.stringify(parts.map((p) => ({ ...p, text: undefined, summary: { ...p.summary, applicableRules: listOf(p.summary.applicableRules) } })));
  return { texts: parts.map((p) => p.text ?? null), rest, ruleLists: [...lists.keys()] };
}

/**
 * Parts from packParts. `shared` keeps one list of applicable rules per distinct list across
 * batches (pass the same map for every batch of an audit).
 */
export function unpackParts(packed: PackedParts, shared = new Map<string, readonly string[]>()): ReportPart[] {
  const lists = packed.ruleLists.map((list) => {
    const key = list.join('\u0000');
    let kept = shared.get(key);
    if (kept === undefined) shared.set(key, (kept = list));
    return kept;
  });
  type Packed = { -readonly [K in keyof ReportPart]: ReportPart[K] } & { summary: { applicableRules: readonly string[] } };
  const parts = JSON.parse(packed.rest) as Packed[];
  parts.forEach((part, i) => {
    part.summary.applicableRules = lists[part.summary.applicableRules as unknown as number]!;
    const text = packed.texts[i];
    if (text !== null && text !== undefined) part.text = text;
  });
  return parts;
}

/** An error as a worker posts it (a UserError stays one on the other side). */
export function errorMessage(error: unknown): ShardMessage {
  if (error instanceof UserError) {
    return { error: { user: true, message: error.message, ...(error instanceof TooManyEventsError ? { firstRow: error.firstRow } : {}) } };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { error: { user: false, message: e.message, stack: e.stack } };
}

/**
 * The worker's entry: the compiled file beside this one. Under the test runner this module is
 * the TypeScript source, and the worker runs the build of it (`npm test` builds first).
 */
function workerScript(): URL {
  const here = new URL('./shard-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  return new URL(here.href.replace('/src/cli/', '/dist/cli/'));
}
