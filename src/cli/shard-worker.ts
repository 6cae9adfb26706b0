import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, runShard, type ShardJob, type ShardMessage } from './shards.js';

// A worker thread of a sharded audit (see runShards): one shard, one message back.
runShard(workerData as ShardJob).then(
  (result) => parentPort!.postMessage({ result } satisfies ShardMessage),
  (error: unknown) => parentPort!.postMessage(errorMessage(error)),
);
