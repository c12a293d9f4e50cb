// End to end: `grayscope estimate` from the built CLI (npm run build first) on a demo project: exactly
// one JSON document of the documented shape, the 亿元 table without --json (--unit fixes another), the demo's headline
// beside the truth, exit codes 2 (usage) and 3 (no data; complaints that link into no operation) with and without --json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstimateResult } from '../../src/index.js';
import { cli, type ErrorDocument, makeTempDir, onlyJson, present } from '../helpers/cli.js';

let tmp: ReturnType<typeof makeTempDir>;
let demoOut: Awaited<ReturnType<typeof cli>>;
beforeAll(async () => {
  tmp = makeTempDir();
  demoOut = await cli(['demo', '--out', 'demo', '--lang', 'en'], { cwd: tmp.dir });
}, 120_000);
afterAll(() => tmp.remove());
// Human output pinned to English (the --json document is the same in every language).
const run = (...args: string[]) => cli(['estimate', '--project', join(tmp.dir, 'demo'), '--lang', 'en', ...args], { cwd: tmp.dir });

describe('grayscope estimate (CLI)', () => {
  it('demo prints the 2025Q1 estimate beside the truth', () => {
    expect(demoOut.code, demoOut.stderr).toBe(0);
    expect(demoOut.stdout).toMatch(/estimate 2025Q1 .* beside the truth/);
    expect(demoOut.stdout).toMatch(/operations .* truth \d/);
    expect(demoOut.stdout).toMatch(/scale .*亿元.* truth .*亿元/);
  });

  it('demo summarises its data tests in one line and lists none that passed (they are --verbose)', () => {
    expect(demoOut.stdout).toMatch(/data tests: \d+ run, all passed/);
    expect(demoOut.stderr).not.toMatch(/^✓ .+ on /m);
  });

  it('prints exactly one JSON document of the documented shape with --json and exits 0', async () => {
    const r = await run('--period', '2025Q1', '--bootstrap', '30', '--seed', '4', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<EstimateResult>(r);
    expect(Object.keys(doc).slice(0, 3)).toEqual(['run_id', 'estimates', 'growth']);
    const all = doc.estimates.find((e) => e.period === '2025Q1' && e.segment === 'all' && e.method === 'mse');
    expect(all?.operations).toMatchObject({ observed: expect.any(Number), estimate: expect.any(Number), ci: [expect.any(Number), expect.any(Number)] });
    expect(all?.scale_cny).toMatchObject({ estimate: expect.any(Number), ci: [expect.any(Number), expect.any(Number)] });
    expect(doc.growth.filter((g) => g.segment === 'all').map((g) => g.metric)).toEqual(['yoy', 'qoq', 'vs_2y', 'cagr_2y']);
  });

  it('--period 2025 estimates the four quarters of 2025 (with growth for each) and prints the last one', async () => {
    const doc = onlyJson<EstimateResult>(await run('--period', '2025', '--method', 'mse', '--bootstrap', '0', '--json'));
    const quarters = [...new Set(doc.growth.map((g) => g.period))];
    expect(quarters).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    for (const q of quarters) expect(doc.estimates.some((e) => e.period === q && e.segment === 'all')).toBe(true);
    // The growth bases are estimated too (2023Q1 for 2025Q1's vs_2y).
    expect(doc.estimates.some((e) => e.period === '2023Q1')).toBe(true);
    const table = await run('--period', '2025', '--method', 'mse', '--bootstrap', '0');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/growth of the scale, 2025Q4 \(all\)/);
    expect((await run('--period', '2031', '--json')).code).toBe(3);
  });

  it('prints a table in 亿元 without --json', async () => {
    const r = await run('--period', '2025Q1', '--bootstrap', '20');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/scale 亿元/);
    expect(r.stdout).toMatch(/multiplier 亿元/);
    expect(r.stdout).toMatch(/vs_2y\s+2023Q1/);
  });

  it('never shows the multiplier alone: --method multiplier carries the MSE scale and the rate it implies', async () => {
    const table = await run('--period', '2025Q1', '--method', 'multiplier');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/MSE 亿元\s+rate implied by MSE/);
    const doc = onlyJson<EstimateResult>(await run('--period', '2025Q1', '--method', 'multiplier', '--json'));
    const all = doc.estimates.find((e) => e.period === '2025Q1' && e.segment === 'all');
    expect(all?.method).toBe('multiplier');
    expect(all?.multiplier?.mse_scale_cny).toBeGreaterThan(0);
    const multiplier = present(all?.multiplier, 'the multiplier block of 2025Q1 all');
    expect(multiplier.implied_reporting_rate).toBeCloseTo(multiplier.observed_losses_cny / present(multiplier.mse_scale_cny, 'mse_scale_cny'), 4);
  });

  it('--unit fixes the unit of the table (auto picks it by magnitude), the JSON stays in yuan; an unknown unit exits 2', async () => {
    const wan = await run('--period', '2025Q1', '--method', 'mse', '--bootstrap', '0', '--unit', 'wan');
    expect(wan.code, wan.stderr).toBe(0);
    expect(wan.stdout).toMatch(/scale 万元/);
    const auto = await run('--period', '2025Q1', '--method', 'mse', '--bootstrap', '0');
    expect(auto.stdout).toMatch(/scale 亿元/); // a market-sized demo
    const doc = onlyJson<EstimateResult>(await run('--period', '2025Q1', '--method', 'mse', '--bootstrap', '0', '--unit', 'wan', '--json'));
    const all = doc.estimates.find((e) => e.period === '2025Q1' && e.segment === 'all');
    expect(all?.scale_cny.estimate).toBeGreaterThan(1e8); // yuan, not 万元
    expect((await run('--unit', 'dollars')).code).toBe(2);
  });

  it('exits 3 with one JSON error document on a project whose complaints link into no operation, saying what linkage needs', async () => {
    const dir = join(tmp.dir, 'complaints-only');
    expect((await cli(['init', dir], { cwd: tmp.dir })).code).toBe(0);
    writeFileSync(join(dir, 'data', 'c.csv'), 'complaint_id,received_date,region,category,institution\nC1,2025-01-05,广东省,反催收,甲银行\nC2,2025-02-05,广东省,反催收,甲银行\n');
    expect((await cli(['load', 'complaints', join(dir, 'data', 'c.csv'), '--project', dir], { cwd: tmp.dir })).code).toBe(0);
    for (const json of [[], ['--json']]) {
      const r = await cli(['estimate', '--project', dir, '--period', '2025Q1', ...json], { cwd: tmp.dir });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/the 2 complaints loaded for it are not linked into any operation/);
      expect(r.stderr).toMatch(/Hint: Linkage needs agency names, shared phone or account numbers, or a second source/);
      if (json.length) expect(onlyJson<ErrorDocument>(r).error.exit_code).toBe(3);
    }
  });

  it('exits 2 on an unknown scenario or method and 3 for a quarter without data, with and without --json', async () => {
    for (const json of [[], ['--json']]) {
      const scenario = await run('--scenario', 'nope', ...json);
      expect(scenario.code).toBe(2);
      expect(scenario.stderr).toMatch(/no scenario "nope"/);
      expect((await run('--method', 'guess', ...json)).code).toBe(2);
      const empty = await run('--period', '2031Q1', '--method', 'mse', ...json);
      expect(empty.code).toBe(3);
      if (json.length) expect(onlyJson<ErrorDocument>(empty).error.exit_code).toBe(3);
    }
  });
});
