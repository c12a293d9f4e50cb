import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { rejectsCommand } from '../api.js';
import { type RejectsFormat, renderRejects, renderRejectsWritten } from '../render/rejects.js';

export default class Rejects extends BaseCommand<typeof Rejects> {
  static override summary = 'List quarantined rows: file, line, column, reason and the original text (personal data masked).';
  static override description = `csv is UTF-8 with a byte-order mark (Excel on Chinese Windows reads it as it is) and formula-safe;
xlsx is a workbook of text cells (nothing from the data can become a formula) and needs --out.`;
  static override examples = [
    '<%= config.bin %> rejects',
    '<%= config.bin %> rejects complaints --format csv > rejects.csv',
    '<%= config.bin %> rejects complaints --format xlsx --out rejects.xlsx',
    '<%= config.bin %> rejects incidents --json',
  ];
  static override args = {
    source: Args.string({ description: 'complaints, incidents or enforcement (default: all)', options: ['complaints', 'incidents', 'enforcement'] }),
  };
  static override flags = {
    format: Flags.string({ description: 'output format (csv and xlsx are safe to open in Excel)', options: ['table', 'csv', 'json', 'xlsx'], default: 'table' }),
    out: Flags.string({ description: 'write csv, json or xlsx to this file instead of stdout (xlsx needs it)' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
    limit: Flags.integer({ description: 'rows shown in the table format (csv, xlsx and json give all)', default: 50, min: 1 }),
  };

  async run() {
    const { format, out } = this.flags;
    const result = await rejectsCommand({ project: this.flags.project, db: this.flags.db, source: this.args.source, waitSeconds: this.flags.wait, format, out });
    // Under --json, out() prints nothing and oclif prints the returned result instead.
    const lang = await this.lang();
    if (out !== undefined) this.out(renderRejectsWritten(result, out, lang));
    else if (format === 'csv' || format === 'json') this.outData(renderRejects(result, format, this.flags.limit, lang));
    else this.out(renderRejects(result, format as RejectsFormat, this.flags.limit, lang));
    return result;
  }
}
