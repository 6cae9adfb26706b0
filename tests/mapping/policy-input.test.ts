import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/policy/problems.js';
import { loadPolicy, loadPolicyFile } from '../../src/policy/load.js';
import { caseaudit, findingKeys } from './cli.js';

const ACTIONS = 'samples/exports/housing-system/asb-actions.csv';
const CASES = 'samples/exports/housing-system/asb-cases.csv';
const WITH_INPUT = 'tests/fixtures/mapping/policy-with-input.yaml';
const BAD_INPUT = 'tests/fixtures/mapping/policy-bad-input.yaml';
const REPORT = ['--as-of', '2024-11-21', '--format', 'json', '--fail-on', 'none'];

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message.split('\n');
  }
  throw new Error('the policy loaded');
}

describe('the mapping as the input: section of a policy', () => {
  it('audits the housing-system export with the findings of the preset given by --mapping', async () => {
    const preset = await caseaudit(['audit', ACTIONS, CASES, '--mapping', 'policies/mappings/housing-system.yaml', '--encoding', 'windows-1252', ...REPORT]);
    const fromPolicy = await caseaudit(['audit', ACTIONS, CASES, '--policy', WITH_INPUT, '--encoding', 'windows-1252', ...REPORT]);
    expect(fromPolicy.stderr).toBe('');
    expect(fromPolicy.code).toBe(0);
    const expected = findingKeys(preset.stdout);
    expect(expected).toHaveLength(38); // samples/README.md
    expect(findingKeys(fromPolicy.stdout)).toEqual(expected);
    // And the same as the canonical twin, read with no mapping at all.
    const canonical = await caseaudit(['audit', 'samples/events.csv', 'samples/cases.csv', '--policy', WITH_INPUT, ...REPORT]);
    expect(findingKeys(canonical.stdout)).toEqual(expected);
  });

  it('without the input: section the same export is not understood', async () => {
    const r = await caseaudit(['audit', ACTIONS, CASES, '--encoding', 'windows-1252', ...REPORT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the header has no');
  });

  it('--mapping wins over the policy\'s input: section', async () => {
    // The policy's section reads the housing-system export; the tracker needs its own preset.
    const tracker = ['samples/exports/tracker/asb-tracker.csv'];
    const withFlag = await caseaudit(['audit', ...tracker, '--policy', WITH_INPUT, '--mapping', 'policies/mappings/case-tracker.yaml', '--strict', ...REPORT]);
    expect(withFlag.stderr).toBe('');
    const twin = await caseaudit(['audit', 'samples/exports/tracker/twin-events.csv', 'samples/exports/tracker/twin-cases.csv', ...REPORT]);
    expect(findingKeys(withFlag.stdout)).toEqual(findingKeys(twin.stdout));
    const withoutFlag = await caseaudit(['audit', ...tracker, '--policy', WITH_INPUT, '--strict', ...REPORT]);
    expect(withoutFlag.code).toBe(2);
  });

  it('timeline reads the export through --policy\'s input: section', async () => {
    const t = await caseaudit(['timeline', ACTIONS, CASES, '--policy', WITH_INPUT, '--encoding', 'windows-1252', '--case', 'ASB-0008', '--format', 'json', '--as-of', '2024-11-21']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('upheld, £50 for time and trouble');
    const canonical = await caseaudit(['timeline', 'samples/events.csv', 'samples/cases.csv', '--case', 'ASB-0008', '--format', 'json', '--as-of', '2024-11-21']);
    const types = (json: string) => (JSON.parse(json) as { case: { events: { type: string }[] } }).case.events.map((e) => e.type);
    expect(types(t.stdout)).toEqual(types(canonical.stdout));
  });

  it('--help of audit and timeline says --mapping wins over input:', async () => {
    for (const command of ['audit', 'timeline']) {
      const r = await caseaudit([command, '--help']);
      expect(r.stdout.replace(/\s+/g, ' ')).toContain("wins over the policy's input: section");
    }
    expect((await caseaudit(['timeline', '--help'])).stdout).toContain('--policy <file>');
  });

  it('keeps the mapping with the policy, under the policy\'s name and hash', () => {
    const policy = loadPolicyFile(WITH_INPUT);
    expect(policy.input?.file).toBe(WITH_INPUT);
    expect(policy.input?.sha256).toBe(policy.sha256);
    expect(policy.input?.data.files).toHaveLength(2);
    expect(loadPolicyFile('policies/asb-default.yaml').input).toBeUndefined();
  });
});

describe('problems in the input: section', () => {
  it('are reported at their line and column in the policy file, under input', () => {
    expect(problemsOf(() => loadPolicyFile(BAD_INPUT))).toEqual([
      `${BAD_INPUT}:20:3 input.personel: unknown field \`personel\` (did you mean \`personal\`?)`,
      `${BAD_INPUT}:23:32 input.values["Action Type"]["Tel call to complainant"]: \`phone-call\` is not a canonical event type (see SPEC 1.2)`,
    ]);
  });

  it('stop audit with exit 2 before any input is read', async () => {
    const r = await caseaudit(['audit', 'no-such-export.csv', '--policy', BAD_INPUT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${BAD_INPUT}:20:3 input.personel`);
    expect(r.stderr).not.toContain('no-such-export');
  });

  it('come with the problems of the rest of the policy, in line order', () => {
    const text = readFileSync(BAD_INPUT, 'utf8').replace('severity: medium', 'severity: urgent');
    const problems = problemsOf(() => loadPolicy(text, 'p.yaml'));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^p\.yaml:7:15 rules\[0\]\.severity: /);
    expect(problems[1]).toMatch(/^p\.yaml:20:3 input\.personel/);
  });

  it('an input: that is not a map, and a misspelt input key, are named', () => {
    const base = 'name: P\nrules:\n  - { id: a, theme: communication, severity: low, clause: c, template: within, trigger: report, target: contact, limit: [{ working_days: 5 }] }\n';
    expect(problemsOf(() => loadPolicy(`${base}input: [a, b]\n`, 'p.yaml'))).toEqual(['p.yaml:4:8 input: expected a mapping (columns, values, dates, ...), found a list']);
    expect(problemsOf(() => loadPolicy(`${base}inptu:\n  dates: [iso]\n`, 'p.yaml'))[0]).toMatch(/^p\.yaml:4:1 .*inptu.*did you mean `input`/);
    // A files section with a bad pattern: the path has both the section and the key.
    expect(problemsOf(() => loadPolicy(`${base}input:\n  files:\n    - match: "*.csv"\n      values: { Type: { "/(/": report } }\n`, 'p.yaml'))[0]).toMatch(/^p\.yaml:7:\d+ input\.files\[0\]\.values\.Type\["\/\(\/"\]: invalid pattern/);
  });
});
