import { cadence } from './cadence.js';
import { closure } from './closure.js';
import { complaint } from './complaint.js';
import { indicated } from './indicated.js';
import { reply } from './reply.js';
import type { Template } from './template.js';
import { threshold } from './threshold.js';
import { within } from './within.js';

/**
 * Every rule template, by the name a policy uses. Adding a template is one file in this folder,
 * one line here, and its tests.
 */
export const TEMPLATES: Readonly<Record<string, Template<any>>> = {
  within,
  cadence,
  reply,
  indicated,
  threshold,
  closure,
  complaint,
};
