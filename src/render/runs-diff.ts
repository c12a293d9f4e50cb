// `grayscope runs diff A B` for people: the inputs, model SQL, parameters and assumptions that
// differ, then the estimates side by side with the change, in one unit picked by magnitude.
import type { FigureChange, RunsDiff } from '../core/runs/diff.js';
import { amountScale, count } from './format.js';
import { table } from './table.js';

const signed = (x: number | null, f: (x: number | null) => string) => (x === null ? '—' : `${x > 0 ? '+' : ''}${f(x)}`);
const short = (sha: string | null) => (sha ? sha.slice(0, 12) : '—');

export function renderRunsDiff(d: RunsDiff): string {
  const lines = [`A ${d.a.run_id} (${d.a.command}, ${d.a.finished_at.slice(0, 19)})`, `B ${d.b.run_id} (${d.b.command}, ${d.b.finished_at.slice(0, 19)})`];
  for (const note of d.notes) lines.push(`note: ${note}`);
  const section = (title: string, body: string | null) => lines.push('', body === null ? `${title}: same` : `${title}:\n${body}`);
  const files = [
    ...d.inputs.added.map((f) => ['added in B', f.source, f.path, short(f.sha256)]),
    ...d.inputs.removed.map((f) => ['not in B', f.source, f.path, short(f.sha256)]),
    ...d.inputs.changed.map((f) => ['changed', f.source, f.path, `${short(f.before)} → ${short(f.now)}`]),
  ];
  section('loaded files', files.length ? table(['', 'source', 'file', 'sha256'], files) : null);
  section('model SQL', d.models.length ? table(['model', 'A sha256', 'B sha256'], d.models.map((m) => [m.name, short(m.a), short(m.b)])) : null);
  section('parameters', d.parameters.length ? table(['parameter', 'A', 'B'], d.parameters.map((p) => [p.key, String(p.a), String(p.b)])) : null);
  const rates = d.assumptions.rates.length ? `\n${table(['rate', 'A', 'B'], d.assumptions.rates.map((r) => [r.key, String(r.a), String(r.b)]))}` : '';
  section('assumptions', d.assumptions.same ? null : `  sha256 ${short(d.assumptions.a)} → ${short(d.assumptions.b)}${rates}`);
  if (d.estimates.length) {
    const fig = (c: FigureChange, f: (x: number | null) => string) => [f(c.a), f(c.b), signed(c.change, f)];
    // One unit for the table (an institution's figures in 万元, a market's in 亿元): format.ts picks it.
    const scale = amountScale(d.estimates.flatMap((e) => [e.scale_cny.a, e.scale_cny.b]));
    lines.push(
      '',
      `estimates (${d.changed} of ${d.estimates.length} rows differ):`,
      table(
        ['period', 'segment', 'method', 'A ops', 'B ops', 'change', `A ${scale.label}`, `B ${scale.label}`, `change ${scale.label}`],
        d.estimates.map((e) => [e.period, e.segment, e.method, ...fig(e.operations, count), ...fig(e.scale_cny, scale.cell)]),
      ),
    );
  }
  return lines.join('\n');
}
