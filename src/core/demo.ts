// `grayscope demo`: the pipeline end to end on generated data, leaving DIR as a normal project.
// Today: init, generate (small), load the three sources, run and test the models, estimate, and
// print the 2025Q1 headline beside the generator's truth. Charts, the return and the bulletin join later.
import type { GenerateResult } from './generate/index.js';
import type { LoadResult } from './ingest/load.js';
import type { StatusResult } from './inspect.js';
import type { EstimateResult } from './estimate/estimate-project.js';

export interface TruthHeadline {
  quarter: string;
  value_cny: number;
  base_quarter: string;
  base_value_cny: number;
  growth_vs_base: number;
  templated_share_by_year: Array<{ year: number; share: number }>;
}

export interface DemoResult {
  dir: string;
  generated: Pick<GenerateResult, 'seed' | 'scale' | 'messy' | 'files'>;
  loads: LoadResult[];
  run: { run_id: string; models: number; failed: string[] };
  tests: { run_id: string; tests: number; failed: string[] };
  status: StatusResult;
  /** Operations the linkage found per quarter, and the truth's count of operations seen by any source. */
  operations: Array<{ period: string; linked: number; truth_observed: number | null }>;
  truth: TruthHeadline | null;
  /** The estimate of the headline quarter beside the generator's truth. */
  estimate: EstimateHeadline | null;
  /** Templated complaints per year (grayscope templates), with the parameters the share depends on. */
  templates: { threshold: number; shingle: number; min_cluster: number | null; years: Array<{ year: number; share: number; truth: number | null }> };
}

export interface EstimateHeadline {
  run_id: string;
  quarter: string;
  operations: { estimate: number | null; ci: [number, number] | null; truth: number | null };
  scale_cny: { estimate: number | null; ci: [number, number] | null; truth: number | null };
  vs_2y: { base_quarter: string; value: number | null; ci: [number, number] | null; truth: number | null };
  /** The multiplier method's figure, for comparison only (it rests on the assumed reporting rates). */
  multiplier_cny: number | null;
  /** Observed losses ÷ the MSE scale: the overall reporting rate the MSE implies. */
  implied_reporting_rate: number | null;
}

interface TruthFile {
  quarters: Array<{ quarter: string; value_cny: { total: number }; operations?: { total: number } }>;
  years: Array<{ year: number; templated_share: number }>;
}

export function truthHeadline(truth: TruthFile, quarter = '2025Q1', base = '2023Q1'): TruthHeadline | null {
  const q = truth.quarters.find((x) => x.quarter === quarter);
  const b = truth.quarters.find((x) => x.quarter === base);
  if (!q || !b) return null;
  return {
    quarter,
    value_cny: q.value_cny.total,
    base_quarter: base,
    base_value_cny: b.value_cny.total,
    growth_vs_base: q.value_cny.total / b.value_cny.total - 1,
    templated_share_by_year: truth.years.map((y) => ({ year: y.year, share: y.templated_share })),
  };
}

/** The `all` estimate of a quarter (default 2025Q1) and its vs_2y growth, beside truth.json. */
export function estimateHeadline(r: EstimateResult, truth: TruthFile, quarter = '2025Q1'): EstimateHeadline | null {
  const e = r.estimates.find((x) => x.period === quarter && x.segment === 'all' && x.method === 'mse');
  if (!e) return null;
  const g = r.growth.find((x) => x.period === quarter && x.segment === 'all' && x.metric === 'vs_2y');
  const m = r.estimates.find((x) => x.period === quarter && x.segment === 'all' && x.method === 'multiplier');
  const q = truth.quarters.find((x) => x.quarter === quarter);
  const base = g ? truth.quarters.find((x) => x.quarter === g.base_period) : undefined;
  return {
    run_id: r.run_id,
    quarter,
    operations: { estimate: e.operations.estimate, ci: e.operations.ci, truth: q?.operations?.total ?? null },
    scale_cny: { estimate: e.scale_cny.estimate, ci: e.scale_cny.ci, truth: q?.value_cny.total ?? null },
    vs_2y: { base_quarter: g?.base_period ?? '', value: g?.value ?? null, ci: g?.ci ?? null, truth: q && base ? q.value_cny.total / base.value_cny.total - 1 : null },
    multiplier_cny: m?.scale_cny.estimate ?? null,
    implied_reporting_rate: m?.multiplier?.implied_reporting_rate ?? null,
  };
}

const yi = (yuan: number) => `${(yuan / 1e8).toLocaleString('en-US', { maximumFractionDigits: 0 })} 亿元`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function renderDemo(r: DemoResult): string {
  const lines = [`grayscope demo: a project in ${r.dir}`, ''];
  lines.push(`generated (seed ${r.generated.seed}, ${r.generated.scale}${r.generated.messy ? ', messy' : ''}):`);
  for (const f of r.generated.files) lines.push(`  ${f.source.padEnd(12)} ${f.path.padEnd(26)} ${f.format.padEnd(8)} ${f.rows.toLocaleString('en-US').padStart(8)} rows`);
  lines.push('', 'loaded:');
  for (const s of r.status.sources) {
    const periods = s.periods.length ? `${s.periods[0]!.period}–${s.periods[s.periods.length - 1]!.period}` : '';
    lines.push(`  ${s.source.padEnd(12)} ${s.rows.toLocaleString('en-US').padStart(8)} rows, ${s.quarantined.toLocaleString('en-US')} quarantined, ${periods}`);
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
    lines.push(`  ${t.quarter}: ${yi(t.value_cny)}, ${t.growth_vs_base >= 0 ? '+' : ''}${pct(t.growth_vs_base)} on ${t.base_quarter} (${yi(t.base_value_cny)})`);
    lines.push(`  templated complaints: ${t.templated_share_by_year.map((y) => `${y.year} ${pct(y.share)}`).join(', ')}`);
  }
  if (r.estimate) {
    const e = r.estimate;
    const range = (ci: [number, number] | null, f: (x: number) => string) => (ci ? ` (95% ${f(ci[0])}–${f(ci[1])})` : '');
    const count = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;
    lines.push('', `estimate ${e.quarter} (grayscope estimate, run ${e.run_id}) beside the truth:`);
    lines.push(`  operations   ${e.operations.estimate === null ? '—' : count(e.operations.estimate)}${range(e.operations.ci, count)}   truth ${e.operations.truth === null ? '—' : count(e.operations.truth)}`);
    lines.push(`  scale        ${e.scale_cny.estimate === null ? '—' : yi(e.scale_cny.estimate)}${range(e.scale_cny.ci, yi)}   truth ${e.scale_cny.truth === null ? '—' : yi(e.scale_cny.truth)}`);
    lines.push(`  vs ${e.vs_2y.base_quarter || 'two years earlier'}  ${e.vs_2y.value === null ? '—' : signed(e.vs_2y.value)}${range(e.vs_2y.ci, signed)}   truth ${e.vs_2y.truth === null ? '—' : signed(e.vs_2y.truth)}`);
    if (e.multiplier_cny !== null) {
      const implied = e.implied_reporting_rate === null ? '' : `; the MSE implies an overall reporting rate of ${pct(e.implied_reporting_rate)}`;
      lines.push(`  (multiplier method, from assumptions.yaml's placeholder reporting rates: ${yi(e.multiplier_cny)}${implied})`);
    }
  }
  const t = r.templates;
  if (t.years.length) {
    lines.push('', `templated complaints (grayscope templates: Jaccard ≥ ${t.threshold}, ${t.shingle}-character shingles, clusters of ${t.min_cluster ?? '?'} or more) beside the truth:`);
    lines.push(`  ${t.years.map((y) => `${y.year} ${pct(y.share)}${y.truth === null ? '' : ` (truth ${pct(y.truth)})`}`).join('   ')}`);
  }
  lines.push('', `Next: grayscope status --project ${r.dir}   ·   grayscope rejects --project ${r.dir}`);
  return lines.join('\n');
}
