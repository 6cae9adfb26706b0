import type { ReportPart } from '../../report/build.js';

/**
 * Report parts as they cross between threads: each case's text as it is, and everything else of
 * the batch as one JSON text. The structured clone walks every object it sends, and a batch's
 * summaries, findings and notes are tens of thousands of small ones: sent as text they cost a
 * worker a fraction of the time (the main thread, idle while the workers audit, parses them).
 */
export interface PackedParts {
  readonly texts: ReadonlyArray<string | null>;
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
