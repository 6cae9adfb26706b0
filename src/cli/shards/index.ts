// An audit shared between threads by case (issue 6): one shard's work (run-shard), how many
// threads (jobs), the threads and what crosses between them (threads, pack), the worker's entry
// (worker). See runShards.
export { jobsFor, SHARDED_MIN_BYTES } from './jobs.js';
export { packParts, unpackParts, type PackedParts } from './pack.js';
export { runShard, type LocalShardIO, type ShardJob, type ShardResult } from './run-shard.js';
export { runShards, splitReadCounts, workerFailure, type PartSink } from './threads.js';
