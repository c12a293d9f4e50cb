// Validation of `grayscope estimate` against a known truth: many small generated data sets (different
// seeds), each generated, loaded and estimated for 2025Q1; prints the coverage of the 95% intervals
// of operations and scale (segment all) against truth.json, the mean relative bias and its spread.
// Usage: npm run build && node bench/validate.js [--draws 100] [--from 1] [--jobs 2] [--bootstrap 100]
// (GRAYSCOPE_ROOT=src and `npx tsx bench/validate.js` run it on the sources without a build.)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const draws = opt('draws', 100);
const from = opt('from', 1);
const jobs = opt('jobs', 2);
const bootstrap = opt('bootstrap', 100);
const shard = args.includes('--shard');
const QUARTER = '2025Q1';

async function one(seed) {
  const root = join(here, '..', process.env.GRAYSCOPE_ROOT ?? 'dist');
  const ext = process.env.GRAYSCOPE_ROOT === 'src' ? 'ts' : 'js';
  const api = await import(pathToFileURL(join(root, `api.${ext}`)).href);
  const dir = mkdtempSync(join(tmpdir(), 'gs-validate-'));
  try {
    await api.initCommand({ dir });
    const data = join(dir, 'data');
    const silent = { info() {}, warn() {}, progress: () => ({ update() {}, stop() {} }) };
    const generated = await api.generateCommand({ out: data, seed, scale: 'small', messy: false }, silent);
    for (const source of ['complaints', 'incidents', 'enforcement']) {
      const files = generated.files.filter((f) => f.source === source).map((f) => join(data, f.path));
      if (files.length) await api.loadCommand({ source, files, project: dir, cwd: dir });
    }
    // All periods, as `grayscope estimate` does by default: the linkage then sees every quarter.
    const r = await api.estimateCommand({ project: dir, cwd: dir, method: 'mse', bootstrap, seed });
    const truth = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8'));
    const q = truth.quarters.find((x) => x.quarter === QUARTER);
    const base = truth.quarters.find((x) => x.quarter === '2023Q1');
    const e = r.estimates.find((x) => x.period === QUARTER && x.segment === 'all' && x.method === 'mse');
    const g = r.growth.find((x) => x.period === QUARTER && x.segment === 'all' && x.metric === 'vs_2y');
    return {
      seed,
      ops: { est: e.operations.estimate, ci: e.operations.ci, truth: q.operations.total, observed: e.operations.observed, truth_observed: q.operations.observed },
      scale: { est: e.scale_cny.estimate, ci: e.scale_cny.ci, truth: q.value_cny.total },
      vs_2y: { est: g?.value ?? null, ci: g?.ci ?? null, truth: q.value_cny.total / base.value_cny.total - 1 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (shard) {
  // A worker: the seeds it was given, one JSON line per draw.
  const seeds = args[args.indexOf('--seeds') + 1].split(',').map(Number);
  for (const seed of seeds) process.stdout.write(`${JSON.stringify(await one(seed))}\n`);
} else {
  const seeds = Array.from({ length: draws }, (_, i) => from + i);
  const started = performance.now();
  const parts = Array.from({ length: jobs }, (_, j) => seeds.filter((_, i) => i % jobs === j)).filter((p) => p.length);
  const results = (
    await Promise.all(
      parts.map(
        (part) =>
          new Promise((resolve, reject) => {
            const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--shard', '--seeds', part.join(','), '--bootstrap', String(bootstrap)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
            let out = '';
            child.stdout.setEncoding('utf8').on('data', (d) => {
              out += d;
              process.stderr.write(`.`);
            });
            child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))) : reject(new Error(`worker exited ${code}`))));
          }),
      ),
    )
  ).flat();
  process.stderr.write('\n');
  const covers = (x) => x.ci !== null && x.ci[0] <= x.truth && x.truth <= x.ci[1];
  const rel = (x) => x.est / x.truth - 1;
  const summary = (key) => {
    const xs = results.map((r) => r[key]).filter((x) => x.est !== null);
    const rels = xs.map((x) => (key === 'vs_2y' ? x.est - x.truth : rel(x)));
    const m = rels.reduce((a, b) => a + b, 0) / rels.length;
    const sd = Math.sqrt(rels.reduce((a, b) => a + (b - m) ** 2, 0) / (rels.length - 1));
    const sorted = [...rels].sort((a, b) => a - b);
    return {
      draws: xs.length,
      coverage_95: xs.filter(covers).length / xs.length,
      below: xs.filter((x) => x.ci && x.truth < x.ci[0]).length,
      above: xs.filter((x) => x.ci && x.truth > x.ci[1]).length,
      [key === 'vs_2y' ? 'mean_error' : 'mean_relative_bias']: m,
      sd,
      median: sorted[Math.floor(sorted.length / 2)],
    };
  };
  const report = {
    quarter: QUARTER,
    segment: 'all',
    scale: 'small',
    bootstrap,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    operations: summary('ops'),
    scale_cny: summary('scale'),
    vs_2y: summary('vs_2y'),
  };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(join(here, 'validate-results.json'), `${JSON.stringify({ ...report, draws: results }, null, 2)}\n`);
}
