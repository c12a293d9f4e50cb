// Linkage at reference size: loads the large generated set (1M complaints, 200k incidents, 20k
// enforcement cases) into a fresh project, runs the shipped models in dependency order and reports
// the time of the linkage models and their pairwise precision and recall against truth_records.csv.
// Usage: npm run build && node bench/linkage.js [--keep]   (prints one JSON document on stdout)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
const work = join(data, 'linkage-work');
const keep = process.argv.includes('--keep');
const SOURCES = ['complaints', 'incidents', 'enforcement'];
const LINKAGE = ['record_operations', 'operations', 'capture_histories', 'operation_amounts'];
const log = (message) => process.stderr.write(`${message}\n`);
const seconds = (start) => +((performance.now() - start) / 1000).toFixed(2);

async function ensureData() {
  if (existsSync(join(data, 'complaints.csv')) && existsSync(join(data, 'truth_records.csv'))) return;
  log('writing the large generated data set to bench/data (once)…');
  const { generateCommand: generate } = await import('../dist/api.js');
  const { silentReporter } = await import('../dist/core/reporter.js');
  await generate({ out: data, seed: 1, scale: 'large', messy: false }, silentReporter);
}

/** The shipped models: YAML header, SQL, and the other models the SQL reads, in dependency order. */
function shippedModels() {
  const dir = join(root, 'queries');
  const models = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const lines = readFileSync(join(dir, f), 'utf8').split(/\r?\n/);
      let i = 0;
      while (i < lines.length && lines[i].startsWith('--')) i++;
      const header = parseYaml(lines.slice(0, i).map((l) => l.replace(/^-- ?/, '')).join('\n')) ?? {};
      return { name: f.slice(0, -4), table: header.materialized === 'table', sql: lines.slice(i).join('\n') };
    });
  const names = new Set(models.map((m) => m.name));
  for (const m of models) {
    const code = m.sql.replace(/--[^\n]*/g, '');
    m.refs = [...new Set([...code.matchAll(/\b(?:from|join)\s+([a-z][a-z0-9_]*)\b/gi)].map((x) => x[1].toLowerCase()))].filter((r) => r !== m.name && names.has(r));
  }
  const byName = new Map(models.map((m) => [m.name, m]));
  const order = [];
  const done = new Set();
  const visit = (m) => {
    if (done.has(m.name)) return;
    done.add(m.name);
    for (const r of m.refs) visit(byName.get(r));
    order.push(m);
  };
  models.forEach(visit);
  return order;
}

await ensureData();
const { loadCommand } = await import('../dist/api.js');
const { openDatabase } = await import('../dist/adapters/duckdb.js');
const { quoteLiteral } = await import('../dist/core/ports/db.js');

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const result = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, measured_at: new Date().toISOString(), load_s: {}, models: [] };
for (const source of SOURCES) {
  const start = performance.now();
  const loaded = await loadCommand({ source, files: [join(data, `${source}.csv`)], project: work, cwd: work });
  result.load_s[source] = seconds(start);
  log(`loaded ${loaded.totals.rows_loaded} ${source} in ${result.load_s[source]}s`);
}

const db = await openDatabase(join(work, 'grayscope.duckdb'));
try {
  await db.run('SET VARIABLE period = NULL');
  const all = performance.now();
  for (const m of shippedModels()) {
    const start = performance.now();
    await db.run(`CREATE OR REPLACE ${m.table ? 'TABLE' : 'VIEW'} ${m.name} AS ${m.sql}`);
    const s = seconds(start);
    const rows = Number(await db.scalar(`SELECT count(*) FROM ${m.name}`));
    result.models.push({ name: m.name, materialized: m.table ? 'table' : 'view', rows, seconds: s });
    log(`  ${m.name.padEnd(20)} ${String(rows).padStart(9)} rows  ${s.toFixed(2)}s`);
  }
  result.all_models_s = seconds(all);
  result.linkage_s = +result.models.filter((m) => LINKAGE.includes(m.name)).reduce((t, m) => t + m.seconds, 0).toFixed(2);
  result.record_operations_s = result.models.find((m) => m.name === 'record_operations').seconds;

  await db.run(`CREATE TEMP TABLE truth_records AS SELECT * FROM read_csv(${quoteLiteral(join(data, 'truth_records.csv'))}, all_varchar = true)`);
  const perPeriod = await db.all(`
    WITH j AS (
      SELECT t.quarter AS period, nullif(t.operation_id, '') AS true_op, ro.operation_id AS pred_op
      FROM truth_records AS t
      LEFT JOIN record_operations AS ro ON ro.source = t.source AND ro.record_id = t.record_id
    ),
    cells AS (SELECT period, true_op, pred_op, count(*) AS n FROM j GROUP BY ALL),
    tp AS (SELECT period, sum(n * (n - 1) // 2) AS tp FROM cells WHERE true_op IS NOT NULL AND pred_op IS NOT NULL GROUP BY period),
    pred AS (SELECT period, sum(n * (n - 1) // 2) AS p FROM (SELECT period, pred_op, count(*) AS n FROM j WHERE pred_op IS NOT NULL GROUP BY ALL) GROUP BY period),
    act AS (SELECT period, sum(n * (n - 1) // 2) AS a FROM (SELECT period, true_op, count(*) AS n FROM j WHERE true_op IS NOT NULL GROUP BY ALL) GROUP BY period)
    SELECT period, tp::BIGINT AS tp, p::BIGINT AS predicted, a::BIGINT AS actual FROM tp JOIN pred USING (period) JOIN act USING (period) ORDER BY period`);
  const sum = (k) => perPeriod.reduce((t, r) => t + Number(r[k]), 0);
  result.pairs = { true_positive: sum('tp'), predicted: sum('predicted'), actual: sum('actual') };
  result.precision = +(sum('tp') / sum('predicted')).toFixed(5);
  result.recall = +(sum('tp') / sum('actual')).toFixed(5);
  result.min_precision_per_period = +Math.min(...perPeriod.map((r) => Number(r.tp) / Number(r.predicted))).toFixed(5);
  result.min_recall_per_period = +Math.min(...perPeriod.map((r) => Number(r.tp) / Number(r.actual))).toFixed(5);
  const truth = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8'));
  const found = Object.fromEntries((await db.all('SELECT period, count(*) AS n FROM operations GROUP BY period')).map((r) => [r.period, Number(r.n)]));
  result.operations = truth.quarters.map((q) => ({ period: q.quarter, found: found[q.quarter] ?? 0, observed_truth: q.operations.observed }));
} finally {
  db.close();
  if (!keep) rmSync(work, { recursive: true, force: true });
}
log(`linkage models ${result.linkage_s}s (record_operations ${result.record_operations_s}s); precision ${result.precision}, recall ${result.recall}`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
