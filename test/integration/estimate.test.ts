// `grayscope estimate` on the demo project (generated data with a known truth): the 2025Q1 headline
// against truth.json, the JSON shape of DESIGN.md, the tables and manifest it leaves, the same
// numbers for the same seed, --period with its growth bases, rerunning stale models, exit codes.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommand, estimateCommand, runCommand } from '../../src/api.js';
import type { DemoResult } from '../../src/core/demo/headline.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { tempProject, withDb } from '../helpers/project.js';

interface Truth {
  quarters: Array<{ quarter: string; operations: { total: number }; value_cny: { total: number } }>;
}

let project: ReturnType<typeof tempProject>;
let dir: string;
let demo: DemoResult;
let truth: Truth;
beforeAll(async () => {
  project = tempProject('gs-estimate-');
  dir = join(project.dir, 'demo');
  demo = await demoCommand({ out: dir, seed: 1 });
  truth = JSON.parse(readFileSync(join(dir, 'data', 'truth.json'), 'utf8')) as Truth;
}, 120_000);
afterAll(() => project.cleanup());

const q = (quarter: string) => truth.quarters.find((x) => x.quarter === quarter)!;

describe('grayscope estimate against the generator truth (demo, seed 1)', () => {
  it('covers the true number of 2025Q1 operations with its interval, or lands within ±15% of it', () => {
    const e = demo.estimate!;
    const t = q('2025Q1').operations.total;
    expect(e.operations.truth).toBe(t);
    const [lo, hi] = e.operations.ci!;
    const covered = lo <= t && t <= hi;
    const close = Math.abs(e.operations.estimate! / t - 1) <= 0.15;
    expect(covered || close, `N̂ ${e.operations.estimate} [${lo}, ${hi}] vs truth ${t}`).toBe(true);
  });

  it('puts the 2025Q1 scale within a factor 1.5 of the true value and covers it with its interval', () => {
    const e = demo.estimate!;
    const t = q('2025Q1').value_cny.total;
    const ratio = e.scale_cny.estimate! / t;
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
    expect(e.scale_cny.ci![0]).toBeLessThanOrEqual(t);
    expect(e.scale_cny.ci![1]).toBeGreaterThanOrEqual(t);
    expect(e.vs_2y.base_quarter).toBe('2023Q1');
    expect(e.vs_2y.ci![0]).toBeLessThan(e.vs_2y.truth!);
    expect(e.vs_2y.ci![1]).toBeGreaterThan(e.vs_2y.truth!);
  });
});

describe('grayscope estimate: output, tables, reproducibility', () => {
  it('returns the DESIGN.md JSON shape, with both methods and all four growth metrics', async () => {
    const r = await estimateCommand({ project: dir, bootstrap: 30, seed: 3 });
    expect(Object.keys(r).slice(0, 3)).toEqual(['run_id', 'estimates', 'growth']);
    for (const e of r.estimates) {
      expect(Object.keys(e).slice(0, 5)).toEqual(['period', 'segment', 'method', 'operations', 'scale_cny']);
      expect(Object.keys(e.operations).slice(0, 3)).toEqual(['observed', 'estimate', 'ci']);
      expect(Object.keys(e.scale_cny).slice(0, 2)).toEqual(['estimate', 'ci']);
    }
    const periods = [...new Set(r.estimates.map((e) => e.period))];
    expect(periods).toHaveLength(12);
    const segments = new Set(r.estimates.filter((e) => e.period === '2025Q1' && e.method === 'mse').map((e) => e.segment));
    expect(segments).toEqual(new Set(['all', 'debt_evasion', 'credit_repair', 'illegal_agency', 'false_litigation', 'money_laundering', 'info_theft', 'fraud_other']));
    // `all` is the sum over categories, for the count and the scale.
    const mse25 = r.estimates.filter((e) => e.period === '2025Q1' && e.method === 'mse');
    const all = mse25.find((e) => e.segment === 'all')!;
    const cats = mse25.filter((e) => e.segment !== 'all');
    expect(all.operations.estimate!).toBeCloseTo(cats.reduce((a, e) => a + e.operations.estimate!, 0), 0);
    expect(all.operations.observed).toBe(cats.reduce((a, e) => a + e.operations.observed, 0));
    expect(Math.abs(all.scale_cny.estimate! - cats.reduce((a, e) => a + e.scale_cny.estimate!, 0))).toBeLessThan(10);
    expect(all.value_per_operation_cny!.median!).toBeLessThan(all.value_per_operation_cny!.mean!); // heavy right tail
    expect(r.estimates.some((e) => e.method === 'multiplier' && e.segment === 'all' && e.period === '2025Q1')).toBe(true);
    const metrics = r.growth.filter((g) => g.period === '2025Q1' && g.segment === 'all').map((g) => g.metric);
    expect(metrics).toEqual(['yoy', 'qoq', 'vs_2y', 'cagr_2y']);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('gives the same numbers for the same inputs and seed, and other intervals for another seed', async () => {
    const strip = (r: Awaited<ReturnType<typeof estimateCommand>>) => JSON.stringify({ e: r.estimates, g: r.growth, s: r.sensitivity });
    const a = await estimateCommand({ project: dir, bootstrap: 40, seed: 11 });
    const b = await estimateCommand({ project: dir, bootstrap: 40, seed: 11 });
    const c = await estimateCommand({ project: dir, bootstrap: 40, seed: 12 });
    expect(a.run_id).not.toBe(b.run_id);
    expect(strip(a)).toBe(strip(b));
    expect(strip(a)).not.toBe(strip(c));
  });

  it('stores estimates, growth and sensitivity (every run kept; the *_latest views hold this one) and writes the manifest', async () => {
    const r = await estimateCommand({ project: dir, bootstrap: 20, seed: 5 });
    const counts = await withDb(join(dir, 'grayscope.duckdb'), async (db) => ({
      estimates: await db.all<{ run_id: string; n: number }>(`SELECT run_id, count(*)::INTEGER AS n FROM estimates_latest GROUP BY run_id`),
      growth: Number(await db.scalar(`SELECT count(*) FROM growth WHERE run_id = ?`, [r.run_id])),
      sensitivity: Number(await db.scalar(`SELECT count(*) FROM sensitivity WHERE run_id = ? AND period = '2025Q1'`, [r.run_id])),
      runs: Number(await db.scalar(`SELECT count(*) FROM runs WHERE run_id = ? AND command = 'estimate'`, [r.run_id])),
      earlier: Number(await db.scalar(`SELECT count(*) FROM estimates WHERE run_id <> ?`, [r.run_id])),
    }));
    expect(counts.estimates).toEqual([{ run_id: r.run_id, n: r.estimates.length }]);
    expect(counts.growth).toBe(r.growth.length);
    expect(counts.earlier).toBeGreaterThan(0);
    expect(counts.sensitivity).toBe(14); // 7 categories × low/high
    expect(counts.runs).toBe(1);
    const manifest = JSON.parse(readFileSync(join(dir, 'runs', r.run_id, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ command: 'estimate', parameters: { seed: 5, bootstrap: 20, method: 'all', scenario: null } });
    expect(manifest.assumptions.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(dir, 'runs', r.run_id, 'run_results.json'))).toBe(true);
  });

  it('replaces its tables only together with its run record: a run record that cannot be written leaves estimates, growth, sensitivity and runs as they were', async () => {
    const tables = () =>
      withDb(join(dir, 'grayscope.duckdb'), async (db) => ({
        estimates: await db.all('SELECT * FROM estimates ORDER BY ALL'),
        growth: await db.all('SELECT * FROM growth ORDER BY ALL'),
        sensitivity: await db.all('SELECT * FROM sensitivity ORDER BY ALL'),
        runs: await db.all('SELECT run_id, command FROM runs ORDER BY run_id'),
      }));
    await estimateCommand({ project: dir, bootstrap: 5, seed: 2 });
    const before = await tables();
    const runId = '20250410T083000123Z-nodir1';
    // A file where the run's folder would go: writing runs/<run_id>/manifest.json fails.
    writeFileSync(join(dir, 'runs', runId), 'in the way\n');
    try {
      await expect(estimateCommand({ project: dir, bootstrap: 5, seed: 9, now: () => new Date('2025-04-10T08:30:00.123Z'), runIdSuffix: 'nodir1' })).rejects.toThrow();
      expect(await tables()).toEqual(before);
    } finally {
      rmSync(join(dir, 'runs', runId));
    }
  });

  it('with --period estimates that quarter and its growth bases, and growth for that quarter only', async () => {
    const r = await estimateCommand({ project: dir, period: '2025Q1', bootstrap: 20, method: 'mse' });
    expect([...new Set(r.estimates.map((e) => e.period))].sort()).toEqual(['2023Q1', '2024Q1', '2024Q4', '2025Q1']);
    expect(new Set(r.growth.map((g) => g.period))).toEqual(new Set(['2025Q1']));
    expect(r.estimates.every((e) => e.method === 'mse')).toBe(true);
    expect(r.growth.find((g) => g.segment === 'all' && g.metric === 'qoq')!.base_period).toBe('2024Q4');
  });

  it('reruns the models first when the last run covered another period, and not when they are fresh', async () => {
    await runCommand({ project: dir, period: '2025Q1' });
    const r = await estimateCommand({ project: dir, bootstrap: 10, method: 'mse' });
    expect(r.models_run.ran_now).toBe(true);
    expect(new Set(r.estimates.map((e) => e.period)).size).toBe(12);
    const again = await estimateCommand({ project: dir, bootstrap: 10, method: 'mse' });
    expect(again.models_run.ran_now).toBe(false);
  });

  it('exits 2 for an unknown scenario, a scenario with --method mse, and a bad period; 3 for a quarter without data', async () => {
    const code = async (p: Promise<unknown>) => ((await p.then(() => null, (e: unknown) => e)) as GrayscopeError | null)?.exitCode;
    expect(await code(estimateCommand({ project: dir, scenario: 'nope' }))).toBe(2);
    expect(await code(estimateCommand({ project: dir, method: 'mse', scenario: 'x' }))).toBe(2);
    expect(await code(estimateCommand({ project: dir, period: '2025-1' }))).toBe(2);
    expect(await code(estimateCommand({ project: dir, period: '2030Q1', method: 'mse', bootstrap: 0 }))).toBe(3);
  });
});
