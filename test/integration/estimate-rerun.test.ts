// `estimate --rerun RUN_ID` recomputes an estimate from what runs/RUN_ID/ kept (parameters, seed,
// assumptions, grayscope.yaml without the salt, model SQL): the same numbers right after the run,
// even when a project model file changed since (it builds from the kept SQL, and the next estimate
// rebuilds from the files of today); other numbers after a file was loaded, naming that file.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCommand, loadCommand, runCommand, runsCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { ASSUMPTIONS, RECORDS, seedSql } from '../helpers/estimate-project.js';
import { seedDb, writeFiles } from '../helpers/model-project.js';
import { ROOT, tempProject, withDb } from '../helpers/project.js';

const SALT = 'kept-out-of-runs-0123456789';
let project: ReturnType<typeof tempProject>;
let original: Awaited<ReturnType<typeof estimateCommand>>;
const figures = (r: typeof original) => JSON.stringify({ e: r.estimates, g: r.growth, s: r.sensitivity });

beforeAll(async () => {
  project = tempProject('gs-estimate-rerun-');
  writeFiles(project.dir, { 'assumptions.yaml': ASSUMPTIONS, 'grayscope.yaml': `project: rerun\nsalt: "${SALT}"\nlinkage:\n  template_min_cluster: 4\n` });
  await seedDb(project.dir, seedSql(RECORDS));
  await runCommand({ project: project.dir });
  original = await estimateCommand({ project: project.dir, period: '2025Q1', bootstrap: 20, seed: 3 });
}, 60_000);
afterAll(() => project?.cleanup());

describe('a run folder keeps what reproduces the estimate', () => {
  it('holds the assumptions, grayscope.yaml without the salt, and every model’s SQL', () => {
    const dir = join(project.dir, 'runs', original.run_id);
    expect(readFileSync(join(dir, 'assumptions.yaml'), 'utf8')).toBe(ASSUMPTIONS);
    const config = readFileSync(join(dir, 'grayscope.yaml'), 'utf8');
    expect(config).toContain('template_min_cluster: 4');
    expect(config).not.toContain('salt');
    expect(config).not.toContain(SALT);
    const models = readdirSync(join(dir, 'models')).sort();
    expect(models).toEqual(readdirSync(join(ROOT, 'queries')).sort());
    expect(readFileSync(join(dir, 'models', 'estimate_inputs.sql'), 'utf8')).toBe(readFileSync(join(ROOT, 'queries', 'estimate_inputs.sql'), 'utf8'));
  });
});

describe('estimate --rerun', () => {
  it('gives the same numbers right after the run, is recorded as a rerun and stays out of estimates_latest', async () => {
    const r = await estimateCommand({ project: project.dir, rerun: original.run_id });
    expect(r.rerun).toMatchObject({ of: original.run_id, same: true, differing: { estimates: 0, growth: 0, sensitivity: 0 }, inputs: { added: [], removed: [], changed: [] } });
    expect(r.parameters).toEqual(original.parameters);
    expect(figures(r)).toBe(figures(original));
    expect((await runsCommand({ project: project.dir, limit: 1 })).runs[0]).toMatchObject({ run_id: r.run_id, rerun_of: original.run_id });
    const latest = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all<{ run_id: string }>('SELECT DISTINCT run_id FROM estimates_latest'));
    expect(latest).toEqual([{ run_id: original.run_id }]);
  });

  it('builds the models from the kept SQL, not the project’s edited file, and the next estimate rebuilds from the file', async () => {
    const shipped = readFileSync(join(ROOT, 'queries', 'operation_amounts.sql'), 'utf8');
    writeFiles(project.dir, { 'queries/operation_amounts.sql': shipped.replace('CAST(avg(amount_cny) AS', 'CAST(10 * avg(amount_cny) AS') });
    try {
      const edited = await estimateCommand({ project: project.dir, period: '2025Q1', bootstrap: 20, seed: 3 });
      expect(figures(edited)).not.toBe(figures(original));
      const r = await estimateCommand({ project: project.dir, rerun: original.run_id });
      expect(r.models_run.ran_now).toBe(true);
      expect(r.models_run.reason).toMatch(/operation_amounts/);
      expect(r.rerun!.same).toBe(true);
      const next = await estimateCommand({ project: project.dir, period: '2025Q1', bootstrap: 20, seed: 3 });
      expect(next.models_run).toMatchObject({ ran_now: true, reason: expect.stringMatching(/operation_amounts/) });
      expect(figures(next)).toBe(figures(edited));
    } finally {
      rmSync(join(project.dir, 'queries', 'operation_amounts.sql'));
    }
  });

  it('after another file was loaded: other numbers, naming the file', async () => {
    writeFiles(project.dir, {
      'data/more.csv': 'complaint_id,received_date,region,category,amount,agency_name\nC-Z1,2025-02-01,44,debt_evasion,,agency-z\nC-Z2,2025-02-02,44,debt_evasion,,agency-y\n',
    });
    const load = await loadCommand({ project: project.dir, source: 'complaints', files: ['data/more.csv'], cwd: project.dir });
    expect(load.totals.rows_loaded).toBe(2);
    const r = await estimateCommand({ project: project.dir, rerun: original.run_id });
    expect(r.rerun!.same).toBe(false);
    expect(r.rerun!.differing.estimates).toBeGreaterThan(0);
    expect(r.rerun!.inputs.added).toEqual([expect.objectContaining({ source: 'complaints', path: expect.stringMatching(/more\.csv$/), sha256: load.files[0]!.sha256 })]);
  });

  it('exits 2 for an unknown run, and for a run that is not an estimate', async () => {
    const code = async (id: string) => ((await estimateCommand({ project: project.dir, rerun: id }).catch((e: unknown) => e)) as GrayscopeError).exitCode;
    expect(await code('20990101T000000000Z-nope00')).toBe(2);
    const models = (await runsCommand({ project: project.dir, limit: 100 })).runs.find((x) => x.command === 'run')!;
    expect(await code(models.run_id)).toBe(2);
    expect(existsSync(join(project.dir, 'runs', models.run_id, 'models'))).toBe(false);
  });
});
