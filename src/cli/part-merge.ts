import type { ReportPart } from '../report/build.js';
import { compareCaseIds } from '../report/summary.js';

/**
 * Puts the report parts of several shards back in report order as they arrive. Each shard makes
 * its parts in case order; a part is handed on once no shard can still send one before it (every
 * shard not yet finished has a part waiting). A large JSON report's cases can so be written out
 * during the audit instead of being held until its end.
 */
export class PartMerger {
  private readonly queues: ReportPart[][];
  private readonly heads: number[];
  private readonly finished: boolean[];

  constructor(
    shards: number,
    private readonly onPart: (part: ReportPart) => void,
  ) {
    this.queues = Array.from({ length: shards }, () => []);
    this.heads = new Array<number>(shards).fill(0);
    this.finished = new Array<boolean>(shards).fill(false);
  }

  add(shard: number, parts: readonly ReportPart[]): void {
    const queue = this.queues[shard]!;
    for (const part of parts) queue.push(part);
    this.drain();
  }

  /** The shard has sent its last part. */
  end(shard: number): void {
    this.finished[shard] = true;
    this.drain();
  }

  /** Whether every part has been handed on (every shard ended, nothing waiting). */
  get done(): boolean {
    return this.finished.every(Boolean) && this.queues.every((q, i) => this.heads[i] === q.length);
  }

  private drain(): void {
    for (;;) {
      let next = -1;
      for (let i = 0; i < this.queues.length; i++) {
        const queue = this.queues[i]!;
        if (this.heads[i] === queue.length) {
          if (!this.finished[i]) return; // this shard may still send an earlier case
          continue;
        }
        if (next === -1 || compareCaseIds(queue[this.heads[i]!]!.caseId, this.queues[next]![this.heads[next]!]!.caseId) < 0) next = i;
      }
      if (next === -1) return;
      const queue = this.queues[next]!;
      const part = queue[this.heads[next]!]!;
      this.heads[next]!++;
      // Let go of what was handed on: a long queue is compacted now and then.
      if (this.heads[next]! > 1024 && this.heads[next]! * 2 > queue.length) {
        queue.splice(0, this.heads[next]!);
        this.heads[next] = 0;
      }
      this.onPart(part);
    }
  }
}
