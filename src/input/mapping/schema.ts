import { z } from 'zod';

/**
 * The mapping file's shape (SPEC 1.4): strict objects, so a misspelt key is an error with its
 * line, column and a "did you mean". What the values mean (canonical types, date formats,
 * patterns) is checked after the shape, in load.ts, so every problem is reported at once.
 */

const name = z.string().min(1);

/** What one source value becomes: a value of its own column, several fields at once, or ~ (drop the row). */
const valueTargetSchema = z
  .union([z.string().min(1), z.record(name, z.string()), z.null()])
  .describe('the canonical value; or a map of canonical fields (type, party, direction, channel, outcome, ...); or ~ to drop the row');

/** A milestone column of a case-per-row export: each date in it is one event. */
const milestoneSchema = z.strictObject({
  column: name.describe('the export column holding the date (or, with `list`, several dates)'),
  type: name.describe('the canonical event type each date becomes'),
  list: name.optional().describe('separator of several dates in one cell, e.g. ";"'),
  party: name.optional(),
  direction: name.optional(),
  channel: name.optional(),
  outcome: name.optional(),
  detail: name.optional().describe('the export column whose text becomes the note of the event'),
  attributes: z.record(name, name).optional().describe('event attributes: attribute name -> the export column holding its value'),
});

export const sectionShape = {
  columns: z.record(name, name).optional().describe('export column -> canonical column (case_id, occurred_at, type, ...) or attribute name'),
  values: z.record(name, z.record(z.string(), valueTargetSchema)).optional().describe('per column: export value or /pattern/i -> canonical value'),
  defaults: z.record(name, z.string()).optional().describe('canonical fields every row gets when it has no value of its own'),
  dates: z.array(name).min(1).optional().describe('date formats tried in order: "DD/MM/YYYY HH:mm", "iso", "excel", ...'),
  personal: z.array(name).optional().describe('columns holding personal data: left out of everything under --redact'),
  case_attributes: z.array(name).optional().describe('columns of an event log that describe the whole case'),
  events: z.array(milestoneSchema).min(1).optional().describe('a case-per-row export: the milestone columns that become events'),
};

const fileSectionSchema = z.strictObject({
  match: name.describe('file-name pattern (* and ?), e.g. "*contacts*.csv"'),
  ...sectionShape,
});

export const mappingFileSchema = z.strictObject({
  name: name.optional().describe('what export this mapping reads'),
  description: z.string().optional(),
  ...sectionShape,
  files: z.array(fileSectionSchema).min(1).optional().describe('one section per file of a multi-file export, chosen by file name'),
});

export type MappingFile = z.infer<typeof mappingFileSchema>;
export type SectionData = z.infer<z.ZodObject<typeof sectionShape>>;
export type MilestoneData = z.infer<typeof milestoneSchema>;
export type FileSectionData = z.infer<typeof fileSectionSchema>;
