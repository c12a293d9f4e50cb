// End to end (npm run build first): `grayscope runs`, `runs diff A B` and `estimate --rerun` from the
// built CLI on the hand-made estimate project — one JSON document each, the human lines, exit 0 for
// the same numbers, 1 when they differ (the loaded file named), 2 for an unknown run id (with and
// without --json, the recent runs in the hint) and for --rerun with a flag it takes from the run.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstimateResult, RunsDiff, RunsResult } from '../../src/index.js';
import { ASSUMPTIONS, RECORDS, seedSql } from '../helpers/estimate-project.js';
import { cli, type ErrorDocument, makeTempDir, onlyJson } from '../helpers/cli.js';
import { seedDb, writeFiles } from '../helpers/model-project.js';

let tmp: ReturnType<typeof makeTempDir>;
// Human output pinned to English (the --json documents are the same in every language).
const run = (...args: string[]) => cli([...args, '--project', tmp.dir, '--lang', 'en'], { cwd: tmp.dir });
let first: EstimateResult;
let second: EstimateResult;
beforeAll(async () => {
  tmp = makeTempDir();
  writeFiles(tmp.dir, { 'assumptions.yaml': ASSUMPTIONS });
  await seedDb(tmp.dir, seedSql(RECORDS));
  first = onlyJson<EstimateResult>(await run('estimate', '--period', '2025Q1', '--bootstrap', '10', '--seed', '1', '--json'));
  second = onlyJson<EstimateResult>(await run('estimate', '--period', '2025Q1', '--bootstrap', '10', '--seed', '2', '--json'));
}, 60_000);
afterAll(() => tmp.remove());

describe('grayscope runs and runs diff (CLI)', () => {
  it('runs --json lists the estimates and the model run newest first; the table shows the headline', async () => {
    const r = await run('runs', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<RunsResult>(r);
    expect(doc.runs.map((x) => [x.run_id, x.command])).toEqual([[second.run_id, 'estimate'], [first.run_id, 'estimate'], [first.models_run.run_id, 'run']]);
    expect(first.models_run).toMatchObject({ ran_now: true, reason: 'estimate_inputs, calendar not built yet' });
    const table = await run('runs');
    expect(table.stdout).toMatch(new RegExp(`${second.run_id}\\s+estimate\\s+success\\s+2025Q1 .*seed 2 .*2025Q1 791 元 \\(`));
  });

  it('runs diff --json gives the seed and the figures side by side; the human output lists them', async () => {
    const d = onlyJson<RunsDiff>(await run('runs', 'diff', first.run_id, second.run_id, '--json'));
    expect(d.parameters).toEqual([{ key: 'seed', a: 1, b: 2 }]);
    expect(d.estimates.length).toBe(first.estimates.length);
    const human = await run('runs', 'diff', first.run_id, second.run_id);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/loaded files: same/);
    expect(human.stdout).toMatch(/seed\s+1\s+2/);
    expect(human.stdout).toMatch(/estimates \(\d+ of \d+ rows differ\)/);
  });

  it('exits 2 for an unknown run id, with and without --json, naming recent runs', async () => {
    for (const json of [[], ['--json']]) {
      const r = await run('runs', 'diff', 'nope', second.run_id, ...json);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no run nope in the run history of this project');
      expect(r.stderr).toContain(`Recent runs: ${second.run_id} (estimate)`);
      if (json.length) expect(onlyJson<ErrorDocument>(r).error.exit_code).toBe(2);
    }
  });
});

describe('grayscope estimate --rerun (CLI)', () => {
  it('says "same numbers as RUN_ID" and exits 0 right after the run', async () => {
    const r = await run('estimate', '--rerun', first.run_id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Same numbers as ${first.run_id}.`);
  });

  it('exits 2 when --rerun comes with a flag it takes from the run', async () => {
    const r = await run('estimate', '--rerun', first.run_id, '--seed', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed|--rerun/);
  });

  it('after loading another file: exit 1, the JSON still printed, the file named', async () => {
    writeFiles(tmp.dir, { 'data/more.csv': 'complaint_id,received_date,region,category,agency_name\nC-Z1,2025-02-01,44,debt_evasion,agency-z\n' });
    expect((await run('load', 'complaints', join(tmp.dir, 'data', 'more.csv'))).code).toBe(0);
    const r = await run('estimate', '--rerun', first.run_id, '--json');
    expect(r.code, r.stderr).toBe(1);
    const doc = onlyJson<EstimateResult & { rerun: { same: boolean; inputs: { added: Array<{ path: string }> } } }>(r);
    expect(doc.rerun.same).toBe(false);
    expect(doc.rerun.inputs.added.map((f) => f.path)).toEqual([expect.stringMatching(/more\.csv$/)]);
    const human = await run('estimate', '--rerun', first.run_id);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/The numbers differ from .*\nLoaded files that changed since the run:\n {2}loaded since: complaints .*more\.csv/);
  });
});
