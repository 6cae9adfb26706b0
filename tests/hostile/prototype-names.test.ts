import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/input/index.js';

describe('columns named like Object.prototype members', () => {
  it('constructor, toString and hasOwnProperty are event attributes like any other column, not lost', async () => {
    const caseload = await readInputs(['tests/fixtures/bad/prototype-names.csv']);
    const event = caseload.cases.get('ASB-0001')!.events[0]!;
    expect({ ...event.attributes }).toEqual({ constructor: 'c1', toString: 't1', hasOwnProperty: 'h1' });
    expect(caseload.cases.get('ASB-0001')!.record).toBeUndefined();
    expect(caseload.notes).toEqual([]);
  });
});

describe('prototype-names.csv through the whole audit', () => {
  it('audits in every format without an internal error', async () => {
    const { caseaudit } = await import('./cli.js');
    for (const format of ['text', 'json', 'csv', 'md', 'html']) {
      const r = await caseaudit(['audit', 'tests/fixtures/bad/prototype-names.csv', '--as-of', '2024-11-21', '--format', format]);
      expect(r.stderr, format).toBe('');
      expect(r.code, format).toBe(1);
    }
  });
});
