#!/usr/bin/env node
// Where the time of a caseaudit run goes, from a V8 CPU profile:
//   node --cpu-prof --cpu-prof-dir=prof bin/caseaudit.js audit ... && node bench/profile-summary.mjs prof/*.cpuprofile
// Each phase is the inclusive time of the functions that make it (garbage collection is shown on
// its own: V8 reports it apart from the code that allocated); per template, its evaluate().
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs FILE.cpuprofile\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (n) => `${n.callFrame.functionName}@${n.callFrame.url.replace(/^.*\/dist\//, 'dist/')}`;
// A sample belongs to the first phase (in this order) that any frame of its stack matches: the
// tokenizer calls the event builder, which calls the date parser, so the narrower comes first.
const PHASES = [
  ['garbage collection', (n) => n.callFrame.functionName === '(garbage collector)'],
  ['read: dates', (n) => /dist\/dates\/parse\.js/.test(n.callFrame.url) || where(n).startsWith('moment@dist/input/caseload-builder')],
  ['read: grouping by case (case lookup)', (n) => where(n).startsWith('draft@dist/input/caseload-builder')],
  // The event store both keeps events while reading and makes each case's events for the audit.
  ['events: storing and making (event store)', (n) => /dist\/input\/event-store\.js/.test(n.callFrame.url)],
  ['read: events, vocabularies, duplicates', (n) => /dist\/input\/(caseload-builder|rows)\.js/.test(n.callFrame.url)],
  ['read: CSV tokenizer, decoding, hashing', (n) => /dist\/input\//.test(n.callFrame.url)],
  ['timeline build', (n) => where(n).startsWith('buildTimeline@')],
  ...['within', 'reply', 'cadence', 'indicated', 'threshold', 'closure', 'complaint'].map((t) => [`rules: ${t}`, (n) => n.callFrame.url.endsWith(`dist/templates/${t}.js`) && n.callFrame.functionName === 'evaluate']),
  ['rules: keyword indications (per case)', (n) => where(n).startsWith('indications@dist/engine/case-scope')],
  ['rules: engine (scope, findings, fingerprints)', (n) => /dist\/(engine|templates)\//.test(n.callFrame.url)],
  ['report build', (n) => /dist\/report\/(build|summary)\.js/.test(n.callFrame.url)],
  ['JSON output (format and write)', (n) => where(n).startsWith('formatJsonChunks@') || where(n).startsWith('writeReportFile@')],
  ['start-up, policy, other', () => true],
];

const totals = new Map(PHASES.map(([name]) => [name, 0]));
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  let id = profile.samples[i];
  const n0 = nodes.get(id);
  if (n0.callFrame.functionName === '(idle)' || n0.callFrame.functionName === '(program)') {
    totals.set('start-up, policy, other', totals.get('start-up, policy, other') + dt);
    continue;
  }
  const stack = [];
  for (; id !== undefined; id = parent.get(id)) stack.push(nodes.get(id));
  const phase = PHASES.find(([, test]) => stack.some(test))[0];
  totals.set(phase, totals.get(phase) + dt);
}
const rows = [...totals].filter(([, t]) => t > 0);
process.stdout.write(`| phase | CPU s | share |\n|---|---:|---:|\n`);
for (const [name, t] of rows) process.stdout.write(`| ${name} | ${(t / 1e6).toFixed(2)} | ${((100 * t) / total).toFixed(0)}% |\n`);
process.stdout.write(`| **total** | **${(total / 1e6).toFixed(2)}** | |\n`);
