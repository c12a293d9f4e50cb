// `grayscope demo` for people: what was generated and loaded, the models and tests, and the estimates
// of the headline quarter beside the generator's ground truth.
import type { DemoResult } from '../core/demo/headline.js';
import { amountScale, count, interval, type Lang, pct, signedPct, sourceLabel } from './format.js';

/** " (95% lo–hi)" after a figure, or nothing when there is no interval. */
const range = (ci: [number, number] | null, end: (x: number) => string) => (ci ? ` (95% ${interval(ci, end)})` : '');

const WORDS = {
  zh: {
    title: (dir: string) => `grayscope demo：项目位于 ${dir}`,
    generated: (seed: number, scale: string, messy: boolean) => `已生成（种子 ${seed}，${scale}${messy ? '，含脏数据' : ''}）：`,
    rows: '行',
    loaded: '已加载：',
    loadedLine: (rows: string, quarantined: string, periods: string) => `${rows} 行，隔离 ${quarantined} 行，${periods}`,
    models: (built: number, failed: string[], tests: number, testsFailed: string[]) =>
      `模型：构建 ${built} 个${failed.length ? `，失败：${failed.join('、')}` : ''}；数据测试：运行 ${tests} 项${testsFailed.length ? `，失败：${testsFailed.join('；')}` : '，全部通过'}`,
    operations: '由记录关联出的团伙（旁列真值：至少被一个数据源看到的团伙）：',
    truthTitle: '生成市场的真值（估计应还原的数字）：',
    truthLine: (q: string, value: string, growth: string, base: string, baseValue: string) => `  ${q}：${value}，较 ${base}（${baseValue}）${growth}`,
    truthTemplated: '  模板化投诉：',
    estimateTitle: (q: string, run: string) => `${q} 的估计（grayscope estimate，运行 ${run}）与真值对照：`,
    operationsLabel: '团伙数      ',
    scaleLabel: '规模        ',
    vsLabel: (base: string) => `较 ${base || '两年前'}`,
    truth: '真值',
    multiplier: (money: string, implied: string) => `  （乘数法，按 assumptions.yaml 中的占位报告率：${money}${implied}）`,
    implied: (rate: string) => `；MSE 隐含的总体报告率为 ${rate}`,
    templatesTitle: (threshold: number, shingle: number, min: string) => `模板化投诉（grayscope templates：Jaccard ≥ ${threshold}，${shingle} 字符 shingle，簇规模 ${min} 及以上）与真值对照：`,
    templatesTruth: (share: string) => `（真值 ${share}）`,
    charts: (period: string, files: number, out: string) => `图表（grayscope chart all，${period}）：${files} 个文件在 ${out}（中英文；.vl.json、.svg、.png、.html）`,
    latestQuarter: '最新季度',
    returnState: (draft: boolean, blocking: number, warnings: number) => (draft ? `草稿：${blocking} 项阻断性校验未通过` : `${warnings} 项警告`),
    returnLine: (template: string, file: string, version: number, state: string) => `报表 ${template}（grayscope return build）：${file}（第 ${version} 版；${state}）`,
    bulletin: (pdf: boolean, period: string, files: number, out: string) =>
      `通报（grayscope bulletin --lang all${pdf ? ' --pdf' : ''}，${period}）：${files} 个文件在 ${out}（中英文；.html、.md 及其图表 PNG${pdf ? '、.pdf' : ''}）`,
    next: (dir: string) => `下一步：grayscope status --project ${dir}   ·   grayscope rejects --project ${dir}`,
  },
  en: {
    title: (dir: string) => `grayscope demo: a project in ${dir}`,
    generated: (seed: number, scale: string, messy: boolean) => `generated (seed ${seed}, ${scale}${messy ? ', messy' : ''}):`,
    rows: 'rows',
    loaded: 'loaded:',
    loadedLine: (rows: string, quarantined: string, periods: string) => `${rows} rows, ${quarantined} quarantined, ${periods}`,
    models: (built: number, failed: string[], tests: number, testsFailed: string[]) =>
      `models: ${built} built${failed.length ? `, FAILED: ${failed.join(', ')}` : ''}; data tests: ${tests} run${testsFailed.length ? `, FAILED: ${testsFailed.join('; ')}` : ', all passed'}`,
    operations: 'operations linked from the records (beside the truth: operations seen by at least one source):',
    truthTitle: 'ground truth of the generated market (what the estimates must recover):',
    truthLine: (q: string, value: string, growth: string, base: string, baseValue: string) => `  ${q}: ${value}, ${growth} on ${base} (${baseValue})`,
    truthTemplated: '  templated complaints: ',
    estimateTitle: (q: string, run: string) => `estimate ${q} (grayscope estimate, run ${run}) beside the truth:`,
    operationsLabel: 'operations   ',
    scaleLabel: 'scale        ',
    vsLabel: (base: string) => `vs ${base || 'two years earlier'} `,
    truth: 'truth',
    multiplier: (money: string, implied: string) => `  (multiplier method, from assumptions.yaml's placeholder reporting rates: ${money}${implied})`,
    implied: (rate: string) => `; the MSE implies an overall reporting rate of ${rate}`,
    templatesTitle: (threshold: number, shingle: number, min: string) => `templated complaints (grayscope templates: Jaccard ≥ ${threshold}, ${shingle}-character shingles, clusters of ${min} or more) beside the truth:`,
    templatesTruth: (share: string) => ` (truth ${share})`,
    charts: (period: string, files: number, out: string) => `charts (grayscope chart all, ${period}): ${files} files in ${out} (zh and en; .vl.json, .svg, .png, .html)`,
    latestQuarter: 'latest quarter',
    returnState: (draft: boolean, blocking: number, warnings: number) => (draft ? `DRAFT: ${blocking} blocking check${blocking === 1 ? '' : 's'} failed` : `${warnings} warning${warnings === 1 ? '' : 's'}`),
    returnLine: (template: string, file: string, version: number, state: string) => `return ${template} (grayscope return build): ${file} (v${version}; ${state})`,
    bulletin: (pdf: boolean, period: string, files: number, out: string) =>
      `bulletin (grayscope bulletin --lang all${pdf ? ' --pdf' : ''}, ${period}): ${files} files in ${out} (zh and en; .html, .md with its chart PNGs${pdf ? ', .pdf' : ''})`,
    next: (dir: string) => `Next: grayscope status --project ${dir}   ·   grayscope rejects --project ${dir}`,
  },
} as const;

export function renderDemo(r: DemoResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  // One unit (by magnitude, as the estimate table picks it) for the truth and the estimate, read side by side.
  const e0 = r.estimate;
  const money = amountScale([r.truth?.value_cny, r.truth?.base_value_cny, e0?.scale_cny.estimate, ...(e0?.scale_cny.ci ?? []), e0?.scale_cny.truth, e0?.multiplier_cny]).text;
  // Sources are padded by their code's width: a Chinese name is shorter in characters and as wide in columns.
  const source = (s: string) => (lang === 'zh' ? sourceLabel(s, lang).padEnd(6) : s.padEnd(12));
  const lines = [w.title(r.dir), ''];
  lines.push(w.generated(r.generated.seed, r.generated.scale, r.generated.messy));
  for (const f of r.generated.files) lines.push(`  ${source(f.source)} ${f.path.padEnd(26)} ${f.format.padEnd(8)} ${count(f.rows).padStart(8)} ${w.rows}`);
  lines.push('', w.loaded);
  for (const s of r.status.sources) {
    const periods = s.periods.length ? `${s.periods[0]!.period}–${s.periods[s.periods.length - 1]!.period}` : '';
    lines.push(`  ${source(s.source)} ${w.loadedLine(count(s.rows).padStart(8), count(s.quarantined), periods)}`);
  }
  lines.push('', w.models(r.run.models, r.run.failed, r.tests.tests, r.tests.failed));
  if (r.operations.length) {
    lines.push(w.operations);
    const per = r.operations.map((o) => `${o.period} ${o.linked}${o.truth_observed === null ? '' : `/${o.truth_observed}`}`);
    for (let i = 0; i < per.length; i += 4) lines.push(`  ${per.slice(i, i + 4).join('   ')}`);
  }
  if (r.truth) {
    const t = r.truth;
    lines.push('', w.truthTitle);
    lines.push(w.truthLine(t.quarter, money(t.value_cny), signedPct(t.growth_vs_base), t.base_quarter, money(t.base_value_cny)));
    lines.push(`${w.truthTemplated}${t.templated_share_by_year.map((y) => `${y.year} ${pct(y.share)}`).join(lang === 'zh' ? '，' : ', ')}`);
  }
  if (r.estimate) {
    const e = r.estimate;
    lines.push('', w.estimateTitle(e.quarter, e.run_id));
    lines.push(`  ${w.operationsLabel}${count(e.operations.estimate)}${range(e.operations.ci, count)}   ${w.truth} ${count(e.operations.truth)}`);
    lines.push(`  ${w.scaleLabel}${money(e.scale_cny.estimate)}${range(e.scale_cny.ci, money)}   ${w.truth} ${money(e.scale_cny.truth)}`);
    lines.push(`  ${w.vsLabel(e.vs_2y.base_quarter)} ${signedPct(e.vs_2y.value)}${range(e.vs_2y.ci, signedPct)}   ${w.truth} ${signedPct(e.vs_2y.truth)}`);
    if (e.multiplier_cny !== null) {
      const implied = e.implied_reporting_rate === null ? '' : w.implied(pct(e.implied_reporting_rate));
      lines.push(w.multiplier(money(e.multiplier_cny), implied));
    }
  }
  const t = r.templates;
  if (t.years.length) {
    lines.push('', w.templatesTitle(t.threshold, t.shingle, String(t.min_cluster ?? '?')));
    lines.push(`  ${t.years.map((y) => `${y.year} ${pct(y.share)}${y.truth === null ? '' : w.templatesTruth(pct(y.truth))}`).join('   ')}`);
  }
  if (r.charts) lines.push('', w.charts(r.charts.period ?? w.latestQuarter, r.charts.files, r.charts.out));
  for (const ret of r.returns ?? []) {
    const state = w.returnState(ret.draft, ret.blocking_failed, ret.warnings);
    lines.push(`${ret === r.returns![0] ? '\n' : ''}${w.returnLine(ret.template, ret.file, ret.version, state)}`);
  }
  if (r.bulletin) lines.push(w.bulletin(r.bulletin.pdf, r.bulletin.period, r.bulletin.files, r.bulletin.out));
  lines.push('', w.next(r.dir));
  return lines.join('\n');
}
