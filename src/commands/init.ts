import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { initCommand } from '../api.js';
import { renderInit } from '../render/init.js';

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
    this.out(renderInit(result, this.args.dir));
    return result;
  }
}
