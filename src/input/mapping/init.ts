import { basename } from 'node:path';
import type { ExportRows } from './export-rows.js';
import { VOCABULARIES } from './vocabulary.js';

/**
 * `mapping init`: a first draft of a mapping from an export's header and values. It guesses what
 * is obvious (a "Case Ref" column is the case_id, "Tel call to complainant" is a contact) and
 * writes every value it cannot place as a TODO comment for the person who knows the system.
 */

const COLUMN_GUESSES: readonly [RegExp, string][] = [
  [/^(case\s*(ref(erence)?|no|number|id)|ref)$/, 'case_id'],
  [/(date\s*(reported|opened|received)|opened)/, 'reported_at'],
  [/(action|event|activity)\s*type|^type$/, 'type'],
  [/(date|logged|occurred|when)/, 'occurred_at'],
  [/(contact\s*with|party|person\s*type|agency)/, 'party'],
  [/(in\s*\/\s*out|direction)/, 'direction'],
  [/(method|channel)/, 'channel'],
  [/(outcome|result)/, 'outcome'],
  [/(notes?|details?|description|comments?)$/, 'detail'],
  [/(officer|logged\s*by|handler|staff)/, 'officer'],
  [/^(action|event)\s*id$/, 'event_id'],
  [/^(asb\s*)?categor/, 'category'],
  [/priority/, 'priority'],
  [/vulnerab/, 'vulnerabilities'],
  [/hate/, 'hate_motivated'],
  [/^team$/, 'team'],
  [/landlord/, 'landlord'],
  [/property/, 'property_ref'],
  [/perp/, 'alleged_perpetrator_ref'],
];
const PERSONAL = /(name|complainant|address|telephone\s*no|phone\s*number|date\s*of\s*birth|dob|e-?mail\s*address)/;

/** A few words that usually say what an event is, tried in order. */
const TYPE_GUESSES: readonly [RegExp, string][] = [
  [/risk.*(review|updat)/, 'risk_assessment_review'],
  [/risk\s*(matrix|assess)|^ra\b/, 'risk_assessment'],
  [/action\s*plan.*review/, 'action_plan_review'],
  [/action\s*plan/, 'action_plan'],
  [/complaint.*ack/, 'complaint_acknowledged'],
  [/complaint.*(extension|extend)/, 'complaint_extension'],
  [/complaint.*(response|respon|outcome)/, 'complaint_response'],
  [/complaint/, 'complaint'],
  [/(police|agency|gp|school|marac|idva).*(received|info|in\b)/, 'third_party_in'],
  [/(shared|sent|referr).*(police|agency)/, 'third_party_out'],
  [/closure\s*(letter|notif)/, 'closure_notified'],
  [/reopen/, 'case_reopened'],
  [/clos/, 'case_closed'],
  [/chas|update\s*req|call\s*back/, 'update_requested'],
  [/(tel(ephone)?\s*call|phone|visit).*complainant|contact\s*(made|with\s*complainant)/, 'contact'],
  [/contact\s*(arrangement|agreement)/, 'contact_agreement'],
  [/vulnerab/, 'vulnerability_recorded'],
  [/hate/, 'hate_incident_recorded'],
  [/safeguard/, 'safeguarding_referral'],
  [/signpost.*support|support.*signpost/, 'support_signposted'],
  [/case\s*review|community\s*trigger/, 'case_review_signposted'],
  [/evidence.*review/, 'evidence_reviewed'],
  [/(diary|evidence|recording)/, 'evidence_received'],
  [/(further\s*)?incident/, 'incident'],
  [/report/, 'report'],
  [/(warning|injunction|abc|mediation|cctv|enforcement)/, 'action'],
];
const PARTY_GUESSES: readonly [RegExp, string][] = [
  [/complainant|resident|victim|tenant/, 'resident'],
  [/perp|alleged/, 'alleged_perpetrator'],
  [/police/, 'police'],
  [/council|local\s*authority/, 'local_authority'],
  [/social/, 'social_services'],
  [/gp|health|nhs|mental/, 'health'],
  [/school|education/, 'education'],
  [/idva/, 'idva'],
  [/marac/, 'marac'],
  [/managing\s*agent/, 'managing_agent'],
];
const CHANNEL_GUESSES: readonly [RegExp, string][] = [
  [/tel|phone|call/, 'phone'],
  [/e-?mail/, 'email'],
  [/letter|post/, 'letter'],
  [/visit/, 'visit'],
  [/meeting/, 'meeting'],
  [/sms|text/, 'sms'],
  [/portal|online|web/, 'portal'],
];
const GUESSES: Record<string, readonly [RegExp, string][]> = {
  type: TYPE_GUESSES,
  party: PARTY_GUESSES,
  channel: CHANNEL_GUESSES,
  direction: [[/^in|inbound|received/, 'inbound'], [/^out|outbound|sent/, 'outbound']],
  outcome: [[/no\s*answer/, 'no_answer'], [/message|voicemail/, 'left_message'], [/spoke|made|answered/, 'made']],
  hate_motivated: [[/^(y|yes|true)$/, 'true'], [/^(n|no|false)$/, 'false']],
  priority: [[/high|p1|urgent/, 'high'], [/medium|p2|standard/, 'medium'], [/low|p3/, 'low']],
};
const MILESTONE_GUESSES: readonly [RegExp, string][] = [
  [/reported|opened/, 'report'],
  [/\bra\b|risk/, 'risk_assessment'],
  [/action\s*plan/, 'action_plan'],
  [/closure\s*letter|closure\s*notif/, 'closure_notified'],
  [/clos/, 'case_closed'],
  [/contact/, 'contact'],
  [/case\s*review/, 'case_review_signposted'],
];

const MAX_VALUES = 40;

function guess(table: readonly [RegExp, string][], text: string): string | undefined {
  const lower = text.toLowerCase();
  return table.find(([pattern]) => pattern.test(lower))?.[1];
}

/** The date format most of a column's values take, if they are dates. */
function dateFormatOf(values: readonly string[]): string | undefined {
  const sample = values.map((v) => v.split(';')[0]!.trim()).filter((v) => v !== '').slice(0, 50);
  if (sample.length === 0) return undefined;
  const share = (pattern: RegExp) => sample.filter((v) => pattern.test(v)).length / sample.length;
  if (share(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}$/) > 0) return 'DD/MM/YYYY HH:mm';
  if (share(/^\d{1,2}\/\d{1,2}\/\d{4}$/) >= 0.5) return 'DD/MM/YYYY';
  if (share(/^\d{4}-\d{2}-\d{2}/) >= 0.5) return 'iso';
  if (share(/^\d{5}(\.\d+)?$/) >= 0.5) return 'excel';
  return undefined;
}

/** A YAML scalar: plain when that is safe and reads the same, else double-quoted (JSON is YAML). */
function scalar(text: string): string {
  if (/^[A-Za-z][A-Za-z0-9 ()/&'-]*[A-Za-z0-9)]$/.test(text) && !/^(y|yes|n|no|true|false|on|off|null)$/i.test(text)) return text;
  return JSON.stringify(text);
}

export function draftMapping(exported: ExportRows): string {
  const { header, rows } = exported;
  const columnValues = header.map((_, i) => rows.map((r) => r.values[i] ?? ''));
  const targets = new Map<number, string>();
  const used = new Set<string>();
  const formats = new Set<string>();
  header.forEach((name, i) => {
    const lower = name.toLowerCase();
    const target = COLUMN_GUESSES.find(([pattern, t]) => !used.has(t) && pattern.test(lower))?.[1];
    if (target !== undefined) {
      targets.set(i, target);
      used.add(target);
    }
  });
  const dateColumns = header.flatMap((_, i) => {
    const format = dateFormatOf(columnValues[i]!);
    return format === undefined ? [] : [[i, format] as const];
  });
  const caseRow = !used.has('type') && dateColumns.length >= 2;
  const milestones: string[] = [];
  if (caseRow) {
    for (const [i, format] of dateColumns) {
      if (targets.get(i) === 'occurred_at' || targets.get(i) === 'reported_at') targets.delete(i);
      formats.add(format);
      const type = guess(MILESTONE_GUESSES, header[i]!);
      const list = columnValues[i]!.some((v) => v.includes(';')) ? ', list: ";"' : '';
      milestones.push(type === undefined ? `  # TODO: - { column: ${scalar(header[i]!)}, type: ?${list} }` : `  - { column: ${scalar(header[i]!)}, type: ${type}${list} }`);
    }
  } else {
    for (const [i, format] of dateColumns) if (targets.has(i)) formats.add(format);
  }

  const out: string[] = [];
  out.push(`# Draft mapping for ${basename(exported.file)}, written by caseaudit mapping init.`);
  out.push('# Check every guess, fill in each TODO, then: caseaudit mapping check THIS-FILE EXPORT');
  out.push(`name: ${scalar(`Export like ${basename(exported.file)}`)}`);
  if (formats.size > 0) out.push(`dates: [${[...formats].sort((a, b) => b.length - a.length).map((f) => JSON.stringify(f)).join(', ')}]`);
  const personal = header.filter((h) => PERSONAL.test(h.toLowerCase()) && !/officer/i.test(h));
  if (personal.length > 0) out.push(`personal: [${personal.map(scalar).join(', ')}]`);
  out.push('columns:');
  header.forEach((name, i) => {
    if (caseRow && dateColumns.some(([d]) => d === i)) return;
    const target = targets.get(i);
    out.push(target === undefined ? `  # TODO: ${scalar(name)}: ?   (kept as an attribute under this name unless renamed)` : `  ${scalar(name)}: ${target}`);
  });
  const valueLines: string[] = [];
  header.forEach((name, i) => {
    const field = targets.get(i);
    if (field === undefined || VOCABULARIES[field] === undefined) return;
    const distinct = [...new Set(columnValues[i]!.map((v) => v.trim()).filter((v) => v !== ''))].sort();
    const lines = distinct.slice(0, MAX_VALUES).flatMap((value) => {
      if (VOCABULARIES[field]!.includes(value.toLowerCase().replace(/[\s-]+/g, '_'))) return [];
      const target = guess(GUESSES[field] ?? [], value) ?? VOCABULARIES[field]!.find((v) => v === value.toLowerCase());
      return [target === undefined ? `    # TODO: ${JSON.stringify(value)}: ?` : `    ${JSON.stringify(value)}: ${scalar(target)}`];
    });
    if (distinct.length > MAX_VALUES) lines.push(`    # TODO: ${distinct.length - MAX_VALUES} more values not listed`);
    if (lines.length === 0) return;
    // A column whose every value is a TODO would be an empty map: comment its name out too.
    const guessed = lines.some((l) => !l.trimStart().startsWith('#'));
    valueLines.push(`  ${guessed ? '' : '# TODO: '}${scalar(name)}:`, ...lines);
  });
  if (valueLines.length > 0) out.push(valueLines.some((l) => !l.trimStart().startsWith('#')) ? 'values:' : '# values:', ...valueLines);
  if (milestones.length > 0) out.push('events:', ...milestones);
  return out.join('\n') + '\n';
}
