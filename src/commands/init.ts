import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { initCommand } from '../api.js';
import { renderInit } from '../render/init.js';

export default class Init extends BaseCommand<typeof Init> {
  static override summary = 'Create a project folder: grayscope.yaml, data/, assumptions.yaml (and sample data with --demo).';
  static override description = 'The folder is DIR, else the global --project, else the current folder; DIR and --project naming two different folders is refused.';
  static override examples = ['<%= config.bin %> init myproject', '<%= config.bin %> init --project myproject', '<%= config.bin %> init . --demo'];
  static override args = {
    dir: Args.string({ description: 'project folder (created if missing; default: --project, else the current folder)' }),
  };
  static override flags = {
    demo: Flags.boolean({ description: 'also write a small generated data set into data/', default: false }),
  };

  async run() {
    // --project has a default ('.'), so only the command line tells whether it was given.
    const project = this.argv.some((a) => a === '--project' || a.startsWith('--project=')) ? this.flags.project : undefined;
    const result = await initCommand({ dir: this.args.dir, project, demo: this.flags.demo }, this.reporter);
    this.out(renderInit(result, this.args.dir ?? project ?? '.', await this.lang()));
    return result;
  }
}
