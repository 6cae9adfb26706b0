import dgram from 'node:dgram';
import dns from 'node:dns';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { caseaudit } from './cli.js';

/**
 * SECURITY.md promises that caseaudit opens no network connection. Two checks: the source imports
 * nothing that could (read from the files, so a new import fails the build), and a whole audit and
 * timeline run with every way Node has to reach the network trapped.
 */

/** Modules that reach a network or another program (which could). */
const FORBIDDEN_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'child_process', 'cluster', 'worker_threads', 'inspector'];
/** The one place threads are started (a sharded audit), and the worker they run: our own code, scanned here too. */
const WORKER_FILES = new Set(['src/cli/shards/threads.ts', 'src/cli/shards/worker.ts']);
/** Runtime dependencies, as package.json lists them: each was chosen for work that needs no network. */
const ALLOWED_PACKAGES = new Set(['chalk', 'cli-table3', 'commander', 'csv-parse', 'udsv', 'yaml', 'zod']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier of a file: static imports and exports, dynamic import(), require(). */
function specifiers(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}

describe('no network: what the source imports', () => {
  const files = [...sourceFiles('src'), 'bin/caseaudit.js'];

  it('finds the imports it checks (the check itself works)', () => {
    const all = files.flatMap((file) => specifiers(readFileSync(file, 'utf8')));
    expect(all).toContain('node:fs');
    expect(all).toContain('commander');
    expect(specifiers(`import x from 'node:https';\nconst y = await import("http");\nrequire('net')`)).toEqual(['node:https', 'http', 'net']);
    // Words in code are not imports.
    expect(specifiers(`const a = 'from' in b ? 'x' : 'y';`)).toEqual([]);
  });

  it('no file under src/ (nor bin/) imports a network or process module, or calls fetch', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const spec of specifiers(text)) {
        const name = spec.replace(/^node:/, '').split('/')[0]!;
        if (name === 'worker_threads' && WORKER_FILES.has(file.replaceAll('\\', '/'))) continue;
        expect(FORBIDDEN_MODULES, `${file} imports ${spec}`).not.toContain(name);
      }
      expect(text, `${file} uses fetch, XMLHttpRequest or WebSocket`).not.toMatch(/\bfetch\s*\(|\bXMLHttpRequest\b|\bWebSocket\b|\bEventSource\b/);
    }
  });

  it('threads run only caseaudit\'s own worker module', () => {
    const shards = readFileSync('src/cli/shards/threads.ts', 'utf8');
    const workers = [...shards.matchAll(/new Worker\(([^,)]+)/g)].map((m) => m[1]);
    expect(workers).toEqual(['workerScript(']);
    expect(shards).toMatch(/new URL\('\.\/worker\.js', import\.meta\.url\)/);
    expect(shards).not.toMatch(/eval\s*:\s*true/);
  });

  it('imports only the runtime dependencies package.json lists, and those are the known offline ones', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...ALLOWED_PACKAGES].sort());
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        expect(ALLOWED_PACKAGES.has(name), `${file} imports ${spec}`).toBe(true);
      }
    }
  });
});

describe('no network: a whole run with the network trapped', () => {
  const attempts: string[] = [];
  const restore: (() => void)[] = [];
  afterEach(() => {
    while (restore.length) restore.pop()!();
    attempts.length = 0;
  });

  function trap<T extends object>(target: T, key: keyof T & string, label: string): void {
    const original = target[key];
    (target as Record<string, unknown>)[key] = (..._args: unknown[]) => {
      attempts.push(label);
      throw new Error(`network access attempted: ${label}`);
    };
    restore.push(() => void ((target as Record<string, unknown>)[key] = original));
  }

  function trapAll(): void {
    trap(net.Socket.prototype, 'connect', 'net.Socket#connect');
    trap(net, 'connect', 'net.connect');
    trap(net, 'createConnection', 'net.createConnection');
    trap(http, 'request', 'http.request');
    trap(http, 'get', 'http.get');
    trap(https, 'request', 'https.request');
    trap(https, 'get', 'https.get');
    trap(tls, 'connect', 'tls.connect');
    trap(dns, 'lookup', 'dns.lookup');
    trap(dns, 'resolve', 'dns.resolve');
    trap(dgram, 'createSocket', 'dgram.createSocket');
    trap(globalThis, 'fetch', 'fetch');
  }

  it('the trap catches a connection (so a silent pass means none was tried)', async () => {
    trapAll();
    expect(() => net.connect(80, 'localhost')).toThrow('network access attempted: net.connect');
    await expect(async () => fetch('http://localhost/')).rejects.toThrow('network access attempted: fetch');
    expect(attempts).toEqual(['net.connect', 'fetch']);
  });

  it('audit in every format, to stdout and to a file, and timeline: not one attempt', async () => {
    trapAll();
    const out = mkdtempSync(join(tmpdir(), 'caseaudit-offline-'));
    try {
      const inputs = ['samples/events.csv', 'samples/cases.csv'];
      for (const format of ['text', 'json', 'csv', 'md', 'html']) {
        const r = await caseaudit(['audit', ...inputs, '--as-of', '2024-11-21', '--format', format]);
        expect(r.code, format).toBe(1);
        expect(r.stdout.length, format).toBeGreaterThan(0);
      }
      const written = await caseaudit(['audit', ...inputs, '--as-of', '2024-11-21', '--output', join(out, 'report.html'), '--redact']);
      expect(written.code).toBe(1);
      expect(readdirSync(out)).toEqual(['report.html']);
      const timeline = await caseaudit(['timeline', ...inputs, '--case', 'ASB-0001', '--as-of', '2024-11-21']);
      expect(timeline.code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    expect(attempts).toEqual([]);
  });
});
