/**
 * Where each canonical column sits in a file's header, worked out once per file so a row is read
 * by index, never by looking names up.
 */

/** Case-record columns (SPEC 1.3) and the CaseRecord field each fills. */
export const CASE_COLUMNS = {
  reported_at: 'reportedAt',
  landlord: 'landlord',
  category: 'category',
  priority: 'priority',
  vulnerabilities: 'vulnerabilities',
  hate_motivated: 'hateMotivated',
  team: 'team',
  officer: 'officer',
  property_ref: 'propertyRef',
  alleged_perpetrator_ref: 'allegedPerpetratorRef',
} as const;
export type CaseColumn = keyof typeof CASE_COLUMNS;

export type FileKind = 'events' | 'cases';

export interface Layout {
  readonly kind: FileKind;
  readonly header: readonly string[];
  readonly caseId: number;
  readonly occurredAt: number;
  readonly type: number;
  readonly party: number;
  readonly direction: number;
  readonly channel: number;
  readonly outcome: number;
  readonly detail: number;
  readonly officer: number;
  readonly eventId: number;
  /** Case-record columns present, as [index, column]. On event rows `officer` is not one of them. */
  readonly caseColumns: readonly (readonly [number, CaseColumn])[];
  /** Every other named column, as [index, name]: attributes of the event (or of the case record). */
  readonly attributes: readonly (readonly [number, string])[];
}

const EVENT_FIELDS = new Set(['case_id', 'occurred_at', 'type', 'party', 'direction', 'channel', 'outcome', 'detail', 'officer', 'event_id']);

/**
 * Reads a header. A header with `case_id` and no `type` describes case records (SPEC 1.3);
 * otherwise the event columns `case_id`, `occurred_at` and `type` are required. `expected` fixes the
 * kind where the shape of the input already says it (JSON case objects and events). Returns the
 * missing required columns instead of a layout when some are absent.
 */
export function layoutFromHeader(rawHeader: readonly string[], expected?: FileKind): Layout | { missing: string[] } {
  const header = rawHeader.map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    // An unnamed column (a trailing delimiter) carries nothing; a repeated name keeps its first.
    if (name !== '' && !index.has(name)) index.set(name, i);
  });
  const at = (name: string) => index.get(name) ?? -1;
  const hasType = index.has('type');
  const kind: FileKind = expected ?? (index.has('case_id') && !hasType ? 'cases' : 'events');
  {
    const required = kind === 'events' ? ['case_id', 'occurred_at', 'type'] : ['case_id'];
    const missing = required.filter((c) => !index.has(c));
    if (missing.length > 0) return { missing };
  }
  const caseColumns: [number, CaseColumn][] = [];
  const attributes: [number, string][] = [];
  for (const [name, i] of index) {
    if (name === 'case_id') continue;
    // Own keys only: `in` would take a column named `constructor` or `toString` for a case column.
    if (Object.hasOwn(CASE_COLUMNS, name) && !(kind === 'events' && name === 'officer')) {
      caseColumns.push([i, name as CaseColumn]);
    } else if (kind === 'cases' || !EVENT_FIELDS.has(name)) {
      attributes.push([i, name]);
    }
  }
  return {
    kind,
    header,
    caseId: at('case_id'),
    occurredAt: kind === 'events' ? at('occurred_at') : -1,
    type: at('type'),
    party: kind === 'events' ? at('party') : -1,
    direction: kind === 'events' ? at('direction') : -1,
    channel: kind === 'events' ? at('channel') : -1,
    outcome: kind === 'events' ? at('outcome') : -1,
    detail: kind === 'events' ? at('detail') : -1,
    officer: kind === 'events' ? at('officer') : -1,
    eventId: kind === 'events' ? at('event_id') : -1,
    caseColumns,
    attributes,
  };
}
