// `grayscope templates` for people: the templated share with the parameters it depends on, and the
// clusters with an example narrative each.
import type { TemplatesReport } from '../core/templates/detect.js';
import { count, pct } from './format.js';
import { table } from './table.js';

export function renderTemplates(r: TemplatesReport): string {
  const lines = [
    `${r.period ?? 'all periods'}: ${count(r.templated)} of ${count(r.complaints)} complaints templated (${pct(r.share)}), ` +
      `at Jaccard ≥ ${r.threshold} on ${r.shingle}-character shingles, in clusters of at least ${r.min_cluster}.`,
  ];
  if (r.clusters.length > 0) {
    lines.push('', table(['cluster', 'size', 'example'], r.clusters.map((c) => [c.id, count(c.size), c.example])));
  }
  lines.push('', `Tables complaint_template_clusters, complaint_template_shares; runs/${r.run_id}/manifest.json. All fields with --json.`);
  return lines.join('\n');
}
