// Result tables keep every estimate run (keyed by run_id) and the *_latest views pick, per period and
// method, the newest run that estimated it; `runs` lists the history with each estimate's headline,
// `runs diff A B` names what differs (parameters, assumptions, model SQL, figures), an unknown run id
// exits 2 naming recent ones, and a database written before the views existed keeps working.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { estimateCommand, runCommand, runsCommand, runsDiffCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { ASSUMPTIONS, RECORDS, seedSql } from '../helpers/estimate-project.js';
import { seedDb, writeFiles } from '../helpers/model-project.js';
import { ROOT, tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
const dbPath = () => join(project.dir, 'grayscope.duckdb');
const estimate = (o: Parameters<typeof estimateCommand>[0] = {}) => estimateCommand({ project: project.dir, bootstrap: 0, period: '2025Q1', ...o });

beforeAll(async () => {
  project = tempProject('gs-run-history-');
  // A second assumptions file: debt_evasion's central rate halved doubles its multiplier figure.
  writeFiles(project.dir, { 'assumptions.yaml': ASSUMPTIONS, 'low-rates.yaml': ASSUMPTIONS.replace('debt_evasion: { central: 0.5', 'debt_evasion: { central: 0.25') });
  await seedDb(project.dir, seedSql(RECORDS));
  await runCommand({ project: project.dir });
}, 60_000);
afterAll(() => project?.cleanup());

describe('estimates, growth and sensitivity keep every run; the *_latest views hold the newest', () => {
  it('keeps both runs’ rows, and estimates_latest/sensitivity_latest hold the newest run per period and method', async () => {
    const a = await estimate({ method: 'all' });
    const b = await estimate({ method: 'multiplier', assumptions: join(project.dir, 'low-rates.yaml') });
    const read = await withDb(dbPath(), async (db) => ({
      runs: (await db.all<{ run_id: string }>(`SELECT DISTINCT run_id FROM estimates ORDER BY run_id`)).map((r) => r.run_id),
      latest: await db.all<{ method: string; run_id: string }>(`SELECT DISTINCT method, run_id FROM estimates_latest WHERE period = '2025Q1' ORDER BY method`),
      sensitivity: (await db.all<{ run_id: string }>(`SELECT DISTINCT run_id FROM sensitivity_latest`)).map((r) => r.run_id),
      growth: (await db.all<{ run_id: string }>(`SELECT DISTINCT run_id FROM growth_latest WHERE method = 'mse'`)).map((r) => r.run_id),
      multiplier: Number(await db.scalar(`SELECT scale_cny FROM estimates_latest WHERE period = '2025Q1' AND segment = 'debt_evasion' AND method = 'multiplier'`)),
    }));
    expect(read.runs).toEqual(expect.arrayContaining([a.run_id, b.run_id]));
    // The MSE rows still come from a (b ran the multiplier only); the multiplier rows from b.
    expect(read.latest).toEqual([
      { method: 'mse', run_id: a.run_id },
      { method: 'multiplier', run_id: b.run_id },
    ]);
    expect(read.sensitivity).toEqual([b.run_id]);
    expect(read.growth.every((id) => id === a.run_id)).toBe(true);
    expect(read.multiplier).toBe(1102);
  });

  it('runs lists the estimates newest first with their parameters and the scale of their latest period', async () => {
    const r = await estimate({ method: 'multiplier', seed: 4 });
    const { runs } = await runsCommand({ project: project.dir, limit: 3 });
    expect(runs).toHaveLength(3);
    expect(runs[0]).toMatchObject({ run_id: r.run_id, command: 'estimate', status: 'success', period: '2025Q1', rerun_of: null, parameters: { method: 'multiplier', seed: 4, bootstrap: 0 } });
    const all = r.estimates.find((e) => e.period === '2025Q1' && e.segment === 'all')!;
    expect(runs[0]!.headline).toEqual({ period: '2025Q1', segment: 'all', method: 'multiplier', scale_cny: all.scale_cny.estimate, ci: null });
    expect(runs.map((x) => x.run_id)).toEqual([...runs.map((x) => x.run_id)].sort().reverse());
  });

  it('runs diff names the parameter, the assumptions and the rate that differ, and the figures side by side with the change', async () => {
    const a = await estimate({ method: 'multiplier', seed: 1 });
    const b = await estimate({ method: 'multiplier', seed: 2, assumptions: join(project.dir, 'low-rates.yaml') });
    const d = await runsDiffCommand({ project: project.dir, a: a.run_id, b: b.run_id });
    expect(d.parameters).toEqual([{ key: 'seed', a: 1, b: 2 }]);
    expect(d.assumptions.same).toBe(false);
    expect(d.assumptions.rates).toEqual([{ key: 'debt_evasion', a: 0.5, b: 0.25 }]);
    expect(d.models).toEqual([]);
    expect(d.inputs).toEqual({ added: [], removed: [], changed: [] });
    expect(d.estimates.find((e) => e.period === '2025Q1' && e.segment === 'debt_evasion')!.scale_cny).toEqual({ a: 551, b: 1102, change: 551 });
    expect(d.estimates.find((e) => e.period === '2025Q1' && e.segment === 'credit_repair')!.scale_cny.change).toBe(0);
    expect(d.changed).toBe(4); // debt_evasion and all, in 2025Q1 and its base 2024Q4
  });

  it('runs diff names the model whose SQL differs between two estimates', async () => {
    const a = await estimate({ method: 'multiplier' });
    const shipped = readFileSync(join(ROOT, 'queries', 'operation_amounts.sql'), 'utf8');
    writeFiles(project.dir, { 'queries/operation_amounts.sql': shipped.replace('CAST(avg(amount_cny) AS', 'CAST(10 * avg(amount_cny) AS') });
    try {
      const b = await estimate({ method: 'multiplier' });
      const d = await runsDiffCommand({ project: project.dir, a: a.run_id, b: b.run_id });
      expect(d.models).toEqual([{ name: 'operation_amounts', a: expect.stringMatching(/^[0-9a-f]{64}$/), b: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      expect(d.parameters).toEqual([]);
      expect(d.estimates.find((e) => e.period === '2025Q1' && e.segment === 'debt_evasion')!.scale_cny).toEqual({ a: 551, b: 5510, change: 4959 });
    } finally {
      rmSync(join(project.dir, 'queries', 'operation_amounts.sql'));
    }
  });

  it('exits 2 for an unknown run id, naming the recent runs', async () => {
    const err = (await runsDiffCommand({ project: project.dir, a: 'nope', b: 'nope2' }).catch((e: unknown) => e)) as GrayscopeError;
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('no run nope, nope2 in the run history of this project');
    const { runs } = await runsCommand({ project: project.dir, limit: 1 });
    expect(err.hint).toContain(`Recent runs: ${runs[0]!.run_id} (estimate)`);
  });
});

describe('a database written before the run history', () => {
  it('keeps working: runs gains rerun_of and the *_latest views read the estimates it already holds', async () => {
    const old = tempProject('gs-run-history-old-');
    try {
      writeFiles(old.dir, { 'assumptions.yaml': ASSUMPTIONS });
      await seedDb(old.dir, seedSql(RECORDS));
      const db = await openDatabase(join(old.dir, 'grayscope.duckdb'));
      try {
        for (const v of ['sensitivity_latest', 'growth_latest', 'estimates_latest', 'estimate_latest_runs']) await db.run(`DROP VIEW ${v}`);
        await db.run('ALTER TABLE runs DROP COLUMN rerun_of');
        await db.run(`INSERT INTO runs (run_id, command, started_at, finished_at, status, tool_version) VALUES ('20240101T000000000Z-old000', 'estimate', now(), now(), 'success', '0.0.1')`);
        await db.run(`INSERT INTO estimates (run_id, period, segment, method, operations_observed, scale_cny) VALUES ('20240101T000000000Z-old000', '2023Q4', 'all', 'mse', 3, 42)`);
      } finally {
        db.close();
      }
      expect((await runsCommand({ project: old.dir })).runs.map((r) => r.rerun_of)).toEqual([null]);
      const r = await estimateCommand({ project: old.dir, bootstrap: 0, method: 'mse' });
      const latest = await withDb(join(old.dir, 'grayscope.duckdb'), (db) => db.all<{ period: string; run_id: string }>(`SELECT DISTINCT period, run_id FROM estimates_latest ORDER BY period`));
      expect(latest).toEqual([
        { period: '2023Q4', run_id: '20240101T000000000Z-old000' },
        { period: '2024Q4', run_id: r.run_id },
        { period: '2025Q1', run_id: r.run_id },
      ]);
    } finally {
      old.cleanup();
    }
  });
});
