// `grayscope runs diff A B` for people: the inputs, model SQL, parameters and assumptions that
// differ, then the estimates side by side with the change, in one unit picked by magnitude.
import type { FigureChange, RunsDiff } from '../core/runs/diff.js';
import { amountScale, count, type Lang } from './format.js';
import { table } from './table.js';

const signed = (x: number | null, f: (x: number | null) => string) => (x === null ? '—' : `${x > 0 ? '+' : ''}${f(x)}`);
const short = (sha: string | null) => (sha ? sha.slice(0, 12) : '—');

const WORDS = {
  zh: {
    note: '注',
    same: '相同',
    added: 'B 中新增',
    removed: 'B 中没有',
    changed: '已变更',
    files: ['', '数据源', '文件', 'sha256'],
    sections: { files: '已加载文件', models: '模型 SQL', parameters: '参数', assumptions: '假设' },
    models: ['模型', 'A sha256', 'B sha256'],
    parameters: ['参数', 'A', 'B'],
    rates: ['报告率', 'A', 'B'],
    estimates: (changed: number, total: number) => `估计（${total} 行中 ${changed} 行不同）：`,
    estimateHeaders: (u: string) => ['报告期', '类别', '方法', 'A 团伙数', 'B 团伙数', '变化', `A ${u}`, `B ${u}`, `变化 ${u}`],
  },
  en: {
    note: 'note',
    same: 'same',
    added: 'added in B',
    removed: 'not in B',
    changed: 'changed',
    files: ['', 'source', 'file', 'sha256'],
    sections: { files: 'loaded files', models: 'model SQL', parameters: 'parameters', assumptions: 'assumptions' },
    models: ['model', 'A sha256', 'B sha256'],
    parameters: ['parameter', 'A', 'B'],
    rates: ['rate', 'A', 'B'],
    estimates: (changed: number, total: number) => `estimates (${changed} of ${total} rows differ):`,
    estimateHeaders: (u: string) => ['period', 'segment', 'method', 'A ops', 'B ops', 'change', `A ${u}`, `B ${u}`, `change ${u}`],
  },
} as const;

export function renderRunsDiff(d: RunsDiff, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const colon = lang === 'zh' ? '：' : ':';
  const lines = [`A ${d.a.run_id} (${d.a.command}, ${d.a.finished_at.slice(0, 19)})`, `B ${d.b.run_id} (${d.b.command}, ${d.b.finished_at.slice(0, 19)})`];
  for (const note of d.notes) lines.push(`${w.note}${colon} ${note}`);
  const section = (title: string, body: string | null) => lines.push('', body === null ? `${title}${colon} ${w.same}` : `${title}${colon}\n${body}`);
  const files = [
    ...d.inputs.added.map((f) => [w.added, f.source, f.path, short(f.sha256)]),
    ...d.inputs.removed.map((f) => [w.removed, f.source, f.path, short(f.sha256)]),
    ...d.inputs.changed.map((f) => [w.changed, f.source, f.path, `${short(f.before)} → ${short(f.now)}`]),
  ];
  section(w.sections.files, files.length ? table([...w.files], files) : null);
  section(w.sections.models, d.models.length ? table([...w.models], d.models.map((m) => [m.name, short(m.a), short(m.b)])) : null);
  section(w.sections.parameters, d.parameters.length ? table([...w.parameters], d.parameters.map((p) => [p.key, String(p.a), String(p.b)])) : null);
  const rates = d.assumptions.rates.length ? `\n${table([...w.rates], d.assumptions.rates.map((r) => [r.key, String(r.a), String(r.b)]))}` : '';
  section(w.sections.assumptions, d.assumptions.same ? null : `  sha256 ${short(d.assumptions.a)} → ${short(d.assumptions.b)}${rates}`);
  if (d.estimates.length) {
    const fig = (c: FigureChange, f: (x: number | null) => string) => [f(c.a), f(c.b), signed(c.change, f)];
    // One unit for the table (an institution's figures in 万元, a market's in 亿元): format.ts picks it.
    const scale = amountScale(d.estimates.flatMap((e) => [e.scale_cny.a, e.scale_cny.b]));
    lines.push(
      '',
      w.estimates(d.changed, d.estimates.length),
      table(
        w.estimateHeaders(scale.label),
        d.estimates.map((e) => [e.period, e.segment, e.method, ...fig(e.operations, count), ...fig(e.scale_cny, scale.cell)]),
      ),
    );
  }
  return lines.join('\n');
}
