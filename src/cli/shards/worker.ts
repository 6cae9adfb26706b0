import { parentPort, workerData } from 'node:worker_threads';
import type { ReadProgress } from '../../input/index.js';
import { packParts } from './pack.js';
import { runShard, type LocalShardIO } from './run-shard.js';
import { errorMessage, type ShardMessage, type WorkerData } from './threads.js';

// A worker thread of a sharded audit (see runShards): one shard, its progress, one result back.
const { job, progress } = workerData as WorkerData;
const post = (message: ShardMessage) => parentPort!.postMessage(message);
const io: LocalShardIO = {
  onParts: (parts) => post({ parts: packParts(parts) }),
  ...(progress ? { onProgress: (p: ReadProgress) => post({ progress: p }), onReadDone: () => post({ readDone: true }) } : {}),
};
runShard(job, io).then(
  (result) => post({ result: { ...result, parts: [] }, last: packParts(result.parts) }),
  (error: unknown) => post(errorMessage(error)),
);
