import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { returnBuildCommand } from '../../api-outputs.js';
import { renderReturnBuild } from '../../render/return-build.js';

export default class ReturnBuild extends BaseCommand<typeof ReturnBuild> {
  static override summary = 'Build the Excel regulatory return of one template and quarter, with its checks, versions and amendments.';
  static override description = `Reads the figures from the report tables, computes the totals (written as formulas with their values),
runs the template's validation rules and writes out/returns/<template>_<period>_v<version>.xlsx: a cover, one
protected sheet per form (only the input cells unlocked), the validation results and a hidden manifest with a
digest of every built figure. Versions are recorded in the database: building a filed return again with the
same figures writes the same file; with other figures it is refused unless --amend --reason says why, which
writes the next version with a sheet listing every changed cell. A return whose blocking checks fail is
written as a draft (_DRAFT in the name, a red note on the cover) and the exit code is 1.`;
  static override examples = [
    '<%= config.bin %> return build',
    '<%= config.bin %> return build --template market --period 2025Q3 --lang en --json',
    '<%= config.bin %> return build --period 2025Q3 --amend --reason "补录9月投诉"',
  ];
  static override flags = {
    template: Flags.string({ description: 'the return template (`grayscope return templates`); default institution' }),
    period: Flags.string({ description: 'the quarter (2025Q3); default the latest quarter the report tables hold' }),
    out: Flags.string({ description: 'the workbook to write (default out/returns/<template>_<period>_v<version>.xlsx in the project)' }),
    amend: Flags.boolean({ description: 'write the next version of a filed return whose figures changed', default: false }),
    reason: Flags.string({ description: 'why the return is amended (with --amend; written on the amendments sheet)' }),
    lang: Flags.string({ description: 'language of the labels (default: lang in grayscope.yaml, else the locale: zh unless LANG names another language)', options: ['zh', 'en'] }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const { template, period, out, amend, reason, wait, project, db } = this.flags;
    const lang = this.flags.lang ?? (await this.lang());
    const result = await returnBuildCommand({ template, period, out, amend, reason, lang, waitSeconds: wait, project, db });
    this.out(renderReturnBuild(result, await this.lang()));
    // A draft (blocking checks failed) is written, and the exit code says so; the JSON is still printed.
    if (result.draft) process.exitCode = 1;
    return result;
  }
}
