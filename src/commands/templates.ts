import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { templatesCommand } from '../api.js';
import { renderTemplates } from '../render/templates.js';

export default class Templates extends BaseCommand<typeof Templates> {
  static override summary = 'Find templated (near-duplicate) complaints: clusters and their share, with threshold and shingle length.';
  static override description =
    'Clusters complaints whose normalised narratives (slots such as dates, amounts, numbers, institutions and names masked) ' +
    'have a Jaccard similarity at or above --threshold on character --shingle-grams, across all loaded periods, and writes ' +
    'complaint_template_clusters. The share counts complaints in clusters of at least --min-cluster.';
  static override examples = [
    '<%= config.bin %> templates',
    '<%= config.bin %> templates --period 2025Q1 --json',
    '<%= config.bin %> templates --threshold 0.8 --shingle 4 --min-cluster 10',
  ];
  static override flags = {
    period: Flags.string({ description: 'quarter (2025Q1) or year (2025) whose share is reported (clusters always span every loaded period)' }),
    threshold: Flags.string({ description: 'Jaccard similarity at or above which two complaints are near-duplicates (0–1]', default: '0.7' }),
    shingle: Flags.integer({ description: 'shingle length k in characters', default: 3 }),
    'min-cluster': Flags.integer({ description: 'smallest cluster whose complaints count as templated', default: 5 }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const { flags } = this;
    const report = await templatesCommand(
      { project: flags.project, db: flags.db, period: flags.period, threshold: Number(flags.threshold), shingle: flags.shingle, minCluster: flags['min-cluster'], waitSeconds: flags.wait },
      this.reporter,
    );
    this.out(renderTemplates(report, await this.lang()));
    const { min_cluster: _omit, ...result } = report;
    return result;
  }
}
