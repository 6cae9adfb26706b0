import type { Finding } from '../../model/finding.js';
import type { CaseReport, TimelineRow } from '../types.js';
import { fix } from './charts.js';
import { dayPosition, shortDay, ukMoment } from './dates.js';
import { esc, truncate } from './escape.js';

/** How an event type is drawn: a few families a reader can tell apart at a glance. */
export type EventFamily = 'resident' | 'contact' | 'assessment' | 'partner' | 'closure' | 'other';

const FAMILY: Readonly<Record<string, EventFamily>> = {
  report: 'resident',
  incident: 'resident',
  update_requested: 'resident',
  complaint: 'resident',
  evidence_received: 'resident',
  contact: 'contact',
  contact_agreement: 'contact',
  closure_notified: 'contact',
  complaint_acknowledged: 'contact',
  complaint_extension: 'contact',
  complaint_response: 'contact',
  case_review_signposted: 'contact',
  risk_assessment: 'assessment',
  risk_assessment_review: 'assessment',
  action_plan: 'assessment',
  action_plan_review: 'assessment',
  vulnerability_recorded: 'assessment',
  hate_incident_recorded: 'assessment',
  evidence_reviewed: 'assessment',
  action: 'assessment',
  third_party_in: 'partner',
  third_party_out: 'partner',
  safeguarding_referral: 'partner',
  support_signposted: 'partner',
  case_closed: 'closure',
  case_reopened: 'closure',
};

export const FAMILY_NAMES: ReadonlyArray<readonly [EventFamily, string]> = [
  ['resident', 'Report, incident or request from the resident'],
  ['contact', 'Contact with the resident'],
  ['assessment', 'Assessment, plan or action'],
  ['partner', 'Partner agency or safeguarding'],
  ['closure', 'Closure or reopening'],
  ['other', 'Other event'],
];

export function familyOf(type: string): EventFamily {
  return FAMILY[type] ?? 'other';
}

/** The mark of an event family centred on (x, y); shared by the timelines and the legend. */
export function eventMark(family: EventFamily, x: number, y: number): string {
  const cx = fix(x);
  switch (family) {
    case 'resident':
      return `<path class="ev ev-${family}" d="M${cx} ${fix(y - 6)}l6 6l-6 6l-6 -6z"/>`;
    case 'contact':
      return `<circle class="ev ev-${family}" cx="${cx}" cy="${fix(y)}" r="5"/>`;
    case 'assessment':
      return `<rect class="ev ev-${family}" x="${fix(x - 5)}" y="${fix(y - 5)}" width="10" height="10"/>`;
    case 'partner':
      return `<path class="ev ev-${family}" d="M${cx} ${fix(y - 6)}l6 11h-12z"/>`;
    case 'closure':
      return `<rect class="ev ev-${family}" x="${fix(x - 2)}" y="${fix(y - 9)}" width="4" height="18"/>`;
    default:
      return `<circle class="ev ev-${family}" cx="${cx}" cy="${fix(y)}" r="3.5"/>`;
  }
}

const WIDTH = 1000;
const GUTTER = 190;
const RIGHT = 24;
const AXIS_Y = 38;
const LANES_TOP = 64;
const LANE = 22;
/** Vertical offsets for crowded event marks. */
const STAGGER = [0, -11, 11];

interface Span {
  readonly from: number;
  readonly to: number;
}

/** Where a finding is drawn, worked out from its dates; undefined parts are simply not drawn. */
interface FindingShape {
  readonly finding: Finding;
  /** Trigger to due date: the time the policy allowed. */
  readonly allowed?: Span;
  /** Due date to met date (late) or to the end of the axis (still missing). */
  readonly overdue?: Span;
  readonly gap?: Span;
  readonly closure?: number;
  readonly met?: number;
  readonly due?: number;
}

function detail(finding: Finding, key: string): string | undefined {
  const value = finding.details?.[key];
  return typeof value === 'string' ? value : undefined;
}

function shapeOf(finding: Finding, end: number): FindingShape {
  const trigger = dayPosition(finding.evidence[0]?.occurredAt);
  const due = dayPosition(finding.dueAt);
  const met = dayPosition(finding.metAt);
  switch (finding.kind) {
    case 'lapsed': {
      const from = dayPosition(detail(finding, 'from')) ?? trigger;
      const to = dayPosition(detail(finding, 'to')) ?? met ?? end;
      return { finding, ...(from !== undefined ? { gap: { from, to } } : {}) };
    }
    case 'premature': {
      const closed = finding.evidence.find((e) => e.type === 'case_closed') ?? finding.evidence[0];
      const closure = dayPosition(closed?.occurredAt);
      return { finding, ...(closure !== undefined ? { closure } : {}) };
    }
    default: {
      const stop = finding.kind === 'late' ? met : end;
      return {
        finding,
        ...(trigger !== undefined && due !== undefined ? { allowed: { from: trigger, to: due } } : {}),
        ...(due !== undefined && stop !== undefined && stop > due ? { overdue: { from: due, to: stop } } : {}),
        ...(due !== undefined ? { due } : {}),
        ...(met !== undefined ? { met } : {}),
      };
    }
  }
}

/** Tick spacing (days) giving at most about eight ticks over the span. */
function tickStep(span: number): number {
  for (const step of [1, 2, 7, 14, 28, 56, 91, 182, 365, 730]) if (span / step <= 8) return step;
  return Math.ceil(span / 8 / 365) * 365;
}

function findingTitle(f: Finding): string {
  const parts = [`${f.rule} (${f.severity}, ${f.kind})`, f.message];
  if (f.dueAt) parts.push(`due ${ukMoment(f.dueAt)}`);
  if (f.metAt) parts.push(`met ${ukMoment(f.metAt)}`);
  if (f.daysLate !== null) parts.push(`${f.daysLate} days ${f.kind === 'lapsed' ? 'over' : 'late'}`);
  return parts.join(' · ');
}

function eventTitle(row: TimelineRow, redacted: boolean): string {
  const parts = [ukMoment(row.occurredAt), row.type.replace(/_/g, ' ')];
  for (const extra of [row.party, row.direction, row.channel, row.outcome]) if (extra) parts.push(extra);
  if (!redacted && row.detail) parts.push(row.detail);
  return parts.join(' · ');
}

/**
 * One case's timeline as inline SVG: its events along a time axis from the report to the audit
 * date (or closure), and one lane per finding below it showing where the failing happened.
 * Linear in the case's events and findings.
 */
export function caseTimeline(c: CaseReport, asOf: string, redacted: boolean): string {
  const rows = c.timeline ?? [];
  const events = rows.map((row) => ({ row, at: dayPosition(row.occurredAt) }));
  const closed = c.state === 'closed' ? dayPosition(c.closedAt) : undefined;
  const audit = dayPosition(asOf);
  const end = closed ?? audit;
  const shapes = c.findings.map((f) => shapeOf(f, end ?? Number.NaN));

  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number | undefined): void => {
    if (v === undefined || !Number.isFinite(v)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  take(dayPosition(c.reportedAt));
  take(end);
  for (const e of events) take(e.at);
  for (const s of shapes) {
    take(s.allowed?.from);
    take(s.allowed?.to);
    take(s.overdue?.to);
    take(s.gap?.from);
    take(s.gap?.to);
    take(s.closure);
    take(s.met);
  }
  if (!Number.isFinite(lo)) return '<p class="empty">No dated events to draw.</p>';
  if (hi - lo < 1) hi = lo + 1;
  const pad = (hi - lo) * 0.02;
  lo -= pad;
  hi += pad;
  const plot = WIDTH - GUTTER - RIGHT;
  const x = (day: number): number => GUTTER + ((day - lo) / (hi - lo)) * plot;

  const lanesBottom = LANES_TOP + Math.max(shapes.length, 1) * LANE;
  const height = lanesBottom + 26;
  const out: string[] = [
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(`Timeline of case ${c.caseId}`)}">`,
  ];

  // Lapsed gaps shade the whole height, so the missing contact reads against the events.
  for (const s of shapes) {
    if (!s.gap) continue;
    const x1 = x(s.gap.from);
    out.push(
      `<rect class="gap-band" x="${fix(x1)}" y="${AXIS_Y - 16}" width="${fix(Math.max(1, x(s.gap.to) - x1))}" height="${lanesBottom - AXIS_Y + 16}"><title>${esc(findingTitle(s.finding))}</title></rect>`,
    );
  }

  // After a closure the case was not being worked: grey, so events there stand out.
  if (closed !== undefined && x(closed) < WIDTH - RIGHT - 1) {
    const cx = x(closed);
    out.push(
      `<rect class="after-close" x="${fix(cx)}" y="${AXIS_Y - 22}" width="${fix(WIDTH - RIGHT - cx)}" height="${lanesBottom - AXIS_Y + 22}"/>` +
        `<text class="after-close-label" x="${fix(WIDTH - RIGHT - 4)}" y="${AXIS_Y - 26}" text-anchor="end">after closure</text>`,
    );
  }

  // Time axis with ticks.
  const step = tickStep(hi - lo);
  out.push(`<g class="axis"><line x1="${GUTTER}" x2="${WIDTH - RIGHT}" y1="${AXIS_Y}" y2="${AXIS_Y}"/>`);
  for (let t = Math.ceil(lo); t <= hi; t += step) {
    const tx = fix(x(t));
    out.push(
      `<line class="grid" x1="${tx}" x2="${tx}" y1="${AXIS_Y}" y2="${lanesBottom}"/>` +
        `<text x="${tx}" y="${lanesBottom + 16}" text-anchor="middle">${esc(shortDay(t))}</text>`,
    );
  }
  out.push('</g>');
  if (audit !== undefined && closed === undefined) {
    const ax = fix(x(audit));
    out.push(
      `<g class="asof"><title>${esc(`Audit date ${ukMoment(asOf)}`)}</title><line x1="${ax}" x2="${ax}" y1="${AXIS_Y - 14}" y2="${lanesBottom}"/><text x="${ax}" y="${AXIS_Y - 17}" text-anchor="end">audit date</text></g>`,
    );
  }
  out.push(`<text class="lane-label" x="${GUTTER - 10}" y="${AXIS_Y + 4}" text-anchor="end">Events</text>`);

  // Events on the axis. Marks that would sit on top of the previous one step up or down a level,
  // so events a day apart stay distinguishable (events come in time order: one pass).
  out.push('<g class="events">');
  const lastX = STAGGER.map(() => -Infinity);
  for (const e of events) {
    if (e.at === undefined) continue;
    const ex = x(e.at);
    let level = STAGGER.findIndex((_, i) => ex - lastX[i]! >= 11);
    if (level < 0) level = 0;
    lastX[level] = ex;
    out.push(`<g class="event"><title>${esc(eventTitle(e.row, redacted))}</title>${eventMark(familyOf(e.row.type), ex, AXIS_Y + STAGGER[level]!)}</g>`);
  }
  out.push('</g>');

  // One lane per finding.
  shapes.forEach((s, i) => {
    const y = LANES_TOP + i * LANE;
    const mid = y + LANE / 2 - 2;
    const f = s.finding;
    const parts: string[] = [`<g class="lane sev-${esc(f.severity)}"><title>${esc(findingTitle(f))}</title>`];
    parts.push(`<text class="lane-label" x="${GUTTER - 10}" y="${mid + 4}" text-anchor="end">${esc(truncate(`${f.rule} · ${f.kind}`, 32))}</text>`);
    if (s.allowed) {
      const x1 = x(s.allowed.from);
      parts.push(`<rect class="span-allowed" x="${fix(x1)}" y="${mid - 4}" width="${fix(Math.max(1, x(s.allowed.to) - x1))}" height="8" rx="2"/>`);
    }
    if (s.overdue) {
      const x1 = x(s.overdue.from);
      parts.push(`<rect class="span-${f.kind === 'late' ? 'late' : 'overdue'}" x="${fix(x1)}" y="${mid - 4}" width="${fix(Math.max(1, x(s.overdue.to) - x1))}" height="8" rx="2"/>`);
    }
    if (s.due !== undefined) parts.push(`<line class="due-mark" x1="${fix(x(s.due))}" x2="${fix(x(s.due))}" y1="${mid - 8}" y2="${mid + 8}"/>`);
    if (s.met !== undefined && f.kind === 'late') parts.push(`<circle class="met-mark" cx="${fix(x(s.met))}" cy="${mid}" r="4"/>`);
    if (s.gap) {
      const x1 = x(s.gap.from);
      parts.push(`<rect class="span-gap" x="${fix(x1)}" y="${mid - 4}" width="${fix(Math.max(1, x(s.gap.to) - x1))}" height="8" rx="2"/>`);
    }
    if (s.closure !== undefined) {
      const cx = x(s.closure);
      parts.push(`<path class="premature-mark" d="M${fix(cx - 6)} ${mid - 6}l12 12m0 -12l-12 12"/>`);
      out.push(`<circle class="premature-ring" cx="${fix(cx)}" cy="${AXIS_Y}" r="11"><title>${esc(findingTitle(f))}</title></circle>`);
    }
    parts.push('</g>');
    out.push(parts.join(''));
  });
  out.push('</svg>');
  return out.join('');
}

/** The key to every timeline, drawn once above the cases. */
export function timelineLegend(): string {
  const item = (svg: string, label: string): string =>
    `<li><svg class="key" viewBox="0 0 28 20" aria-hidden="true">${svg}</svg>${esc(label)}</li>`;
  const items = FAMILY_NAMES.map(([family, label]) => item(eventMark(family, 14, 10), label));
  items.push(
    item('<rect class="span-allowed" x="1" y="6" width="26" height="8" rx="2"/>', 'Time the policy allowed (trigger to due date)'),
    item('<rect class="span-overdue" x="1" y="6" width="26" height="8" rx="2"/>', 'Overdue: deadline missed, still not done'),
    item('<rect class="span-late" x="1" y="6" width="18" height="8" rx="2"/><circle class="met-mark" cx="21" cy="10" r="4"/>', 'Done late (due date to when it was done)'),
    item('<rect class="gap-band" x="1" y="0" width="26" height="20"/><rect class="span-gap" x="1" y="6" width="26" height="8" rx="2"/>', 'Contact lapsed (gap longer than allowed)'),
    item('<circle class="premature-ring" cx="14" cy="10" r="8"/><rect class="ev ev-closure" x="12" y="3" width="4" height="14"/>', 'Premature closure'),
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}
