import { z } from 'zod';

/**
 * Schema pieces shared by the policy loader and every template's options schema: limits,
 * conditions and keyword-list references. Objects are strict so a typo in a field name is an
 * error with its path, not a silently ignored key.
 */

/** A time limit: exactly one of calendar days, working days or hours (SPEC 2). */
export const limitSchema = z
  .strictObject({
    days: z.number().int().nonnegative().optional(),
    working_days: z.number().int().nonnegative().optional(),
    hours: z.number().int().positive().optional(),
  })
  .refine((l) => [l.days, l.working_days, l.hours].filter((v) => v !== undefined).length === 1, {
    message: 'a limit needs exactly one of days, working_days or hours',
  });
export type Limit = z.infer<typeof limitSchema>;

/**
 * A condition on case attributes. A string names a condition of the policy's `conditions:`
 * section (e.g. `high-risk`); an object with several keys holds when all of them hold.
 */
export type Condition =
  | string
  | { any: Condition[] }
  | { all: Condition[] }
  | { not: Condition }
  | {
      priority?: string[];
      category?: string[];
      hate_motivated?: boolean;
      /** A recorded vulnerability (case record) or an indicated one (vulnerability keywords). */
      vulnerable?: boolean;
      /** The `report`'s own note matches one of these keyword lists. */
      report_mentions?: string[];
    };

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z
      .strictObject({
        priority: oneOrMany.optional(),
        category: oneOrMany.optional(),
        hate_motivated: z.boolean().optional(),
        vulnerable: z.boolean().optional(),
        report_mentions: oneOrMany.optional(),
      })
      .refine((c) => Object.keys(c).length > 0, { message: 'a condition needs at least one test' }),
  ]),
) as z.ZodType<Condition>;

/**
 * A limit that may depend on the case: one limit, or a list tried in order where each entry
 * may carry `if:` (a condition); the first whose condition holds applies, and the last entry
 * should have no `if:`.
 */
export const conditionalLimitSchema = z.union([
  limitSchema,
  z
    .array(
      z
        .strictObject({
          if: conditionSchema.optional(),
          days: z.number().int().nonnegative().optional(),
          working_days: z.number().int().nonnegative().optional(),
          hours: z.number().int().positive().optional(),
        })
        .refine((l) => [l.days, l.working_days, l.hours].filter((v) => v !== undefined).length === 1, {
          message: 'a limit needs exactly one of days, working_days or hours',
        }),
    )
    .min(1),
]);
export type ConditionalLimit = z.infer<typeof conditionalLimitSchema>;

/** One or more event types. */
export const eventTypesSchema = oneOrMany;
