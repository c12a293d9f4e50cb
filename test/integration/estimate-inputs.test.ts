// The estimate_inputs model (queries/estimate_inputs.sql) on a hand-made project run by the real
// engine and DuckDB: per segment its capture_counts list against capture_histories, its values
// against operation_amounts (positive values only, operation_id order, no complaint amount), its
// observed losses, its data tests (passing here, failing on a broken table), what `estimate` reads
// from it, and the estimate's staleness check, which names estimate_inputs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { estimateCommand, runCommand, testCommand } from '../../src/api.js';
import type { Reporter } from '../../src/core/reporter.js';
import { ASSUMPTIONS, RECORDS, seedSql } from '../helpers/estimate-project.js';
import { seedDb } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

interface InputRow {
  period: string;
  category: string;
  capture_counts: number[];
  value_per_operation_cny: number[];
  observed_losses_cny: number;
}

let project: ReturnType<typeof tempProject>;
const dbPath = () => join(project.dir, 'grayscope.duckdb');
const readInputs = () => withDb(dbPath(), (db) => db.all<InputRow>('SELECT * FROM estimate_inputs ORDER BY period, category'));

beforeAll(async () => {
  project = tempProject('gs-estimate-inputs-');
  writeFileSync(join(project.dir, 'assumptions.yaml'), ASSUMPTIONS);
  await seedDb(project.dir, seedSql(RECORDS));
  const run = await runCommand({ project: project.dir });
  expect(run.models.filter((m) => m.status !== 'success')).toEqual([]);
}, 60_000);
afterAll(() => project?.cleanup());

describe('estimate_inputs on a hand-made project', () => {
  it('holds one row per segment with the capture counts, values and observed losses worked out by hand', async () => {
    expect(await readInputs()).toEqual([
      { period: '2024Q4', category: 'debt_evasion', capture_counts: [0, 0, 0, 0, 0, 0, 1, 0], value_per_operation_cny: [80], observed_losses_cny: 80 },
      { period: '2025Q1', category: 'credit_repair', capture_counts: [0, 1, 0, 0, 0, 0, 0, 0], value_per_operation_cny: [], observed_losses_cny: 0 },
      {
        period: '2025Q1',
        category: 'debt_evasion',
        capture_counts: [0, 1, 2, 1, 1, 0, 0, 1],
        // Order is checked against operation_amounts below; here the set: no 0, no complaint amount.
        value_per_operation_cny: expect.arrayContaining([200, 50, 25.5]),
        observed_losses_cny: 275.5,
      },
    ]);
    const de = (await readInputs()).find((r) => r.period === '2025Q1' && r.category === 'debt_evasion')!;
    expect(de.value_per_operation_cny).toHaveLength(3);
  });

  it('capture_counts[mask] equals capture_histories.n of that history in every segment (mask: complaints 1, incidents 2, enforcement 4)', async () => {
    const { inputs, cells } = await withDb(dbPath(), async (db) => ({
      inputs: await db.all<InputRow>('SELECT * FROM estimate_inputs ORDER BY period, category'),
      cells: await db.all<{ period: string; category: string; c: boolean; i: boolean; e: boolean; n: number }>(
        'SELECT period, category, in_complaints AS c, in_incidents AS i, in_enforcement AS e, n FROM capture_histories ORDER BY period, category, history',
      ),
    }));
    const segments = new Set(cells.map((c) => `${c.period}|${c.category}`));
    expect(inputs.map((r) => `${r.period}|${r.category}`)).toEqual([...segments].sort());
    for (const row of inputs) {
      const expected = [0, 0, 0, 0, 0, 0, 0, 0];
      for (const c of cells.filter((x) => x.period === row.period && x.category === row.category)) expected[(c.c ? 1 : 0) | (c.i ? 2 : 0) | (c.e ? 4 : 0)] = c.n;
      expect(row.capture_counts, `${row.period} ${row.category}`).toEqual(expected);
    }
  });

  it('value_per_operation_cny is operation_amounts.value_cny_estimate of the positive-valued operations in operation_id order, and observed losses their sum', async () => {
    const { inputs, amounts } = await withDb(dbPath(), async (db) => ({
      inputs: await db.all<InputRow>('SELECT * FROM estimate_inputs ORDER BY period, category'),
      amounts: await db.all<{ period: string; category: string; value: number | null }>(
        'SELECT period, category, CAST(value_cny_estimate AS DOUBLE) AS value FROM operation_amounts ORDER BY period, category, operation_id',
      ),
    }));
    for (const row of inputs) {
      const own = amounts.filter((a) => a.period === row.period && a.category === row.category);
      expect(row.value_per_operation_cny, `${row.period} ${row.category}`).toEqual(own.map((a) => a.value).filter((v): v is number => v !== null && v > 0));
      // Each operation once, added in operation_id order as the estimate always did.
      expect(row.observed_losses_cny, `${row.period} ${row.category}`).toBe(own.reduce((t, a) => t + (a.value ?? 0), 0));
    }
  });

  it('its data tests pass on the model as built', async () => {
    const r = await testCommand({ project: project.dir, select: ['estimate_inputs'] });
    expect(r.tests.length).toBeGreaterThanOrEqual(10);
    expect(r.tests.filter((t) => t.status !== 'pass')).toEqual([]);
  });

  it('estimate reads it: observed operations, valued operations and the multiplier’s observed losses come from the model', async () => {
    const r = await estimateCommand({ project: project.dir, bootstrap: 0, period: '2025Q1' });
    const row = (segment: string, method: string) => r.estimates.find((e) => e.period === '2025Q1' && e.segment === segment && e.method === method)!;
    expect(row('debt_evasion', 'mse').operations.observed).toBe(6);
    expect(row('debt_evasion', 'mse').value_per_operation_cny).toMatchObject({ valued_operations: 3, source: 'segment', median: 50 });
    expect(row('credit_repair', 'mse').value_per_operation_cny).toMatchObject({ valued_operations: 3, source: 'period_pooled' });
    expect(row('debt_evasion', 'multiplier').multiplier).toMatchObject({ observed_losses_cny: 276, reporting_rate: 0.5 }); // 275.5, rounded
    expect(row('debt_evasion', 'multiplier').scale_cny.estimate).toBe(551);
    expect(row('credit_repair', 'multiplier').multiplier!.observed_losses_cny).toBe(0);
  });
});

describe('estimate_inputs data tests on a broken table', () => {
  it('fail on a repeated segment, a capture list of the wrong length and a non-positive value', async () => {
    const db = await openDatabase(dbPath());
    try {
      await db.run(`INSERT INTO estimate_inputs SELECT * FROM estimate_inputs WHERE period = '2024Q4'`);
      await db.run(`INSERT INTO estimate_inputs VALUES ('2023Q1', 'fraud_other', [0, 1, 2], [0.0], 0)`);
    } finally {
      db.close();
    }
    const r = await testCommand({ project: project.dir, select: ['estimate_inputs'] });
    const failed = r.tests.filter((t) => t.status === 'fail').map((t) => [t.test, t.failing_rows]);
    expect(failed).toEqual([
      ['expression(1 = (SELECT count(*) FROM estimate_inputs AS other WHERE other.period = estimate_inputs.period AND other.category = estimate_inputs.category))', 2],
      ['expression(len(capture_counts) = 8 AND capture_counts[1] = 0)', 1],
      ['expression(len(value_per_operation_cny) <= list_sum(capture_counts) AND coalesce(list_min(value_per_operation_cny) > 0, true))', 1],
    ]);
  });
});

describe('the estimate’s staleness check names the models it reads', () => {
  const estimate = async () => {
    const lines: string[] = [];
    const reporter: Reporter = { info: (l) => lines.push(l), warn: () => {}, progress: () => ({ update() {}, stop() {} }) };
    const r = await estimateCommand({ project: project.dir, bootstrap: 0, method: 'mse' }, reporter);
    return { ranNow: r.models_run.ran_now, reason: lines.find((l) => l.startsWith('estimate: running the models first')) ?? null };
  };

  it('rebuilds when estimate_inputs is missing, or when a later run rebuilt a model it is built from without it; not when fresh', async () => {
    await runCommand({ project: project.dir });
    expect(await estimate()).toEqual({ ranNow: false, reason: null });

    const db = await openDatabase(dbPath());
    await db.run('DROP TABLE estimate_inputs').finally(() => db.close());
    const dropped = await estimate();
    expect(dropped.ranNow).toBe(true);
    expect(dropped.reason).toContain('estimate_inputs not built yet');

    await runCommand({ project: project.dir, select: ['capture_histories'] });
    const upstream = await estimate();
    expect(upstream.ranNow).toBe(true);
    expect(upstream.reason).toMatch(/rebuilt capture_histories but not estimate_inputs/);
    expect(await estimate()).toEqual({ ranNow: false, reason: null });
  });
});
