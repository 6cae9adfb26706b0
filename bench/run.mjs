#!/usr/bin/env node
// npm run bench: caseaudit against what a data analyst would write (one DuckDB query for the
// simple contact-cadence rule) on the same generated CSV, whole processes side by side, medians of
// several runs. Run after `npm run build`; prints one table on stdout, progress on stderr.
//
//   node bench/run.mjs [--events 1000000[,4000000]] [--large] [--runs 3] [--no-duckdb]
//                      [--data DIR] [--json FILE]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'caseaudit.js');
const AS_OF = '2024-11-21';
// The sample generator writes about 21.1 events per case on average (seed 1).
const EVENTS_PER_CASE = 21.1;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function parseArgs(argv) {
  const options = { events: [1_000_000], runs: 3, duckdb: true, data: join(ROOT, '.bench-data'), json: undefined, large: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--events') options.events = value().split(',').map((s) => Number(s.replaceAll('_', '')));
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--large') options.large = true;
    else if (arg === '--no-duckdb') options.duckdb = false;
    else if (arg === '--data') options.data = resolve(value());
    else if (arg === '--json') options.json = resolve(value());
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node bench/run.mjs [--events N[,N...]] [--large] [--runs N] [--no-duckdb] [--data DIR] [--json FILE]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (options.large && !options.events.includes(4_000_000)) options.events.push(4_000_000);
  if (options.events.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--events: whole numbers');
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs: a whole number of at least 1');
  return options;
}

const log = (line) => process.stderr.write(`bench: ${line}\n`);

/**
 * Runs one child process and measures it from outside: wall time here, peak resident memory from
 * GNU time's maximum RSS when present, else by polling /proc/PID/status (VmHWM is the high-water mark).
 */
function measure(command, args, { okCodes = [0] } = {}) {
  return new Promise((resolvePromise, reject) => {
    const rssFile = join(tmpdir(), `caseaudit-bench-${process.pid}-${Math.random().toString(36).slice(2)}.rss`);
    const [file, argv] = TIME ? [TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let polledKb = 0;
    const poll = TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKb = Math.max(polledKb, Number(m[1]));
          } catch {
            // The process has ended between two polls.
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (poll) clearInterval(poll);
      let rssKb = polledKb;
      // CPU time (user + system) is reported beside wall time: on a shared, busy machine it is
      // the steadier of the two.
      let cpuMs = NaN;
      if (TIME) {
        try {
          const [kb, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
          rssKb = kb;
          cpuMs = (user + system) * 1000;
          rmSync(rssFile, { force: true });
        } catch {
          rssKb = NaN;
        }
      }
      if (!okCodes.includes(code)) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stderr}`));
        return;
      }
      resolvePromise({ wallMs, cpuMs, rssKb, stdout, stderr });
    });
  });
}

async function runs(n, command, args, options) {
  return (await interleaved(n, [{ command, args, options }]))[0];
}

/**
 * Runs several commands in turn, n rounds (a, b, c, a, b, c, ...), so that a machine that gets
 * busier or quieter during the benchmark moves all of them alike; the medians of each.
 */
async function interleaved(n, commands) {
  const results = commands.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, { command, args, options }] of commands.entries()) results[k].push(await measure(command, args, options));
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return results.map((r) => ({ wallMs: median(r.map((x) => x.wallMs)), cpuMs: median(r.map((x) => x.cpuMs)), rssKb: median(r.map((x) => x.rssKb)), last: r.at(-1) }));
}

/** The generated export for about `events` events, cached: the same seed gives the same bytes. */
async function dataSet(events, dataDir) {
  const cases = Math.max(1, Math.round(events / EVENTS_PER_CASE));
  const dir = join(dataDir, `cases-${cases}-seed-1`);
  const eventsCsv = join(dir, 'events.csv');
  const casesCsv = join(dir, 'cases.csv');
  if (!existsSync(eventsCsv) || !existsSync(casesCsv)) {
    log(`generating ${cases} cases into ${dir}`);
    mkdirSync(dir, { recursive: true });
    await measure(process.execPath, [CLI, 'sample', '--cases', String(cases), '--seed', '1', '--as-of', AS_OF, '--output', dir, '--force']);
    // The JSON copy is not benchmarked; it would only take disk space.
    rmSync(join(dir, 'events.json'), { force: true });
  }
  const lines = countLines(eventsCsv);
  return { dir, eventsCsv, casesCsv, cases, events: lines - 1, bytes: statSync(eventsCsv).size };
}

function countLines(file) {
  const buffer = readFileSync(file);
  let n = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) n++;
  return n;
}

async function hasDuckDb() {
  try {
    await import('@duckdb/node-api');
    return true;
  } catch {
    return false;
  }
}

const fmtSeconds = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtRss = (kb) => (Number.isFinite(kb) ? (kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${Math.round(kb / 1024)} MB`) : '?');
const fmtCount = (n) => (n === undefined ? '' : n.toLocaleString('en-GB'));

function table(rows) {
  const header = ['what', 'events', 'wall (median)', 'CPU (median)', 'events/s', 'peak RSS', 'x DuckDB'];
  const body = rows.map((r) => [
    r.what,
    fmtCount(r.events),
    fmtSeconds(r.wallMs),
    Number.isFinite(r.cpuMs) ? fmtSeconds(r.cpuMs) : '?',
    r.events ? fmtCount(Math.round(r.events / (r.wallMs / 1000))) : '',
    fmtRss(r.rssKb),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`, ...body.map(line)].join('\n') + '\n';
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const duckdb = options.duckdb && (await hasDuckDb());
  if (options.duckdb && !duckdb) log('@duckdb/node-api is not installed: DuckDB is skipped');
  const outDir = join(tmpdir(), `caseaudit-bench-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  try {
    log(`caseaudit --version x${options.runs}`);
    rows.push({ what: 'caseaudit --version', ...(await runs(options.runs, process.execPath, [CLI, '--version'])) });
    log(`audit of samples/ x${options.runs}`);
    const sampleOut = join(outDir, 'samples.json');
    rows.push({
      what: 'caseaudit audit samples/',
      events: countLines(join(ROOT, 'samples', 'events.csv')) - 1,
      ...(await runs(options.runs, process.execPath, [CLI, 'audit', join(ROOT, 'samples', 'events.csv'), join(ROOT, 'samples', 'cases.csv'), '--as-of', AS_OF, '--output', sampleOut], { okCodes: [0, 1] })),
    });

    for (const target of options.events) {
      const data = await dataSet(target, options.data);
      log(`${fmtCount(data.events)} events (${data.cases} cases, ${(data.bytes / 1e6).toFixed(0)} MB)`);
      // DuckDB, caseaudit as a user runs it (its default: one thread below 80 MiB of input, one
      // per core above), on one thread and on two, in turn, run after run.
      const out = join(outDir, `report-${data.events}.json`);
      const auditArgs = [CLI, 'audit', data.eventsCsv, data.casesCsv, '--as-of', AS_OF, '--output', out];
      const commands = [
        ...(duckdb ? [{ command: process.execPath, args: [join(ROOT, 'bench', 'duckdb-cadence.mjs'), data.eventsCsv, AS_OF] }] : []),
        { command: process.execPath, args: auditArgs, options: { okCodes: [0, 1] } },
        { command: process.execPath, args: [...auditArgs, '--jobs', '1'], options: { okCodes: [0, 1] } },
        { command: process.execPath, args: [...auditArgs, '--jobs', '2'], options: { okCodes: [0, 1] } },
      ];
      log(`  ${duckdb ? 'DuckDB cadence query, ' : ''}caseaudit audit (default policy, JSON file), the same on one thread and on two: x${options.runs}, in turn`);
      const measured = await interleaved(options.runs, commands);
      const duck = duckdb ? measured.shift() : undefined;
      const [audit, single, two] = measured;
      if (duck) rows.push({ what: 'DuckDB: cadence query', events: data.events, ...duck, ratio: 1, detail: duck.last.stdout.trim() });
      rows.push({ what: 'caseaudit audit → JSON', events: data.events, ...audit, ratio: duck ? audit.wallMs / duck.wallMs : undefined, detail: audit.last.stderr.trim() });
      rows.push({ what: 'caseaudit audit → JSON, --jobs 1', events: data.events, ...single, ratio: duck ? single.wallMs / duck.wallMs : undefined });
      rows.push({ what: 'caseaudit audit → JSON, --jobs 2', events: data.events, ...two, ratio: duck ? two.wallMs / duck.wallMs : undefined });
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }

  process.stdout.write(table(rows));
  for (const r of rows) if (r.detail) process.stdout.write(`  ${r.what} (${fmtCount(r.events)}): ${r.detail.replace(/^caseaudit: /, '')}\n`);
  if (options.json) writeFileSync(options.json, JSON.stringify(rows.map(({ last, ...r }) => r), null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 2;
});
