/**
 * One fixture audit every report test is made from. The real templates are written elsewhere, so
 * two small fake templates (the pattern of tests/engine/engine.test.ts) produce findings of every
 * kind through the real engine: conditions, aggravation, fingerprints and ordering are real.
 */
import { z } from 'zod';
import { parseDateTime } from '../../src/dates/parse.js';
import { Auditor, type CaseAudit } from '../../src/engine/audit.js';
import { buildTimeline } from '../../src/model/build-timeline.js';
import type { CaseRecord, DataQualityNote } from '../../src/model/case.js';
import type { Policy, PolicyRule } from '../../src/policy/types.js';
import { buildReport, type ReportOptions } from '../../src/report/build.js';
import type { AuditReport } from '../../src/report/types.js';
import type { Template } from '../../src/templates/template.js';
import { eventsOf, policyOf, ruleOf, type Row } from '../templates/harness.js';

/** Written in notes only: no output of a redacted report may contain it. */
export const NOTE_MARKER = 'ZEBRA-NOTE-7781';
export const ADDRESS_MARKER = 'Flat 9 Marker House';
export const OFFICER_MARKER = 'Officer Quill';

/** A trigger type needs a target type within N calendar days (a scaled-down `within`). */
const within: Template<{ trigger: string; target: string; days: number }> = {
  name: 'fake-within',
  summary: 'test',
  options: z.strictObject({ trigger: z.string(), target: z.string(), days: z.number() }),
  evaluate(ctx) {
    const t = ctx.timeline;
    const trigger = t.indicesOf(ctx.options.trigger)[0];
    if (trigger === undefined || t.periodOf(trigger) < 0) return [];
    const from = t.events[trigger]!;
    const due = ctx.deadline(from, { days: ctx.options.days });
    const met = t.indicesOf(ctx.options.target).find((i) => i > trigger) ?? -1;
    const v = ctx.judge(due, met);
    const what = ctx.options.target.replace(/_/g, ' ');
    if (v.status === 'met') return [];
    if (v.status === 'pending') return [{ kind: 'pending', message: `A ${what} is due after the ${from.type}`, trigger, due, evidence: [trigger] }];
    if (v.status === 'late') return [{ kind: 'late', message: `The ${what} came ${v.daysLate} days late`, trigger, due, met: v.metIndex, daysLate: v.daysLate, evidence: [trigger, v.metIndex] }];
    return [{ kind: 'missing', message: `No ${what} recorded after the ${from.type}`, trigger, due, daysLate: v.daysLate, evidence: [trigger] }];
  },
  explain: () => 'test',
};

/** Every event carrying `flag: <kind>` is a finding of that kind (lapsed gaps, premature closures). */
const flagged: Template<{ kind: 'lapsed' | 'premature' }> = {
  name: 'fake-flag',
  summary: 'test',
  options: z.strictObject({ kind: z.enum(['lapsed', 'premature']) }),
  evaluate(ctx) {
    return ctx.timeline.events.flatMap((e, i) =>
      e.attributes.flag === ctx.options.kind
        ? [{ kind: ctx.options.kind, message: ctx.options.kind === 'lapsed' ? `No contact for ${e.attributes.over} days more than allowed` : 'Closed with no action plan', trigger: i, evidence: [i], daysLate: Number(e.attributes.over ?? 0) || undefined }]
        : [],
    );
  },
  explain: () => 'test',
};

export const TEMPLATES = { 'fake-within': within, 'fake-flag': flagged } as Record<string, Template<any>>;

export function fixtureRules(): PolicyRule[] {
  return [
    ruleOf(within, { trigger: 'report', target: 'contact', days: 1 }, { id: 'first-contact', theme: 'communication', severity: 'medium', clause: 'Policy 3.1: contact the resident within 1 day' }),
    ruleOf(within, { trigger: 'report', target: 'risk_assessment', days: 5 }, { id: 'risk-assessment', theme: 'risk-assessment', severity: 'high', clause: 'Policy 4.2: risk assessment within 5 days' }),
    ruleOf(flagged, { kind: 'lapsed' }, { id: 'contact-cadence', theme: 'communication', severity: 'medium', clause: 'Policy 3.4: contact every 14 days' }),
    ruleOf(flagged, { kind: 'premature' }, { id: 'closure', theme: 'action-plan', severity: 'high', clause: 'Policy 7.1 | closure checklist', when: { category: ['hate', 'harassment'] } }),
  ];
}

export function fixturePolicy(rules = fixtureRules()): Policy {
  return { ...policyOf({ rules }), name: 'Test Homes ASB policy', reference: 'ASB-POL-2024', file: 'policies/test.yaml', sha256: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };
}

export interface FixtureCase {
  caseId: string;
  rows: Row[];
  record?: Partial<Omit<CaseRecord, 'caseId' | 'reportedAt'>>;
}

export const AS_OF = '2024-11-21';

export const FIXTURE_CASES: FixtureCase[] = [
  {
    caseId: 'ASB-10',
    record: { team: 'North', officer: OFFICER_MARKER, category: 'harassment', priority: 'high', propertyRef: ADDRESS_MARKER, landlord: 'Test Homes', vulnerabilities: [], attributes: { address: ADDRESS_MARKER } },
    rows: [
      ['2024-06-03 09:15', 'report', { detail: `Shouting at night. ${NOTE_MARKER} <script>alert(1)</script> | *bold* \u001b[31mred\u001b[0m\u0007 =SUM(A1)`, officer: OFFICER_MARKER }],
      ['2024-06-05', 'contact', { direction: 'outbound', channel: 'phone', detail: `Called back; line 1\nline 2 ${NOTE_MARKER}` }],
      ['2024-06-20', 'incident', { flag: 'lapsed', over: '6', detail: 'more noise' }],
      ['2024-07-01', 'case_closed', { flag: 'premature' }],
    ],
  },
  {
    caseId: 'ASB-2',
    record: { team: 'South', officer: 'A. Jones', category: 'hate', hateMotivated: true, allegedPerpetratorRef: 'P-77', vulnerabilities: ['PTSD'], attributes: {} },
    rows: [
      ['2024-09-02', 'report', { detail: `Racist graffiti again ${NOTE_MARKER}` }],
      ['2024-09-03', 'contact', { direction: 'outbound', channel: 'visit' }],
      ['2024-09-12', 'risk_assessment'],
      ['2024-12-01', 'contact', { direction: 'outbound', detail: 'called after the audit' }],
    ],
  },
  {
    caseId: 'ASB-3',
    record: { team: 'North', officer: 'A. Jones', category: 'noise', allegedPerpetratorRef: 'P-12', vulnerabilities: [], attributes: {} },
    rows: [
      ['2024-10-01', 'report', { detail: 'music late' }],
      ['2024-10-01 16:00', 'contact', { direction: 'outbound', channel: 'phone' }],
      ['2024-10-02', 'risk_assessment'],
    ],
  },
  {
    caseId: 'ASB-4',
    record: { team: 'South', category: 'noise', hateMotivated: true, allegedPerpetratorRef: 'P-77; P-12', vulnerabilities: [], attributes: {} },
    rows: [
      ['2024-11-20', 'report', { detail: 'homophobic abuse on the stairs' }],
      ['2024-11-21 08:00', 'contact', { direction: 'outbound', channel: 'phone' }],
    ],
  },
];

/** Data-quality notes from reading the inputs (the readers' job; here written by hand). */
export function readerNotes(): DataQualityNote[] {
  const notes: DataQualityNote[] = [];
  for (let i = 0; i < 5; i++) notes.push({ kind: 'unknown-type', message: `unknown event type "ASB Matrix v${i}"`, source: { file: 'events.csv', line: 40 + i } });
  notes.push({ kind: 'unparseable-row', message: 'occurred_at "31/02/2024" is not a date', source: { file: 'events.csv', line: 52 } });
  return notes;
}

/** Timelines as readers would build them: one events.csv, lines running on across cases. */
export function fixtureAudits(cases = FIXTURE_CASES, policy = fixturePolicy(), asOf = AS_OF): CaseAudit[] {
  const auditor = new Auditor(policy, TEMPLATES);
  const day = parseDateTime(asOf)!.day;
  let line = 2;
  let seq = 0;
  return cases.map((c) => {
    const events = eventsOf(c.rows, c.caseId, 'events.csv').map((e) => ({ ...e, source: { file: 'events.csv', line: line++ }, seq: seq++ }));
    const record: CaseRecord | undefined = c.record ? { caseId: c.caseId, vulnerabilities: [], attributes: {}, ...c.record } : undefined;
    return auditor.auditCase(buildTimeline({ caseId: c.caseId, record, events }, day));
  });
}

export function fixtureReport(options: Partial<ReportOptions> = {}, cases = FIXTURE_CASES, policy = fixturePolicy()): AuditReport {
  return buildReport(
    fixtureAudits(cases, policy),
    {
      version: '0.1.0',
      asOf: parseDateTime(AS_OF)!.day,
      policy,
      inputs: [
        { file: 'events.csv', sha256: '1111111111111111111111111111111111111111111111111111111111111111', rows: 13 },
        { file: 'cases.csv', sha256: '2222222222222222222222222222222222222222222222222222222222222222', rows: 4 },
      ],
      dataQuality: readerNotes(),
    },
    { redact: false, timelines: 'with-findings', ...options },
  );
}
