import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { initCommand } from '../api.js';

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Create a project folder: grayscope.yaml, data/, assumptions.yaml (and sample data with --demo).';
  static override examples = ['<%= config.bin %> init myproject', '<%= config.bin %> init . --demo'];
  static override args = {
    dir: Args.string({ description: 'project folder (created if missing)', default: '.' }),
  };
  static override flags = {
    demo: Flags.boolean({ description: 'also write a small generated data set into data/', default: false }),
  };

  async run() {
    const result = await initCommand({ dir: this.args.dir, demo: this.flags.demo }, this.reporter);
    this.out(
      [
        `Project in ${result.dir}`,
        result.created.length ? `created: ${result.created.join(', ')}` : '',
        result.existing.length ? `kept as they were: ${result.existing.join(', ')}` : '',
        this.flags.demo ? 'sample data: data/complaints.csv, data/incidents.csv, data/enforcement.csv (truth in data/truth.json)' : '',
        `Next: grayscope load complaints <file> --project ${this.args.dir}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return result;
  }
}
