import { parentPort, workerData } from 'node:worker_threads';
import type { BuilderPortion, PartRead, ReadProgress } from '../../input/index.js';
import { packParts, transferOf } from './pack.js';
import { takeOverPolicy } from '../../policy/handover.js';
import { runShard, type LocalShardIO, type PartExchange } from './run-shard.js';
import { errorMessage, type PartVerdict, type ShardMessage, type WorkerData } from './threads.js';

// A worker thread of a sharded audit (see runShards): one shard, its progress, one result back.
const { job, progress, policy, peers } = workerData as WorkerData;
const post = (message: ShardMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(message, transfer);
const io: LocalShardIO = {
  ...(policy ? { policy: takeOverPolicy(policy) } : {}),
  onParts: (parts) => {
    const packed = packParts(parts);
    post({ parts: packed }, transferOf(packed));
  },
  ...(progress ? { onProgress: (p: ReadProgress) => post({ progress: p }), onReadDone: () => post({ readDone: true }) } : {}),
  exchange: async (part: PartRead): Promise<PartExchange> => {
    // Each other shard's portion goes to its thread; the main thread checks the parts join (see
    // Exchange in threads.ts) and answers once every shard has read its part.
    const ports = (peers ?? []).flatMap((port, shard) => (port === null ? [] : [{ port, shard }]));
    const received = ports.map(({ port }) => new Promise<BuilderPortion>((resolve) => port.once('message', resolve)));
    const verdict = new Promise<PartVerdict>((resolve) => parentPort!.once('message', resolve));
    for (const { port, shard } of ports) {
      const { portion, transfer } = part.portions[shard]!;
      port.postMessage(portion, transfer);
    }
    post({ partRead: { inputs: part.inputs, endLines: part.endLines, unknownValues: part.unknownValues } });
    const portions = await Promise.all(received);
    for (const { port } of ports) port.close();
    return { portions, inputs: (await verdict).inputs };
  },
};
runShard(job, io).then(
  (result) => {
    const last = packParts(result.parts);
    post({ result: { ...result, parts: [] }, last }, transferOf(last));
  },
  (error: unknown) => post(errorMessage(error)),
);
