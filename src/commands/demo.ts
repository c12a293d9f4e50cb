import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { demoCommand } from '../api.js';
import { renderDemo } from '../render/demo.js';

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary = 'Run the whole pipeline on generated data; DIR is left as a normal project.';
  static override description =
    'Creates a project in DIR, generates the small synthetic data set with a known ground truth, loads it and prints a summary beside the truth. Every other command can then be pointed at DIR with --project.';
  static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --out /tmp/gs-demo --messy', '<%= config.bin %> demo --json'];
  static override flags = {
    out: Flags.string({ description: 'project folder to create or reuse', default: 'grayscope-demo' }),
    seed: Flags.integer({ description: 'random seed of the generated data', default: 1, min: 0 }),
    messy: Flags.boolean({ description: 'generate the data in mixed encodings and formats, with known bad rows', default: false }),
    verbose: Flags.boolean({ description: 'a line per data test on stderr (without it: the failures only, and the count in the summary)', default: false }),
  };

  async run() {
    const lang = await this.lang();
    const result = await demoCommand({ out: this.flags.out, seed: this.flags.seed, messy: this.flags.messy, verbose: this.flags.verbose, lang }, this.reporter);
    this.out(renderDemo(result, lang));
    return result;
  }
}
