import type { DataQualityNote } from '../model/case.js';
import type { Finding, Severity } from '../model/finding.js';
import { THEMES } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import type { GroupRate, ReportSummary, RuleRate } from './types.js';

/** Default share of applicable cases failing a rule at which the rule is called systemic (issue 4). */
export const DEFAULT_SYSTEMIC_THRESHOLD = 0.25;

/** Severities from the most to the least serious: the order every report lists them in. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * Case ids the way people sort them: digit runs by value ("ASB-9" before "ASB-10"), then plain
 * code-unit order so the order is total and never depends on the machine's locale.
 */
export function compareCaseIds(a: string, b: string): number {
  // Most ids of one caseload share a layout ("ASB-00017", "ASB-20931"): digits in the same places.
  // Then every run lines up with a run of the same length, and for equal-length digit runs value
  // order is code-unit order, so the first differing code unit decides.
  if (a.length === b.length) {
    let first = -1;
    let k = 0;
    for (; k < a.length; k++) {
      const x = a.charCodeAt(k);
      const y = b.charCodeAt(k);
      if (isDigit(x) !== isDigit(y)) break;
      if (first < 0 && x !== y) first = k;
    }
    if (k === a.length) return first < 0 ? 0 : a.charCodeAt(first) < b.charCodeAt(first) ? -1 : 1;
  }
  // Token by token (a digit run or a run of anything else) without slicing: the report sorts
  // every case by this, a million comparisons at a large caseload.
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const xd = isDigit(a.charCodeAt(i));
    const yd = isDigit(b.charCodeAt(j));
    const ie = runEnd(a, i, xd);
    const je = runEnd(b, j, yd);
    if (xd && yd) {
      let xs = i;
      while (xs < ie && a.charCodeAt(xs) === 48) xs++;
      let ys = j;
      while (ys < je && b.charCodeAt(ys) === 48) ys++;
      if (ie - xs !== je - ys) return ie - xs - (je - ys);
      for (let k = 0; k < ie - xs; k++) {
        const d = a.charCodeAt(xs + k) - b.charCodeAt(ys + k);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      // Same value, perhaps different zero padding: settled by the final tie-break.
    } else {
      const n = Math.min(ie - i, je - j);
      for (let k = 0; k < n; k++) {
        const d = a.charCodeAt(i + k) - b.charCodeAt(j + k);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      if (ie - i !== je - j) return ie - i < je - j ? -1 : 1;
    }
    i = ie;
    j = je;
  }
  const ra = runsFrom(a, i);
  const rb = runsFrom(b, j);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts in place by case id in compareCaseIds order. When every id has one layout (the usual
 * export: "ASB-00017", "ASB-20931") that order is code-unit order, and a plain comparison spares
 * the sort of a large caseload most of its work.
 */
export function sortByCaseId<T>(items: T[], caseId: (item: T) => string): T[] {
  if (items.length < 2) return items;
  const layout = layoutOf(caseId(items[0]!));
  const oneLayout = items.every((item) => sameLayout(caseId(item), layout));
  return items.sort(
    oneLayout
      ? (a, b) => {
          const x = caseId(a);
          const y = caseId(b);
          return x < y ? -1 : x > y ? 1 : 0;
        }
      : (a, b) => compareCaseIds(caseId(a), caseId(b)),
  );
}

/** Which code units of an id are digits, as a string of 'd' and '.' (compared to other ids only). */
function layoutOf(id: string): string {
  let out = '';
  for (let k = 0; k < id.length; k++) out += isDigit(id.charCodeAt(k)) ? 'd' : '.';
  return out;
}

function sameLayout(id: string, layout: string): boolean {
  if (id.length !== layout.length) return false;
  for (let k = 0; k < id.length; k++) if (isDigit(id.charCodeAt(k)) !== (layout.charCodeAt(k) === 100)) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Where the run of digits (or of non-digits) starting at `from` ends. */
function runEnd(s: string, from: number, digits: boolean): number {
  let k = from + 1;
  while (k < s.length && isDigit(s.charCodeAt(k)) === digits) k++;
  return k;
}

/** How many runs are left from `from`. */
function runsFrom(s: string, from: number): number {
  let runs = 0;
  for (let k = from; k < s.length; k = runEnd(s, k, isDigit(s.charCodeAt(k)))) runs++;
  return runs;
}

/** What the summary needs of one audited case, after redaction decided the group names. */
export interface SummaryCase {
  readonly caseId: string;
  /** What the summary counts of each finding (a worker thread sends no more). */
  readonly findings: ReadonlyArray<Pick<Finding, 'rule' | 'theme' | 'severity'>>;
  readonly pending: number;
  readonly applicableRules: readonly string[];
  readonly team?: string;
  readonly officer?: string;
  readonly landlord?: string;
  /** hate_motivated true or category hate (SPEC 2.1). */
  readonly hateMotivated: boolean;
  /**
   * Alleged perpetrator references of a hate-motivated case, as the report may show them
   * (pseudonymised under --redact); empty for any other case, where no repeat is looked for.
   */
  readonly perpetrators: readonly string[];
}

/** Rates are kept to four decimals: enough for a percentage with two, and stable bytes. */
function rateOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/**
 * A rule is systemic when it failed in at least the threshold share of the cases it applied to,
 * and in at least two cases: one failing case out of one is a remedy, not a policy review.
 * Compared as counts, so exactly 25% is 25% whatever floating point makes of 1/4 or 3/12.
 */
export function isSystemic(failed: number, applicable: number, threshold: number): boolean {
  return failed >= 2 && applicable > 0 && failed >= threshold * applicable - 1e-9;
}

const NOT_RECORDED = '(not recorded)';

/** One team's, officer's or landlord's cases, counted as the summary goes through the caseload. */
class GroupTally {
  private readonly groups = new Map<string, { cases: number; withFindings: number; findings: number }>();
  /** Whether any case named a group: a caseload that never records one gets no table at all. */
  private recorded = false;

  add(name: string | undefined, findings: number): void {
    if (name) this.recorded = true;
    const key = name || NOT_RECORDED;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { cases: 0, withFindings: 0, findings: 0 }));
    g.cases++;
    g.findings += findings;
    if (findings > 0) g.withFindings++;
  }

  rates(): GroupRate[] {
    if (!this.recorded) return [];
    return [...this.groups.entries()]
      .sort(([a], [b]) => compareCaseIds(a, b))
      .map(([group, g]) => ({ group, cases: g.cases, casesWithFindings: g.withFindings, findings: g.findings, rate: rateOf(g.withFindings, g.cases) }));
  }
}

/** The caseload picture of issue 4, from every audited case. */
export function summarise(cases: readonly SummaryCase[], policy: Policy): ReportSummary {
  const tally = new SummaryTally(policy);
  for (const c of cases) tally.add(c);
  return tally.finish();
}

/**
 * summarise a case at a time, in any order (the picture is the same): a large audit's main
 * thread counts each case as its part of the report arrives from a worker, while it would
 * otherwise wait, instead of going through every case once the last one is in.
 */
export class SummaryTally {
  private readonly threshold: number;
  private readonly ruleOrder: ReadonlyMap<string, number>;
  private readonly perRule: Array<{ applicable: number; failed: number; findings: number }>;
  private readonly byTheme = new Map<string, number>();
  private readonly bySeverity = new Map<string, number>(SEVERITY_ORDER.map((s) => [s, 0]));
  private findings = 0;
  private casesWithFindings = 0;
  private pending = 0;
  private readonly perpetrators = new Map<string, string[]>();
  private readonly byTeam = new GroupTally();
  private readonly byOfficer = new GroupTally();
  private readonly byLandlord = new GroupTally();
  /** The last case each rule failed in: a rule counts once per case however many findings it has. */
  private readonly lastFailed: Int32Array;
  /** Cases share a few dozen lists of applicable rules (see Auditor): counted per list, spelt out at the end. */
  private readonly listCounts = new Map<readonly string[], number>();
  /** Cases counted. */
  cases = 0;

  constructor(private readonly policy: Policy) {
    this.threshold = Number.isFinite(policy.systemicThreshold) ? policy.systemicThreshold : DEFAULT_SYSTEMIC_THRESHOLD;
    this.ruleOrder = new Map(policy.rules.map((r, i) => [r.id, i]));
    this.perRule = policy.rules.map(() => ({ applicable: 0, failed: 0, findings: 0 }));
    this.lastFailed = new Int32Array(policy.rules.length).fill(-1);
    // Themes the policy uses, in the Ombudsman's order, then any of the landlord's own.
    const themes = [...new Set(policy.rules.map((r) => r.theme))].sort((a, b) => themeRank(a) - themeRank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const t of themes) this.byTheme.set(t, 0);
  }

  add(c: SummaryCase): void {
    const n = this.cases++;
    this.pending += c.pending;
    this.findings += c.findings.length;
    if (c.findings.length > 0) this.casesWithFindings++;
    this.byTeam.add(c.team, c.findings.length);
    this.byOfficer.add(c.officer, c.findings.length);
    this.byLandlord.add(c.landlord, c.findings.length);
    this.listCounts.set(c.applicableRules, (this.listCounts.get(c.applicableRules) ?? 0) + 1);
    for (const f of c.findings) {
      this.byTheme.set(f.theme, (this.byTheme.get(f.theme) ?? 0) + 1);
      this.bySeverity.set(f.severity, (this.bySeverity.get(f.severity) ?? 0) + 1);
      const i = this.ruleOrder.get(f.rule);
      if (i === undefined) continue;
      this.perRule[i]!.findings++;
      if (this.lastFailed[i] !== n) {
        this.lastFailed[i] = n;
        this.perRule[i]!.failed++;
      }
    }
    if (c.hateMotivated) {
      for (const ref of new Set(c.perpetrators)) {
        let list = this.perpetrators.get(ref);
        if (!list) this.perpetrators.set(ref, (list = []));
        list.push(c.caseId);
      }
    }
  }

  finish(): ReportSummary {
    const perRule = this.perRule.map((p) => ({ ...p }));
    for (const [list, count] of this.listCounts) {
      for (const id of list) {
        const i = this.ruleOrder.get(id);
        if (i !== undefined) perRule[i]!.applicable += count;
      }
    }
    const threshold = this.threshold;
    const rules: RuleRate[] = this.policy.rules.map((r, i) => {
      const p = perRule[i]!;
      return {
        rule: r.id,
        theme: r.theme,
        severity: r.severity,
        applicable: p.applicable,
        failed: p.failed,
        rate: rateOf(p.failed, p.applicable),
        findings: p.findings,
        systemic: isSystemic(p.failed, p.applicable, threshold),
      };
    });

    const repeatPerpetrators = [...this.perpetrators.entries()]
      .filter(([, ids]) => ids.length >= 2)
      .map(([ref, ids]) => ({ ref, cases: [...ids].sort(compareCaseIds) }))
      .sort((a, b) => b.cases.length - a.cases.length || compareCaseIds(a.ref, b.ref));

    return {
      cases: this.cases,
      casesWithFindings: this.casesWithFindings,
      findings: this.findings,
      byRule: Object.fromEntries(rules.map((r) => [r.rule, r.findings])),
      byTheme: Object.fromEntries(this.byTheme),
      bySeverity: Object.fromEntries(this.bySeverity),
      pending: this.pending,
      rules,
      byTeam: this.byTeam.rates(),
      byOfficer: this.byOfficer.rates(),
      byLandlord: this.byLandlord.rates(),
      repeatPerpetrators,
      systemicThreshold: threshold,
    };
  }
}

function themeRank(theme: string): number {
  const i = (THEMES as readonly string[]).indexOf(theme);
  return i < 0 ? THEMES.length : i;
}

/** Notes of one kind, counted, with the first few as examples (text and Markdown show these). */
export interface DataQualityGroup {
  readonly kind: string;
  readonly count: number;
  readonly examples: readonly DataQualityNote[];
}

/**
 * Groups data-quality notes by kind, in order of first appearance, so 50,000 notes of one kind
 * are one line with a count and a few places to look, not 50,000 lines. JSON keeps every note.
 */
export function groupDataQuality(notes: readonly DataQualityNote[], examples = 3): DataQualityGroup[] {
  const groups = new Map<string, { count: number; examples: DataQualityNote[] }>();
  for (const note of notes) {
    let g = groups.get(note.kind);
    if (!g) groups.set(note.kind, (g = { count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < examples) g.examples.push(note);
  }
  return [...groups.entries()].map(([kind, g]) => ({ kind, count: g.count, examples: g.examples }));
}
