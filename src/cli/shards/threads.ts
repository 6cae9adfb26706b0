import { Worker } from 'node:worker_threads';
import type { ReadProgress } from '../../input/index.js';
import { TooManyEventsError } from '../../input/limits.js';
import type { ReportPart } from '../../report/build.js';
import { UserError } from '../errors.js';
import { unpackParts, type PackedParts } from './pack.js';
import { handOverPolicy, type PolicyHandover } from '../../policy/handover.js';
import { runShard, type LocalShardIO, type ShardJob, type ShardResult } from './run-shard.js';

/**
 * A worker's young generation, where the garbage of reading (a string per field of every row)
 * dies. Measured at 1M events with two threads: 32 MB runs as fast as Node's default (48 MB) or
 * 64, 96 and 128 MB (what scavenges cost is the events that survive them, not how many there
 * are), and peaks 100 to 300 MB lower.
 */
const WORKER_YOUNG_GENERATION_MB = 32;


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
  const policy = io.policy && handOverPolicy(io.policy);
  const workers: Worker[] = [];
  const results: Array<Promise<ShardResult>> = [];
  for (let index = 0; index < jobs; index++) {
    const worker = new Worker(workerScript(), {
      workerData: {
        job: { ...job, shard: { index, count: jobs } } satisfies ShardJob,
        progress: index === 0 && (io.onProgress !== undefined || io.onReadDone !== undefined),
        policy,
      } satisfies WorkerData,
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
  /** The policy the main thread loaded (without it, the worker loads the job's policy itself). */
  readonly policy?: PolicyHandover;
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
      reject(workerFailure(error));
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
 * A worker that died: out of memory is the user's to fix (a bigger heap, or the cases shared
 * among more threads), not an internal error; anything else is one.
 */
export function workerFailure(error: Error): Error {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  return new UserError(
    'the audit ran out of memory in one of its threads (the JavaScript heap limit): give Node more with ' +
      'NODE_OPTIONS=--max-old-space-size=8192 (megabytes), or share the cases among more threads with --jobs',
  );
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
  const here = new URL('./worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  return new URL(here.href.replace('/src/cli/', '/dist/cli/'));
}
