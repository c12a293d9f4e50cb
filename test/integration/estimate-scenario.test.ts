// `grayscope estimate --scenario NAME` on a small project built in the test: the multiplier's range
// and the sensitivity rows use the scenario's own ranges, so a scenario whose rate lies beyond the
// base range still has its multiplier inside its range (it fell outside: 33.6 with range 53.7–167.8).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCommand, initCommand, loadCommand } from '../../src/api.js';
import { writeFiles } from '../helpers/model-project.js';
import { tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject('gs-scenario-');
  await initCommand({ dir: project.dir });
  const rows = ['incident_id,detected_date,region,category,amount'];
  for (let i = 1; i <= 4; i++) rows.push(`I${i},2025-02-0${i},广东省,反催收,${i * 10_000}`);
  writeFiles(project.dir, { 'data/i.csv': `${rows.join('\n')}\n` });
  await loadCommand({ source: 'incidents', files: [join(project.dir, 'data/i.csv')], project: project.dir });
  // debt_evasion's base rate is 0.10 (0.05–0.20); the scenario says 0.30, beyond the base high.
  const path = join(project.dir, 'assumptions.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('scenarios: {}', 'scenarios:\n  lenient:\n    reporting_rates: { debt_evasion: 0.3 }'));
}, 60_000);
afterAll(() => project?.cleanup());

describe('estimate --scenario', () => {
  it("puts the scenario's multiplier inside the scenario's own range, and moves the sensitivity bounds with it", async () => {
    const r = await estimateCommand({ project: project.dir, method: 'multiplier', scenario: 'lenient' });
    const row = r.estimates.find((e) => e.segment === 'debt_evasion')!;
    const losses = row.multiplier!.observed_losses_cny;
    expect(losses).toBe(100_000);
    expect(row.multiplier!.reporting_rate).toBe(0.3);
    expect(row.scale_cny.estimate).toBe(Math.round(losses / 0.3));
    // The range divides by the scenario's high (0.6) and low (0.15), and contains the estimate.
    expect(row.multiplier!.range).toEqual([Math.round(losses / 0.6), Math.round(losses / 0.15)]);
    const [lo, hi] = row.multiplier!.range!;
    expect(lo).toBeLessThanOrEqual(row.scale_cny.estimate!);
    expect(row.scale_cny.estimate!).toBeLessThanOrEqual(hi);
    for (const e of r.estimates) {
      const [a, b] = e.multiplier!.range!;
      expect(a <= e.scale_cny.estimate! && e.scale_cny.estimate! <= b, `${e.segment}: ${e.scale_cny.estimate} in ${a}–${b}`).toBe(true);
    }
    expect(r.sensitivity.filter((s) => s.category === 'debt_evasion').map((s) => [s.bound, s.rate])).toEqual([['low', 0.15], ['high', 0.6]]);
  });

  it('without a scenario the base ranges stay', async () => {
    const r = await estimateCommand({ project: project.dir, method: 'multiplier' });
    const row = r.estimates.find((e) => e.segment === 'debt_evasion')!;
    expect(row.multiplier!.range).toEqual([100_000 / 0.2, 100_000 / 0.05]);
    expect(r.sensitivity.filter((s) => s.category === 'debt_evasion').map((s) => s.rate)).toEqual([0.05, 0.2]);
  });
});
