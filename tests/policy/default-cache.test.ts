import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedDefaultPolicy, writeDefaultPolicyCache } from '../../src/policy/default-cache.js';
import { handOverPolicy } from '../../src/policy/handover.js';
import { DEFAULT_POLICY_NAME, DEFAULT_POLICY_URL, loadPolicy, loadPolicyFile } from '../../src/policy/load.js';
import { parseDay } from '../../src/dates/parse.js';

/**
 * The build caches the built-in policy as loaded (src/policy/default-cache.ts); an audit takes the
 * cache only when it was made from the very YAML the package holds, by the same Node.
 */
const work = mkdtempSync(join(tmpdir(), 'caseaudit-policy-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const yaml = readFileSync(fileURLToPath(DEFAULT_POLICY_URL), 'utf8');
const parsed = () => loadPolicyFile(fileURLToPath(DEFAULT_POLICY_URL), DEFAULT_POLICY_NAME);
const cacheAt = (name: string) => pathToFileURL(join(work, name));

describe('the cache of the built-in policy', () => {
  it('gives back the policy the YAML loads to, prototypes, calendar and all', () => {
    const cache = cacheAt('fresh.bin');
    expect(writeDefaultPolicyCache(parsed(), cache)).toBe(true);
    const cached = cachedDefaultPolicy(yaml, cache)!;
    expect(cached).toBeDefined();
    const policy = parsed();
    expect(cached).toStrictEqual(policy);
    for (const day of ['2024-12-25', '2024-12-26', '2024-12-27', '2025-08-25', '2025-08-26']) {
      expect(cached.calendar.nonWorkingReason(parseDay(day)!)).toBe(policy.calendar.nonWorkingReason(parseDay(day)!));
    }
    expect(cached.calendar.addWorkingDays(parseDay('2024-12-20')!, 10)).toBe(policy.calendar.addWorkingDays(parseDay('2024-12-20')!, 10));
  });

  it('is not used for a YAML text that differs by one character (a policy edited in place)', () => {
    const cache = cacheAt('edited.bin');
    writeDefaultPolicyCache(parsed(), cache);
    const edited = yaml.replace('working_days: 1', 'working_days: 2');
    expect(edited).not.toBe(yaml);
    expect(cachedDefaultPolicy(edited, cache)).toBeUndefined();
    expect(cachedDefaultPolicy(yaml, cache)).toBeDefined();
  });

  it('is not used when it was made by another Node, is damaged, or is missing', () => {
    const other = cacheAt('other-node.bin');
    writeFileSync(fileURLToPath(other), serialize({ node: 'v18.0.0', handover: handOverPolicy(parsed()) }));
    expect(cachedDefaultPolicy(yaml, other)).toBeUndefined();
    const damaged = cacheAt('damaged.bin');
    writeDefaultPolicyCache(parsed(), damaged);
    const bytes = readFileSync(fileURLToPath(damaged));
    writeFileSync(fileURLToPath(damaged), bytes.subarray(0, bytes.length >> 1));
    expect(cachedDefaultPolicy(yaml, damaged)).toBeUndefined();
    expect(cachedDefaultPolicy(yaml, cacheAt('missing.bin'))).toBeUndefined();
  });

  it('is not written for a policy that cannot be serialized, and an old cache is removed', () => {
    const cache = cacheAt('unserializable.bin');
    writeDefaultPolicyCache(parsed(), cache);
    const policy = parsed();
    const odd = { ...policy, rules: [{ ...policy.rules[0]!, options: { check: () => true } }, ...policy.rules.slice(1)] };
    expect(writeDefaultPolicyCache(odd, cache)).toBe(false);
    expect(existsSync(fileURLToPath(cache))).toBe(false);
  });

  it('is part of the build, and matches the YAML the package ships', () => {
    const built = new URL('../../dist/policy/asb-default.policy.bin', import.meta.url);
    expect(existsSync(fileURLToPath(built))).toBe(true);
    expect(cachedDefaultPolicy(yaml, built)).toStrictEqual(loadPolicy(yaml, DEFAULT_POLICY_NAME));
  });

  it('spares an audit with the built-in policy loading the yaml package at all', () => {
    // NODE_DEBUG=module names every CommonJS module Node loads; yaml's build for Node is one.
    const audit = (...extra: string[]) =>
      spawnSync(process.execPath, ['bin/caseaudit.js', 'audit', 'samples/events.csv', 'samples/cases.csv', '--as-of', '2024-11-21', '--format', 'json', ...extra], {
        env: { ...process.env, NODE_DEBUG: 'module' },
        encoding: 'utf8',
      });
    const builtIn = audit();
    const named = audit('--policy', 'policies/asb-default.yaml');
    expect(builtIn.status).toBe(1);
    expect(builtIn.stderr).not.toMatch(/node_modules[\\/]yaml[\\/]/);
    expect(named.stderr).toMatch(/node_modules[\\/]yaml[\\/]/);
    // The same findings either way (the report names the policy file differently).
    const findings = (stdout: string) => (JSON.parse(stdout) as { cases: { findings: { fingerprint: string }[] }[] }).cases.flatMap((c) => c.findings.map((f) => f.fingerprint));
    expect(findings(builtIn.stdout)).toEqual(findings(named.stdout));
    expect(findings(builtIn.stdout).length).toBe(38);
  });
});
