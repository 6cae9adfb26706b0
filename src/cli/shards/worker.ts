import { parentPort, workerData } from 'node:worker_threads';
import type { ReadProgress } from '../../input/index.js';
import { packParts, transferOf, type PackedParts } from './pack.js';
import { takeOverPolicy } from '../../policy/handover.js';
import { runShard, type LocalShardIO } from './run-shard.js';
import { errorMessage, type ShardMessage, type WorkerData } from './threads.js';

// A worker thread of a sharded audit (see runShards): one shard, its progress, one result back.
const { job, progress, policy } = workerData as WorkerData;
const post = (message: ShardMessage, packed?: PackedParts) => parentPort!.postMessage(message, packed && transferOf(packed));
const io: LocalShardIO = {
  ...(policy ? { policy: takeOverPolicy(policy) } : {}),
  onParts: (parts) => {
    const packed = packParts(parts);
    post({ parts: packed }, packed);
  },
  ...(progress ? { onProgress: (p: ReadProgress) => post({ progress: p }), onReadDone: () => post({ readDone: true }) } : {}),
};
runShard(job, io).then(
  (result) => {
    const last = packParts(result.parts);
    post({ result: { ...result, parts: [] }, last }, last);
  },
  (error: unknown) => post(errorMessage(error)),
);
