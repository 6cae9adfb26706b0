import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/input/index.js';
import { detectDelimiter } from '../../src/input/delimiter.js';
import { dateConverter, dateReader, type DateReader } from '../../src/input/mapping/dates.js';
import { loadMapping, loadMappingFile, rowMapping } from '../../src/input/mapping/index.js';
import { caseaudit } from './cli.js';

const fx = (name: string) => `tests/fixtures/mapping/${name}`;
const read = async (options: { strict?: boolean; redact?: boolean } = {}) =>
  readInputs([fx('log-1252.csv')], { encoding: 'windows-1252', mapping: rowMapping(loadMappingFile(fx('log.yaml')), options), strict: options.strict });

describe('mapping errors', () => {
  it('lists every problem with its line and column, with did-you-mean', () => {
    let message = '';
    try {
      loadMappingFile(fx('bad.yaml'));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'tests/fixtures/mapping/bad.yaml:4:1 defualts: unknown field `defualts` (did you mean `defaults`?)',
      expect.stringMatching(/^tests\/fixtures\/mapping\/bad\.yaml:8:15 values\["Action Type"\]\["Tel call"\]: `contcat` is not a canonical event type \(did you mean `contact`\?\)/),
      expect.stringMatching(/^tests\/fixtures\/mapping\/bad\.yaml:9:5 values\["Action Type"\]\["\/tel\(\/i"\]: invalid pattern/),
      expect.stringMatching(/^tests\/fixtures\/mapping\/bad\.yaml:10:29 dates\[1\]: unknown part "\/QQ\/"/),
    ]);
  });

  it('names a YAML syntax error by line and column', () => {
    expect(() => loadMapping('columns:\n  a: [b\n', 'm.yaml')).toThrow(/^m\.yaml:\d+:\d+ YAML syntax/);
  });

  it('refuses a rename onto a misspelt canonical column', () => {
    expect(() => loadMapping('columns:\n  Date: ocurred_at\n', 'm.yaml')).toThrow('m.yaml:2:9 columns.Date: unknown canonical column `ocurred_at` (did you mean `occurred_at`?)');
  });
});

describe('an event log through a mapping (Windows-1252, ; delimited)', () => {
  it('renames, maps values by pattern and exactly, fills defaults, drops ~ rows, reads three date formats', async () => {
    const caseload = await read();
    const events = caseload.cases.get('ASB-1')!.events;
    expect(events.map((e) => [e.type, e.party, e.direction, e.channel, e.officer])).toEqual([
      ['report', undefined, undefined, undefined, 'Housing Team'],
      ['contact', 'resident', 'outbound', 'phone', 'Housing Team'],
      ['third_party_in', 'police', undefined, undefined, 'Housing Team'],
      ['Leaflet drop', undefined, undefined, undefined, 'Housing Team'],
    ]);
    expect(events.map((e) => [e.day, e.time])).toEqual([
      [20031, 9.5 * 3600],
      [20032, -1],
      [20033, -1], // Excel serial 45602 is 2024-11-06
      [20034, 10 * 3600],
    ]);
    // The £ and é of a Windows-1252 export read right.
    expect(events[0]!.detail).toBe('Rent arrears £50 mentioned, café noise');
    expect(caseload.notes.map((n) => n.kind)).toContain('unknown-type');
  });

  it('puts case attributes on the case record, not on each event; personal columns too unless --redact', async () => {
    const plain = (await read()).cases.get('ASB-1')!;
    expect(plain.record?.attributes).toEqual({ Ward: 'Riverside', tenant_name: 'Ms Zoë Brown' });
    expect(plain.events[0]!.attributes).toEqual({});
    const redacted = (await read({ redact: true })).cases.get('ASB-1')!;
    expect(redacted.record?.attributes).toEqual({ Ward: 'Riverside' });
    expect(JSON.stringify(redacted)).not.toContain('Zoë');
  });

  it('--strict: a value that maps to nothing is an error naming the file and line', async () => {
    await expect(read({ strict: true })).rejects.toThrow('tests/fixtures/mapping/log-1252.csv:6: Action Type "Leaflet drop" maps to nothing in the mapping (--strict: an unmapped value is an error)');
    const r = await caseaudit(['audit', fx('log-1252.csv'), '--mapping', fx('log.yaml'), '--encoding', 'windows-1252', '--strict', '--as-of', '2024-11-21']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('log-1252.csv:6: Action Type "Leaflet drop"');
  });

  it('a bad mapping given to audit exits 2 with the line and column', async () => {
    const r = await caseaudit(['audit', 'samples/events.csv', '--mapping', fx('bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:4:1 defualts: unknown field');
  });
});

describe('date formats', () => {
  const convert = (formats: string[]) => dateConverter(formats.map((f) => dateReader(f) as DateReader));
  it('reads day-first patterns, ISO and Excel serials; leaves what none reads for the readers', () => {
    const c = convert(['DD/MM/YYYY HH:mm', 'D.M.YY', 'iso', 'excel']);
    expect(c('21/11/2024 14:05')).toBe('2024-11-21T14:05:00');
    expect(c('1.2.24')).toBe('2024-02-01');
    expect(c('2024-11-21T14:05:00Z')).toBe('2024-11-21T14:05:00Z');
    expect(c('45617')).toBe('2024-11-21');
    expect(c('45617.75')).toBe('2024-11-21T18:00:00');
    expect(c('31/02/2024 10:00')).toBe('31/02/2024 10:00');
    expect(c('soon')).toBe('soon');
  });
  it('refuses a format without a day, or with minutes and no hours', () => {
    expect(dateReader('MM/YYYY')).toHaveProperty('problem');
    expect(dateReader('DD/mm/YYYY')).toHaveProperty('problem');
  });
});

describe('delimiter detection', () => {
  it('picks ; or tab when the header has more of them than commas, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;"c,d,e"\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a,b;c,d')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });
});

describe('mapping init and check on the sample exports', () => {
  it('drafts the golden mapping for each sample export, and the draft is a valid mapping', async () => {
    const tracker = await caseaudit(['mapping', 'init', 'samples/exports/tracker/asb-tracker.csv']);
    expect(tracker.stdout).toBe(readFileSync(fx('tracker-draft.yaml'), 'utf8'));
    const actions = await caseaudit(['mapping', 'init', 'samples/exports/housing-system/asb-actions.csv', '--encoding', 'windows-1252']);
    expect(actions.stdout).toBe(readFileSync(fx('actions-draft.yaml'), 'utf8'));
    expect(() => loadMapping(actions.stdout, 'draft.yaml')).not.toThrow();
    expect(actions.stdout).toContain('"Tel call to complainant": contact');
    expect(tracker.stdout).toContain('# TODO: "Hate Incident": ?');
  });

  it('check previews rows and lists the values that map to nothing', async () => {
    const r = await caseaudit(['mapping', 'check', fx('tracker-draft.yaml'), 'samples/exports/tracker/asb-tracker.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('event  case_id="ASB-0001" occurred_at="2024-03-18" type="report"');
    expect(r.stdout).toContain('Category: "Hate Incident" (once, first at line 4)');
    const preset = await caseaudit(['mapping', 'check', 'policies/mappings/case-tracker.yaml', 'samples/exports/tracker/asb-tracker.csv']);
    expect(preset.stdout).toContain('every value of a mapped column maps to a canonical value');
  });
});

describe('mapping init and check on JSON and NDJSON exports', () => {
  // The same 12 rows of the housing-system sample as CSV, NDJSON and a JSON array (empty cells left out).
  const draftOf = async (file: string) => {
    const r = await caseaudit(['mapping', 'init', fx(file)]);
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const withoutName = (draft: string) => draft.split('\n').filter((l) => !l.includes('actions-12.')).join('\n');
  const findingsOf = async (file: string, mapping: string) => {
    const r = await caseaudit(['audit', fx(file), '--mapping', mapping, '--as-of', '2024-11-21', '--format', 'json']);
    return JSON.parse(r.stdout).cases.map((c: { caseId: string; findings: { rule: string; kind: string; dueAt: string }[] }) => [c.caseId, c.findings.map((f) => `${f.rule} ${f.kind} ${f.dueAt}`)]);
  };

  it('drafts a mapping from the keys and values of NDJSON and JSON objects, the same draft for both', async () => {
    const ndjson = await draftOf('actions-12.ndjson');
    expect(ndjson).toContain('Case Ref: case_id');
    expect(ndjson).toContain('"Tel call to complainant": contact');
    expect(ndjson).toContain('"ASB Risk Matrix Completed": "risk_assessment"');
    expect(() => loadMapping(ndjson, 'draft.yaml')).not.toThrow();
    expect(withoutName(await draftOf('actions-12.json'))).toBe(withoutName(ndjson));
  });

  it('an audit of the JSON exports with their drafts finds what the CSV export with its draft finds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseaudit-draft-'));
    try {
      const expected = await (async () => {
        writeFileSync(join(dir, 'csv.yaml'), await draftOf('actions-12.csv'));
        return findingsOf('actions-12.csv', join(dir, 'csv.yaml'));
      })();
      expect(expected).toEqual([['ASB-0012', ['contact-agreement missing 2023-05-16', 'contact-cadence lapsed 2023-07-13']]]);
      for (const file of ['actions-12.ndjson', 'actions-12.json']) {
        writeFileSync(join(dir, `${file}.yaml`), await draftOf(file));
        expect(await findingsOf(file, join(dir, `${file}.yaml`))).toEqual(expected);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check names NDJSON rows by line and JSON rows by pointer; the events of a case object carry its case_id', async () => {
    const ndjson = await caseaudit(['mapping', 'check', fx('tracker-draft.yaml'), fx('actions-12.ndjson')]);
    expect(ndjson.code).toBe(0);
    expect(ndjson.stdout).toMatch(/^ {2}line 1:$/m);
    const nested = await caseaudit(['mapping', 'check', fx('actions-draft.yaml'), fx('nested-cases.json')]);
    expect(nested.code).toBe(0);
    expect(nested.stdout).toContain('  /cases/0/events/0:\n    case_id="K-2" category="noise" occurred_at="03/06/2024" type="report" detail="Music at night"');
    expect(nested.stdout).toContain('Action Type: "Strange thing" (once, first at /cases/0/events/1)');
  });

  it('the events of a JSON case object whose case reference the mapping renames keep their case (drafted, checked and audited)', async () => {
    const draft = await draftOf('nested-mapped.json');
    expect(draft).toContain('Case Ref: case_id');
    const check = await caseaudit(['mapping', 'check', fx('actions-draft.yaml'), fx('nested-mapped.json')]);
    expect(check.stdout).toContain('  /cases/0/events/0:\n    case_id="K-2" occurred_at="03/06/2024" type="report"');
    for (const redact of [[], ['--redact']]) {
      const r = await caseaudit(['audit', fx('nested-mapped.json'), '--mapping', fx('actions-draft.yaml'), '--as-of', '2024-11-21', '--format', 'json', ...redact]);
      const report = JSON.parse(r.stdout);
      expect(report.dataQuality).toEqual([]);
      expect(report.cases.map((c: { caseId: string; reportedAt: string }) => [c.caseId, c.reportedAt])).toEqual([['K-2', '2024-06-03']]);
      expect(report.cases[0].findings[0].evidence[0].source).toEqual({ file: fx('nested-mapped.json'), pointer: '/cases/0/events/0' });
    }
  });

  it('a line of an NDJSON export that is not JSON is an error naming the file and line', async () => {
    const r = await caseaudit(['mapping', 'init', fx('broken.ndjson')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('caseaudit: tests/fixtures/mapping/broken.ndjson:2: not valid JSON (Expected double-quoted property name)\n');
  });
});
