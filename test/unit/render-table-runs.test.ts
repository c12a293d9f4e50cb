// Terminal tables line up with Chinese text and em dashes, and `runs` / `runs diff` print amounts in
// the unit their size calls for (an institution's figures are not 0.0 亿元).
import { describe, expect, it } from 'vitest';
import type { RunsDiff } from '../../src/core/runs/diff.js';
import type { RunEntry } from '../../src/core/runs/list.js';
import { renderRuns } from '../../src/render/runs.js';
import { renderRunsDiff } from '../../src/render/runs-diff.js';
import { table } from '../../src/render/table.js';

/** Display columns: CJK two, everything else (the em dash included) one. */
const columns = (s: string) => [...s].reduce((w, ch) => w + (/[\u4E00-\u9FFF]/.test(ch) ? 2 : 1), 0);

describe('table', () => {
  it('aligns columns holding Chinese text and em dashes (an em dash is one column, a Chinese character two)', () => {
    const out = table(['a', 'b', 'c'], [['—', '亿元', 'x'], ['中文', '—', 'y'], ['ab', 'cd', 'z']]);
    const starts = out.split('\n').map((line) => columns(line.slice(0, line.lastIndexOf(' ') + 1)));
    expect(new Set(starts).size).toBe(1);
  });
});

const run = (over: Partial<RunEntry>): RunEntry => ({
  run_id: '20250410T083000123Z-a1b2c3', command: 'estimate', status: 'success', started_at: '2025-04-10T08:30:00Z', finished_at: '2025-04-10T08:30:01Z',
  period: '2025Q1', rerun_of: null, parameters: { method: 'mse', bootstrap: 10, seed: 1 }, summary: {}, headline: null, ...over,
} as RunEntry);

describe('runs', () => {
  it("prints an institution's headline in 万元 and a market's in 亿元", () => {
    const small = renderRuns({ runs: [run({ headline: { period: '2025Q1', segment: 'all', method: 'mse', scale_cny: 346_000, ci: [210_000, 512_000] } })] });
    expect(small).toContain('34.6 万元 (21.0–51.2, mse)');
    expect(small).not.toContain('亿元');
    const big = renderRuns({ runs: [run({ headline: { period: '2025Q1', segment: 'all', method: 'mse', scale_cny: 250_090_000_000, ci: [192_900_000_000, 429_840_000_000] } })] });
    expect(big).toContain('2,500.9 亿元 (1,929.0–4,298.4, mse)');
  });

  it("prints a templates run's share as a percentage and its counts grouped", () => {
    const out = renderRuns({ runs: [run({ command: 'templates', headline: null, summary: { complaints: 20000, templated: 5958, share: 0.2979 } })] });
    expect(out).toContain('complaints 20,000, templated 5,958, share 29.8%');
  });
});

describe('runs diff', () => {
  it("puts an institution's estimates side by side in 万元", () => {
    const d = {
      a: run({}), b: run({ run_id: '20250410T093000123Z-d4e5f6' }), notes: [], inputs: { added: [], removed: [], changed: [] }, models: [], parameters: [],
      assumptions: { same: true, a: null, b: null, rates: [] }, changed: 1,
      estimates: [{ period: '2025Q1', segment: 'all', method: 'mse', operations: { a: 3, b: 4, change: 1 }, scale_cny: { a: 346_000, b: 420_000, change: 74_000 } }],
    } as unknown as RunsDiff;
    const out = renderRunsDiff(d);
    expect(out).toContain('A 万元');
    expect(out).toMatch(/34\.6\s+42\.0\s+\+7\.4/);
  });
});
