import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatMoment } from '../dates/london.js';
import type { CaseEvent, DataQualityNote, Timeline } from '../model/index.js';
import { escapeMarkdown, oneLine, sourceLabel } from './safe-text.js';
import type { TimelineRow } from './types.js';

/**
 * What `caseaudit timeline` shows, built from timelines and formatted by pure functions: one
 * case's events in order, or every case with its state. Its JSON form is stable for scripts.
 */
export interface TimelineReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'caseaudit'; readonly version: string };
  readonly asOf: string;
  readonly inputs: ReadonlyArray<{ readonly file: string; readonly sha256: string; readonly rows: number }>;
  /** With --case: that case. */
  readonly case?: CaseTimeline;
  /** Without --case: every case, by case_id. */
  readonly cases?: readonly CaseListRow[];
  readonly dataQuality: readonly DataQualityNote[];
}

export interface CaseListRow {
  readonly caseId: string;
  readonly state: Timeline['state'];
  readonly reopened: boolean;
  readonly reportedAt: string | null;
  readonly closedAt: string | null;
  readonly eventCount: number;
}

export interface CaseTimeline extends CaseListRow {
  readonly record?: Readonly<Record<string, unknown>>;
  readonly events: readonly TimelineRow[];
  /** Events dated after the audit date: shown apart, left out of the audit. */
  readonly afterAsOf: readonly TimelineRow[];
}

export function caseListRow(t: Timeline): CaseListRow {
  return {
    caseId: t.caseId,
    state: t.state,
    reopened: t.reopened,
    reportedAt: t.reported ? formatMoment(t.reported) : null,
    closedAt: t.closedAt ? formatMoment(t.closedAt) : null,
    eventCount: t.events.length,
  };
}

export function timelineRow(e: CaseEvent): TimelineRow {
  return {
    type: e.type,
    occurredAt: formatMoment(e),
    party: e.party,
    direction: e.direction,
    channel: e.channel,
    outcome: e.outcome,
    detail: e.detail,
    officer: e.officer,
    source: e.source,
  };
}

export function caseTimeline(t: Timeline): CaseTimeline {
  let record: Record<string, unknown> | undefined;
  if (t.record) {
    const { caseId: _caseId, source: _source, reportedAt, attributes, vulnerabilities, ...rest } = t.record;
    record = { ...rest, reportedAt: reportedAt ? formatMoment(reportedAt) : undefined, vulnerabilities, ...attributes };
    for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  }
  return { ...caseListRow(t), record, events: t.events.map(timelineRow), afterAsOf: t.afterAsOf.map(timelineRow) };
}

export interface TimelineFormatOptions {
  readonly colour: boolean;
}

export type TimelineFormat = 'text' | 'json' | 'md';
export const TIMELINE_FORMATS: readonly TimelineFormat[] = ['text', 'json', 'md'];

export function formatTimelineReport(report: TimelineReport, format: TimelineFormat, options: TimelineFormatOptions): string {
  if (format === 'json') return formatTimelineJson(report);
  if (format === 'md') return formatTimelineMarkdown(report);
  return formatTimelineText(report, options);
}

export function formatTimelineJson(report: TimelineReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

// ---- shared wording ----

/** `2024-03-31 02:30` (London wall time) or `2024-03-31` for a date-only event. */
export function whenText(occurredAt: string): string {
  // occurredAt is formatMoment's ISO form: keep the London date and wall time, drop seconds when zero.
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?)?/.exec(occurredAt);
  if (!m) return occurredAt;
  if (m[2] === undefined) return m[1]!;
  return m[3] === undefined || m[3] === ':00' ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]}${m[3]}`;
}

/** A note on one line, cut to `max` characters: the table points to the row for the rest. */
export function trimNote(detail: string | undefined, max = 60): string {
  if (detail === undefined) return '';
  const flat = oneLine(detail).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + '\u2026';
}

function stateText(row: CaseListRow): string {
  return row.reopened ? `${row.state} (reopened)` : row.state;
}

function dateOrDash(value: string | null): string {
  return value === null ? '-' : whenText(value);
}

// ---- text ----

export function formatTimelineText(report: TimelineReport, options: TimelineFormatOptions): string {
  const chalk = new Chalk({ level: options.colour ? 1 : 0 });
  const head = (names: string[]) => names.map((n) => chalk.bold(n));
  // cli-table3 colours headers and borders itself unless told not to: colour is decided here only.
  const style = { head: [], border: [] };
  // One rule under the header, none between rows: long timelines stay readable.
  const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  if (report.case) {
    const c = report.case;
    const lines = [
      chalk.bold(`Case ${oneLine(c.caseId)}`) + `  ${stateText(c)}, reported ${dateOrDash(c.reportedAt)}, closed ${dateOrDash(c.closedAt)}, ${c.eventCount} events (as of ${report.asOf})`,
    ];
    if (c.record) {
      const parts = Object.entries(c.record).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join('; ') || 'none' : String(v)}`);
      if (parts.length > 0) lines.push(oneLine(parts.join(', ')));
    }
    const table = new Table({ head: head(['Date', 'Type', 'Party', 'Direction', 'Officer', 'Note', 'Source']), style, chars });
    for (const e of c.events) {
      // Notes come from the public: every value passes oneLine, so no escape sequence reaches a terminal.
      table.push([whenText(e.occurredAt), e.type, e.party ?? '', e.direction ?? '', e.officer ?? '', trimNote(e.detail), sourceLabel(e.source)].map(oneLine));
    }
    lines.push(table.toString());
    if (c.afterAsOf.length > 0) {
      lines.push(oneLine(`${c.afterAsOf.length} later event(s) dated after ${report.asOf}, left out: ${c.afterAsOf.map((e) => `${e.type} ${whenText(e.occurredAt)} (${sourceLabel(e.source)})`).join(', ')}`));
    }
    return lines.join('\n') + '\n';
  }
  const cases = report.cases ?? [];
  const table = new Table({ head: head(['Case', 'State', 'Reported', 'Closed', 'Events']), style, chars, colAligns: ['left', 'left', 'left', 'left', 'right'] });
  for (const c of cases) table.push([c.caseId, stateText(c), dateOrDash(c.reportedAt), dateOrDash(c.closedAt), String(c.eventCount)].map(oneLine));
  return `${table.toString()}\n${cases.length} case(s) as of ${report.asOf}\n`;
}

/** The short account of data-quality notes that goes to stderr beside a text report. */
export function formatNotesSummary(notes: readonly DataQualityNote[], listed = 10): string {
  if (notes.length === 0) return '';
  const byKind = new Map<string, number>();
  for (const n of notes) byKind.set(n.kind, (byKind.get(n.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, count]) => `${count} ${kind}`).join(', ');
  const lines = [`${notes.length} data-quality note(s): ${kinds}`];
  for (const n of notes.slice(0, listed)) lines.push(`  ${oneLine(n.message)}`);
  if (notes.length > listed) lines.push(`  ... and ${notes.length - listed} more (--format json lists them all)`);
  return lines.join('\n') + '\n';
}

// ---- Markdown ----

export function formatTimelineMarkdown(report: TimelineReport): string {
  const cell = (v: string | undefined) => escapeMarkdown(v ?? '');
  const lines: string[] = [];
  if (report.case) {
    const c = report.case;
    lines.push(`# Timeline of case ${cell(c.caseId)}`, '');
    lines.push(`- State: ${stateText(c)}`);
    lines.push(`- Reported: ${dateOrDash(c.reportedAt)}`);
    lines.push(`- Closed: ${dateOrDash(c.closedAt)}`);
    lines.push(`- Events: ${c.eventCount} (as of ${report.asOf})`);
    if (c.record) {
      for (const [k, v] of Object.entries(c.record)) lines.push(`- ${cell(k)}: ${cell(Array.isArray(v) ? v.join('; ') || 'none' : String(v))}`);
    }
    lines.push('', '| Date | Type | Party | Direction | Officer | Note | Source |', '|---|---|---|---|---|---|---|');
    for (const e of c.events) {
      lines.push(`| ${cell(whenText(e.occurredAt))} | ${cell(e.type)} | ${cell(e.party)} | ${cell(e.direction)} | ${cell(e.officer)} | ${cell(trimNote(e.detail, 200))} | ${cell(sourceLabel(e.source))} |`);
    }
    if (c.afterAsOf.length > 0) {
      lines.push('', `Dated after ${report.asOf} and left out: ${c.afterAsOf.map((e) => `${cell(e.type)} ${cell(whenText(e.occurredAt))} (${cell(sourceLabel(e.source))})`).join(', ')}`);
    }
  } else {
    lines.push(`# Cases as of ${report.asOf}`, '', '| Case | State | Reported | Closed | Events |', '|---|---|---|---|---:|');
    for (const c of report.cases ?? []) {
      lines.push(`| ${cell(c.caseId)} | ${cell(stateText(c))} | ${dateOrDash(c.reportedAt)} | ${dateOrDash(c.closedAt)} | ${c.eventCount} |`);
    }
  }
  if (report.dataQuality.length > 0) {
    lines.push('', '## Data quality', '');
    for (const n of report.dataQuality) lines.push(`- ${cell(n.kind)}: ${cell(n.message)}`);
  }
  return lines.join('\n') + '\n';
}
