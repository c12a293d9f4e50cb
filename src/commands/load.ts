import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { loadCommand } from '../api.js';
import { renderLoad } from '../render/load.js';

export default class Load extends BaseCommand<typeof Load> {
  static override summary = 'Load incidents, complaints or enforcement records from CSV, TSV, XLSX, JSON Lines or Parquet.';
  static override description = `Every named file is loaded in one transaction: either every good row of every file is in, or nothing is.
Bad rows are quarantined with file, line, column and reason (see \`grayscope rejects\`); rows_read = rows_loaded + rows_rejected.
A file already loaded (same sha256) is skipped as unchanged; --replace swaps in a new version of the same path;
--upsert loads a correction under another name: rows whose id is already loaded replace the earlier version (kept in
record_history; \`grayscope unload\` of the correction puts it back). --max-rejects 50 or 2% loads nothing when more rows would be quarantined.
Title rows above the header are skipped (the header is the first row naming the required columns), a two-row
header with merged parents is read by its child names, and footer rows (合计, 注：…, 制表人：…) are quarantined as footer.
A workbook is keyed by (sha256, sheet): another sheet of a loaded workbook loads.`;
  static override examples = [
    '<%= config.bin %> load complaints data/complaints.csv',
    '<%= config.bin %> load incidents data/incidents_2024.xlsx data/incidents_2025.xlsx --unit wan',
    '<%= config.bin %> load complaints data/投诉_2023.csv --encoding gb18030 --json',
    '<%= config.bin %> load enforcement data/enforcement.parquet --replace --wait 30',
    '<%= config.bin %> load complaints data/投诉明细_2025Q1_更正.xlsx --upsert',
    '<%= config.bin %> load complaints data/complaints.csv --max-rejects 1%',
    '<%= config.bin %> load complaints data/投诉明细_2025Q1.xlsx --sheet all',
    '<%= config.bin %> load complaints data/export.csv --header-row 4',
  ];
  static override strict = false;
  static override usage = 'load SOURCE FILE... [--encoding auto|utf-8|gb18030] [--unit yuan|wan|yi] [--replace|--upsert] [--max-rejects N|P%] [--sheet NAME|N|all] [--header-row N] [--wait S]';
  static override args = {
    source: Args.string({ description: 'complaints, incidents or enforcement', required: true, options: ['complaints', 'incidents', 'enforcement'] }),
    file: Args.string({ description: 'one or more files', required: true }),
  };
  static override flags = {
    encoding: Flags.string({ description: 'text encoding of CSV/TSV/JSON Lines files', options: ['auto', 'utf-8', 'gb18030'], default: 'auto' }),
    unit: Flags.string({ description: 'unit of amounts whose header and value name none', options: ['yuan', 'wan', 'yi'] }),
    replace: Flags.boolean({ description: 'replace the rows loaded from an earlier version of the same path', default: false }),
    upsert: Flags.boolean({ description: 'rows whose id is already loaded (from any file) replace the earlier version, which is kept in history', default: false }),
    'max-rejects': Flags.string({ description: 'load nothing (exit 3) when more rows than N, or than P% of the rows read, would be quarantined' }),
    sheet: Flags.string({ description: 'XLSX sheet name, 1-based number, or all (every sheet with a header row; the others are reported as skipped) (default: the first sheet)' }),
    'header-row': Flags.integer({ description: 'the 1-based row (line) of the header; for a two-row header its upper row (default: found among the first 30 rows)', min: 1 }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const result = await loadCommand(
      {
        source: this.args.source,
        files: this.positional.slice(1),
        encoding: this.flags.encoding as 'auto' | 'utf-8' | 'gb18030',
        unit: this.flags.unit as 'yuan' | 'wan' | 'yi' | undefined,
        replace: this.flags.replace,
        upsert: this.flags.upsert,
        maxRejects: this.flags['max-rejects'],
        sheet: this.flags.sheet,
        headerRow: this.flags['header-row'],
        waitSeconds: this.flags.wait,
        project: this.flags.project,
        db: this.flags.db,
      },
      this.reporter,
    );
    this.out(renderLoad(result, await this.lang()));
    return result;
  }
}

