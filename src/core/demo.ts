// `grayscope demo`: the pipeline end to end on generated data, leaving DIR as a normal project.
// Today: init, generate (small), load the three sources, summarise beside the generator's truth.
// Later capabilities (models, estimates, charts, the return, the bulletin) join this sequence.
import type { GenerateResult } from './generate/index.js';
import type { LoadResult } from './ingest/load.js';
import type { StatusResult } from './inspect.js';

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
}

interface TruthFile {
  quarters: Array<{ quarter: string; value_cny: { total: number } }>;
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
  lines.push('', `Next: grayscope status --project ${r.dir}   ·   grayscope rejects --project ${r.dir}`);
  return lines.join('\n');
}
