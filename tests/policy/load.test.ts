import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromYmd } from '../../src/dates/london.js';
import { UserError } from '../../src/cli/errors.js';
import { loadPolicy, loadPolicyFile, MAX_POLICY_BYTES } from '../../src/policy/load.js';
import { PolicyError } from '../../src/policy/problems.js';
import { FAKE_TEMPLATES } from './fake-templates.js';
import { fixture, fixtureErrors, fixturePath, loadFixture, problemsOf } from './helpers.js';

describe('a valid policy', () => {
  const policy = loadFixture('valid.yaml');

  it('keeps its name, reference, landlord, threshold and vulnerability list', () => {
    expect(policy.name).toBe('Test ASB policy');
    expect(policy.reference).toBe('ASB-POL-2024 v3');
    expect(policy.landlord).toBe('Example Housing');
    expect(policy.systemicThreshold).toBe(0.3);
    expect(policy.vulnerabilityKeywords).toBe('vulnerability');
    expect(policy.file).toBe('valid.yaml');
  });

  it('hashes the exact text', () => {
    expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
    const other = loadPolicy(fixture('valid.yaml') + '\n# changed\n', 'valid.yaml', { templates: FAKE_TEMPLATES });
    expect(other.sha256).not.toBe(policy.sha256);
  });

  it('flattens `{ list: }` includes in place, without duplicates', () => {
    expect(policy.keywords.escalation).toEqual(['violen*', 'threat*', 'racis*', 'slur*', 'hate crime*', 'knife']);
    expect(policy.keywords.risk_of_harm).toEqual(['/\\bkill (himself|herself)\\b/', 'knife']);
  });

  it('adds the closure days to the working calendar, with their reason', () => {
    const friday27 = dayFromYmd(2024, 12, 27);
    const monday30 = dayFromYmd(2024, 12, 30);
    expect(policy.calendar.isWorkingDay(friday27)).toBe(false);
    expect(policy.calendar.nonWorkingReason(monday30)).toBe('Office closed');
    expect(policy.calendar.isWorkingDay(dayFromYmd(2024, 12, 31))).toBe(true);
    // Christmas Eve (Tue) + 1 working day skips 25, 26 (bank holidays), 27 (closure), 28-29, 30 (closure).
    expect(policy.calendar.addWorkingDays(dayFromYmd(2024, 12, 24), 1)).toBe(dayFromYmd(2024, 12, 31));
  });

  it('parses each rule: common keys, template options, defaults and position', () => {
    expect(policy.rules.map((r) => r.id)).toEqual(['risk-assessment', 'vulnerability-recorded']);
    const [first, second] = policy.rules;
    expect(first).toMatchObject({
      theme: 'risk-assessment',
      severity: 'high',
      template: 'within',
      aggravate: true,
      position: { line: 24, column: 5 },
      options: { trigger: ['report'], target: ['risk_assessment'], limit: [{ if: 'high-risk', working_days: 1 }, { working_days: 5 }] },
    });
    expect(first!.when).toBeUndefined();
    expect(second).toMatchObject({ aggravate: false, when: { not: { vulnerable: true } }, options: { keywords: 'vulnerability' } });
  });

  it('keeps the named conditions, with one-or-many values made lists', () => {
    expect(policy.conditions['high-risk']).toEqual({
      any: [{ priority: ['high'] }, { category: ['hate', 'domestic_abuse', 'violence', 'threats'] }, { hate_motivated: true }, { report_mentions: ['hate', 'risk_of_harm'] }],
    });
  });

  it('defaults the systemic threshold to 0.25', () => {
    const text = fixture('valid.yaml').replace('systemic_threshold: 0.3\n', '');
    expect(loadPolicy(text, 'p.yaml', { templates: FAKE_TEMPLATES }).systemicThreshold).toBe(0.25);
  });
});

describe('broken policies: every message names the line, column, field and what is wrong', () => {
  it('an unknown template, with a suggestion and the known ones', () => {
    expect(fixtureErrors('unknown-template.yaml')).toEqual([
      'unknown-template.yaml:28:15 rules[0].template: unknown template `withn` (did you mean `within`?) (known templates: within or indicated)',
    ]);
  });

  it('a negative limit', () => {
    expect(fixtureErrors('negative-limit.yaml')).toEqual([
      'negative-limit.yaml:33:25 rules[0].limit[1].working_days: expected a whole number >= 0, found -2',
    ]);
  });

  it('a limit of "ten"', () => {
    expect(fixtureErrors('limit-ten.yaml')).toEqual([
      'limit-ten.yaml:31:28 rules[0].limit.working_days: expected a whole number, found "ten"',
    ]);
  });

  it('a missing id points to the rule', () => {
    expect(fixtureErrors('missing-id.yaml')).toEqual([
      'missing-id.yaml:24:5 rules[0].id: missing required field `id` (expected text)',
    ]);
  });

  it('duplicate ids point to the second, naming the first', () => {
    expect(fixtureErrors('duplicate-ids.yaml')).toEqual([
      'duplicate-ids.yaml:40:9 rules[2].id: duplicate rule id `risk-assessment` (also rules[0], line 24)',
    ]);
  });

  it('a typo in a field name is one problem at the key, not also a missing field', () => {
    expect(fixtureErrors('field-typo.yaml')).toEqual([
      'field-typo.yaml:31:5 rules[0].limt: unknown field `limt` (did you mean `limit`?)',
    ]);
  });

  it('an unknown condition name', () => {
    expect(fixtureErrors('unknown-condition.yaml')).toEqual([
      'unknown-condition.yaml:32:15 rules[0].limit[0].if: unknown condition `hi-risk` (did you mean `high-risk`?)',
    ]);
  });

  it('a regular expression that does not compile', () => {
    expect(fixtureErrors('bad-regex.yaml')).toEqual([
      'bad-regex.yaml:14:18 keywords.risk_of_harm[0]: invalid regular expression /\\bkill (himself|herself\\b/: Unterminated group',
    ]);
  });

  it('a YAML syntax error keeps the yaml package\'s line and column', () => {
    expect(fixtureErrors('yaml-syntax.yaml')).toEqual([
      'yaml-syntax.yaml:14:3 YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('an alias bomb is refused at its first alias, before it expands', () => {
    expect(fixtureErrors('alias-bomb.yaml')).toEqual([
      'alias-bomb.yaml:4:10 YAML aliases expand to too much data (excessive alias count indicates a resource exhaustion attack); write the lists out instead',
    ]);
  });

  it('reports every problem of a file at once, in file order', () => {
    expect(fixtureErrors('several-errors.yaml')).toEqual([
      'several-errors.yaml:2:21 systemic_threshold: expected a number <= 1, found 1.5',
      'several-errors.yaml:5:7 calendar.closures[0]: expected a date (YYYY-MM-DD), found "2024-13-01"',
      'several-errors.yaml:7:26 keywords.hate[1].list: unknown keyword list `hatred` (did you mean `hate`?)',
      'several-errors.yaml:8:25 keywords.escalation[1]: invalid regular expression /(unclosed/: Unterminated group',
      'several-errors.yaml:13:33 conditions.high-risk.any[1].report_mentions[1]: unknown keyword list `risk_of_harm` (known: hate, escalation)',
      'several-errors.yaml:15:9 rules[0].id: expected a kebab-case id (lower-case letters, digits and single hyphens), found "Risk_Assessment"',
      'several-errors.yaml:16:12 rules[0].theme: expected one of risk-assessment, action-plan, third-parties, hate-crime or communication, found "risk"',
      'several-errors.yaml:17:15 rules[0].severity: expected one of low, medium, high or critical, found "severe"',
      'several-errors.yaml:22:5 rules[0].limt: unknown field `limt` (did you mean `limit`?)',
      'several-errors.yaml:23:5 rules[1].id: missing required field `id` (expected text)',
      'several-errors.yaml:23:5 rules[1].clause: missing required field `clause` (expected text)',
      'several-errors.yaml:28:21 rules[1].limit.hours: expected a whole number > 0, found 0',
    ]);
  });

  it('holds the problems as data too: file, line, column, path, expected and found', () => {
    const [problem] = problemsOf(fixture('negative-limit.yaml'), 'asb.yaml');
    expect(problem).toEqual({
      file: 'asb.yaml',
      line: 33,
      column: 25,
      path: 'rules[0].limit[1].working_days',
      message: 'expected a whole number >= 0, found -2',
      expected: 'a whole number >= 0',
      found: '-2',
    });
  });

  it('is a UserError with exit status 2', () => {
    expect(() => loadFixture('negative-limit.yaml')).toThrow(PolicyError);
    try {
      loadFixture('negative-limit.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
    }
  });
});

describe('other problems the loader catches', () => {
  const base = fixture('valid.yaml');

  it('a condition that refers to itself through another', () => {
    const text = base.replace('conditions:\n', 'conditions:\n  a: b\n  b: { not: a }\n');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '17:3 conditions.a: condition `a` refers to itself (a -> b -> a)',
    ]);
  });

  it('a keyword list that includes itself', () => {
    const text = base.replace('  hate: [racis*, slur*, "hate crime*"]', '  hate: [racis*, { list: escalation }]');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '15:42 keywords.escalation[2].list: keyword list `hate` includes itself (hate -> escalation -> hate)',
    ]);
  });

  it('a template option naming an unknown keyword list', () => {
    const text = base.replace('    keywords: vulnerability\n', '    keywords: vulnerabilty\n');
    expect(problemsOf(text).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'rules[1].keywords: unknown keyword list `vulnerabilty` (did you mean `vulnerability`?)',
    ]);
  });

  it('keyword lists and conditions named anywhere in template options (`*_mentions`, nested `if:`)', () => {
    const text = base
      .replace('    target: risk_assessment\n', '    target: risk_assessment\n    trigger_mentions: escalaton\n')
      .replace('    keywords: vulnerability\n', '    keywords: vulnerability\n    also_when: { type: report, if: { any: [domestic-abuse, { report_mentions: harm }] } }\n');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '31:23 rules[0].trigger_mentions: unknown keyword list `escalaton` (did you mean `escalation`?)',
      '43:44 rules[1].also_when.if.any[0]: unknown condition `domestic-abuse` (known: high-risk)',
      '43:79 rules[1].also_when.if.any[1].report_mentions: unknown keyword list `harm` (known: vulnerability, hate, risk_of_harm, escalation)',
    ]);
  });

  it('vulnerability_keywords naming an unknown list', () => {
    const text = base.replace('vulnerability_keywords: vulnerability', 'vulnerability_keywords: vulnerable');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '6:25 vulnerability_keywords: unknown keyword list `vulnerable` (known: vulnerability, hate, risk_of_harm, escalation)',
    ]);
  });

  it('a limit with two units, or none', () => {
    const two = base.replace('limit: { working_days: 5 }', 'limit: { working_days: 5, days: 7 }');
    expect(problemsOf(two).map((p) => `${p.path}: ${p.message}`)).toEqual(['rules[1].limit: a limit needs exactly one of days, working_days or hours']);
  });

  it('a limit that is neither a map nor a list', () => {
    const text = base.replace('limit: { working_days: 5 }', 'limit: 5');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '43:12 rules[1].limit: expected a map or a list, found 5',
    ]);
  });

  it('an unknown top-level field', () => {
    const text = base.replace('landlord:', 'landlrod:');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '4:1 landlrod: unknown field `landlrod` (did you mean `landlord`?)',
    ]);
  });

  it('a duplicate key in a map', () => {
    const text = base.replace('landlord: "Example Housing"\n', 'landlord: "Example Housing"\nlandlord: "Other"\n');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['5:1 YAML syntax: Map keys must be unique']);
  });

  it('a second YAML document in the file', () => {
    expect(problemsOf(`${base}---\nname: other\n`).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '44:1 YAML syntax: a policy is one YAML document, and this file has more (remove the extra `---`)',
    ]);
  });

  it('an empty file, a list, and a file without rules', () => {
    expect(problemsOf('').map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['1:1 expected a map with at least `name` and `rules`, found an empty file']);
    expect(problemsOf('- a\n- b\n').map((p) => p.message)).toEqual(['expected a map with at least `name` and `rules`, found a list']);
    expect(problemsOf('name: x\n').map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual(['1:1 rules: missing required field `rules` (expected a list)']);
    expect(problemsOf('name: x\nrules: []\n').map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual(['2:8 rules: expected at least 1 entry, found an empty list']);
  });

  it('refuses a policy over the size limit without parsing it', () => {
    const huge = `name: x\n#${'x'.repeat(MAX_POLICY_BYTES)}\n`;
    expect(problemsOf(huge, 'big.yaml').map((p) => p.message)).toEqual(['the file is 5.0 MB; a policy may be at most 5 MB (is this the right file?)']);
  });

  it('a file that cannot be read is one clear UserError', () => {
    expect(() => loadPolicyFile(fixturePath('no-such.yaml'), 'no-such.yaml')).toThrow(new UserError('cannot read policy no-such.yaml: no such file'));
  });

  it('loads a file from disk, naming it as the user typed it', () => {
    const policy = loadPolicyFile(fixturePath('valid.yaml'), 'policies/valid.yaml', { templates: FAKE_TEMPLATES });
    expect(policy.file).toBe('policies/valid.yaml');
    expect(policy.rules).toHaveLength(2);
  });
});

describe('keyword entries', () => {
  it('refuses a control character, the trace of `\\b` written inside double quotes', () => {
    const text = fixture('valid.yaml').replace('["/\\\\bkill (himself|herself)\\\\b/", knife]', '["/\\bkill/", knife]');
    expect(text).toContain('["/\\bkill/", knife]');
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '14:18 keywords.risk_of_harm[0]: "/\\bkill/" contains a control character (a \\b or similar inside double quotes?); write regular expressions in single quotes',
    ]);
  });

  it("accepts the same pattern in single quotes", () => {
    const text = fixture('valid.yaml').replace('["/\\\\bkill (himself|herself)\\\\b/", knife]', "['/\\bkill/', knife]");
    expect(loadPolicy(text, 'p.yaml', { templates: FAKE_TEMPLATES }).keywords.risk_of_harm).toEqual(['/\\bkill/', 'knife']);
  });
});

describe('the text as given', () => {
  it('ignores a byte-order mark for parsing, but hashes the file as it is', () => {
    const text = fixture('valid.yaml');
    const withBom = loadPolicy(`\uFEFF${text}`, 'p.yaml', { templates: FAKE_TEMPLATES });
    const without = loadPolicy(text, 'p.yaml', { templates: FAKE_TEMPLATES });
    expect(withBom.rules.map((r) => r.position)).toEqual(without.rules.map((r) => r.position));
    expect(withBom.sha256).not.toBe(without.sha256);
    expect(without.sha256).toBe(createHash('sha256').update(readFileSync(fixturePath('valid.yaml'))).digest('hex'));
  });
});
