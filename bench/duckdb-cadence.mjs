// What a data analyst would write instead of caseaudit: one DuckDB query for the simple
// contact-cadence rule (gaps of more than 14 days between outbound contacts per case, from the
// report to closure, or to the audit date for an open case). Run as its own process by
// bench/run.mjs so that its wall time and peak memory are measured the same way as caseaudit's.
//
// usage: node bench/duckdb-cadence.mjs EVENTS.csv AS-OF(YYYY-MM-DD)
import { DuckDBInstance } from '@duckdb/node-api';

const [file, asOf = '2024-11-21'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/duckdb-cadence.mjs EVENTS.csv [AS-OF]\n');
  process.exit(2);
}

// The export mixes ISO and UK day-first dates, with and without a time, as real exports do.
const FORMATS = "['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y']";
const quoted = (s) => `'${s.replaceAll("'", "''")}'`;

const sql = `
WITH ev AS (
  SELECT case_id, type, direction, try_strptime(occurred_at, ${FORMATS}) AS ts
  FROM read_csv(${quoted(file)}, header = true, all_varchar = true)
),
bounds AS (
  SELECT case_id,
         min(ts) FILTER (WHERE type = 'report') AS opened,
         coalesce(max(ts) FILTER (WHERE type = 'case_closed'), TIMESTAMP ${quoted(asOf)}) AS closed
  FROM ev GROUP BY case_id
),
anchors AS (
  SELECT case_id, ts FROM ev WHERE type = 'contact' AND direction = 'outbound'
  UNION ALL SELECT case_id, opened FROM bounds
  UNION ALL SELECT case_id, closed FROM bounds
),
gaps AS (
  SELECT a.case_id, a.ts, lag(a.ts) OVER (PARTITION BY a.case_id ORDER BY a.ts) AS previous
  FROM anchors a JOIN bounds b USING (case_id)
  WHERE a.ts >= b.opened AND a.ts <= b.closed
)
SELECT count(*) AS lapses, count(DISTINCT case_id) AS cases
FROM gaps WHERE ts - previous > INTERVAL 14 DAY`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const result = await connection.runAndReadAll(sql);
const [lapses, cases] = result.getRows()[0];
process.stdout.write(`${lapses} lapses in ${cases} cases\n`);
