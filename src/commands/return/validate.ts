import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { returnValidateCommand, returnValidateExitCode } from '../../api-outputs.js';
import { renderReturnValidate } from '../../render/return-validate.js';

export default class ReturnValidate extends BaseCommand<typeof ReturnValidate> {
  static override summary = 'Check a return workbook (or an exported package folder): built figures, the cover and every rule.';
  static override description = `Reads a return written by grayscope return build, also after an officer filled it in and saved it in
Excel, WPS or LibreOffice (formulas saved without their values are recomputed from the template). Every
built figure is compared with the hidden manifest: a figure changed after the build is a blocking failure
naming the cell, even when the sheet protection was removed. Then the cover (统一社会信用代码 check digit,
period), the filing indicators and every rule of the template. A triggered warning needs an explanation
in column F of the validation sheet. DIR: a package written by grayscope return export --format xbrl-csv.
Exit 0 when it passes, 1 on a blocking failure or an unexplained warning, 3 when the file is not a
readable grayscope return or names a template version the project and grayscope do not have.`;
  static override examples = ['<%= config.bin %> return validate out/institution_2025Q3_v1.xlsx', '<%= config.bin %> return validate out/package --json'];
  static override args = {
    file: Args.string({ description: 'the return workbook (.xlsx) or an exported package folder', required: true }),
  };

  async run() {
    const { project, db } = this.flags;
    const result = await returnValidateCommand({ file: this.args.file, project, db });
    this.out(renderReturnValidate(result, await this.lang()));
    process.exitCode = returnValidateExitCode(result);
    return result;
  }
}
