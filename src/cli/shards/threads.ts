import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { snakeCase } from '../../input/caseload-builder.js';
import type { InputSummary, ReadPlan, ReadProgress } from '../../input/index.js';
import { planSplitRead, sha256OfFile } from './split-read.js';
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
 * no thread to start). Each shard audits its own cases. Large CSV files are split by byte range
 * (see ReadPlan): each shard reads its part of them and hands the rows of other shards' cases to
 * their threads; every other input is read whole by every shard, which keeps its own cases. When
 * a split read cannot give the read of one thread (a file whose quotes do not pair up, an error
 * met while reading), the audit starts again with every file read whole by every shard. When
 * shards fail, the error is the one a whole read would have met first.
 */
export async function runShards(job: Omit<ShardJob, 'shard'>, jobs: number, io: LocalShardIO, sink?: PartSink): Promise<ShardResult[]> {
  if (jobs === 1) {
    const result = await runShard({ ...job, shard: { index: 0, count: 1 } }, sink ? { ...io, onParts: (parts) => sink.parts(0, parts) } : io);
    return [sink ? handOver(result, 0, sink) : result];
  }
  const plan = await planSplitRead(job, jobs, io.policy);
  if (plan !== undefined) {
    splitReads.planned++;
    const results = await runThreads({ ...job, plan }, jobs, io, sink).catch((error: unknown) => {
      if (error instanceof SplitAbandoned) return undefined;
      throw error;
    });
    if (results !== undefined) return results;
    splitReads.abandoned++;
  }
  return runThreads(job, jobs, io, sink);
}

/** Reads split by byte range so far, and those abandoned for a whole read: for tests and profiling. */
const splitReads = { planned: 0, abandoned: 0 };
export function splitReadCounts(): { readonly planned: number; readonly abandoned: number } {
  return { ...splitReads };
}

/** A read split by byte range that cannot stand for the read of one thread: read again, whole. */
class SplitAbandoned extends Error {}

async function runThreads(job: Omit<ShardJob, 'shard'>, jobs: number, io: LocalShardIO, sink: PartSink | undefined): Promise<ShardResult[]> {
  const policy = io.policy && handOverPolicy(io.policy);
  const workers: Worker[] = [];
  const results: Array<Promise<ShardResult>> = [];
  const progress = new ProgressSum(io.onProgress);
  const exchange = job.plan && new Exchange(job.plan, workers);
  // A split read's shards hand each other their portions directly, not through this thread.
  const peers = exchange ? peerPorts(jobs) : undefined;
  for (let index = 0; index < jobs; index++) {
    const ports = peers?.[index];
    const worker = new Worker(workerScript(), {
      workerData: {
        job: { ...job, shard: { index, count: jobs } } satisfies ShardJob,
        // A split read's every shard reads part of the split files; shard 0 reads the others.
        progress: (index === 0 || exchange !== undefined) && (io.onProgress !== undefined || io.onReadDone !== undefined),
        policy,
        ...(ports ? { peers: ports } : {}),
      } satisfies WorkerData,
      transferList: ports?.filter((p): p is MessagePort => p !== null),
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    workers.push(worker);
    const result = resultOf(worker, index, { ...io, onProgress: (p) => progress.update(index, p) }, sink, exchange);
    // Until the parts are exchanged, any failure abandons a split read: the shards still reading
    // are stopped (they would wait for the others for ever), and the read starts again, whole.
    if (exchange !== undefined) result.catch(() => exchange.abandon());
    results.push(result);
  }
  const settled = await Promise.allSettled(results);
  if (exchange?.abandoned) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw new SplitAbandoned();
  }
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
  /** A split read: by shard, the port to that shard's thread (its own: null). */
  readonly peers?: ReadonlyArray<MessagePort | null>;
}

/** For each pair of shards, the two ends of one channel: by shard, its port to every other. */
function peerPorts(jobs: number): Array<Array<MessagePort | null>> {
  const ports = Array.from({ length: jobs }, () => new Array<MessagePort | null>(jobs).fill(null));
  for (let a = 0; a < jobs; a++) {
    for (let b = a + 1; b < jobs; b++) {
      const channel = new MessageChannel();
      ports[a]![b] = channel.port1;
      ports[b]![a] = channel.port2;
    }
  }
  return ports;
}

/**
 * Every shard reads every row (a split read that meets an error is read again so), so a problem
 * with a file is met by all of them alike; a case with too many events is met by its own shard
 * only, and the one read first is the one to name.
 */
function firstError(errors: readonly unknown[]): unknown {
  const tooMany = errors.filter((e): e is TooManyEventsError => e instanceof TooManyEventsError);
  if (tooMany.length > 0 && tooMany.length === errors.length) return tooMany.reduce((a, b) => (b.firstRow < a.firstRow ? b : a));
  return errors.find((e) => !(e instanceof TooManyEventsError));
}

/**
 * What a shard of a split read posts to the main thread once it has read its part (see PartRead);
 * its portions of the other shards' cases go to their threads directly.
 */
export interface PartMessage {
  readonly inputs: InputSummary[];
  readonly endLines: Array<number | undefined>;
  readonly unknownValues: string[][];
}

/** The main thread's answer to a shard of a split read: the parts join, and the inputs as one read counts them. */
export interface PartVerdict {
  readonly inputs: InputSummary[];
}

/** What a worker posts: its result, or its error as plain data. */
export type ShardMessage =
  | { readonly progress: ReadProgress }
  | { readonly readDone: true }
  | { readonly partRead: PartMessage }
  | { readonly parts: PackedParts }
  | { readonly result: ShardResult & { readonly parts: [] }; readonly last: PackedParts }
  | { readonly error: { readonly user: boolean; readonly message: string; readonly stack?: string; readonly firstRow?: number } };

function resultOf(worker: Worker, shard: number, io: LocalShardIO, sink: PartSink | undefined, exchange: Exchange | undefined): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const parts: ReportPart[] = [];
    const ruleLists = new Map<string, readonly string[]>();
    worker.on('message', (message: ShardMessage) => {
      if ('progress' in message) return io.onProgress?.(message.progress);
      if ('readDone' in message) return io.onReadDone?.();
      if ('partRead' in message) {
        if (exchange === undefined) return reject(new Error('a shard sent its part of a split read, but the read is not split'));
        return exchange.take(shard, message.partRead);
      }
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

/**
 * The exchange of a split read's parts: once every shard has read its part, the parts are checked
 * to be the read of one thread (each part ends on the line the next starts on; no two values
 * outside a vocabulary that one read would have taken as one), and each shard is told to go on
 * with the other shards' portions of its cases (which they sent it), and the inputs as the whole
 * read counts them.
 */
class Exchange {
  private readonly parts: PartMessage[] = [];
  private received = 0;
  done = false;
  abandoned = false;
  /** The checksums of the split files, taken while the shards read. */
  private readonly checksums: Promise<Array<string | undefined>>;

  constructor(
    private readonly plan: ReadPlan,
    private readonly workers: readonly Worker[],
  ) {
    this.checksums = Promise.all(plan.files.map((f) => (f.split ? sha256OfFile(f.path) : undefined)));
    // A failure here surfaces when the exchange awaits it; until then it must not go unhandled.
    this.checksums.catch(() => {});
  }

  take(shard: number, part: PartMessage): void {
    if (this.abandoned) return;
    this.parts[shard] = part;
    if (++this.received === this.workers.length) void this.settle();
  }

  abandon(): void {
    if (this.done || this.abandoned) return;
    this.abandoned = true;
    for (const worker of this.workers) void worker.terminate();
  }

  private async settle(): Promise<void> {
    let checksums: Array<string | undefined>;
    try {
      checksums = await this.checksums;
    } catch {
      return this.abandon();
    }
    if (this.abandoned) return;
    if (!this.partsJoin() || !sameSpellings(this.parts.map((p) => p.unknownValues.flat()))) return this.abandon();
    const inputs = this.plan.files.map((file, i): InputSummary => {
      if (file.split === undefined) return this.parts[0]!.inputs[i]!;
      return { file: file.path, sha256: checksums[i]!, rows: this.parts.reduce((n, p) => n + p.inputs[i]!.rows, 0) };
    });
    // A split file with no data rows (blank lines only) is noted by a whole read, not by its parts.
    if (inputs.some((input, i) => this.plan.files[i]!.split !== undefined && input.rows === 0)) return this.abandon();
    this.done = true;
    const verdict: PartVerdict = { inputs };
    for (const worker of this.workers) worker.postMessage(verdict);
  }

  /** Whether each part of each split file ended on the line the next part starts on. */
  private partsJoin(): boolean {
    return this.plan.files.every((file, i) => {
      const split = file.split;
      if (split === undefined) return true;
      for (let part = 0; part < this.parts.length - 1; part++) {
        if (this.parts[part]!.endLines[i] !== split.lines[part + 1]) return false;
      }
      return true;
    });
  }
}

/**
 * Whether values outside a vocabulary, met in separate parts of a read, are kept as one read
 * would keep them: a value is kept as first written, and a later spelling whose snake_case form is
 * an earlier value is taken as that value; with no such pair, the order they were met in does not
 * matter.
 */
export function sameSpellings(valuesByPart: readonly (readonly string[])[]): boolean {
  const all = new Set(valuesByPart.flat());
  for (const value of all) {
    const snake = snakeCase(value);
    if (snake !== value && all.has(snake)) return false;
  }
  return true;
}

/** The reading's progress, summed over the shards that report it (each reads its part of a file). */
class ProgressSum {
  private readonly bytes = new Map<string, number[]>();

  constructor(private readonly onProgress: LocalShardIO['onProgress']) {}

  update(shard: number, progress: ReadProgress): void {
    if (this.onProgress === undefined) return;
    let byShard = this.bytes.get(progress.file);
    if (byShard === undefined) this.bytes.set(progress.file, (byShard = []));
    byShard[shard] = progress.bytes;
    this.onProgress({ ...progress, bytes: byShard.reduce((n, b) => n + (b ?? 0), 0) });
  }
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
