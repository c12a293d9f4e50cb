// `grayscope estimate` for people: the estimate as tables in one unit (元/万元/亿元, picked by the
// magnitude of the figures or fixed with --unit), with the multiplier method beside the MSE scale,
// the growth of the focus period, and floors (one source only) marked as such.
import type { EstimateResult } from '../core/estimate/estimate-project.js';
import { focusPeriod } from '../core/estimate/focus.js';
import { amountScale, count, interval, signedPct, type UnitChoice } from './format.js';
import { table } from './table.js';

type Row = EstimateResult['estimates'][number];

export interface EstimateRenderOptions {
  /** The unit of every amount of the table (default auto: by magnitude). */
  unit?: UnitChoice;
}

const opsCi = (ci: [number, number] | null) => interval(ci, count);

/** Every amount a table of `rows` shows, so they share one unit. */
function amountsOf(rows: readonly Row[], mult: ReadonlyMap<string, Row>): number[] {
  const out: Array<number | null | undefined> = [];
  for (const e of rows) {
    out.push(e.scale_cny.estimate, ...(e.scale_cny.ci ?? []), mult.get(`${e.period}|${e.segment}`)?.scale_cny.estimate);
    const m = e.multiplier;
    if (m) out.push(m.observed_losses_cny, ...(m.range ?? []), m.mse_scale_cny);
  }
  return out.filter((x): x is number => typeof x === 'number');
}

/**
 * The `all` segment of every period, the categories of the focus period (the latest, or the last
 * quarter of a chosen year), the multiplier beside the MSE scale, and that period's growth.
 */
export function renderEstimate(r: EstimateResult, options: EstimateRenderOptions = {}): string {
  const focus = focusPeriod(r.estimates, r.parameters.period);
  const mult = new Map(r.estimates.filter((e) => e.method === 'multiplier').map((e) => [`${e.period}|${e.segment}`, e]));
  const mse = r.estimates.filter((e) => e.method === 'mse');
  const lines = [`Estimate ${r.run_id} (bootstrap ${r.parameters.bootstrap}, seed ${r.parameters.seed}${r.parameters.scenario ? `, scenario ${r.parameters.scenario}` : ''})`, ''];
  if (mse.length) {
    const shown = mse.filter((e) => e.segment === 'all' || e.period === focus).sort((a, b) => (a.period === b.period ? Number(a.segment === 'all') - Number(b.segment === 'all') : a.period < b.period ? -1 : 1));
    const u = amountScale(amountsOf(shown, mult), options);
    const uCi = (ci: [number, number] | null | undefined) => interval(ci, u.cell);
    const rows = shown.map((e) => {
      const m = mult.get(`${e.period}|${e.segment}`);
      // A floor reads "≥ n" with no interval: the observed count, not an estimate.
      const floor = e.lower_bound;
      return [
        e.period,
        e.segment,
        count(e.operations.observed),
        floor ? `≥ ${count(e.operations.estimate)}` : count(e.operations.estimate),
        floor ? 'lower bound' : opsCi(e.operations.ci),
        floor && e.scale_cny.estimate !== null ? `≥ ${u.cell(e.scale_cny.estimate)}` : u.cell(e.scale_cny.estimate),
        floor && e.scale_cny.estimate !== null ? 'lower bound' : uCi(e.scale_cny.ci),
        m ? u.cell(m.scale_cny.estimate) : '—',
      ];
    });
    lines.push(table(['period', 'segment', 'observed', 'operations', '95% interval', `scale ${u.label}`, '95% interval', `multiplier ${u.label}`], rows));
    if (shown.some((e) => e.lower_bound)) {
      lines.push(
        '',
        '≥: a lower bound, the operations observed — fewer than two sources overlap there (one source alone, or two that never share an operation), so capture–recapture cannot estimate the unseen and there is no interval. Load a second source or records that link (agency names, shared phones or accounts) to estimate.',
      );
    }
  } else {
    const u = amountScale(amountsOf(r.estimates, mult), options);
    lines.push(
      table(
        ['period', 'segment', `observed losses ${u.label}`, 'rate', `multiplier ${u.label}`, `range ${u.label}`, `MSE ${u.label}`, 'rate implied by MSE'],
        r.estimates.map((e) => [
          e.period,
          e.segment,
          u.cell(e.multiplier?.observed_losses_cny),
          e.multiplier?.reporting_rate ?? '',
          u.cell(e.scale_cny.estimate),
          interval(e.multiplier?.range, u.cell),
          u.cell(e.multiplier?.mse_scale_cny),
          e.multiplier?.implied_reporting_rate ?? '—',
        ]),
      ),
      '',
      'The multiplier method rests entirely on the assumed reporting rates; the MSE scale (point estimate) and the rate it implies stand beside it. Intervals: grayscope estimate --method all.',
    );
  }
  const growth = r.growth.filter((g) => g.period === focus && g.segment === 'all');
  if (growth.length) {
    lines.push('', `growth of the scale, ${focus} (all):`);
    lines.push(table(['metric', 'base', 'value', '95% interval'], growth.map((g) => [g.metric, g.base_period, signedPct(g.value), interval(g.ci, signedPct, { spaced: true })])));
  }
  lines.push('', `Tables estimates, growth, sensitivity; runs/${r.run_id}/manifest.json. All rows with --json.`);
  return lines.join('\n');
}
