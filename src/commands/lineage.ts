import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { lineageCommand } from '../api.js';
import { type LineageFormat, renderLineage } from '../render/lineage.js';

export default class Lineage extends BaseCommand<typeof Lineage> {
  static override summary = 'Show which sources feed which models, as a Mermaid or Graphviz diagram or as JSON.';
  static override examples = [
    '<%= config.bin %> lineage',
    '<%= config.bin %> lineage --format dot | dot -Tsvg > lineage.svg',
    '<%= config.bin %> lineage --json',
  ];
  static override flags = {
    format: Flags.string({ description: 'output format', options: ['mermaid', 'dot', 'json'], default: 'mermaid' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const result = await lineageCommand({ project: this.flags.project, db: this.flags.db, waitSeconds: this.flags.wait });
    this.out(renderLineage(result, this.flags.format as LineageFormat));
    return result;
  }
}
