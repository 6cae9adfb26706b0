import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const require = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;

/**
 * The yaml package, loaded when a YAML text is first read. An audit with the cached built-in
 * policy and no mapping reads none, and loading the package was a tenth of a small audit's time.
 * (Its build for Node is CommonJS, so this is the module an import would give.)
 */
export function yaml(): typeof Yaml {
  return (loaded ??= require('yaml') as typeof Yaml);
}
