import type { ReportPart } from '../../report/build.js';

/**
 * Report parts as they cross between threads: each case's text as it is (or its UTF-8 bytes, see
 * CaseTextEncoder), and everything else of the batch as one JSON text. The structured clone walks
 * every object it sends, and a batch's summaries, findings and notes are tens of thousands of
 * small ones: sent as text they cost a worker a fraction of the time (the main thread, idle while
 * the workers audit, parses them).
 */
export interface PackedParts {
  readonly texts: ReadonlyArray<string | Uint8Array | null>;
  /** The parts less their texts; each case's applicable rules as an index into `ruleLists`. */
  readonly rest: string;
  /** The distinct lists of applicable rules (cases share a few dozen: one each would be 18 strings a case). */
  readonly ruleLists: ReadonlyArray<readonly string[]>;
}

export function packParts(parts: readonly ReportPart[]): PackedParts {
  const lists = new Map<readonly string[], number>();
  const listOf = (rules: readonly string[]): number => {
    let index = lists.get(rules);
    if (index === undefined) lists.set(rules, (index = lists.size));
    return index;
  };
  const rest = JSON.stringify(parts.map((p) => ({ ...p, text: undefined, summary: { ...p.summary, applicableRules: listOf(p.summary.applicableRules) } })));
  return { texts: parts.map((p) => p.text ?? null), rest, ruleLists: [...lists.keys()] };
}

/**
 * The memory under the packed parts' UTF-8 texts, for postMessage's transfer list: moved to the
 * other thread instead of copied (each once: a list that names a buffer twice is refused). The
 * texts are no longer readable on this side once posted.
 */
export function transferOf(packed: PackedParts): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const text of packed.texts) if (text !== null && typeof text !== 'string') buffers.add(text.buffer as ArrayBuffer);
  return [...buffers];
}

/**
 * Parts from packParts. `shared` keeps one list of applicable rules per distinct list across
 * batches (pass the same map for every batch of an audit).
 */
export function unpackParts(packed: PackedParts, shared = new Map<string, readonly string[]>()): ReportPart[] {
  const lists = packed.ruleLists.map((list) => {
    const key = list.join('\u0000');
    let kept = shared.get(key);
    if (kept === undefined) shared.set(key, (kept = list));
    return kept;
  });
  type Packed = { -readonly [K in keyof ReportPart]: ReportPart[K] } & { summary: { applicableRules: readonly string[] } };
  const parts = JSON.parse(packed.rest) as Packed[];
  parts.forEach((part, i) => {
    part.summary.applicableRules = lists[part.summary.applicableRules as unknown as number]!;
    const text = packed.texts[i];
    if (text !== null && text !== undefined) part.text = text;
  });
  return parts;
}

/** Bytes of the blocks case texts are encoded into. */
const BLOCK_BYTES = 1 << 20;

/**
 * Case texts encoded to UTF-8 as each case is written, into blocks of memory outside the
 * JavaScript heap. A case's text is a string of many joined pieces; kept as a string until its
 * batch of parts is posted, it survived the young generation's collections and was copied into
 * the old one (about a hundred megabytes per thread at a million events). As bytes, the string
 * dies young, its block crosses to the main thread without a copy (transferOf), and the main
 * thread writes it out without encoding it again.
 */
export class CaseTextEncoder {
  private block = Buffer.allocUnsafeSlow(0);
  private used = 0;

  encode(text: string): Uint8Array {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8. A block posted to another thread
    // is detached and reads as 0 bytes long: the next text starts a new block.
    const most = text.length * 3;
    if (this.block.length - this.used < most) {
      // Its own memory, never Node's shared pool: only a whole ArrayBuffer can be transferred.
      this.block = Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, most));
      this.used = 0;
    }
    const start = this.used;
    this.used += this.block.write(text, start, 'utf8');
    return new Uint8Array(this.block.buffer, start, this.used - start);
  }
}
