import { formatDay, formatMoment, momentFromInstant } from '../dates/london.js';
import type { DataQualityNote } from '../model/case.js';
import { eventContentKey, type CaseEvent } from '../model/event.js';
import { SEVERITIES, type EvidenceRef, type Finding, type PendingObligation, type Severity } from '../model/finding.js';
import type { Timeline } from '../model/timeline.js';
import type { Policy, PolicyRule } from '../policy/types.js';
import { TEMPLATES } from '../templates/index.js';
import type { Deadline, RuleOutcome, Template } from '../templates/template.js';
import { CaseScope } from './case-scope.js';
import { sha256Hex } from './digest.js';
import { compileKeywords, screenFor, type KeywordMatcher } from './keywords.js';

/** One case's audit: its findings and the obligations not yet due. */
export interface CaseAudit {
  readonly timeline: Timeline;
  readonly findings: readonly Finding[];
  readonly pending: readonly PendingObligation[];
  /** Ids of the rules whose condition held for this case (the denominator of failure rates). */
  readonly applicableRules: readonly string[];
  /** Why the case's findings were aggravated, if they were. */
  readonly aggravatedBy?: string;
}

/** A policy made ready to run: keyword lists compiled once, templates looked up once. */
export class Auditor {
  private readonly matchers: Map<string, KeywordMatcher>;
  private readonly screen: RegExp | undefined;
  /**
   * The applicable-rule lists met so far, by the bit set of their rules: cases share a handful of
   * them, so each case points at one instead of growing its own. Only for policies of up to 31 rules.
   */
  private readonly ruleLists = new Map<number, readonly string[]>();
  private readonly rules: ReadonlyArray<{ rule: PolicyRule; template: Template<unknown>; order: number }>;

  constructor(
    readonly policy: Policy,
    templates: Readonly<Record<string, Template<any>>> = TEMPLATES,
  ) {
    this.matchers = new Map(Object.entries(policy.keywords).map(([name, entries]) => [name, compileKeywords(entries)]));
    this.screen = screenFor(this.matchers.values());
    this.rules = policy.rules.map((rule, order) => {
      const template = templates[rule.template];
      if (!template) throw new Error(`rule ${rule.id} names unknown template ${rule.template}`);
      return { rule, template, order };
    });
  }

  /** Holds one case's timeline against every rule of the policy. */
  auditCase(timeline: Timeline): CaseAudit {
    const scope = new CaseScope(timeline, this.policy, this.matchers, this.screen);
    const aggravatedBy = scope.facts.recordedVulnerability
      ? 'a recorded vulnerability'
      : scope.facts.vulnerable
        ? 'an indicated vulnerability'
        : scope.facts.hateMotivated
          ? 'hate motivation'
          : undefined;
    // Each finding with its sort keys beside it, not copied into a wider object and back.
    const findings: Array<{ finding: Finding; order: number; sortDay: number; at: number }> = [];
    const pending: PendingObligation[] = [];
    let applicable = 0;
    const collect = this.rules.length <= 31;
    const applicableRules: string[] | undefined = collect ? undefined : [];
    // Indexed loops, not for-of with destructuring: this runs for every rule of every case.
    const rules = this.rules;
    for (let r = 0; r < rules.length; r++) {
      const { rule, template, order } = rules[r]!;
      if (rule.when !== undefined && !scope.test(rule.when)) continue;
      if (applicableRules) applicableRules.push(rule.id);
      else applicable |= 1 << order;
      const outcomes = template.evaluate(scope.contextFor(rule));
      for (let k = 0; k < outcomes.length; k++) {
        const outcome = outcomes[k]!;
        if (outcome.kind === 'pending') {
          if (outcome.due) {
            pending.push({ rule: rule.id, message: outcome.message, dueAt: formatDue(outcome.due), evidence: evidenceOf(timeline, outcome) });
          }
          continue;
        }
        const finding = toFinding(timeline, rule, outcome, rule.aggravate ? aggravatedBy : undefined);
        // Two outcomes of one rule on the same trigger are one failing (Spectral's fingerprint
        // de-duplication). A case has a few findings: a look along them, not a Set per case.
        if (hasFingerprint(findings, finding.fingerprint)) continue;
        const trigger = outcome.trigger >= 0 ? timeline.events[outcome.trigger] : undefined;
        findings.push({ finding, order, sortDay: outcome.due?.day ?? trigger?.day ?? timeline.asOf, at: outcome.trigger });
      }
    }
    // One stable order: by when the failing arose, then the policy's rule order, then the trigger's
    // place in the timeline (not the fingerprint alone: it hashes the reading order, so two
    // findings of one day would swap when the export's rows come in another order), then fingerprint.
    if (findings.length > 1) {
      findings.sort(
        (a, b) =>
          a.sortDay - b.sortDay ||
          a.order - b.order ||
          a.at - b.at ||
          (a.finding.fingerprint < b.finding.fingerprint ? -1 : a.finding.fingerprint > b.finding.fingerprint ? 1 : 0),
      );
    }
    if (pending.length > 1) pending.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
    return {
      timeline,
      findings: findings.length === 0 ? NO_FINDINGS : findings.map((f) => f.finding),
      pending,
      applicableRules: applicableRules ?? this.ruleList(applicable),
      aggravatedBy,
    };
  }

  /** The ids of the rules in a bit set (bit = policy order), in policy order. */
  private ruleList(bits: number): readonly string[] {
    let list = this.ruleLists.get(bits);
    if (list === undefined) {
      list = Object.freeze(this.rules.filter(({ order }) => (bits & (1 << order)) !== 0).map(({ rule }) => rule.id));
      this.ruleLists.set(bits, list);
    }
    return list;
  }
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function hasFingerprint(findings: ReadonlyArray<{ readonly finding: Finding }>, fingerprint: string): boolean {
  for (let i = 0; i < findings.length; i++) if (findings[i]!.finding.fingerprint === fingerprint) return true;
  return false;
}

function formatDue(due: Deadline): string {
  return due.instant !== undefined ? formatMoment(momentFromInstant(due.instant)) : formatDay(due.day);
}

export function evidenceRef(e: CaseEvent): EvidenceRef {
  return { type: e.type, occurredAt: formatMoment(e), source: e.source };
}

/**
 * The rows that prove an outcome, trigger first. An obligation that runs from the reported date of
 * a case with no report row (trigger -1) starts with the case record's row, where that date was
 * read: without it a missing risk assessment or safeguarding referral would point at nothing.
 */
function evidenceOf(timeline: Timeline, outcome: RuleOutcome): EvidenceRef[] {
  const indices = outcome.evidence;
  const out: EvidenceRef[] = [];
  const recordSource = timeline.record?.source;
  if (outcome.trigger < 0 && timeline.reportIndex < 0 && timeline.reported !== undefined && recordSource !== undefined) {
    out.push({ type: 'case_record', occurredAt: formatMoment(timeline.reported), source: recordSource });
  }
  // Evidence lists are short: a Set only pays for itself on a long one.
  const seen = indices.length > 8 ? new Set<number>() : undefined;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const e = timeline.events[i];
    if (e === undefined) continue;
    if (seen ? seen.has(i) : k > 0 && indices.lastIndexOf(i, k - 1) >= 0) continue;
    seen?.add(i);
    out.push(evidenceRef(e));
  }
  return out;
}

/** Severity one level up, at most critical (SPEC 2). */
export function aggravate(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)]!;
}

/**
 * rule + case + trigger: the trigger by its system id, else by its date and content (never by
 * file, line or reading order), so a finding keeps its fingerprint when the export is re-sorted,
 * split, or grows by rows elsewhere, and a spreadsheet can track it from one nightly run to the next.
 */
function fingerprint(rule: string, caseId: string, trigger: CaseEvent | undefined, outcome: RuleOutcome): string {
  const at = trigger ? (trigger.eventId ?? `${formatMoment(trigger)}\u0000${eventContentKey(trigger)}`) : 'case';
  const gap = outcome.details && 'from' in outcome.details ? String(outcome.details.from) : '';
  return sha256Hex(`${rule}\u0000${caseId}\u0000${at}\u0000${outcome.kind}\u0000${gap}`).slice(0, 16);
}

function toFinding(timeline: Timeline, rule: PolicyRule, outcome: RuleOutcome, aggravatedBy: string | undefined): Finding {
  const trigger = outcome.trigger >= 0 ? timeline.events[outcome.trigger] : undefined;
  const met = outcome.met !== undefined && outcome.met >= 0 ? timeline.events[outcome.met] : undefined;
  const severity = aggravatedBy ? aggravate(rule.severity) : rule.severity;
  // Filled field by field in the report's order, not spread from small objects per optional
  // field: a spread takes the slow way of building an object, for every finding of the audit.
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    rule: rule.id,
    theme: rule.theme,
    severity,
    baseSeverity: rule.severity,
  } as Finding;
  if (aggravatedBy && severity !== rule.severity) finding.aggravatedBy = aggravatedBy;
  finding.kind = outcome.kind as Finding['kind'];
  finding.message = outcome.message;
  finding.dueAt = outcome.due ? formatDue(outcome.due) : null;
  finding.metAt = met ? formatMoment(met) : null;
  finding.daysLate = outcome.daysLate ?? null;
  if (outcome.workingDaysLate !== undefined) finding.workingDaysLate = outcome.workingDaysLate;
  finding.policyRef = rule.clause;
  finding.evidence = evidenceOf(timeline, outcome);
  finding.fingerprint = fingerprint(rule.id, timeline.caseId, trigger, outcome);
  if (outcome.details) finding.details = outcome.details;
  return finding;
}

/** Data-quality notes of a timeline plus the calendar's warning when deadlines reached unverified years. */
export function calendarNotes(policy: Policy): DataQualityNote[] {
  const years = [...policy.calendar.unverifiedYears].sort();
  if (years.length === 0) return [];
  return [
    {
      kind: 'calendar-unverified',
      message: `working days in ${years.join(', ')} use the usual bank-holiday pattern of England and Wales; one-off holidays of those years are not known to this version`,
    },
  ];
}
