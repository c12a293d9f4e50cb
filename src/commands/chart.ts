import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { chartCommand, chartListCommand } from '../api-outputs.js';
import { renderChartList, renderChartRun } from '../render/chart.js';

export default class Chart extends BaseCommand<typeof Chart> {
  static override summary = 'Draw charts from the latest estimate: Vega-Lite, SVG, PNG or self-contained HTML, in Chinese and English.';
  static override description = `Charts are shipped in reports/charts (NAME.vl.json, a Vega-Lite spec, beside NAME.chart.yaml naming the
report table it reads and its zh/en texts); a project's own reports/charts adds charts or replaces shipped
ones by name. Files are written to --out as NAME.LANG.EXT (market_scale.zh.png); each records the estimate
run it comes from. A chart that reads a file or URL, or draws with a warning or clipped text, is an error
and nothing is written.`;
  static override examples = [
    '<%= config.bin %> chart --list',
    '<%= config.bin %> chart market_scale',
    '<%= config.bin %> chart all --format all --lang all --out out/charts',
    '<%= config.bin %> chart growth regions_map --period 2025Q1 --format svg --lang en --json',
  ];
  static override strict = false;
  static override usage = 'chart NAME... [--period P] [--format vl|svg|png|html|all] [--lang zh|en|all] [--out DIR] [--scale N] | chart --list';
  static override args = {
    name: Args.string({ description: 'a chart, or all (`--list` shows them); more than one may be named' }),
  };
  static override flags = {
    list: Flags.boolean({ description: 'list the charts: name, table, title, shipped or project', default: false }),
    period: Flags.string({ description: 'the quarter (2025Q1) or year (2025: its last estimated quarter); default the latest estimated quarter' }),
    format: Flags.string({ description: 'what to write', options: ['vl', 'svg', 'png', 'html', 'all'], default: 'png' }),
    lang: Flags.string({ description: 'language of titles and labels (default: lang in grayscope.yaml, else the locale: zh unless LANG names another language)', options: ['zh', 'en', 'all'] }),
    out: Flags.string({ description: 'folder to write to (default: out/charts in the project)' }),
    scale: Flags.string({ description: 'PNG pixels per SVG pixel (0–10]', default: '2' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const { list, period, format, out, scale, wait, project, db } = this.flags;
    const lang = this.flags.lang ?? (await this.lang());
    if (list) {
      const result = await chartListCommand({ project, db, lang });
      this.out(renderChartList(result, await this.lang()));
      return result;
    }
    const result = await chartCommand({ names: this.positional, period, format, lang, out, scale: Number(scale), waitSeconds: wait, project, db });
    this.out(renderChartRun(result, await this.lang()));
    return result;
  }
}
