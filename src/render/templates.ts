// `grayscope templates` for people: the templated share with the parameters it depends on, and the
// clusters with an example narrative each.
import type { TemplatesReport } from '../core/templates/detect.js';
import { count, type Lang, pct } from './format.js';
import { table } from './table.js';

const WORDS = {
  zh: {
    allPeriods: '全部报告期',
    share: (r: TemplatesReport, period: string) =>
      `${period}：${count(r.complaints)} 件投诉中 ${count(r.templated)} 件为模板化投诉（${pct(r.share)}），` +
      `判定标准：${r.shingle} 字符 shingle 的 Jaccard ≥ ${r.threshold}，簇规模至少 ${r.min_cluster}。`,
    headers: ['簇', '规模', '示例'],
    footer: (run: string) => `结果表 complaint_template_clusters、complaint_template_shares；runs/${run}/manifest.json。全部字段请用 --json。`,
  },
  en: {
    allPeriods: 'all periods',
    share: (r: TemplatesReport, period: string) =>
      `${period}: ${count(r.templated)} of ${count(r.complaints)} complaints templated (${pct(r.share)}), ` +
      `at Jaccard ≥ ${r.threshold} on ${r.shingle}-character shingles, in clusters of at least ${r.min_cluster}.`,
    headers: ['cluster', 'size', 'example'],
    footer: (run: string) => `Tables complaint_template_clusters, complaint_template_shares; runs/${run}/manifest.json. All fields with --json.`,
  },
} as const;

export function renderTemplates(r: TemplatesReport, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const lines = [w.share(r, r.period ?? w.allPeriods)];
  if (r.clusters.length > 0) {
    lines.push('', table([...w.headers], r.clusters.map((c) => [c.id, count(c.size), c.example])));
  }
  lines.push('', w.footer(r.run_id));
  return lines.join('\n');
}
