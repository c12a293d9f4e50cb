// `grayscope estimate` for people: the estimate as tables in 亿元, with the multiplier method beside
// the MSE scale and the growth of the focus period.
import type { EstimateResult } from '../core/estimate/estimate-project.js';
import { focusPeriod } from '../core/estimate/focus.js';
import { amount, count, interval, signedPct } from './format.js';
import { table } from './table.js';

// Cells in 亿元 with one decimal; the column headers name the unit.
const yi = (yuan: number | null | undefined) => amount(yuan, { unit: 'yi', decimals: 1, showUnit: false });
const yiCi = (ci: [number, number] | null | undefined) => interval(ci, yi);
const opsCi = (ci: [number, number] | null) => interval(ci, count);

/**
 * The `all` segment of every period, the categories of the focus period (the latest, or the last
 * quarter of a chosen year), the multiplier beside the MSE scale, and that period's growth.
 */
export function renderEstimate(r: EstimateResult): string {
  const focus = focusPeriod(r.estimates, r.parameters.period);
  const mult = new Map(r.estimates.filter((e) => e.method === 'multiplier').map((e) => [`${e.period}|${e.segment}`, e]));
  const mse = r.estimates.filter((e) => e.method === 'mse');
  const rows = (list: typeof r.estimates) =>
    list.map((e) => {
      const m = mult.get(`${e.period}|${e.segment}`);
      return [e.period, e.segment, count(e.operations.observed), count(e.operations.estimate), opsCi(e.operations.ci), yi(e.scale_cny.estimate), yiCi(e.scale_cny.ci), m ? yi(m.scale_cny.estimate) : '—'];
    });
  const headers = ['period', 'segment', 'observed', 'operations', '95% interval', 'scale 亿元', '95% interval', 'multiplier 亿元'];
  const lines = [`Estimate ${r.run_id} (bootstrap ${r.parameters.bootstrap}, seed ${r.parameters.seed}${r.parameters.scenario ? `, scenario ${r.parameters.scenario}` : ''})`, ''];
  if (mse.length) {
    lines.push(table(headers, rows(mse.filter((e) => e.segment === 'all' || e.period === focus).sort((a, b) => (a.period === b.period ? Number(a.segment === 'all') - Number(b.segment === 'all') : a.period < b.period ? -1 : 1)))));
  } else {
    lines.push(
      table(
        ['period', 'segment', 'observed losses 亿元', 'rate', 'multiplier 亿元', 'range 亿元', 'MSE 亿元', 'rate implied by MSE'],
        r.estimates.map((e) => [
          e.period,
          e.segment,
          yi(e.multiplier?.observed_losses_cny),
          e.multiplier?.reporting_rate ?? '',
          yi(e.scale_cny.estimate),
          yiCi(e.multiplier?.range),
          yi(e.multiplier?.mse_scale_cny),
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
