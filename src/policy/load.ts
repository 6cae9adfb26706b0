import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Document, LineCounter } from 'yaml';
import { yaml } from './yaml-package.js';
import type { z } from 'zod';
import { WorkingCalendar } from '../calendar/working-days.js';
import { cachedDefaultPolicy } from './default-cache.js';
import { UserError } from '../cli/errors.js';
import { checkMappingData, describeNonMap } from '../input/mapping/load.js';
import { parseDay } from '../dates/parse.js';
import type { Severity } from '../model/finding.js';
import { TEMPLATES } from '../templates/index.js';
import type { Template } from '../templates/template.js';
import type { Condition } from './parts.js';
import { formatPath, formatProblem, joinOr, PolicyError, suggestion, type PolicyProblem } from './problems.js';
import { policyFileShape, RULE_COMMON_KEYS, ruleCommonSchema, policyFileSchema } from './schema.js';
import { checkConditionNames, checkListNames, checkOptionReferences, findConditionCycles, resolveKeywordLists } from './semantics.js';
import type { MappingFile } from '../input/mapping/schema.js';
import type { Policy, PolicyRule } from './types.js';
import { MAX_YAML_DEPTH, yamlNestedDeeperThan, yamlTooDeepMessage } from './yaml-depth.js';
import { problemsFromIssues, type PathProblem } from './zod-issues.js';

/** Policies are a few kilobytes; anything this big is the wrong file. */
export const MAX_POLICY_BYTES = 5 * 1024 * 1024;
/** YAML aliases a policy may expand: enough for shared keyword lists, too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;
export const DEFAULT_POLICY_URL = new URL('../../policies/asb-default.yaml', import.meta.url);
/** How reports and messages name the built-in policy. */
export const DEFAULT_POLICY_NAME = 'asb-default.yaml (built-in)';
const DEFAULT_SYSTEMIC_THRESHOLD = 0.25;

export interface LoadOptions {
  /** The template registry; tests pass their own. */
  readonly templates?: Readonly<Record<string, Template<any>>>;
}

type Key = string | number;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Finds the 1-based line and column a problem points to, falling back to enclosing nodes. */
export function locate(doc: Document, lines: LineCounter, problem: PathProblem): { line: number; column: number } {
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  if (problem.at === 'key' && problem.path.length > 0) {
    const parent = doc.getIn(problem.path.slice(0, -1), true);
    const last = problem.path[problem.path.length - 1];
    const { isMap, isScalar } = yaml();
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
  }
  let path = problem.at === 'value' ? problem.path : problem.path.slice(0, -1);
  for (;;) {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return at(range[0]);
    if (path.length === 0) return { line: 1, column: 1 };
    path = path.slice(0, -1);
  }
}

/**
 * Problems found by key path, turned into the file's lines and columns, in file order, each said
 * once (the same place and message can come from two checks, e.g. a union's branches). Shared by
 * policies and mappings so their messages read alike.
 */
export function placeProblems(file: string, doc: Document, lines: LineCounter, problems: readonly PathProblem[]): PolicyProblem[] {
  const placed = problems.map((p): PolicyProblem => ({
    file,
    ...locate(doc, lines, p),
    path: formatPath(p.path),
    message: p.message,
    ...(p.expected !== undefined ? { expected: p.expected } : {}),
    ...(p.found !== undefined ? { found: p.found } : {}),
  }));
  placed.sort((a, b) => a.line - b.line || a.column - b.column);
  const said = new Set<string>();
  return placed.filter((p) => !said.has(formatProblem(p)) && said.add(formatProblem(p)));
}

function fail(problems: readonly PolicyProblem[]): never {
  throw new PolicyError(problems);
}

/** Checks one rule: its common keys, then the rest against its template's options schema. */
function checkRule(
  raw: Record<string, unknown>,
  index: number,
  templates: Readonly<Record<string, Template<any>>>,
  problems: PathProblem[],
): PolicyRule | undefined {
  const prefix = (p: PathProblem): PathProblem => ({ ...p, path: ['rules', index, ...p.path] });
  const common: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) (RULE_COMMON_KEYS.includes(key) ? common : options)[key] = value;

  const parsed = ruleCommonSchema.safeParse(common);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, ruleCommonSchema, common).map(prefix));

  const templateName = common.template;
  const template = typeof templateName === 'string' && Object.hasOwn(templates, templateName) ? templates[templateName] : undefined;
  if (typeof templateName === 'string' && template === undefined) {
    const known = Object.keys(templates);
    const list = known.length === 0 ? 'none are registered' : `known templates: ${joinOr(known)}`;
    problems.push({ path: ['rules', index, 'template'], at: 'value', message: `unknown template \`${templateName}\`${suggestion(templateName, known)} (${list})`, found: templateName });
    return undefined;
  }
  if (template === undefined) return undefined;

  const parsedOptions = template.options.safeParse(options);
  if (!parsedOptions.success) {
    problems.push(...problemsFromIssues(parsedOptions.error.issues, template.options as z.ZodType, options, RULE_COMMON_KEYS).map(prefix));
  }
  if (!parsed.success || !parsedOptions.success) return undefined;
  const rule = parsed.data;
  return {
    id: rule.id,
    theme: rule.theme,
    severity: rule.severity as Severity,
    clause: rule.clause,
    ...(rule.when !== undefined ? { when: rule.when } : {}),
    aggravate: rule.aggravate ?? true,
    template: rule.template,
    options: parsedOptions.data,
  };
}

/**
 * Parses and validates a policy; `file` is the name messages use. Collects every problem (YAML syntax, schema, template options,
 * names that refer to nothing, cycles) and throws one PolicyError listing them all.
 */
export function loadPolicy(text: string, file: string, { templates = TEMPLATES }: LoadOptions = {}): Policy {
  const problemAt = (line: number, column: number, message: string, path = ''): PolicyProblem => ({ file, line, column, path, message });
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    fail([problemAt(1, 1, `the file is ${(Buffer.byteLength(text, 'utf8') / 1048576).toFixed(1)} MB; a policy may be at most ${MAX_POLICY_BYTES / 1048576} MB (is this the right file?)`)]);
  }
  const { LineCounter, parseDocument, visit } = yaml();
  const lines = new LineCounter();
  // A byte-order mark is not part of the policy; the hash below still covers the file as it is.
  const source = text.replace(/^\uFEFF/, '');
  const tooDeep = yamlNestedDeeperThan(source, MAX_YAML_DEPTH);
  if (tooDeep !== undefined) fail([problemAt(tooDeep.line, tooDeep.column, yamlTooDeepMessage(MAX_YAML_DEPTH))]);
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    fail(doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      // The yaml package's own words, less the position it appends (ours comes first).
      const said = e.code === 'MULTIPLE_DOCS' ? 'a policy is one YAML document, and this file has more (remove the extra `---`)' : e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return problemAt(line, col, `YAML syntax: ${said}`);
    }));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // A backstop: the nesting check above should leave the yaml package no stack to overflow.
    if (error instanceof RangeError) fail([problemAt(1, 1, yamlTooDeepMessage(MAX_YAML_DEPTH))]);
    let first: number | undefined;
    visit(doc, { Alias(_, node) { if (first === undefined && node.range) first = node.range[0]; } });
    const { line, col } = lines.linePos(first ?? 0);
    fail([problemAt(line, col, `YAML aliases expand to too much data (${(error as Error).message.toLowerCase()}); write the lists out instead`)]);
  }
  if (!isRecord(data)) {
    const found = data === null || data === undefined ? 'an empty file' : Array.isArray(data) ? 'a list' : JSON.stringify(data);
    fail([problemAt(1, 1, `expected a map with at least \`name\` and \`rules\`, found ${found}`)]);
  }

  const problems: PathProblem[] = [];
  const { input: rawInput, ...policyPart } = data;
  const top = policyFileSchema.safeParse(policyPart);
  if (!top.success) problems.push(...problemsFromIssues(top.error.issues, policyFileSchema, policyPart));
  const input = rawInput === undefined ? undefined : checkInput(rawInput, problems);

  // Each section is read on its own, so a broken one does not hide the problems of the others.
  const keywordsParsed = policyFileShape.keywords.safeParse(data.keywords);
  const resolved = keywordsParsed.success ? resolveKeywordLists(keywordsParsed.data ?? {}) : undefined;
  if (resolved) problems.push(...resolved.problems);
  const listNames = keywordsParsed.success ? Object.keys(keywordsParsed.data ?? {}) : undefined;
  if (typeof data.vulnerability_keywords === 'string') checkListNames(data.vulnerability_keywords, ['vulnerability_keywords'], listNames, problems);

  const rawConditions = isRecord(data.conditions) ? data.conditions : {};
  const conditionNames = Object.keys(rawConditions);
  const references = new Map<string, string[]>();
  for (const [name, condition] of Object.entries(rawConditions)) {
    references.set(name, checkConditionNames(condition, ['conditions', name], conditionNames, listNames, problems));
  }
  problems.push(...findConditionCycles(references));

  const closures = new Map<number, string>();
  const rawClosures = isRecord(data.calendar) && Array.isArray(data.calendar.closures) ? data.calendar.closures : [];
  rawClosures.forEach((entry: unknown, index: number) => {
    const date = isRecord(entry) ? entry.date : entry;
    if (typeof date !== 'string') return; // the schema said so
    const day = parseDay(date);
    const path: Key[] = isRecord(entry) ? ['calendar', 'closures', index, 'date'] : ['calendar', 'closures', index];
    if (day === undefined) problems.push({ path, at: 'value', message: `expected a date (YYYY-MM-DD), found ${JSON.stringify(date)}`, expected: 'a date (YYYY-MM-DD)', found: JSON.stringify(date) });
    else closures.set(day, isRecord(entry) && typeof entry.reason === 'string' ? entry.reason : 'closure day (policy)');
  });

  const rules: PolicyRule[] = [];
  const firstIndexOfId = new Map<string, number>();
  const rawRules = Array.isArray(data.rules) ? data.rules : [];
  rawRules.forEach((raw: unknown, index: number) => {
    if (!isRecord(raw)) return; // the schema said so
    if (typeof raw.id === 'string') {
      const first = firstIndexOfId.get(raw.id);
      if (first === undefined) firstIndexOfId.set(raw.id, index);
      else {
        const { line } = locate(doc, lines, { path: ['rules', first, 'id'], at: 'value', message: '' });
        problems.push({ path: ['rules', index, 'id'], at: 'value', message: `duplicate rule id \`${raw.id}\` (also rules[${first}], line ${line})` });
      }
    }
    if (raw.when !== undefined) checkConditionNames(raw.when, ['rules', index, 'when'], conditionNames, listNames, problems);
    const options = Object.fromEntries(Object.entries(raw).filter(([k]) => !RULE_COMMON_KEYS.includes(k)));
    checkOptionReferences(options, ['rules', index], conditionNames, listNames, problems);
    const rule = checkRule(raw, index, templates, problems);
    if (rule) rules.push({ ...rule, position: locate(doc, lines, { path: ['rules', index], at: 'value', message: '' }) });
  });

  if (problems.length > 0) {
    fail(placeProblems(file, doc, lines, problems));
  }

  const policyData = top.success ? top.data : undefined;
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  if (policyData === undefined || resolved === undefined) throw new Error('policy validated without a parsed result');
  return {
    name: policyData.name,
    ...(policyData.reference !== undefined ? { reference: policyData.reference } : {}),
    ...(policyData.landlord !== undefined ? { landlord: policyData.landlord } : {}),
    file,
    sha256,
    calendar: new WorkingCalendar(closures),
    keywords: resolved.keywords,
    ...(policyData.vulnerability_keywords !== undefined ? { vulnerabilityKeywords: policyData.vulnerability_keywords } : {}),
    conditions: (policyData.conditions ?? {}) as Record<string, Condition>,
    rules,
    systemicThreshold: policyData.systemic_threshold ?? DEFAULT_SYSTEMIC_THRESHOLD,
    ...(input !== undefined ? { input: { file, sha256, data: input } } : {}),
  };
}

/** The `input:` section: a mapping, checked by the mapping loader with its problems placed under `input`. */
function checkInput(raw: unknown, problems: PathProblem[]): MappingFile | undefined {
  if (!isRecord(raw)) {
    problems.push({ path: ['input'], at: 'value', message: `expected a mapping (columns, values, dates, ...), found ${describeNonMap(raw)}` });
    return undefined;
  }
  const checked = checkMappingData(raw, ['input']);
  problems.push(...checked.problems);
  return checked.parsed;
}

/** Reads and loads a policy file; `shownAs` is the name messages use (what the user typed). */
export function loadPolicyFile(path: string, shownAs: string = path, options: LoadOptions = {}): Policy {
  return loadPolicy(readPolicyText(path, shownAs), shownAs, options);
}

function readPolicyText(path: string, shownAs: string): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_POLICY_BYTES) {
      throw new PolicyError([{ file: shownAs, line: 1, column: 1, path: '', message: `the file is ${(size / 1048576).toFixed(1)} MB; a policy may be at most ${MAX_POLICY_BYTES / 1048576} MB (is this the right file?)` }]);
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UserError(`cannot read policy ${shownAs}: ${why}`);
  }
}

/** The built-in default policy (SPEC 3), from the package's policies/ folder. */
export function loadDefaultPolicy(options: LoadOptions = {}): Policy {
  const text = readPolicyText(fileURLToPath(DEFAULT_POLICY_URL), DEFAULT_POLICY_NAME);
  // The build caches it as loaded from this very text (tests pass their own templates: no cache).
  return (options.templates === undefined ? cachedDefaultPolicy(text) : undefined) ?? loadPolicy(text, DEFAULT_POLICY_NAME, options);
}
