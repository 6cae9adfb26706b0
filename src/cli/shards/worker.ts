import { parentPort, workerData } from 'node:worker_threads';
import type { PartRead, ReadProgress } from '../../input/index.js';
import { packParts, transferOf } from './pack.js';
import { takeOverPolicy } from '../../policy/handover.js';
import { runShard, type LocalShardIO, type PartExchange } from './run-shard.js';
import { errorMessage, type ShardMessage, type WorkerData } from './threads.js';

// A worker thread of a sharded audit (see runShards): one shard, its progress, one result back.
const { job, progress, policy } = workerData as WorkerData;
const post = (message: ShardMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(message, transfer);
const io: LocalShardIO = {
  ...(policy ? { policy: takeOverPolicy(policy) } : {}),
  onParts: (parts) => {
    const packed = packParts(parts);
    post({ parts: packed }, transferOf(packed));
  },
  ...(progress ? { onProgress: (p: ReadProgress) => post({ progress: p }), onReadDone: () => post({ readDone: true }) } : {}),
  exchange: (part: PartRead) => {
    // The main thread answers once every shard has read its part (see Exchange in threads.ts).
    const answer = new Promise<PartExchange>((resolve) => parentPort!.once('message', resolve));
    const portions = part.portions.map((p) => p?.portion ?? null);
    const transfer = part.portions.flatMap((p) => p?.transfer ?? []);
    post({ partRead: { inputs: part.inputs, endLines: part.endLines, unknownValues: part.unknownValues, portions } }, transfer);
    return answer;
  },
};
runShard(job, io).then(
  (result) => {
    const last = packParts(result.parts);
    post({ result: { ...result, parts: [] }, last }, transferOf(last));
  },
  (error: unknown) => post(errorMessage(error)),
);
