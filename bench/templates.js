// `node bench/templates.js`: templated-complaint detection on the 1M-complaint bench file against
// the budget of DESIGN.md (≤ 1.5 × the UTF-8 load of the same file, peak memory ≤ 2 GB), best of
// two of each. Each step runs in a fresh process (bench/measure.mjs for the load) so peak RSS is
// the step's own.
// Needs `npm run build` and bench/data/complaints.csv (written by `npm run bench`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const csv = join(root, 'bench', 'data', 'complaints.csv');
const work = join(root, 'bench', 'data', 'work-templates');

if (process.argv[2] === '--step') {
  // The measured `templates` step, in its own process.
  const { templatesCommand } = await import('../dist/api.js');
  const started = performance.now();
  const r = await templatesCommand({ project: process.argv[3] });
  const seconds = (performance.now() - started) / 1000;
  // Where the time went, from the run's own record (seconds per phase, workers, comparisons).
  const run = JSON.parse(readFileSync(join(process.argv[3], 'runs', r.run_id, 'run_results.json'), 'utf8'));
  process.stdout.write(
    `${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, complaints: r.complaints, templated: r.templated, share: r.share, threshold: r.threshold, shingle: r.shingle, min_cluster: r.min_cluster, execution: run.execution, comparisons: run.comparisons })}\n`,
  );
  process.exit(0);
}

if (!existsSync(csv)) {
  console.error('bench/data/complaints.csv is missing: run `npm run bench` once to write the bench data.');
  process.exit(3);
}
const run = (args) => JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop());
// Best of BENCH_REPEATS (default 2) for each, as `npm run bench` does for the load: a fresh load,
// then templates on what it loaded, each in its own process.
const repeats = Number(process.env.BENCH_REPEATS ?? 2);
const loads = [];
const runs = [];
for (let i = 0; i < repeats; i++) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  loads.push(run([join(root, 'bench', 'measure.mjs'), 'load', work, 'complaints', csv]));
  runs.push(run([fileURLToPath(import.meta.url), '--step', work]));
}
rmSync(work, { recursive: true, force: true });
const best = (xs) => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const load = best(loads);
const templates = best(runs);
console.log(
  JSON.stringify(
    {
      grayscope_load_utf8_s: +load.seconds.toFixed(2),
      templates_s: +templates.seconds.toFixed(2),
      ratio_templates_vs_load: +(templates.seconds / load.seconds).toFixed(3),
      budget_ratio: 1.5,
      runs_s: { load: loads.map((x) => +x.seconds.toFixed(2)), templates: runs.map((x) => +x.seconds.toFixed(2)) },
      peak_rss_mb: { load: Math.round(Math.max(...loads.map((x) => x.maxRssMb))), templates: Math.round(Math.max(...runs.map((x) => x.maxRssMb))) },
      budget_peak_rss_mb: 2048,
      // Phases inside templates_s of the best run (process start-up and module loading are the rest).
      phases_s: templates.execution.seconds,
      workers: templates.execution.workers,
      comparisons: templates.comparisons,
      result: { complaints: templates.complaints, templated: templates.templated, share: +templates.share.toFixed(4), threshold: templates.threshold, shingle: templates.shingle, min_cluster: templates.min_cluster },
    },
    null,
    2,
  ),
);
