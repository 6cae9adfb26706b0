import { CATEGORIES, PRIORITIES } from '../../model/case.js';
import { CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, EVENT_COLUMNS, EVENT_TYPES, PARTIES } from '../../model/event.js';
import { CASE_COLUMNS } from '../layout.js';

/** The canonical names and values a mapping maps onto (SPEC 1.1 to 1.3). */

/** Fields whose values are a closed list: a mapping's targets must be one of them. */
export const VOCABULARIES: Readonly<Record<string, readonly string[]>> = {
  type: EVENT_TYPES,
  party: PARTIES,
  direction: DIRECTIONS,
  channel: CHANNELS,
  outcome: CONTACT_OUTCOMES,
  category: CATEGORIES,
  priority: PRIORITIES,
  hate_motivated: ['true', 'false'],
};

/** Attributes the templates read (SPEC 1.2), named here so a misspelling of one is caught. */
export const KNOWN_ATTRIBUTES = ['frequency_days', 'stage', 'extension_days', 'risk_score', 'risk_level', 'action_kind', 'closure_reason'] as const;

export const CANONICAL_COLUMNS: readonly string[] = [...EVENT_COLUMNS, ...Object.keys(CASE_COLUMNS), ...KNOWN_ATTRIBUTES];

/** The columns holding dates, which a mapping's date formats convert. */
export const DATE_COLUMNS = new Set(['occurred_at', 'reported_at']);

/** Whether a value already reads as canonical for its field the way the readers spell-correct it (`Third Party In`). */
export function isCanonicalValue(field: string, value: string): boolean {
  const vocabulary = VOCABULARIES[field];
  if (vocabulary === undefined) return true;
  return vocabulary.includes(value.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}
