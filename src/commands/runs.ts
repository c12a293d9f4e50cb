import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { runsCommand } from '../api.js';
import { renderRuns } from '../render/runs.js';

export default class Runs extends BaseCommand<typeof Runs> {
  static override summary = 'List the run history: models, tests, templates and estimates, newest first.';
  static override description = `Each run with its command, status, period, parameters and a headline (for an estimate: the scale of its latest period, segment all, with the 95% interval). Every run keeps runs/<run_id>/ (manifest.json, run_results.json, and what reproduces it). See also: grayscope runs diff A B, grayscope estimate --rerun RUN_ID.`;
  static override examples = ['<%= config.bin %> runs', '<%= config.bin %> runs --limit 50 --json'];
  static override flags = {
    limit: Flags.integer({ description: 'how many runs to list', default: 20, min: 1 }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const result = await runsCommand({ project: this.flags.project, db: this.flags.db, limit: this.flags.limit, waitSeconds: this.flags.wait });
    this.out(renderRuns(result, await this.lang()));
    return result;
  }
}
