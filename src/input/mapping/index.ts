import type { RowMapping } from '../types.js';
import { rowMapping, type MappingOptions } from './compile.js';
import { loadMappingFile } from './load.js';

export { loadMapping, loadMappingFile, type Mapping } from './load.js';
export { rowMapping, sectionFor, type MappingOptions } from './compile.js';

/** `--mapping FILE` as the readers take it: loaded, validated (every problem at once) and compiled. */
export function mappingFromFile(path: string | undefined, options: MappingOptions): RowMapping | undefined {
  return path === undefined ? undefined : rowMapping(loadMappingFile(path), options);
}
