import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { yaml } from '../../policy/yaml-package.js';
import { UserError } from '../../cli/errors.js';
import { placeProblems } from '../../policy/load.js';
import { PolicyError, suggestion, type PolicyProblem } from '../../policy/problems.js';
import { problemsFromIssues, type PathProblem } from '../../policy/zod-issues.js';
import { dateReader } from './dates.js';
import { mappingFileSchema, type MappingFile } from './schema.js';
import { patternOf } from './values.js';
import { CANONICAL_COLUMNS, VOCABULARIES } from './vocabulary.js';
import { didYouMean } from '../../policy/problems.js';
import { MAX_YAML_DEPTH, yamlNestedDeeperThan, yamlTooDeepMessage } from '../../policy/yaml-depth.js';

/** Mappings are a few kilobytes; anything this big is the wrong file. */
const MAX_MAPPING_BYTES = 1024 * 1024;
/** As for policies: enough for shared value lists, too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

/** A mapping file, validated: what compile.ts turns into a RowMapping. */
export interface Mapping {
  readonly file: string;
  readonly sha256: string;
  readonly data: MappingFile;
}

type Key = string | number;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys of the top level that may stand beside `files` (inherited by every file's section). */
const SHARED_KEYS = new Set(['name', 'description', 'files', 'dates', 'personal']);

/**
 * Parses and validates a mapping; `file` is the name messages use. Every problem (YAML syntax,
 * unknown keys, canonical values that do not exist, bad patterns and date formats) is collected
 * and thrown at once, each with its line and column, as for policies.
 */
export function loadMapping(text: string, file: string): Mapping {
  const problemAt = (line: number, column: number, message: string): PolicyProblem => ({ file, line, column, path: '', message });
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const source = text.replace(/^\uFEFF/, '');
  const tooDeep = yamlNestedDeeperThan(source, MAX_YAML_DEPTH);
  if (tooDeep !== undefined) throw new PolicyError([problemAt(tooDeep.line, tooDeep.column, yamlTooDeepMessage(MAX_YAML_DEPTH, 'mapping'))]);
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return problemAt(line, col, `YAML syntax: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
    }));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof RangeError) throw new PolicyError([problemAt(1, 1, yamlTooDeepMessage(MAX_YAML_DEPTH, 'mapping'))]);
    throw new PolicyError([problemAt(1, 1, `YAML aliases expand to too much data (${(error as Error).message.toLowerCase()}); write the lists out instead`)]);
  }
  if (!isRecord(data)) throw new PolicyError([problemAt(1, 1, `expected a map (columns, values, dates, ...), found ${describeNonMap(data)}`)]);

  const { problems, parsed } = checkMappingData(data, []);
  if (problems.length > 0) {
    throw new PolicyError(placeProblems(file, doc, lines, problems));
  }
  return { file, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), data: parsed! };
}

export function describeNonMap(data: unknown): string {
  return data == null ? 'an empty file' : Array.isArray(data) ? 'a list' : JSON.stringify(data);
}

/**
 * Every problem of a mapping's data (shape, then meaning), each with its key path under `base`:
 * [] for a mapping file, ['input'] for the `input:` section of a policy, so each lands on its
 * line and column in whichever file holds it. `parsed` is the validated mapping when there are none.
 */
export function checkMappingData(data: Record<string, unknown>, base: Key[]): { problems: PathProblem[]; parsed: MappingFile | undefined } {
  const problems: PathProblem[] = [];
  const parsed = mappingFileSchema.safeParse(data);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, mappingFileSchema, data));
  if (Array.isArray(data.files)) {
    for (const key of Object.keys(data)) {
      if (!SHARED_KEYS.has(key)) problems.push({ path: [key], at: 'key', message: `with \`files\`, \`${key}\` belongs in each file's section (only name, description, dates and personal are shared)` });
    }
    data.files.forEach((section: unknown, i: number) => isRecord(section) && checkSection(section, ['files', i], problems));
  }
  checkSection(data, [], problems);
  const placed = base.length === 0 ? problems : problems.map((p) => ({ ...p, path: [...base, ...p.path] }));
  return { problems: placed, parsed: placed.length === 0 && parsed.success ? parsed.data : undefined };
}

/** Reads and loads a mapping file; `shownAs` is the name messages use. */
export function loadMappingFile(path: string, shownAs: string = path): Mapping {
  let text: string;
  try {
    if (statSync(path).size > MAX_MAPPING_BYTES) throw new UserError(`${shownAs}: the file is larger than ${MAX_MAPPING_BYTES / 1048576} MB; is this the mapping?`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UserError(`cannot read mapping ${shownAs}: ${why}`);
  }
  return loadMapping(text, shownAs);
}

/**
 * What the schema cannot say: canonical names and values that do not exist, patterns that do not
 * compile, date formats that are not formats. Reads the raw data, so it runs even when the shape
 * has problems elsewhere.
 */
function checkSection(section: Record<string, unknown>, base: Key[], problems: PathProblem[]): void {
  const at = (path: Key[], message: string, where: PathProblem['at'] = 'value') => void problems.push({ path: [...base, ...path], at: where, message });
  const columns = isRecord(section.columns) ? section.columns : {};
  const renamedTo = new Map<string, string>();
  for (const [source, target] of Object.entries(columns)) {
    if (typeof target !== 'string') continue;
    checkColumnName(target, ['columns', source], at);
    const earlier = renamedTo.get(target);
    if (earlier !== undefined && target !== '') at(['columns', source], `\`${earlier}\` is already mapped to \`${target}\`; one column per canonical field`);
    else renamedTo.set(target, source);
  }
  const fieldOf = (name: string) => (typeof columns[name] === 'string' ? (columns[name] as string) : name);

  if (isRecord(section.values)) {
    for (const [column, entries] of Object.entries(section.values)) {
      if (!isRecord(entries)) continue;
      const field = fieldOf(column);
      const seen = new Map<string, string>();
      for (const [key, target] of Object.entries(entries)) {
        const path = ['values', column, key];
        try {
          if (patternOf(key) === undefined) {
            const lower = key.trim().toLowerCase();
            const first = seen.get(lower);
            if (first !== undefined) at(path, `${JSON.stringify(key)} repeats ${JSON.stringify(first)} (values are matched ignoring case)`, 'key');
            else seen.set(lower, key);
          }
        } catch (error) {
          at(path, `invalid pattern ${key}: ${(error as Error).message}`, 'key');
        }
        if (typeof target === 'string') checkValue(field, target, path, at);
        else if (isRecord(target)) {
          for (const [name, value] of Object.entries(target)) {
            checkColumnName(name, [...path, name], at, 'key');
            if (typeof value === 'string') checkValue(name, value, [...path, name], at);
          }
        }
      }
    }
  }
  if (isRecord(section.defaults)) {
    for (const [name, value] of Object.entries(section.defaults)) {
      checkColumnName(name, ['defaults', name], at, 'key');
      if (typeof value === 'string') checkValue(name, value, ['defaults', name], at);
    }
  }
  if (Array.isArray(section.dates)) {
    section.dates.forEach((format: unknown, i: number) => {
      if (typeof format !== 'string') return;
      const reader = dateReader(format);
      if ('problem' in reader) at(['dates', i], reader.problem);
    });
  }
  if (Array.isArray(section.events)) {
    section.events.forEach((event: unknown, i: number) => {
      if (!isRecord(event)) return;
      for (const field of ['type', 'party', 'direction', 'channel', 'outcome']) {
        if (typeof event[field] === 'string') checkValue(field, event[field] as string, ['events', i, field], at);
      }
      if (isRecord(event.attributes)) for (const name of Object.keys(event.attributes)) checkColumnName(name, ['events', i, 'attributes', name], at, 'key');
    });
  }
}

type At = (path: Key[], message: string, where?: PathProblem['at']) => void;

/** A canonical field or attribute name: one a letter or two from a canonical name is a typo. */
function checkColumnName(name: string, path: Key[], at: At, where: PathProblem['at'] = 'value'): void {
  if (CANONICAL_COLUMNS.includes(name)) return;
  const near = didYouMean(name, CANONICAL_COLUMNS);
  if (near !== undefined) at(path, `unknown canonical column \`${name}\` (did you mean \`${near}\`?)`, where);
}

function checkValue(field: string, value: string, path: Key[], at: At): void {
  const vocabulary = VOCABULARIES[field];
  if (vocabulary === undefined || vocabulary.includes(value)) return;
  const list = vocabulary.length > 12 ? 'see SPEC 1.2' : vocabulary.join(', ');
  at(path, `\`${value}\` is not a canonical ${field === 'type' ? 'event type' : field}${suggestion(value, vocabulary)} (${list})`);
}
