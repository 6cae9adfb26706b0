import { WorkingCalendar } from '../calendar/working-days.js';
import type { Policy } from './types.js';

/**
 * A loaded policy as it crosses to a worker thread: plain data, the calendar as its closure days.
 * Loading the policy again in each thread (reading the YAML, validating every rule) cost each
 * 0.1 to 0.15 s of its start, before it could read a row; the main thread has loaded it already.
 */
export interface PolicyHandover {
  readonly policy: Omit<Policy, 'calendar'>;
  readonly closures: ReadonlyMap<number, string>;
}

/**
 * The policy as a worker can take it, or undefined when some part of it cannot cross between
 * threads (the worker then loads the policy from its file, as the main thread did).
 */
export function handOverPolicy(policy: Policy): PolicyHandover | undefined {
  const { calendar, ...rest } = policy;
  const handover: PolicyHandover = { policy: rest, closures: calendar.closureDays };
  try {
    // A few kilobytes: what the worker's start would clone anyway, tried here so that a policy
    // that cannot cross is loaded by the worker instead of failing its start.
    structuredClone(handover);
  } catch {
    return undefined;
  }
  return handover;
}

/** The policy handed over, with a calendar of its own (the thread's years asked about start empty). */
export function takeOverPolicy(handover: PolicyHandover): Policy {
  return { ...handover.policy, calendar: new WorkingCalendar(handover.closures) };
}
