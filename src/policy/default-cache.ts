import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { handOverPolicy, takeOverPolicy, type PolicyHandover } from './handover.js';
import type { Policy } from './types.js';

/**
 * The built-in policy as loaded, written beside the build by `npm run build`. Parsing the YAML
 * (keeping every node's position) and validating every rule was about a fifth of a small audit's
 * time, paid by every run of a script that audits one case at a time; the cache gives the same
 * policy back in a millisecond.
 */
export const DEFAULT_POLICY_CACHE_URL = new URL('./asb-default.policy.bin', import.meta.url);

interface CachedPolicy {
  /** V8's serialization is Node's own: another Node loads the YAML instead. */
  readonly node: string;
  readonly handover: PolicyHandover;
}

/**
 * The cached default policy, if it was made from exactly this YAML text (its SHA-256, which the
 * policy carries) by this Node; otherwise undefined, and the caller loads the YAML as ever.
 */
export function cachedDefaultPolicy(yamlText: string, cache: URL = DEFAULT_POLICY_CACHE_URL): Policy | undefined {
  let cached: CachedPolicy;
  try {
    cached = deserialize(readFileSync(cache)) as CachedPolicy;
  } catch {
    return undefined;
  }
  if (cached?.node !== process.version || cached.handover?.policy?.sha256 !== sha256(yamlText)) return undefined;
  return takeOverPolicy(cached.handover);
}

/** Writes the cache of a policy loaded from its YAML (atomically: a reader never sees half a file). */
export function writeDefaultPolicyCache(policy: Policy, cache: URL = DEFAULT_POLICY_CACHE_URL): boolean {
  const handover = handOverPolicy(policy);
  const path = fileURLToPath(cache);
  if (handover === undefined) {
    rmSync(path, { force: true });
    return false;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize({ node: process.version, handover } satisfies CachedPolicy));
  renameSync(temporary, path);
  return true;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
