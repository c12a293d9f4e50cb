// `node bench/templates.js`: templated-complaint detection on the 1M-complaint bench file against
// the budget of DESIGN.md (≤ 1.5 × the UTF-8 load of the same file, peak memory ≤ 2 GB). Each step
// runs in a fresh process (bench/measure.mjs for the load) so peak RSS is the step's own.
// Needs `npm run build` and bench/data/complaints.csv (written by `npm run bench`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
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
  process.stdout.write(`${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, complaints: r.complaints, templated: r.templated, share: r.share, threshold: r.threshold, shingle: r.shingle, min_cluster: r.min_cluster })}\n`);
  process.exit(0);
}

if (!existsSync(csv)) {
  console.error('bench/data/complaints.csv is missing: run `npm run bench` once to write the bench data.');
  process.exit(3);
}
const run = (args) => JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop());
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const load = run([join(root, 'bench', 'measure.mjs'), 'load', work, 'complaints', csv]);
const templates = run([fileURLToPath(import.meta.url), '--step', work]);
rmSync(work, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      grayscope_load_utf8_s: +load.seconds.toFixed(2),
      templates_s: +templates.seconds.toFixed(2),
      ratio_templates_vs_load: +(templates.seconds / load.seconds).toFixed(3),
      budget_ratio: 1.5,
      peak_rss_mb: { load: Math.round(load.maxRssMb), templates: Math.round(templates.maxRssMb) },
      budget_peak_rss_mb: 2048,
      result: { complaints: templates.complaints, templated: templates.templated, share: +templates.share.toFixed(4), threshold: templates.threshold, shingle: templates.shingle, min_cluster: templates.min_cluster },
    },
    null,
    2,
  ),
);
