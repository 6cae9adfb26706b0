import { z } from 'zod';
import { dateOnly, formatDayUk, type Moment } from '../dates/london.js';
import type { CaseEvent } from '../model/event.js';
import { limitSchema, type Limit } from '../policy/parts.js';
import { firstAfter } from './match.js';
import type { Deadline, ExplainContext, RuleContext, RuleOutcome, Template } from './template.js';
import { count, days, nounOf, outcomeOf, workingDays } from './wording.js';

const stageKey = z.string().regex(/^\d+$/, 'a complaint stage is a number ("1", "2")');

/** The Complaint Handling Code 2024: acknowledge within 5 working days at either stage. */
const CODE_ACKNOWLEDGEMENT: Record<string, Limit> = { '1': { working_days: 5 }, '2': { working_days: 5 } };

const options = z
  .strictObject({
    step: z.enum(['acknowledged', 'response']).describe('Which step of complaint handling the rule checks: the acknowledgement or the response.'),
    limits: z.record(stageKey, limitSchema).describe('Per stage ("1", "2"): the acknowledgement limit (step acknowledged) or the response limit (step response).'),
    extensions: z.record(stageKey, z.number().int().nonnegative()).optional().describe('Response only: per stage, the default and maximum working days all extensions may add.'),
    acknowledgement_limits: z.record(stageKey, limitSchema).optional().describe('Response only: per stage, when the acknowledgement was due, for a complaint never acknowledged (the response counts from then).'),
  })
  .superRefine((o, issue) => {
    if (o.step !== 'response') {
      for (const key of ['extensions', 'acknowledgement_limits'] as const) {
        if (o[key] !== undefined) issue.addIssue({ code: 'custom', path: [key], message: `${key} applies only to step: response` });
      }
    }
  });
export type ComplaintOptions = z.output<typeof options>;

/** A complaint event's stage: its `stage` attribute ("2", "Stage 2"), or 1 when it has none (SPEC 2.1). */
export function stageOf(event: CaseEvent): string {
  const raw = event.attributes.stage?.trim();
  if (!raw) return '1';
  const m = /^(?:stage\s*)?(\d+)$/i.exec(raw);
  return m ? String(Number(m[1])) : raw.toLowerCase();
}

function byStage(events: readonly CaseEvent[], indices: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of indices) {
    const stage = stageOf(events[i]!);
    let list = out.get(stage);
    if (!list) out.set(stage, (list = []));
    list.push(i);
  }
  return out;
}

/**
 * Pairs each complaint with the first unused event after it (SPEC 2.1: "complaints of a stage pair
 * in order with acknowledgements and responses of that stage"). -1 where there is none.
 */
function pairInOrder(events: readonly CaseEvent[], complaints: readonly number[], answers: readonly number[]): number[] {
  const paired: number[] = [];
  let next = 0;
  for (const c of complaints) {
    const p = firstAfter(events, answers, c, next);
    if (p < answers.length) {
      paired.push(answers[p]!);
      next = p + 1;
    } else {
      paired.push(-1);
    }
  }
  return paired;
}

function extensionDays(event: CaseEvent): number | undefined {
  const raw = event.attributes.extension_days?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : undefined;
}

/**
 * The response's due date: from the acknowledgement (or when it was due), plus extensions in time.
 * An extension extends one complaint: `claimed` holds those an earlier complaint of the stage took
 * (the one still waiting for its response whose due date it came by), and takes this one's.
 */
function responseDue(
  ctx: RuleContext<ComplaintOptions>,
  complaint: number,
  ack: number,
  extensions: readonly number[],
  claimed: Set<number>,
  response: number,
  stage: string,
  limit: Limit,
): { due: Deadline; base: string; counted: number[]; added: number } {
  const events = ctx.timeline.events;
  const c = events[complaint]!;
  let from: Moment;
  let base: string;
  if (ack >= 0) {
    from = events[ack]!;
    base = `from the acknowledgement of ${formatDayUk(from.day)}`;
  } else {
    const ackLimit = ctx.options.acknowledgement_limits?.[stage] ?? CODE_ACKNOWLEDGEMENT[stage] ?? { working_days: 5 };
    const ackDue = ctx.deadline(c, ackLimit);
    from = dateOnly(ackDue.day);
    base = `from ${formatDayUk(ackDue.day)}, when the acknowledgement was due`;
  }
  let due = ctx.deadline(from, limit);
  const max = ctx.options.extensions?.[stage];
  const counted: number[] = [];
  let added = 0;
  const responseDay = response >= 0 ? events[response]!.day : Infinity;
  for (let p = firstAfter(events, extensions, complaint); p < extensions.length; p++) {
    const e = events[extensions[p]!]!;
    // Extensions run in time order and only a granted one moves the due date, so the first one
    // made after the due date ends the walk; one after the response extends nothing either.
    if (e.day > due.day || e.day > responseDay) break;
    if (claimed.has(extensions[p]!)) continue;
    const asked = extensionDays(e) ?? max ?? 0;
    const grant = max === undefined ? asked : Math.min(asked, max - added);
    if (grant <= 0) continue;
    counted.push(extensions[p]!);
    claimed.add(extensions[p]!);
    added += grant;
    due = { day: ctx.calendar.addWorkingDays(due.day, grant), limit: due.limit };
  }
  return { due, base, counted, added };
}

/**
 * Complaint handling (SPEC 2.1 "Complaints", the Complaint Handling Code 2024). Applies in any
 * state of the case, and to cases that were never opened.
 */
export const complaint: Template<ComplaintOptions> = {
  name: 'complaint',
  summary: 'Each complaint must be acknowledged, and answered, within the stage limits of the Complaint Handling Code.',
  options,
  evaluate(ctx) {
    const o = ctx.options;
    const events = ctx.timeline.events;
    // Most cases have no complaint: nothing to pair.
    if (ctx.timeline.indicesOf('complaint').length === 0) return [];
    const complaints = byStage(events, ctx.timeline.indicesOf('complaint'));
    const answerType = o.step === 'acknowledged' ? 'complaint_acknowledged' : 'complaint_response';
    const answers = byStage(events, ctx.timeline.indicesOf(answerType));
    const acks = o.step === 'response' ? byStage(events, ctx.timeline.indicesOf('complaint_acknowledged')) : undefined;
    const extensions = o.step === 'response' ? byStage(events, ctx.timeline.indicesOf('complaint_extension')) : undefined;
    const out: RuleOutcome[] = [];
    for (const [stage, list] of complaints) {
      const stageLimit = o.limits[stage];
      // A stage the policy sets no limit for (a third stage, an unreadable value) is not judged.
      if (stageLimit === undefined) continue;
      const limit = ctx.limit(stageLimit);
      const paired = pairInOrder(events, list, answers.get(stage) ?? []);
      const pairedAcks = acks ? pairInOrder(events, list, acks.get(stage) ?? []) : undefined;
      const claimed = new Set<number>();
      for (let k = 0; k < list.length; k++) {
        const c = list[k]!;
        const after = `the stage ${stage} complaint of ${formatDayUk(events[c]!.day)}`;
        let outcome: RuleOutcome | undefined;
        if (o.step === 'acknowledged') {
          const due = ctx.deadline(events[c]!, limit);
          outcome = outcomeOf(events, c, due, ctx.judge(due, paired[k]!), { owed: nounOf('complaint_acknowledged'), after });
        } else {
          const ack = pairedAcks![k]!;
          const r = responseDue(ctx, c, ack, extensions!.get(stage) ?? [], claimed, paired[k]!, stage, limit);
          const extended = r.added > 0 ? `, extended by ${workingDays(r.added)}` : '';
          const note = `, ${describePlain(limit)} ${r.base}${extended}`;
          const evidence = [...(ack >= 0 ? [ack] : []), ...r.counted];
          outcome = outcomeOf(events, c, r.due, ctx.judge(r.due, paired[k]!), { owed: `stage ${stage} complaint response`, after, note }, evidence);
        }
        if (outcome) out.push(outcome);
      }
    }
    return out;
  },
  explain(rule, policy) {
    const o = rule.options;
    const limits = perStage(o.limits, policy);
    if (o.step === 'acknowledged') {
      return `Each complaint, whether the case is open or closed, must be acknowledged within ${limits}. Complaints of a stage pair in order with the acknowledgements of that stage; a complaint without a stage is stage 1.`;
    }
    const ackLimits = perStage(o.acknowledgement_limits ?? CODE_ACKNOWLEDGEMENT, policy);
    let text =
      `Each complaint, whether the case is open or closed, must have its response of the same stage within ${limits}, ` +
      `counted from the acknowledgement or, when there is none, from the date the acknowledgement was due (${ackLimits} after the complaint).`;
    if (o.extensions !== undefined && Object.keys(o.extensions).length > 0) {
      const ext = Object.entries(o.extensions)
        .map(([stage, n]) => `${workingDays(n)} at stage ${stage}`)
        .join(' and ');
      text += ` An extension given on or before the due date adds its days (several add up), to at most ${ext}; a later one extends nothing. Each extension extends one complaint: the earliest of its stage still waiting for its response.`;
    }
    return text + ' A complaint without a stage is stage 1.';
  },
};

function describePlain(limit: Limit): string {
  if (limit.working_days !== undefined) return workingDays(limit.working_days);
  if (limit.days !== undefined) return days(limit.days);
  return count(limit.hours ?? 0, 'hour');
}

function perStage(limits: Readonly<Record<string, Limit>>, policy: ExplainContext): string {
  return Object.entries(limits)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([stage, limit]) => `${policy.describeLimit(limit)} at stage ${stage}`)
    .join(' and ');
}
