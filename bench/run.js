// `npm run bench`: the performance budgets of DESIGN.md, each measured as a ratio against a
// reference run in this same script, on the large generated data set (written once to bench/data).
// Results are printed and written to bench/results.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
const work = join(data, 'work');
const repeats = Number(process.env.BENCH_REPEATS ?? 2);
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

function measure(...args) {
  const out = execFileSync(process.execPath, [join(root, 'bench', 'measure.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop());
}

function best(runs) {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

async function ensureData() {
  const csv = join(data, 'complaints.csv');
  if (!existsSync(csv)) {
    console.error('writing the large generated data set to bench/data (once)…');
    const started = Date.now();
    const { generateCommand: generate } = await import('../dist/api.js');
    const { silentReporter } = await import('../dist/core/reporter.js');
    await generate({ out: data, seed: 1, scale: 'large', messy: false }, silentReporter);
    console.error(`  generated in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  const gb = join(data, 'complaints.gb18030.csv');
  if (!existsSync(gb)) {
    await pipeline(createReadStream(csv), iconv.decodeStream('utf8'), iconv.encodeStream('gb18030'), createWriteStream(gb));
  }
  return { csv, gb };
}

/** The demo project (small scale) the output steps run on, made once in bench/data/chart-demo. */
async function demoProject() {
  const project = join(data, 'chart-demo');
  if (!existsSync(join(project, 'grayscope.duckdb'))) {
    const { demoCommand } = await import('../dist/api.js');
    await demoCommand({ out: project, seed: 1 });
  }
  return project;
}

const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, measured_at: new Date().toISOString() };
const { csv, gb } = await ensureData();
results.data = { complaints_csv_mb: +(statSync(csv).size / 1e6).toFixed(1), complaints_gb18030_mb: +(statSync(gb).size / 1e6).toFixed(1) };

if (want('load')) {
  const ref = [];
  const utf8 = [];
  const gbRuns = [];
  for (let i = 0; i < repeats; i++) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    ref.push(measure('reference-load', join(work, 'reference.duckdb'), csv));
    utf8.push(measure('load', join(work, 'utf8'), 'complaints', csv));
    gbRuns.push(measure('load', join(work, 'gb'), 'complaints', gb));
  }
  rmSync(work, { recursive: true, force: true });
  const r = best(ref);
  const u = best(utf8);
  const g = best(gbRuns);
  results.load = {
    reference_ctas_read_csv_s: +r.seconds.toFixed(2),
    grayscope_load_utf8_s: +u.seconds.toFixed(2),
    grayscope_load_gb18030_s: +g.seconds.toFixed(2),
    rows_read: u.rows_read,
    rows_loaded: u.rows_loaded,
    ratio_utf8_vs_reference: +(u.seconds / r.seconds).toFixed(3),
    budget_utf8_vs_reference: 1.25,
    ratio_gb18030_vs_utf8: +(g.seconds / u.seconds).toFixed(3),
    budget_gb18030_vs_utf8: 2,
    peak_rss_mb: Math.round(Math.max(...utf8.map((x) => x.maxRssMb), ...gbRuns.map((x) => x.maxRssMb))),
    budget_peak_rss_mb: 2048,
  };
}

if (want('help')) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, [join(root, 'bin', 'run.js'), '--help'], { stdio: 'ignore' });
    runs.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const bare = Number(process.hrtime.bigint() - t) / 1e9;
  runs.sort((a, b) => a - b);
  results.help = { median_s: +runs[2].toFixed(3), bare_node_s: +bare.toFixed(3), budget_s: 0.4 };
}

if (want('templates')) {
  // bench/templates.js loads the same complaints afresh and times templates against that load.
  const out = spawnSync(process.execPath, [join(root, 'bench', 'templates.js')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  results.templates = out.stdout.trim() ? JSON.parse(out.stdout) : { error: out.stderr.trim() };
}

if (want('mse')) {
  // bench/mse.js times the built CLI itself; its JSON is kept as it is.
  const out = spawnSync(process.execPath, [join(root, 'bench', 'mse.js')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  results.mse = out.stdout.trim() ? JSON.parse(out.stdout) : { error: out.stderr.trim() };
}

if (want('charts')) {
  // Every shipped chart of the latest quarter in every format, against the renderer's floor: the
  // same number of trivial specs drawn to SVG, PNG and HTML (each in a fresh process, best of the repeats).
  const project = await demoProject();
  const runs = { zh: [], all: [], floor: [] };
  for (let i = 0; i < repeats; i++) {
    runs.zh.push(measure('chart', project, 'zh'));
    runs.all.push(measure('chart', project, 'all'));
    runs.floor.push(measure('chart-floor', String(runs.zh[0].files / 4)));
  }
  const zh = best(runs.zh);
  const all = best(runs.all);
  const floor = best(runs.floor);
  results.charts = {
    charts: zh.files / 4,
    files_one_language: zh.files,
    one_language_all_formats_s: +zh.seconds.toFixed(2),
    both_languages_all_formats_s: +all.seconds.toFixed(2),
    floor_trivial_specs_s: +floor.seconds.toFixed(2),
    ratio_vs_floor: +(zh.seconds / floor.seconds).toFixed(2),
    budget_s: 5,
    peak_rss_mb: Math.round(Math.max(zh.maxRssMb, all.maxRssMb)),
  };
}

if (want('returns')) {
  // return build for one quarter, each template on a fresh copy of the demo project (a first build,
  // charts embedded), against the writer's floor: exceljs writing as many sheets and numeric cells.
  const project = await demoProject();
  const out = {};
  for (const [template, sheets, cells] of [['institution', 9, 360], ['market', 8, 80]]) {
    const runs = [];
    const floor = [];
    for (let i = 0; i < repeats; i++) {
      const copy = join(data, `return-bench-${template}`);
      rmSync(copy, { recursive: true, force: true });
      execFileSync('cp', ['-r', project, copy]);
      // The demo built this return already: forget that version, so the measured build is a first one.
      const forget = `const { DuckDBInstance } = await import('@duckdb/node-api'); const i = await DuckDBInstance.create(process.argv[1]); const c = await i.connect(); await c.run('DROP TABLE IF EXISTS return_versions'); c.closeSync(); i.closeSync();`;
      execFileSync(process.execPath, ['--input-type=module', '-e', forget, join(copy, 'grayscope.duckdb')], { cwd: root, stdio: 'inherit' });
      runs.push(measure('return', copy, template));
      floor.push(measure('return-floor', String(sheets), String(cells)));
      rmSync(copy, { recursive: true, force: true });
    }
    const b = best(runs);
    const f = best(floor);
    out[template] = { period: b.period, draft: b.draft, build_s: +b.seconds.toFixed(2), floor_exceljs_s: +f.seconds.toFixed(2), ratio_vs_floor: +(b.seconds / f.seconds).toFixed(2), bytes: b.bytes, peak_rss_mb: Math.round(b.maxRssMb) };
  }
  results.returns = { ...out, budget_s: 3, budget_peak_rss_mb: 2048 };
}

if (want('bulletin')) {
  // The bulletin of the latest quarter, HTML and Markdown with its chart PNGs (no PDF), against the
  // same project's charts drawn to SVG and PNG by the chart command (each in a fresh process, best of the repeats).
  const project = await demoProject();
  const runs = { zh: [], all: [], charts: [] };
  for (let i = 0; i < repeats; i++) {
    runs.zh.push(measure('bulletin', project, 'zh'));
    runs.all.push(measure('bulletin', project, 'all'));
    runs.charts.push(measure('chart', project, 'zh'));
  }
  const zh = best(runs.zh);
  const all = best(runs.all);
  const charts = best(runs.charts);
  results.bulletin = {
    period: zh.period,
    files_one_language: zh.files,
    one_language_s: +zh.seconds.toFixed(2),
    both_languages_s: +all.seconds.toFixed(2),
    reference_charts_all_formats_one_language_s: +charts.seconds.toFixed(2),
    ratio_vs_charts: +(zh.seconds / charts.seconds).toFixed(2),
    budget_s: 10,
    peak_rss_mb: Math.round(Math.max(zh.maxRssMb, all.maxRssMb)),
  };
}

// Steps run alone (npm run bench -- charts) replace their own figures and keep the others'.
const file = join(root, 'bench', 'results.json');
const merged = only.length > 0 && existsSync(file) ? { ...JSON.parse(readFileSync(file, 'utf8')), ...results } : results;
writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
