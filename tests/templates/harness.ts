/**
 * One harness for every template test (ESLint's RuleTester, scaled down): a case written as a few
 * compact rows, one rule's options as they would stand in the policy YAML, and the outcomes the
 * template returns, summarised so a test can state exactly what it expects.
 */
import { WorkingCalendar } from '../../src/calendar/working-days.js';
import { formatDay } from '../../src/dates/london.js';
import { parseDateTime } from '../../src/dates/parse.js';
import { CaseScope } from '../../src/engine/case-scope.js';
import { Auditor } from '../../src/engine/audit.js';
import { compileKeywords } from '../../src/engine/keywords.js';
import { buildTimeline } from '../../src/model/build-timeline.js';
import type { CaseRecord } from '../../src/model/case.js';
import type { CaseEvent } from '../../src/model/event.js';
import type { Finding, Severity } from '../../src/model/finding.js';
import type { Timeline } from '../../src/model/timeline.js';
import type { Condition } from '../../src/policy/parts.js';
import type { Policy, PolicyRule } from '../../src/policy/types.js';
import type { RuleOutcome, Template } from '../../src/templates/template.js';

/** The default policy's keyword lists and high-risk condition (SPEC 3), so tests read like the default rules. */
export const DEFAULT_KEYWORDS: Record<string, string[]> = {
  vulnerability: ['mental health', 'PTSD', 'depress*', 'anxiety', 'anxious', 'self harm*', 'suicid*', 'disabled', 'disabilit*', 'autis*', 'dementia', 'learning difficult*', 'chronic pain', 'pregnan*', 'carer', 'wheelchair', 'mobility'],
  hate: ['racis*', 'racial*', 'homophob*', 'transphob*', 'biphob*', 'islamophob*', 'antisemit*', 'anti semit*', 'slur*', 'hate crime*', 'hate incident*', 'disablist', 'religious hatred'],
  escalation: ['violen*', 'assault*', 'attack*', 'weapon*', 'knife', 'knives', 'gun', 'guns', 'firearm*', 'threat*'],
  risk_of_harm: ['self harm*', 'suicid*', '/\\b(end|ended|take|took|taking) (his|her|their|my) own life\\b/', '/\\bharm (himself|herself|themselves|myself)\\b/', '/\\bkill (himself|herself|themselves|myself)\\b/', 'domestic abuse', 'domestic violence', 'assault*', 'weapon*', 'knife', 'knives', 'gun', 'guns', 'firearm*', 'threat* to kill', 'death threat*', 'child* at risk'],
};
DEFAULT_KEYWORDS.escalation!.push(...DEFAULT_KEYWORDS.hate!);

export const DEFAULT_CONDITIONS: Record<string, Condition> = {
  'high-risk': {
    any: [{ priority: ['high'] }, { category: ['hate', 'domestic_abuse', 'violence', 'threats'] }, { hate_motivated: true }, { report_mentions: ['hate', 'risk_of_harm'] }],
  },
};

/** A row: [when, type, fields?]. `when` is ISO or UK, as in an export; other fields become attributes. */
export type Row = [string, string, Partial<Record<string, string>>?];

const EVENT_FIELDS = new Set(['party', 'direction', 'channel', 'outcome', 'detail', 'officer', 'event_id']);

export function eventsOf(rows: readonly Row[], caseId = 'T-1', file = 'fixture.csv'): CaseEvent[] {
  return rows.map(([when, type, fields = {}], i) => {
    const moment = parseDateTime(when);
    if (!moment) throw new Error(`harness: cannot read date ${when}`);
    const attributes: Record<string, string> = {};
    const own: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      if (EVENT_FIELDS.has(k)) own[k] = v;
      else attributes[k] = v;
    }
    return {
      ...moment,
      caseId,
      type,
      party: own.party,
      direction: own.direction,
      channel: own.channel,
      outcome: own.outcome,
      detail: own.detail,
      officer: own.officer,
      eventId: own.event_id,
      attributes,
      source: { file, line: i + 2 },
      seq: i,
    };
  });
}

export interface CaseSpec {
  rows: readonly Row[];
  asOf: string;
  record?: Partial<Omit<CaseRecord, 'caseId' | 'reportedAt'>> & { reportedAt?: string };
  caseId?: string;
}

export function timelineOf(spec: CaseSpec): Timeline {
  const caseId = spec.caseId ?? 'T-1';
  const { reportedAt, ...rest } = spec.record ?? {};
  const record: CaseRecord | undefined = spec.record
    ? { caseId, vulnerabilities: [], attributes: {}, ...rest, reportedAt: reportedAt ? parseDateTime(reportedAt) : undefined }
    : undefined;
  const asOf = parseDateTime(spec.asOf);
  if (!asOf) throw new Error(`harness: cannot read as-of ${spec.asOf}`);
  return buildTimeline({ caseId, record, events: eventsOf(spec.rows, caseId) }, asOf.day);
}

export interface PolicyParts {
  keywords?: Record<string, string[]>;
  conditions?: Record<string, Condition>;
  closures?: string[];
  rules?: PolicyRule[];
}

export function policyOf(parts: PolicyParts = {}): Policy {
  const closures = new Map<number, string>();
  for (const c of parts.closures ?? []) closures.set(parseDateTime(c)!.day, 'closure');
  return {
    name: 'test policy',
    file: 'test.yaml',
    sha256: '0',
    calendar: new WorkingCalendar(closures),
    keywords: parts.keywords ?? DEFAULT_KEYWORDS,
    vulnerabilityKeywords: 'vulnerability',
    conditions: parts.conditions ?? DEFAULT_CONDITIONS,
    rules: parts.rules ?? [],
    systemicThreshold: 0.25,
  };
}

/** A rule as the loader would build it, options parsed (defaults applied) by the template's schema. */
export function ruleOf<O>(template: Template<O>, options: unknown, extra: Partial<PolicyRule> = {}): PolicyRule<O> {
  const parsed = template.options.safeParse(options);
  if (!parsed.success) throw new Error(`harness: options rejected by ${template.name}: ${parsed.error.message}`);
  return { id: 'test-rule', theme: 'communication', severity: 'medium', clause: 'Test clause', aggravate: true, template: template.name, options: parsed.data, ...extra } as PolicyRule<O>;
}

/** What a test usually wants to assert about an outcome. */
export interface OutcomeSummary {
  kind: RuleOutcome['kind'];
  due?: string;
  met?: string;
  daysLate?: number;
  workingDaysLate?: number;
  trigger?: string;
}

/** Evaluates one template on one case and returns its outcomes, raw and summarised. */
export function evaluate<O>(template: Template<O>, options: unknown, spec: CaseSpec, parts: PolicyParts = {}) {
  const timeline = timelineOf(spec);
  const policy = policyOf(parts);
  const matchers = new Map(Object.entries(policy.keywords).map(([k, v]) => [k, compileKeywords(v)]));
  const scope = new CaseScope(timeline, policy, matchers);
  const rule = ruleOf(template, options);
  const outcomes = template.evaluate(scope.contextFor(rule));
  const summary: OutcomeSummary[] = outcomes.map((o) => {
    const s: OutcomeSummary = { kind: o.kind };
    if (o.due) s.due = formatDay(o.due.day);
    if (o.met !== undefined && o.met >= 0) s.met = formatDay(timeline.events[o.met]!.day);
    if (o.daysLate !== undefined) s.daysLate = o.daysLate;
    if (o.workingDaysLate !== undefined) s.workingDaysLate = o.workingDaysLate;
    if (o.trigger >= 0) s.trigger = formatDay(timeline.events[o.trigger]!.day);
    return s;
  });
  return { outcomes, summary, timeline, findings: summary.filter((s) => s.kind !== 'pending') };
}

/** Runs whole rules through the engine (conditions, aggravation, fingerprints). */
export function auditWith(rules: PolicyRule[], spec: CaseSpec, parts: PolicyParts = {}, templates?: Record<string, Template<any>>): Finding[] {
  const auditor = new Auditor(policyOf({ ...parts, rules }), templates);
  return [...auditor.auditCase(timelineOf(spec)).findings];
}

export type { Severity };
