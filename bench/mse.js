// `node bench/mse.js` (after `npm run build`): the DESIGN.md budget "MSE with BCa bootstrap (1,000
// samples, model choice in each) on an 8-list table ≤ 60 s". Times the built CLI on
// fixtures/mse/eight.csv with stepwise choice rerun in every replicate, and prints the seconds, the
// ratio to the budget and to the R reference (about 19 minutes, DESIGN.md), and the interval.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_S = 60;
const R_REFERENCE_S = 19 * 60;
if (!existsSync(join(root, 'dist', 'core', 'estimate', 'bootstrap.js'))) {
  console.error('dist/ has no bootstrap: run `npm run build` first.');
  process.exit(2);
}
const args = [join(root, 'bin', 'run.js'), 'mse', join(root, 'fixtures', 'mse', 'eight.csv'), '--select', 'stepwise', '--bootstrap', '1000', '--seed', '1', '--json'];
const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (run.status !== 0) {
  console.error(run.stderr || run.stdout);
  process.exit(1);
}
const result = JSON.parse(run.stdout);
const out = {
  work: 'mse eight.csv, stepwise, BCa bootstrap 1000, seed 1',
  workers: availableParallelism(),
  seconds: +seconds.toFixed(2),
  budget_seconds: BUDGET_S,
  ratio_to_budget: +(seconds / BUDGET_S).toFixed(3),
  ratio_to_r_reference: +(seconds / R_REFERENCE_S).toFixed(4),
  N: result.selected.N,
  ci: result.selected.ci,
  ci_method: result.selected.ci_method,
  bootstrap: result.bootstrap,
};
console.log(JSON.stringify(out, null, 2));
process.exitCode = seconds <= BUDGET_S ? 0 : 1;
