// `grayscope demo` for people: what was generated and loaded, the models and tests, and the estimates
// of the headline quarter beside the generator's ground truth.
import type { DemoResult } from '../core/demo/headline.js';
import { amountScale, count, interval, pct, signedPct } from './format.js';

/** " (95% lo–hi)" after a figure, or nothing when there is no interval. */
const range = (ci: [number, number] | null, end: (x: number) => string) => (ci ? ` (95% ${interval(ci, end)})` : '');

export function renderDemo(r: DemoResult): string {
  // One unit (by magnitude, as the estimate table picks it) for the truth and the estimate, read side by side.
  const e0 = r.estimate;
  const money = amountScale([r.truth?.value_cny, r.truth?.base_value_cny, e0?.scale_cny.estimate, ...(e0?.scale_cny.ci ?? []), e0?.scale_cny.truth, e0?.multiplier_cny]).text;
  const lines = [`grayscope demo: a project in ${r.dir}`, ''];
  lines.push(`generated (seed ${r.generated.seed}, ${r.generated.scale}${r.generated.messy ? ', messy' : ''}):`);
  for (const f of r.generated.files) lines.push(`  ${f.source.padEnd(12)} ${f.path.padEnd(26)} ${f.format.padEnd(8)} ${count(f.rows).padStart(8)} rows`);
  lines.push('', 'loaded:');
  for (const s of r.status.sources) {
    const periods = s.periods.length ? `${s.periods[0]!.period}–${s.periods[s.periods.length - 1]!.period}` : '';
    lines.push(`  ${s.source.padEnd(12)} ${count(s.rows).padStart(8)} rows, ${count(s.quarantined)} quarantined, ${periods}`);
  }
  lines.push('', `models: ${r.run.models} built${r.run.failed.length ? `, FAILED: ${r.run.failed.join(', ')}` : ''}; data tests: ${r.tests.tests} run${r.tests.failed.length ? `, FAILED: ${r.tests.failed.join('; ')}` : ', all passed'}`);
  if (r.operations.length) {
    lines.push('operations linked from the records (beside the truth: operations seen by at least one source):');
    const per = r.operations.map((o) => `${o.period} ${o.linked}${o.truth_observed === null ? '' : `/${o.truth_observed}`}`);
    for (let i = 0; i < per.length; i += 4) lines.push(`  ${per.slice(i, i + 4).join('   ')}`);
  }
  if (r.truth) {
    const t = r.truth;
    lines.push('', 'ground truth of the generated market (what the estimates must recover):');
    lines.push(`  ${t.quarter}: ${money(t.value_cny)}, ${signedPct(t.growth_vs_base)} on ${t.base_quarter} (${money(t.base_value_cny)})`);
    lines.push(`  templated complaints: ${t.templated_share_by_year.map((y) => `${y.year} ${pct(y.share)}`).join(', ')}`);
  }
  if (r.estimate) {
    const e = r.estimate;
    lines.push('', `estimate ${e.quarter} (grayscope estimate, run ${e.run_id}) beside the truth:`);
    lines.push(`  operations   ${count(e.operations.estimate)}${range(e.operations.ci, count)}   truth ${count(e.operations.truth)}`);
    lines.push(`  scale        ${money(e.scale_cny.estimate)}${range(e.scale_cny.ci, money)}   truth ${money(e.scale_cny.truth)}`);
    lines.push(`  vs ${e.vs_2y.base_quarter || 'two years earlier'}  ${signedPct(e.vs_2y.value)}${range(e.vs_2y.ci, signedPct)}   truth ${signedPct(e.vs_2y.truth)}`);
    if (e.multiplier_cny !== null) {
      const implied = e.implied_reporting_rate === null ? '' : `; the MSE implies an overall reporting rate of ${pct(e.implied_reporting_rate)}`;
      lines.push(`  (multiplier method, from assumptions.yaml's placeholder reporting rates: ${money(e.multiplier_cny)}${implied})`);
    }
  }
  const t = r.templates;
  if (t.years.length) {
    lines.push('', `templated complaints (grayscope templates: Jaccard ≥ ${t.threshold}, ${t.shingle}-character shingles, clusters of ${t.min_cluster ?? '?'} or more) beside the truth:`);
    lines.push(`  ${t.years.map((y) => `${y.year} ${pct(y.share)}${y.truth === null ? '' : ` (truth ${pct(y.truth)})`}`).join('   ')}`);
  }
  if (r.charts) lines.push('', `charts (grayscope chart all, ${r.charts.period ?? 'latest quarter'}): ${r.charts.files} files in ${r.charts.out} (zh and en; .vl.json, .svg, .png, .html)`);
  for (const ret of r.returns ?? []) {
    const state = ret.draft ? `DRAFT: ${ret.blocking_failed} blocking check${ret.blocking_failed === 1 ? '' : 's'} failed` : `${ret.warnings} warning${ret.warnings === 1 ? '' : 's'}`;
    lines.push(`${ret === r.returns![0] ? '\n' : ''}return ${ret.template} (grayscope return build): ${ret.file} (v${ret.version}; ${state})`);
  }
  if (r.bulletin) lines.push(`bulletin (grayscope bulletin --lang all${r.bulletin.pdf ? ' --pdf' : ''}, ${r.bulletin.period}): ${r.bulletin.files} files in ${r.bulletin.out} (zh and en; .html, .md with its chart PNGs${r.bulletin.pdf ? ', .pdf' : ''})`);
  lines.push('', `Next: grayscope status --project ${r.dir}   ·   grayscope rejects --project ${r.dir}`);
  return lines.join('\n');
}
