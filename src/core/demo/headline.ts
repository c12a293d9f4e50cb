// What `grayscope demo` returns (run-demo.ts runs it): what was loaded, built and estimated, and the
// 2025Q1 headline beside the generator's truth (src/render/demo.ts prints it).
import type { EstimateResult } from '../estimate/estimate-project.js';
import type { GenerateResult } from '../generate/index.js';
import type { LoadResult } from '../ingest/load.js';
import type { StatusResult } from '../inspect.js';

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
  /** The charts drawn (grayscope chart all --format all --lang all), or null when the demo drew none. */
  charts: { out: string; files: number; period: string | null } | null;
  /** The returns built (grayscope return build, every template, latest quarter), or null when the demo built none. */
  returns: Array<{ template: string; file: string; version: number; draft: boolean; blocking_failed: number; warnings: number }> | null;
  /** The bulletin written (grayscope bulletin --lang all, with --pdf where a Chromium is installed), or null when the demo wrote none. */
  bulletin: { out: string; files: number; period: string; pdf: boolean } | null;
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
