import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { returnExportCommand } from '../../api-outputs.js';
import { renderReturnExport } from '../../render/return-validate.js';

export default class ReturnExport extends BaseCommand<typeof ReturnExport> {
  static override summary = 'Write the machine-readable twin of a return: an xBRL-CSV report package or a plain CSV.';
  static override description = `xbrl-csv: META-INF/reportPackage.json and reports/ (report.json, parameters.csv, FilingIndicators.csv,
one CSV per sheet keyed by datapoint codes S01.r010.c010 with each fact's unit and decimals, Explanations.csv,
Previous.csv) in DIR; grayscope return validate DIR checks it with the same rules. csv: DIR/TEMPLATE_PERIOD_vN.csv,
UTF-8 with a byte-order mark, one row per cell. Figures are written with exactly their decimals; no text can
become a formula. The workbook is read as return validate reads it; one whose built figures were changed
after the build is refused (exit 1). A DIR that is not empty is refused (exit 2) unless --force, which
replaces the package or CSV there and leaves other files alone.`;
  static override examples = [
    '<%= config.bin %> return export out/institution_2025Q3_v1.xlsx --format xbrl-csv --out out/package',
    '<%= config.bin %> return export out/institution_2025Q3_v1.xlsx --format csv --out out/csv --json',
  ];
  static override args = {
    file: Args.string({ description: 'the return workbook (.xlsx)', required: true }),
  };
  static override flags = {
    format: Flags.string({ description: 'what to write', options: ['xbrl-csv', 'csv'], required: true }),
    out: Flags.string({ description: 'the folder to write into (created when missing)', required: true }),
    force: Flags.boolean({ description: 'write into a folder that is not empty, replacing the package or CSV there', default: false }),
  };

  async run() {
    const { format, out, force, project, db } = this.flags;
    const result = await returnExportCommand({ file: this.args.file, format: format as 'xbrl-csv' | 'csv', out, force, project, db });
    this.out(renderReturnExport(result, await this.lang()));
    return result;
  }
}
