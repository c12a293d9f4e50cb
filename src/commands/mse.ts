import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { mseCommand } from '../api.js';
import { renderMse } from '../render/mse.js';

export default class Mse extends BaseCommand<typeof Mse> {
  static override summary = 'Multiple systems estimation (capture–recapture) on a capture-history table.';
  static override description =
    'COUNTS.csv has one 0/1 column per list and a count column. Fits Poisson log-linear models, N = n + exp(intercept), and reports Chao\'s lower bound beside it. See docs/METHODOLOGY.md.';
  static override examples = [
    '<%= config.bin %> mse histories.csv',
    '<%= config.bin %> mse histories.csv --model "A + B + C + A:B"',
    '<%= config.bin %> mse histories.csv --select bic --max-order 2 --json',
    '<%= config.bin %> mse histories.csv --bootstrap 1000 --seed 7',
    '<%= config.bin %> mse histories.csv --strict-existence',
  ];
  static override args = { counts: Args.string({ description: 'capture-history CSV (0/1 list columns and count)', required: true }) };
  // It reads no project and no database: --project and --db would do nothing, so they are not offered
  // (the cast keeps BaseFlags' type; this command never reads flags.project or flags.db).
  static override baseFlags = BaseCommand.commonFlags as typeof BaseCommand.baseFlags;
  static override flags = {
    model: Flags.string({ description: 'one hierarchical model in R terms, e.g. "A + B + C + A:B"', exclusive: ['select'] }),
    select: Flags.string({ description: 'model choice (default stepwise)', options: ['stepwise', 'bic', 'aic'] }),
    'max-order': Flags.integer({ description: 'highest interaction order for --select bic|aic', default: 2, min: 2 }),
    ci: Flags.string({ description: 'interval reported per model', options: ['lognormal', 'profile'], default: 'lognormal' }),
    bootstrap: Flags.integer({ description: 'BCa bootstrap replicates for the selected N, rerunning model choice in each (0 = off)', default: 0, min: 0 }),
    seed: Flags.integer({ description: 'seed of the bootstrap', default: 1 }),
    'strict-existence': Flags.boolean({
      description: "stepwise: reject a step whose MLE does not exist beyond pairs that never overlap (SparseMSE's checkident), instead of fitting its extended MLE",
      default: false,
    }),
  };

  async run() {
    const result = await mseCommand({
      file: this.args.counts,
      ...(this.flags.model !== undefined ? { model: this.flags.model } : {}),
      ...(this.flags.select !== undefined ? { select: this.flags.select as 'stepwise' | 'bic' | 'aic' } : {}),
      maxOrder: this.flags['max-order'],
      ci: this.flags.ci as 'lognormal' | 'profile',
      bootstrap: this.flags.bootstrap,
      seed: this.flags.seed,
      strictExistence: this.flags['strict-existence'],
    }, this.reporter);
    this.out(renderMse(result, await this.lang()));
    return result;
  }
}
