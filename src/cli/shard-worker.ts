import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, runShard, type ShardMessage, type WorkerData } from './shards.js';

// A worker thread of a sharded audit (see runShards): one shard, its progress, one result back.
const { job, progress } = workerData as WorkerData;
const post = (message: ShardMessage) => parentPort!.postMessage(message);
runShard(job, { onProgress: progress ? (p) => post({ progress: p }) : undefined }).then(
  (result) => post({ result }),
  (error: unknown) => post(errorMessage(error)),
);
