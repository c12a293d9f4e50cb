import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { bulletinCommand } from '../api-outputs.js';
import { renderBulletin } from '../render/bulletin.js';

export default class Bulletin extends BaseCommand<typeof Bulletin> {
  static override summary = 'Write the industry bulletin (行业通报) of a quarter: one self-contained HTML page and Markdown, in Chinese and English, and an A4 PDF.';
  static override description = `The bulletin reads the report tables of the latest estimate (no figure is computed twice): the headline
(market size with its 95% interval, the two-year change and its geometric annual average), key figures,
charts, suspected and templated complaints with their method, enforcement, the method note with the
reporting-rate sensitivity, data sources with their sha256 and the run id, and the caveats. Files go to
--out as bulletin.LANG.html, bulletin.LANG.md with its charts in bulletin.LANG_charts/NAME.png, and
bulletin.LANG.pdf with --pdf (printed by a locally installed Chromium; nothing is downloaded).
--template names an HTML mustache template of your own, rendered with the same view; a template that
holds <script>, src/href/url() naming a URL, @import, javascript:, <base> or <meta http-equiv> is refused.`;
  static override examples = [
    '<%= config.bin %> bulletin',
    '<%= config.bin %> bulletin --period 2025Q1 --lang all --pdf',
    '<%= config.bin %> bulletin --lang en --template reports/our-bulletin.html.mustache --out out/bulletin-en',
    '<%= config.bin %> bulletin --json',
  ];
  static override flags = {
    period: Flags.string({ description: 'the quarter (2025Q1) or year (2025: its last estimated quarter); default the latest estimated quarter' }),
    lang: Flags.string({ description: 'language of the bulletin (default: lang in grayscope.yaml, else the locale: zh unless LANG names another language)', options: ['zh', 'en', 'all'] }),
    out: Flags.string({ description: 'folder to write to (default: out/bulletin in the project)' }),
    pdf: Flags.boolean({ description: 'also print an A4 PDF with the local Chromium', default: false }),
    template: Flags.string({ description: 'an HTML mustache template of your own (default: the shipped one)' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const { period, out, pdf, template, wait, project, db } = this.flags;
    const lang = this.flags.lang ?? (await this.lang());
    const result = await bulletinCommand({ period, lang, out, pdf, template, waitSeconds: wait, project, db });
    this.out(renderBulletin(result, await this.lang()));
    return result;
  }
}
