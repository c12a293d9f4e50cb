// `grayscope return validate` and `return export` for people: a summary line, then one line per
// failed, unexplained or unreadable check with the cells it read (sheet!address = value) and its message.
// Rule messages come from the template, in its language; the words around them are in `lang`.
import type { ReturnExportResult } from '../core/returns/export.js';
import type { ReturnValidateResult, ValidateRule } from '../core/returns/validate.js';
import type { Lang } from './format.js';

const WORDS = {
  zh: {
    empty: '空',
    previous: '（上期报表）',
    tag: (severity: string) => (severity === 'warning' ? '警告，未说明' : severity === 'blocking' ? '阻断' : severity),
    verdict: (ok: boolean) => (ok ? '通过' : '未通过'),
    summary: (r: ReturnValidateResult, verdict: string) =>
      `${r.file}：${r.template} v${r.template_version}，${r.period}，报表第 ${r.version} 版（${r.source}）— ${verdict}：通过 ${r.passed} 项，阻断性未通过 ${r.blocking_failed} 项，警告 ${r.warnings} 项（其中 ${r.unexplained} 项未说明）`,
    recomputed: '  按模板重新计算（工作簿中没有缓存值）：',
    explained: '警告，已说明',
    info: '提示',
    explain: '触发的警告须作出说明：请写在校验表中该规则旁的 F 列。',
    exportChecks: (b: number, u: number) => `（该报表有 ${b} 项阻断性未通过、${u} 项未说明的警告：导出的文件校验结果相同）`,
    sep: '、',
  },
  en: {
    empty: 'empty',
    previous: ' (previous return)',
    tag: (severity: string) => (severity === 'warning' ? 'warning without explanation' : severity),
    verdict: (ok: boolean) => (ok ? 'passed' : 'FAILED'),
    summary: (r: ReturnValidateResult, verdict: string) =>
      `${r.file}: ${r.template} v${r.template_version}, ${r.period}, return version ${r.version} (${r.source}) — ${verdict}: ${r.passed} passed, ${r.blocking_failed} blocking failed, ${r.warnings} warning${r.warnings === 1 ? '' : 's'} (${r.unexplained} without explanation)`,
    recomputed: '  recomputed from the template (no cached value in the workbook): ',
    explained: 'warning, explained',
    info: 'info',
    explain: 'A triggered warning requires an explanation: write it in column F of the validation sheet, next to the rule.',
    exportChecks: (b: number, u: number) => ` (the return has ${b} blocking failure(s) and ${u} unexplained warning(s): it validates the same way)`,
    sep: ', ',
  },
} as const;

function ruleLine(r: ValidateRule, lang: Lang): string {
  const w = WORDS[lang];
  const value = (v: unknown) => (v === null || v === undefined ? w.empty : typeof v === 'string' ? JSON.stringify(v) : String(v));
  const cells = r.cells.length ? `\n    ${r.cells.map((c) => `${c.address}${c.previous ? w.previous : ''} = ${value(c.value)}`).join(', ')}` : '';
  return `  ✗ ${r.id} [${w.tag(r.severity)}] ${r.message}${cells}`;
}

export function renderReturnValidate(r: ReturnValidateResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const failed = r.rules.filter((x) => x.status === 'fail' && x.severity !== 'info');
  const info = r.rules.filter((x) => x.status === 'fail' && x.severity === 'info');
  const explained = r.rules.filter((x) => x.status === 'explained');
  const lines = [w.summary(r, w.verdict(!(r.blocking_failed > 0 || r.unexplained > 0)))];
  if (r.recomputed.length) lines.push(`${w.recomputed}${r.recomputed.join(w.sep)}`);
  lines.push(...failed.map((x) => ruleLine(x, lang)));
  for (const x of explained) lines.push(`  ~ ${x.id} [${w.explained}] ${x.message}: ${x.explanation ?? ''}`);
  for (const x of info) lines.push(`  i ${x.id} [${w.info}] ${x.message}`);
  if (r.unexplained > 0) lines.push(w.explain);
  return lines.join('\n');
}

export function renderReturnExport(r: ReturnExportResult, lang: Lang = 'en'): string {
  const checks = r.validation.blocking_failed || r.validation.unexplained ? WORDS[lang].exportChecks(r.validation.blocking_failed, r.validation.unexplained) : '';
  return `${r.file} → ${r.out} (${r.format}): ${r.files.join(', ')}${checks}`;
}
