import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { exportCommand } from '../api.js';
import { renderExport } from '../render/export.js';

export default class Export extends BaseCommand<typeof Export> {
  static override summary = 'Write a result table or SQL model to a file: csv, parquet, xlsx or json.';
  static override description = `NAME is estimates, growth or sensitivity (the latest run's rows; --run picks one run), operations,
capture_histories, shares (= complaint_identification: complaints, suspected and shares per period and
category), or any other model or result table in the database. csv is UTF-8 with a byte-order mark and
formula-safe; xlsx has text cells (nothing from the data can become a formula) and number cells; json is
{name, columns: [{name, type}], rows: [{column: value}]}. Numbers stay numbers (DECIMAL with every digit),
dates are ISO 8601. An existing file is replaced, only once the new one is complete.`;
  static override examples = [
    '<%= config.bin %> export estimates --format csv --out out/estimates.csv',
    '<%= config.bin %> export growth --format xlsx --out out/growth.xlsx --period 2025',
    '<%= config.bin %> export operations --format parquet --out out/operations.parquet --period 2025Q1',
    '<%= config.bin %> export estimates --format json --out est.json --run 20250401T120000Z-ab12 --json',
  ];
  static override usage = 'export NAME --format csv|parquet|xlsx|json --out FILE [--run RUN_ID] [--period P]';
  static override args = {
    name: Args.string({ description: 'a result table or model (the error for an unknown name lists them)', required: true }),
  };
  static override flags = {
    format: Flags.string({ description: 'file format', options: ['csv', 'parquet', 'xlsx', 'json'], required: true }),
    out: Flags.string({ description: 'the file to write (its folder is created)', required: true }),
    run: Flags.string({ description: 'one run’s rows of estimates, growth or sensitivity (default: the latest)' }),
    period: Flags.string({ description: 'only rows of this quarter (2025Q1) or year (2025: its quarters)' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const { format, out, run, period, wait, project, db } = this.flags;
    const result = await exportCommand({ name: this.args.name, format, out, run, period, waitSeconds: wait, project, db });
    this.out(renderExport(result, await this.lang()));
    return result;
  }
}
