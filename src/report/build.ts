import { formatDay, formatMoment } from '../dates/london.js';
import type { CaseAudit } from '../engine/audit.js';
import { sha256Hex } from '../engine/digest.js';
import type { DataQualityNote } from '../model/case.js';
import type { Finding, PendingObligation } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { sortByCaseId, summarise, type SummaryCase, type SummaryTally } from './summary.js';
import type { AuditReport, CaseReport, TimelineRow } from './types.js';

export interface ReportMeta {
  /** caseaudit's version. */
  readonly version: string;
  /** The audit date (London civil day number). */
  readonly asOf: number;
  readonly policy: Policy;
  readonly inputs: ReadonlyArray<{ readonly file: string; readonly sha256: string; readonly rows: number }>;
  /** Notes from reading the inputs and from the calendar; each case's own notes are added here. */
  readonly dataQuality: readonly DataQualityNote[];
}

export interface ReportOptions {
  /** --redact: no free text, no officer names, no personal case attributes (SPEC 4). */
  readonly redact: boolean;
  /** Which cases carry their events, for formats that draw timelines (Markdown, HTML). */
  readonly timelines: 'none' | 'with-findings' | 'all';
}

/**
 * Builds the report every format is made from. Cases come out in case-id order and everything
 * inside in a fixed order, so the same audit gives the same bytes in every format.
 *
 * Redaction (--redact) decides here, once, for every format:
 * - event notes (`detail`) and officer names are left out of cases and timelines;
 * - personal case attributes (property, names, addresses: everything of the record except the
 *   landlord, team, category and priority) never reach the report;
 * - officers in the caseload picture and alleged perpetrator references become opaque
 *   pseudonyms (`officer-…`, `ref-…`): a hash of the name salted with the inputs' SHA-256, so
 *   one report still shows "the same person in three cases", but a pseudonym cannot be looked
 *   up without the export it came from, nor linked across reports of different exports;
 * - finding, pending and data-quality messages lose any note text they quote: any of the case's
 *   notes, and anything in double quotes, becomes `[withheld]`.
 */
export function buildReport(audits: Iterable<CaseAudit>, meta: ReportMeta, options: ReportOptions): AuditReport {
  const builder = new ReportBuilder(meta.inputs, options);
  for (const audit of audits) builder.add(audit);
  return builder.finish(meta);
}

/**
 * buildReport one case at a time: each case's part of the report is made as soon as it is
 * audited, so a large caseload's timelines and events can be let go case by case instead of all
 * being held until the end. Cases may come in any order; the report is the same.
 */
/**
 * One case's part of the report: plain data, so it can be made in a worker thread. A part holds
 * the case's report, or (made for a format that writes case by case) that report already
 * written: text crosses between threads far faster than the objects it is made from.
 */
export interface ReportPart {
  readonly caseId: string;
  readonly report?: CaseReport;
  /** The case as JSON text, or that text in UTF-8 (written so in a worker thread, see CaseTextEncoder). */
  readonly text?: string | Uint8Array;
  readonly summary: SummaryCase;
  readonly notes: readonly DataQualityNote[];
}

/** A report whose cases were written as text case by case (`takeParts(render)`): `caseTexts` in case order. */
export interface RenderedReport {
  /** The report without its cases: everything around them (summary, notes, inputs). */
  readonly report: AuditReport;
  readonly caseTexts: ReadonlyArray<string | Uint8Array>;
}

export class ReportBuilder {
  private parts: ReportPart[] = [];
  /** Parts written out as they came and counted by a tally (see addWritten): their notes, and how many. */
  private written = 0;
  private writtenNotes: Array<{ readonly caseId: string; readonly notes: readonly DataQualityNote[] }> = [];
  private readonly pseudonym: (prefix: string, value: string) => string;

  constructor(
    inputs: ReportMeta['inputs'],
    private readonly options: ReportOptions,
  ) {
    const salt = inputs.map((i) => i.sha256).join(':');
    this.pseudonym = (prefix, value) => `${prefix}-${sha256Hex(`${salt}\u0000${prefix}\u0000${value}`).slice(0, 12)}`;
  }

  /**
   * Makes the case's part of the report. With `render`, the case is written as text at once (its
   * report objects let go), and its findings kept only as the summary counts them.
   */
  add(audit: CaseAudit, render?: (c: CaseReport) => string | Uint8Array): void {
    const options = this.options;
    const scrub = options.redact ? scrubberFor(audit) : (s: string) => s;
    const report = caseReport(audit, options, scrub);
    const summary = summaryCase(audit, options.redact, this.pseudonym);
    const notes = options.redact ? audit.timeline.notes.map((note) => ({ ...note, message: scrub(note.message) })) : audit.timeline.notes;
    if (render === undefined) this.parts.push({ caseId: audit.timeline.caseId, report, summary, notes });
    else {
      const findings = summary.findings.map((f) => ({ rule: f.rule, theme: f.theme, severity: f.severity }));
      this.parts.push({ caseId: audit.timeline.caseId, text: render(report), summary: { ...summary, findings }, notes });
    }
  }

  /** The parts made so far, handed over (to a report built elsewhere: a worker's shard). */
  takeParts(): ReportPart[] {
    const parts = this.parts;
    this.parts = [];
    return parts;
  }

  /** Parts made by other builders with the same inputs and options (the shards of an audit). */
  addParts(parts: readonly ReportPart[]): void {
    for (const part of parts) this.parts.push(part);
  }

  /**
   * A part whose text was written out as it came (see CaseSpool) and whose summary a tally
   * counted: only its notes are kept. Holding every part of a large audit to the end, for its
   * notes alone, made the main thread's heap grow by tens of thousands of objects to collect.
   */
  addWritten(part: ReportPart): void {
    this.written++;
    if (part.notes.length > 0) this.writtenNotes.push({ caseId: part.caseId, notes: part.notes });
  }

  /** `tally`: every part's summary, counted as the parts came (see SummaryTally); else counted now. */
  finish(meta: ReportMeta, tally?: SummaryTally): AuditReport {
    const { report, caseTexts } = this.assemble(meta, tally);
    if (caseTexts.length > 0) throw new Error('ReportBuilder.finish: cases were rendered as text; use finishRendered');
    return report;
  }

  /**
   * The report of parts added with `render` (and only those): its cases as text, in case order.
   * Parts whose text was taken away (written out as they came, see CaseSpool) count in the
   * summary and are not among `caseTexts`.
   */
  finishRendered(meta: ReportMeta, tally?: SummaryTally): RenderedReport {
    const rendered = this.assemble(meta, tally);
    if (rendered.report.cases.length > 0) throw new Error('ReportBuilder.finishRendered: some cases were not rendered');
    return rendered;
  }

  private assemble(meta: ReportMeta, tally: SummaryTally | undefined): RenderedReport {
    const options = this.options;
    const count = this.parts.length + this.written;
    if (tally !== undefined && tally.cases !== count) throw new Error(`ReportBuilder: ${tally.cases} cases counted for ${count} parts`);
    if (tally === undefined && this.written > 0) throw new Error('ReportBuilder: parts written out need the tally that counted them');
    const parts = sortByCaseId(this.parts, (part) => part.caseId);
    const cases: CaseReport[] = [];
    const caseTexts: Array<string | Uint8Array> = [];
    const summaryCases: SummaryCase[] = [];
    for (const part of parts) {
      if (part.report !== undefined) cases.push(part.report);
      else if (part.text !== undefined) caseTexts.push(part.text);
      if (tally === undefined) summaryCases.push(part.summary);
    }
    // Each case's notes, in case order, whether its part was kept or written out.
    const caseNotes: DataQualityNote[] = [];
    for (const { notes } of sortByCaseId([...parts, ...this.writtenNotes], (part) => part.caseId)) for (const note of notes) caseNotes.push(note);
    const readerScrub = options.redact ? scrubberFor(undefined) : (s: string) => s;
    const dataQuality = [...meta.dataQuality.map((n) => (options.redact ? { ...n, message: readerScrub(n.message) } : n)), ...caseNotes];

    const report: AuditReport = {
      schemaVersion: 1,
      tool: { name: 'caseaudit', version: meta.version },
      asOf: formatDay(meta.asOf),
      policy: {
        name: meta.policy.name,
        file: meta.policy.file,
        sha256: meta.policy.sha256,
        ...(meta.policy.reference !== undefined ? { reference: meta.policy.reference } : {}),
      },
      inputs: meta.inputs.map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rows })),
      summary: tally === undefined ? summarise(summaryCases, meta.policy) : tally.finish(),
      cases,
      dataQuality,
      ...(options.redact ? { redacted: true as const } : {}),
    };
    return { report, caseTexts };
  }
}

function caseReport(audit: CaseAudit, options: ReportOptions, scrub: (s: string) => string): CaseReport {
  const t = audit.timeline;
  const r = t.record;
  const withTimeline = options.timelines === 'all' || (options.timelines === 'with-findings' && audit.findings.length > 0);
  // Filled field by field in the report's order (no spread of a small object per optional field):
  // this runs once per case, tens of thousands of times in a large batch.
  const report: { -readonly [K in keyof CaseReport]: CaseReport[K] } = {
    caseId: t.caseId,
    state: t.state,
    reopened: t.reopened,
    reportedAt: t.reported ? formatMoment(t.reported) : null,
    closedAt: t.closedAt ? formatMoment(t.closedAt) : null,
  } as CaseReport;
  if (present(r?.landlord)) report.landlord = r!.landlord;
  if (present(r?.team)) report.team = r!.team;
  if (!options.redact && present(r?.officer)) report.officer = r!.officer;
  if (present(r?.category)) report.category = r!.category;
  if (present(r?.priority)) report.priority = r!.priority;
  if (present(audit.aggravatedBy)) report.aggravatedBy = audit.aggravatedBy;
  report.eventCount = t.events.length;
  report.findings = options.redact ? audit.findings.map((f) => redactFinding(f, scrub)) : audit.findings;
  report.pending = options.redact ? audit.pending.map((p): PendingObligation => ({ ...p, message: scrub(p.message) })) : audit.pending;
  if (withTimeline) report.timeline = t.events.map((e) => timelineRow(e, options.redact));
  return report;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value !== undefined && value !== '' ? { [key]: value } : {}) as { [P in K]?: string };
}

function timelineRow(e: CaseAudit['timeline']['events'][number], redact: boolean): TimelineRow {
  return {
    type: e.type,
    occurredAt: formatMoment(e),
    ...optional('party', e.party),
    ...optional('direction', e.direction),
    ...optional('channel', e.channel),
    ...optional('outcome', e.outcome),
    ...(redact ? {} : { ...optional('detail', e.detail), ...optional('officer', e.officer) }),
    source: e.source,
  };
}

function summaryCase(audit: CaseAudit, redact: boolean, pseudonym: (prefix: string, value: string) => string): SummaryCase {
  const r = audit.timeline.record;
  const hateMotivated = r?.hateMotivated === true || r?.category?.trim().toLowerCase() === 'hate';
  // Repeats are looked for among hate-motivated cases only: no other case's references are
  // split, nor (under --redact) hashed.
  const refs = hateMotivated ? perpetratorRefs(r?.allegedPerpetratorRef) : [];
  const officer = r?.officer?.trim() || undefined;
  return {
    caseId: audit.timeline.caseId,
    findings: audit.findings,
    pending: audit.pending.length,
    applicableRules: audit.applicableRules,
    team: r?.team?.trim() || undefined,
    officer: officer !== undefined && redact ? pseudonym('officer', officer) : officer,
    landlord: r?.landlord?.trim() || undefined,
    hateMotivated,
    perpetrators: redact ? refs.map((ref) => pseudonym('ref', ref)) : refs,
  };
}

/** The references of alleged_perpetrator_ref: `;`-separated, trimmed, blanks dropped. */
function perpetratorRefs(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const WITHHELD = '[withheld]';

/**
 * Removes note text from a message: each of the case's notes wherever it appears, and anything
 * quoted. Templates write their own words plus dates and types; a quotation is the one way a
 * note could reach a message, and withholding a quoted keyword costs little.
 */
function scrubberFor(audit: CaseAudit | undefined): (message: string) => string {
  const notes = new Set<string>();
  if (audit) {
    for (const list of [audit.timeline.events, audit.timeline.afterAsOf]) {
      for (const e of list) if (e.detail && e.detail.trim().length >= MIN_NOTE) notes.add(e.detail.trim());
    }
  }
  // Longest first, so a note that contains another is withheld whole.
  const ordered = [...notes].sort((a, b) => b.length - a.length);
  return (message) => {
    let out = message;
    for (const note of ordered) out = withholdWord(out, note);
    return out.replace(/"[^"]*"|“[^”]*”|«[^»]*»/g, WITHHELD);
  };
}

/** Notes shorter than this ("ok", "no") are left alone: they would wipe ordinary words from messages. */
const MIN_NOTE = 4;

/** Replaces each occurrence of `note` that stands as whole words (not inside a longer word). */
function withholdWord(text: string, note: string): string {
  let from = 0;
  let out = '';
  for (let at = text.indexOf(note); at >= 0; at = text.indexOf(note, at + 1)) {
    if (at < from) continue;
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = at + note.length < text.length ? text[at + note.length]! : ' ';
    if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
    out += text.slice(from, at) + WITHHELD;
    from = at + note.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

function redactFinding(f: Finding, scrub: (s: string) => string): Finding {
  const { details, ...rest } = f;
  const kept = details ? redactDetails(details, scrub) : undefined;
  return { ...rest, message: scrub(f.message), ...(kept ? { details: kept } : {}) };
}

/** Keeps the facts of a gap or closure (numbers, dates, the template's own condition names), scrubbed. */
function redactDetails(details: Readonly<Record<string, unknown>>, scrub: (s: string) => string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = scrub(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v.map((x: string) => scrub(x));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
