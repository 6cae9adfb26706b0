import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { planRead, type ReadPlan } from '../../input/index.js';
import type { Policy } from '../../policy/types.js';
import type { ShardJob } from './run-shard.js';

/**
 * The plan of a read split by byte range between `jobs` threads (see ReadPlan), or undefined when
 * the read is not split: a mapping (it may turn one row into several, of several cases), standard
 * input, --strict (its first bad row must stop the read), a policy only the workers load, or no
 * CSV file large enough to split.
 */
export async function planSplitRead(job: Omit<ShardJob, 'shard'>, jobs: number, policy: Policy | undefined): Promise<ReadPlan | undefined> {
  if (job.plan !== undefined || job.mapping !== undefined || policy === undefined || policy.input !== undefined || job.strict) return undefined;
  if (job.inputs.includes('-')) return undefined;
  const sizes: number[] = [];
  for (const path of job.inputs) {
    try {
      const stats = statSync(path);
      if (!stats.isFile()) return undefined;
      sizes.push(stats.size);
    } catch {
      // The read names the problem.
      return undefined;
    }
  }
  const plan = await planRead(job.inputs, sizes, jobs, job.splitMinBytes).catch(() => undefined);
  return plan?.files.some((f) => f.split !== undefined) ? plan : undefined;
}

/** A file's SHA-256, as the read of one thread takes it (the split read's shards take none). */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
