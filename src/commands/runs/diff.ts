import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { runsDiffCommand } from '../../api.js';
import { renderRunsDiff } from '../../render/runs-diff.js';

export default class RunsDiff extends BaseCommand<typeof RunsDiff> {
  static override summary = 'Show what differs between two runs: loaded files, model SQL, parameters, assumptions and estimates.';
  static override description = `Inputs are compared by path and sha256 (added, removed, changed), model SQL by each model's sha256, parameters and assumption rates key by key; estimates side by side per period, segment and method with the change (B − A). Exit 2 when a run id is not in the history.`;
  static override examples = ['<%= config.bin %> runs diff 20250410T083000123Z-a1b2c3 20250411T090000456Z-d4e5f6', '<%= config.bin %> runs diff A B --json'];
  static override args = {
    a: Args.string({ description: 'the first run id (grayscope runs lists them)', required: true }),
    b: Args.string({ description: 'the second run id', required: true }),
  };
  static override flags = {
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const result = await runsDiffCommand({ project: this.flags.project, db: this.flags.db, a: this.args.a, b: this.args.b, waitSeconds: this.flags.wait });
    this.out(renderRunsDiff(result, await this.lang()));
    return result;
  }
}
