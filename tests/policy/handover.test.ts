import { describe, expect, it } from 'vitest';
import { handOverPolicy, takeOverPolicy } from '../../src/policy/handover.js';
import { parseDay } from '../../src/dates/parse.js';
import { loadDefaultPolicy, loadPolicyFile } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import { caseaudit } from '../helpers/cli.js';

/** What a worker thread gets: the hand-over through a structured clone, as workerData crosses. */
const acrossThreads = (policy: Policy) => takeOverPolicy(structuredClone(handOverPolicy(policy)!));

describe('a loaded policy handed to worker threads instead of loaded again in each', () => {
  it.each([
    ['the default policy', () => loadDefaultPolicy()],
    ['a policy with closure days, conditions and its own keyword lists', () => loadPolicyFile('tests/fixtures/policy/valid.yaml')],
    ['a policy with an input: section (a mapping)', () => loadPolicyFile('tests/fixtures/mapping/policy-with-input.yaml')],
  ])('%s arrives as the same policy', (_name, load) => {
    const policy = load();
    const taken = acrossThreads(policy);
    expect(taken).toStrictEqual(policy);
    expect(taken.calendar).not.toBe(policy.calendar);
    // A working calendar of its own, with the policy's closure days.
    for (const day of [parseDay('2024-12-27')!, parseDay('2024-12-30')!, parseDay('2024-12-31')!, parseDay('2024-12-25')!]) {
      expect(taken.calendar.nonWorkingReason(day)).toBe(policy.calendar.nonWorkingReason(day));
    }
    expect(taken.calendar.addWorkingDays(parseDay('2024-12-20')!, 5)).toBe(policy.calendar.addWorkingDays(parseDay('2024-12-20')!, 5));
  });

  it('the closure days do cross: 30 December 2024 is "Office closed" on the other side', () => {
    const taken = acrossThreads(loadPolicyFile('tests/fixtures/policy/valid.yaml'));
    expect(taken.calendar.nonWorkingReason(parseDay('2024-12-30')!)).toBe('Office closed');
    expect(taken.calendar.isWorkingDay(parseDay('2024-12-27')!)).toBe(false);
  });

  it('a policy with a part that cannot cross between threads is not handed over (the worker loads it)', () => {
    const policy = loadDefaultPolicy();
    const odd = { ...policy, rules: [{ ...policy.rules[0]!, options: { check: () => true } }, ...policy.rules.slice(1)] } as Policy;
    expect(handOverPolicy(odd)).toBeUndefined();
    expect(handOverPolicy(policy)).toBeDefined();
  });

  it('an audit with a custom policy gives the same report on one thread and on two', async () => {
    const args = ['audit', 'tests/fixtures/shards/events.csv', 'tests/fixtures/shards/cases.csv', '--as-of', '2025-01-10', '--format', 'json', '--policy', 'tests/fixtures/policy/valid.yaml'];
    const one = await caseaudit([...args, '--jobs', '1']);
    const two = await caseaudit([...args, '--jobs', '2']);
    expect(one.stderr).toBe(two.stderr);
    expect(one.code).toBe(two.code);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).policy.file).toBe('tests/fixtures/policy/valid.yaml');
  });
});
