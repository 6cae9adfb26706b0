import type { RowMapping } from '../types.js';
import { rowMapping, type MappingOptions } from './compile.js';
import { loadMappingFile, type Mapping } from './load.js';

export { checkMappingData, loadMapping, loadMappingFile, type Mapping } from './load.js';
export { rowMapping, sectionFor, type MappingOptions } from './compile.js';

/** `--mapping FILE` as the readers take it: loaded, validated (every problem at once) and compiled. */
export function mappingFromFile(path: string | undefined, options: MappingOptions): RowMapping | undefined {
  return path === undefined ? undefined : rowMapping(loadMappingFile(path), options);
}

/** The mapping a read uses: `--mapping FILE` when given, else the policy's `input:` section, else none. */
export function chooseMapping(path: string | undefined, policyInput: Mapping | undefined, options: MappingOptions): RowMapping | undefined {
  if (path !== undefined) return mappingFromFile(path, options);
  return policyInput === undefined ? undefined : rowMapping(policyInput, options);
}
