import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { returnTemplatesCommand } from '../../api-outputs.js';
import { renderReturnTemplates } from '../../render/return-templates.js';

export default class ReturnTemplates extends BaseCommand<typeof ReturnTemplates> {
  static override summary = 'List the return templates: id, version, effective periods and sheets.';
  static override description = `Return templates are shipped in reports/returns (ID.yaml: cover fields, sheets with row and column
codes bound to report tables, validation rules); a project's own reports/returns adds templates or replaces
a shipped one with the same id. A template that breaks the schema, repeats a code or refers to a cell it
does not have is an error naming file:line:column (exit 2).`;
  static override examples = ['<%= config.bin %> return templates', '<%= config.bin %> return templates --lang en --json'];
  static override flags = {
    lang: Flags.string({ description: 'language of titles (default: lang in grayscope.yaml, else the locale: zh unless LANG names another language)', options: ['zh', 'en'] }),
  };

  async run() {
    const { project, db } = this.flags;
    const lang = this.flags.lang ?? (await this.lang());
    const result = await returnTemplatesCommand({ project, db, lang });
    this.out(renderReturnTemplates(result, await this.lang()));
    return result;
  }
}
