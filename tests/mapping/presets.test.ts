import { describe, expect, it } from 'vitest';
import { caseaudit, findingKeys } from './cli.js';

const AS_OF = ['--as-of', '2024-11-21', '--format', 'json', '--fail-on', 'none'];

describe('presets against their canonical twins', () => {
  it('the housing-system export (two Windows-1252 files) gives the findings of samples/events.csv and cases.csv', async () => {
    const canonical = await caseaudit(['audit', 'samples/events.csv', 'samples/cases.csv', ...AS_OF]);
    const mapped = await caseaudit([
      'audit', 'samples/exports/housing-system/asb-actions.csv', 'samples/exports/housing-system/asb-cases.csv',
      '--mapping', 'policies/mappings/housing-system.yaml', '--encoding', 'windows-1252', ...AS_OF,
    ]);
    expect(canonical.code).toBe(0);
    expect(mapped.stderr).toBe('');
    expect(mapped.code).toBe(0);
    const expected = findingKeys(canonical.stdout);
    expect(expected).toHaveLength(38); // samples/README.md
    expect(findingKeys(mapped.stdout)).toEqual(expected);
  });

  it('reads the housing-system export strictly: every value is mapped', async () => {
    const mapped = await caseaudit([
      'audit', 'samples/exports/housing-system/asb-actions.csv', 'samples/exports/housing-system/asb-cases.csv',
      '--mapping', 'policies/mappings/housing-system.yaml', '--encoding', 'windows-1252', '--strict', ...AS_OF,
    ]);
    expect(mapped.stderr).toBe('');
    expect(mapped.code).toBe(0);
  });

  it('the case-per-row tracker gives the findings of its canonical twin', async () => {
    const twin = await caseaudit(['audit', 'samples/exports/tracker/twin-events.csv', 'samples/exports/tracker/twin-cases.csv', ...AS_OF]);
    const mapped = await caseaudit(['audit', 'samples/exports/tracker/asb-tracker.csv', '--mapping', 'policies/mappings/case-tracker.yaml', '--strict', ...AS_OF]);
    expect(mapped.stderr).toBe('');
    const expected = findingKeys(twin.stdout);
    expect(expected.length).toBeGreaterThan(10);
    expect(findingKeys(mapped.stdout)).toEqual(expected);
  });
});
