// Human-readable renderings of command results (the --json form is the result object itself).
import type { LoadResult } from './core/ingest/load.js';
import type { RejectsResult, StatusResult } from './core/inspect.js';
import { toSafeCsv } from './core/safe-csv.js';
import { focusPeriod } from './core/estimate/focus.js';
import type { RunResult, TestRunResult } from './core/models/engine.js';
import type { ModelOutcome } from './core/models/run.js';
import type { TestOutcome } from './core/models/tests.js';

const n = (x: number) => x.toLocaleString('en-US');

export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  '))
    .join('\n');
}

export function renderLoad(result: LoadResult): string {
  const rows = result.files.map((f) => [f.path, f.status, f.format, f.encoding ?? '', n(f.rows_read), n(f.rows_loaded), n(f.rows_rejected)]);
  const t = result.totals;
  const lines = [
    table(['file', 'status', 'format', 'encoding', 'read', 'loaded', 'quarantined'], rows),
    `${result.source}: ${n(t.rows_read)} rows read, ${n(t.rows_loaded)} loaded, ${n(t.rows_rejected)} quarantined.`,
  ];
  if (t.rows_rejected > 0) lines.push(`See them with: grayscope rejects ${result.source}`);
  return lines.join('\n');
}

export function renderStatus(s: StatusResult): string {
  if (!s.exists) return `No database yet at ${s.database}. Load data with: grayscope load complaints <file>`;
  const lines = [
    `database: ${s.database}`,
    '',
    table(
      ['source', 'rows', 'quarantined', 'first date', 'last date', 'periods'],
      s.sources.map((x) => [
        x.source,
        n(x.rows),
        n(x.quarantined),
        x.first_date,
        x.last_date,
        x.periods.length ? `${x.periods[0]!.period}…${x.periods[x.periods.length - 1]!.period} (${x.periods.length})` : '',
      ]),
    ),
  ];
  if (s.files.length) {
    lines.push('', table(['source', 'file', 'sha256', 'read', 'loaded', 'quarantined', 'loaded at'], s.files.map((f) => [f.source, f.path, `${f.sha256.slice(0, 12)}…`, n(f.rows_read), n(f.rows_loaded), n(f.rows_rejected), f.loaded_at])));
  }
  if (s.runs.length) {
    lines.push('', 'last runs:', table(['run', 'command', 'status', 'period', 'finished'], s.runs.map((r) => [r.run_id, r.command, r.status, r.period ?? 'all', r.finished_at])));
  }
  return lines.join('\n');
}

export function renderRejects(r: RejectsResult, format: 'table' | 'csv', limit: number): string {
  const headers = ['source', 'file', 'line', 'column', 'cell', 'reason', 'original'];
  if (format === 'csv') return toSafeCsv(headers, r.rejects as unknown as Array<Record<string, unknown>>);
  if (r.total === 0) return 'No quarantined rows.';
  const shown = r.rejects.slice(0, limit);
  const clip = (s: string | null, w: number) => (s === null ? '' : s.length > w ? `${s.slice(0, w - 1)}…` : s).replace(/[\r\n]+/g, ' ');
  const out = table(
    ['file', 'line', 'column', 'reason', 'original'],
    shown.map((x) => [`${x.file}`, x.cell ?? x.line, x.column ?? (x.column_number ? `#${x.column_number}` : ''), clip(x.reason, 70), clip(x.original, 40)]),
  );
  return r.total > shown.length ? `${out}\n… ${n(r.total - shown.length)} more (use --format csv or --json for all)` : out;
}

// ---- SQL models ----

const secs = (s: number) => `${s.toFixed(2)}s`;

/** One model's line on stderr while `run` goes; a failure adds its code frame and hint. */
export function renderModelLine(o: ModelOutcome): string {
  if (o.status === 'success') return `✓ ${o.name}  ${n(o.rows ?? 0)} ${o.rows === 1 ? 'row' : 'rows'}  ${secs(o.seconds)}`;
  if (o.status === 'skipped') return `- ${o.name} skipped (upstream ${o.failed_upstream ?? '?'} failed)`;
  const lines = [`✗ ${o.name}  ${o.message ?? 'failed'}`];
  if (o.error?.frame) lines.push(o.error.frame.replace(/^/gm, '    '));
  if (o.error?.hint) lines.push(`    hint: ${o.error.hint}`);
  return lines.join('\n');
}

const sampleJson = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 300);

/** One data test's line on stderr; a failure adds up to five failing rows. */
export function renderTestLine(o: TestOutcome): string {
  const label = `${o.test} on ${o.model}`;
  if (o.status === 'pass') return `✓ ${label}`;
  const mark = o.severity === 'warn' ? '!' : '✗';
  const what = o.failing_rows === null ? (o.message ?? 'could not run') : `${n(o.failing_rows)} failing row${o.failing_rows === 1 ? '' : 's'}`;
  const lines = [`${mark} ${label}  ${what}  (${o.severity}, ${o.where})`];
  for (const row of o.sample) lines.push(`    ${sampleJson(row)}`);
  if (o.failing_rows !== null && o.failing_rows > o.sample.length) lines.push(`    … ${n(o.failing_rows - o.sample.length)} more`);
  return lines.join('\n');
}

export function renderRun(r: RunResult): string {
  const by = (s: string) => r.models.filter((m) => m.status === s).length;
  if (r.models.length === 0) return `Run ${r.run_id}: no models to run (add .sql files to queries/).`;
  const parts = [`${by('success')} succeeded`, `${by('error')} failed`, `${by('skipped')} skipped`];
  return `Run ${r.run_id}: ${parts.join(', ')}. Artifacts in runs/${r.run_id}/`;
}

export function renderTests(r: TestRunResult): string {
  const pass = r.tests.filter((t) => t.status === 'pass').length;
  const errors = r.tests.filter((t) => t.status === 'fail' && t.severity === 'error').length;
  const warns = r.tests.filter((t) => t.status === 'fail' && t.severity === 'warn').length;
  if (r.tests.length === 0) return `Test run ${r.run_id}: the selected models declare no tests.`;
  return `Test run ${r.run_id}: ${pass} passed, ${errors} failed, ${warns} warned. Artifacts in runs/${r.run_id}/`;
}

const num = (x: number | null, digits = 1) => (x === null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const interval = (ci: [number, number] | null) => (ci === null ? '—' : `${num(ci[0])} – ${num(ci[1])}`);

export function renderMse(r: import('./core/estimate/mse.js').MseResult): string {
  const rows = r.models.map((m) => [
    m.terms.filter((t) => t.includes(':')).join(' + ') || '(main effects)',
    num(m.N),
    num(m.se),
    interval(m.ci),
    num(m.deviance, 2),
    m.df,
    num(m.aic, 2),
    num(m.bic, 2),
    m.status,
  ]);
  const s = r.selected;
  // Why there is no N: the status of the selected model (e.g. not_identifiable when no two lists overlap).
  const status = r.models.find((m) => m.terms.join(' + ') === s.terms.join(' + '))?.status;
  const why = s.N === null ? ` (no estimate: ${status && status !== 'ok' ? `the model is ${status.replaceAll('_', ' ')}` : 'N is not identifiable from these lists'}; the observed count ${n(r.n_observed)} and Chao's bound are lower bounds)` : '';
  return [
    `lists: ${r.lists.join(', ')}; observed cases: ${n(r.n_observed)}; Chao lower bound: ${num(r.chao_lower_bound)}`,
    '',
    table(['interactions', 'N', 'se', '95% interval', 'deviance', 'df', 'AIC', 'BIC', 'status'], rows),
    '',
    `selected: ${s.terms.join(' + ')}`,
    `N = ${num(s.N)}, 95% interval ${interval(s.ci)}${s.ci_method ? ` (${s.ci_method})` : ''}${why}`,
    ...(r.bootstrap
      ? [`bootstrap: ${n(r.bootstrap.replicates)} replicates (seed ${r.bootstrap.seed}, ${n(r.bootstrap.failed)} with N not identifiable, left out); percentile interval ${interval(r.bootstrap.percentile_ci)}`]
      : []),
  ].join('\n');
}

// ---- estimate ----

const yi = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? '—' : (yuan / 1e8).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const yiCi = (ci: [number, number] | null | undefined) => (ci ? `${yi(ci[0])}–${yi(ci[1])}` : '—');
const ops = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: 0 }));
const opsCi = (ci: [number, number] | null) => (ci ? `${ops(ci[0])}–${ops(ci[1])}` : '—');
const signedPct = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

/**
 * The estimate as tables in 亿元: the `all` segment of every period, the categories of the latest
 * (or chosen) period, the multiplier beside the MSE scale, and that period's growth.
 */
export function renderEstimate(r: import('./core/estimate/estimate-project.js').EstimateResult): string {
  const focus = focusPeriod(r.estimates, r.parameters.period);
  const mult = new Map(r.estimates.filter((e) => e.method === 'multiplier').map((e) => [`${e.period}|${e.segment}`, e]));
  const mse = r.estimates.filter((e) => e.method === 'mse');
  const rows = (list: typeof r.estimates) =>
    list.map((e) => {
      const m = mult.get(`${e.period}|${e.segment}`);
      return [e.period, e.segment, ops(e.operations.observed), ops(e.operations.estimate), opsCi(e.operations.ci), yi(e.scale_cny.estimate), yiCi(e.scale_cny.ci), m ? yi(m.scale_cny.estimate) : '—'];
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
    lines.push(table(['metric', 'base', 'value', '95% interval'], growth.map((g) => [g.metric, g.base_period, signedPct(g.value), g.ci ? `${signedPct(g.ci[0])} – ${signedPct(g.ci[1])}` : '—'])));
  }
  lines.push('', `Tables estimates, growth, sensitivity; runs/${r.run_id}/manifest.json. All rows with --json.`);
  return lines.join('\n');
}

export function renderTemplates(r: import('./core/templates/detect.js').TemplatesReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${r.period ?? 'all periods'}: ${n(r.templated)} of ${n(r.complaints)} complaints templated (${pct(r.share)}), ` +
      `at Jaccard ≥ ${r.threshold} on ${r.shingle}-character shingles, in clusters of at least ${r.min_cluster}.`,
  ];
  if (r.clusters.length > 0) {
    lines.push('', table(['cluster', 'size', 'example'], r.clusters.map((c) => [c.id, n(c.size), c.example])));
  }
  lines.push('', `Tables complaint_template_clusters, complaint_template_shares; runs/${r.run_id}/manifest.json. All fields with --json.`);
  return lines.join('\n');
}
