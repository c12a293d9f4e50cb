import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { DEFAULT_ESTIMATE_BOOTSTRAP, estimateCommand } from '../api.js';
import { renderEstimate } from '../render/estimate.js';
import { UNIT_CHOICES, type UnitChoice } from '../render/format.js';
import { renderRerun } from '../render/estimate-rerun.js';

export default class Estimate extends BaseCommand<typeof Estimate> {
  static override summary = 'Operations, market scale in yuan and growth, with intervals.';
  static override description = `Counts operations per quarter and category by multiple systems estimation on the capture histories (complaints, incidents, enforcement; stepwise model choice), values them at the mean value per operation, and bootstraps both jointly (seeded) for intervals. The multiplier method (observed losses ÷ reporting rate from assumptions.yaml) is shown beside it. Growth (yoy, qoq, vs_2y, cagr_2y) has bootstrap intervals.
Runs the SQL models first when they are missing, built before the last load or from other loaded files, built for another period or other linkage settings, or built from model SQL that has changed since (models_run.reason says which).
--rerun RUN_ID recomputes an earlier estimate from what its folder kept and says "same numbers as RUN_ID", or names the loaded files that changed since (exit 1). Results land in the tables estimates, growth and sensitivity and in runs/<run_id>/. See docs/METHODOLOGY.md.`;
  static override examples = [
    '<%= config.bin %> estimate',
    '<%= config.bin %> estimate --period 2025Q1 --bootstrap 1000 --seed 7',
    '<%= config.bin %> estimate --method all --scenario pessimistic --json',
    '<%= config.bin %> estimate --unit wan',
    '<%= config.bin %> estimate --rerun 20250410T083000123Z-a1b2c3',
  ];
  static override flags = {
    period: Flags.string({ description: 'quarter (2025Q1) or year (2025: its four quarters), estimated with the growth bases; default: default_period in grayscope.yaml, else every quarter' }),
    method: Flags.string({ description: 'mse, multiplier, or both side by side', options: ['mse', 'multiplier', 'all'], default: 'all' }),
    bootstrap: Flags.integer({ description: 'joint bootstrap replicates (0: no intervals)', default: DEFAULT_ESTIMATE_BOOTSTRAP, min: 0 }),
    seed: Flags.integer({ description: 'seed of the bootstrap (same inputs and seed give the same numbers)', default: 1, min: 0 }),
    assumptions: Flags.string({ description: 'assumptions file for the multiplier method (default: assumptions.yaml in the project)' }),
    scenario: Flags.string({ description: 'a scenario of assumptions.yaml (multiplier method)' }),
    unit: Flags.string({ description: 'unit of the amounts in the table: auto picks 元, 万元 or 亿元 by the size of the figures (--json is always in yuan)', options: [...UNIT_CHOICES], default: 'auto' }),
    rerun: Flags.string({
      description: 'recompute a run from what runs/RUN_ID/ kept (parameters, seed, assumptions, grayscope.yaml, model SQL); exit 1 when the numbers differ',
      exclusive: ['period', 'method', 'bootstrap', 'seed', 'assumptions', 'scenario'],
    }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const f = this.flags;
    const lang = await this.lang();
    const result = await estimateCommand(
      {
        lang,
        project: f.project,
        db: f.db,
        ...(f.period !== undefined ? { period: f.period } : {}),
        method: f.method as 'mse' | 'multiplier' | 'all',
        bootstrap: f.bootstrap,
        seed: f.seed,
        ...(f.assumptions !== undefined ? { assumptions: f.assumptions } : {}),
        ...(f.scenario !== undefined ? { scenario: f.scenario } : {}),
        ...(f.rerun !== undefined ? { rerun: f.rerun } : {}),
        waitSeconds: f.wait,
      },
      this.reporter,
    );
    this.out(renderEstimate(result, { unit: f.unit as UnitChoice, lang }));
    if (result.rerun) {
      this.out(renderRerun(result.rerun, lang));
      // Exit 1 = finished but checks failed; the JSON document is still printed.
      if (!result.rerun.same) process.exitCode = 1;
    }
    return result;
  }
}
