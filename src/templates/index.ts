import { cadence } from './cadence.js';
import { closure } from './closure.js';
import { indicated } from './indicated.js';
import { threshold } from './threshold.js';
import type { Template } from './template.js';

/**
 * Every rule template, by the name a policy uses. Adding a template is one file in this folder,
 * one line here, and its tests.
 */
export const TEMPLATES: Readonly<Record<string, Template<any>>> = {
  cadence,
  closure,
  indicated,
  threshold,
};
