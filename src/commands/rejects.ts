import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { rejectsCommand } from '../api.js';
import { type RejectsFormat, renderRejects } from '../render/rejects.js';

export default class Rejects extends BaseCommand<typeof Rejects> {
  static override summary = 'List quarantined rows: file, line, column, reason and the original text (personal data masked).';
  static override examples = [
    '<%= config.bin %> rejects',
    '<%= config.bin %> rejects complaints --format csv > rejects.csv',
    '<%= config.bin %> rejects incidents --json',
  ];
  static override args = {
    source: Args.string({ description: 'complaints, incidents or enforcement (default: all)', options: ['complaints', 'incidents', 'enforcement'] }),
  };
  static override flags = {
    format: Flags.string({ description: 'output format (csv is safe to open in Excel)', options: ['table', 'csv', 'json'], default: 'table' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
    limit: Flags.integer({ description: 'rows shown in the table format (csv and json give all)', default: 50, min: 1 }),
  };

  async run() {
    const result = await rejectsCommand({ project: this.flags.project, db: this.flags.db, source: this.args.source, waitSeconds: this.flags.wait });
    // Under --json, out() prints nothing and oclif prints the returned result instead.
    this.out(renderRejects(result, this.flags.format as RejectsFormat, this.flags.limit));
    return result;
  }
}
