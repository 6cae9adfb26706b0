import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onInterrupt } from '../../src/cli/interrupt.js';

/**
 * A temporary file that holds report data must not outlive an interrupted run. These tests run
 * real processes of the build (`npm test` builds first) and send them real signals.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'caseaudit-interrupt-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function exited(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
}

describe('onInterrupt', () => {
  it('removes the file and then stops as the signal says', async () => {
    const file = join(temp, 'report.tmp');
    writeFileSync(file, 'personal data');
    const script = `
      const { onInterrupt, removeQuietly } = await import(${JSON.stringify(join(ROOT, 'dist/cli/interrupt.js'))});
      onInterrupt(() => removeQuietly(${JSON.stringify(file)}));
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => child.stdout!.once('data', () => ready()));
    const end = exited(child);
    child.kill('SIGTERM');
    expect(await end).toEqual({ code: null, signal: 'SIGTERM' });
    expect(existsSync(file)).toBe(false);
  });

  it('once released, leaves the process as it found it', () => {
    const before = process.listenerCount('SIGINT');
    const release = onInterrupt(() => undefined);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    release();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('an audit interrupted while it writes a JSON report', () => {
  it('leaves nothing in the report directory', async () => {
    const data = join(temp, 'data');
    const made = spawn(process.execPath, [join(ROOT, 'bin/caseaudit.js'), 'sample', '--cases', '3000', '--seed', '2', '--as-of', '2024-11-21', '--output', data], { stdio: 'ignore' });
    expect((await exited(made)).code).toBe(0);
    const out = join(temp, 'out');
    mkdirSync(out);
    const audit = spawn(process.execPath, [join(ROOT, 'bin/caseaudit.js'), 'audit', join(data, 'events.csv'), join(data, 'cases.csv'), '--as-of', '2024-11-21', '--output', join(out, 'report.json'), '--jobs', '1'], { stdio: 'ignore' });
    const end = exited(audit);
    // Killed once the spool of cases exists: the audit is under way.
    for (let i = 0; i < 500 && readdirSync(out).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(out).some((f) => f.startsWith('.caseaudit-cases.'))).toBe(true);
    audit.kill('SIGINT');
    expect((await end).signal).toBe('SIGINT');
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);
});
