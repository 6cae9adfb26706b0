// Part of the build: caches the built-in policy as loaded from its YAML (see default-cache.ts).
import { fileURLToPath } from 'node:url';
import { writeDefaultPolicyCache } from './default-cache.js';
import { DEFAULT_POLICY_NAME, DEFAULT_POLICY_URL, loadPolicyFile } from './load.js';

writeDefaultPolicyCache(loadPolicyFile(fileURLToPath(DEFAULT_POLICY_URL), DEFAULT_POLICY_NAME));
