import { describe, expect, it, vi } from 'vitest';
import { dirname } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { CliIO } from '../../src/cli/io.js';
import { fixturePath } from './helpers.js';

// The commands use the real registry; these tests use stand-ins so they hold whatever the real
// templates' options become.
vi.mock('../../src/templates/index.js', async () => ({ TEMPLATES: (await import('./fake-templates.js')).FAKE_TEMPLATES }));

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

async function caseaudit(...argv: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: {},
    cwd: dirname(fixturePath('valid.yaml')),
  };
  const status = await run(argv, io);
  return { status, stdout, stderr };
}

describe('caseaudit policy check', () => {
  it('a valid policy: one line on stdout, exit 0', async () => {
    expect(await caseaudit('policy', 'check', 'valid.yaml')).toEqual({
      status: 0,
      stdout: 'valid.yaml: valid policy "Test ASB policy" with 2 rules\n',
      stderr: '',
    });
  });

  it('an invalid policy: every problem on stderr, nothing on stdout, exit 2', async () => {
    const { status, stdout, stderr } = await caseaudit('policy', 'check', 'several-errors.yaml');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toBe('several-errors.yaml:2:21 systemic_threshold: expected a number <= 1, found 1.5');
    expect(lines[12]).toBe('caseaudit: several-errors.yaml is not a valid policy (12 problems)');
  });

  it('one problem is said in the singular', async () => {
    const { status, stderr } = await caseaudit('policy', 'check', 'negative-limit.yaml');
    expect(status).toBe(2);
    expect(stderr).toBe(
      'negative-limit.yaml:33:25 rules[0].limit[1].working_days: expected a whole number >= 0, found -2\n' +
        'caseaudit: negative-limit.yaml is not a valid policy (1 problem)\n',
    );
  });

  it('a file that does not exist: one clear line, exit 2', async () => {
    expect(await caseaudit('policy', 'check', 'missing.yaml')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'caseaudit: cannot read policy missing.yaml: no such file\n',
    });
  });

  it('no file given is a usage error, exit 2', async () => {
    const { status, stdout } = await caseaudit('policy', 'check');
    expect(status).toBe(2);
    expect(stdout).toBe('');
  });
});

describe('caseaudit policy explain', () => {
  it('prints each rule as a numbered sentence with id, severity, theme and source', async () => {
    const { status, stdout, stderr } = await caseaudit('policy', 'explain', 'valid.yaml');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const [title, source, blank, ...rest] = stdout.split('\n');
    expect(title).toBe('Test ASB policy (ASB-POL-2024 v3, Example Housing)');
    expect(source).toMatch(/^valid\.yaml, sha256 [0-9a-f]{64}; 2 rules\.$/);
    expect(blank).toBe('');
    expect(rest.join('\n')).toBe(
      [
        '1. risk-assessment (high, risk-assessment)',
        '   A risk assessment must follow the report within 1 working day if the case is high risk; otherwise 5 working days.',
        '   Source: Policy 4.2: risk assessment (ASB statutory guidance 2023)',
        '',
        '2. vulnerability-recorded (high, risk-assessment)',
        '   When a note mentions vulnerability keywords (mental health, self harm*, depress*), a vulnerability_recorded must follow within 5 working days. This rule applies only when the case has no recorded or indicated vulnerability. Its severity is not raised for vulnerable or hate-motivated cases.',
        '   Source: Policy 5.1',
        '',
      ].join('\n'),
    );
  });

  it('--format md: a Markdown list, policy text escaped', async () => {
    const { status, stdout } = await caseaudit('policy', 'explain', 'valid.yaml', '--format', 'md');
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe('# Test ASB policy (ASB-POL-2024 v3, Example Housing)');
    expect(stdout).toContain('1. **`risk-assessment`** (high, risk-assessment): A risk assessment must follow the report within 1 working day');
    expect(stdout).toContain('a vulnerability\\_recorded must follow within 5 working days');
    expect(stdout).toContain('(mental health, self harm\\*, depress\\*)');
  });

  it('an unknown --format is a usage error, exit 2, nothing on stdout', async () => {
    const { status, stdout, stderr } = await caseaudit('policy', 'explain', 'valid.yaml', '--format', 'html');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("'html' is invalid");
  });

  it('an invalid policy: the problems on stderr, exit 2', async () => {
    const { status, stdout, stderr } = await caseaudit('policy', 'explain', 'unknown-condition.yaml');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('caseaudit: unknown-condition.yaml:32:15 rules[0].limit[0].if: unknown condition `hi-risk` (did you mean `high-risk`?)\n');
  });
});
