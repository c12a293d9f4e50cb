// `grayscope run` for people: a line per model on stderr while the run goes, and the summary on stdout.
import type { RunResult } from '../core/models/engine.js';
import type { ModelOutcome } from '../core/models/run.js';
import { count, type Lang, seconds } from './format.js';

/** One model's line on stderr while `run` goes; a failure adds its code frame and hint. */
export function renderModelLine(o: ModelOutcome, lang: Lang = 'en'): string {
  const zh = lang === 'zh';
  if (o.status === 'success') return `✓ ${o.name}  ${count(o.rows ?? 0)} ${zh ? '行' : o.rows === 1 ? 'row' : 'rows'}  ${seconds(o.seconds, 2)}`;
  if (o.status === 'skipped') return zh ? `- ${o.name} 已跳过（上游 ${o.failed_upstream ?? '?'} 失败）` : `- ${o.name} skipped (upstream ${o.failed_upstream ?? '?'} failed)`;
  // The database's message stays as it came (English); the code frame points at the line.
  const lines = [`✗ ${o.name}  ${o.message ?? (zh ? '失败' : 'failed')}`];
  if (o.error?.frame) lines.push(o.error.frame.replace(/^/gm, '    '));
  if (o.error?.hint) lines.push(`    ${zh ? '提示：' : 'hint: '}${o.error.hint}`);
  return lines.join('\n');
}

const WORDS = {
  zh: {
    none: (run: string) => `运行 ${run}：没有可运行的模型（请在 queries/ 中添加 .sql 文件）。`,
    summary: (run: string, ok: number, failed: number, skipped: number) => `运行 ${run}：成功 ${ok} 个，失败 ${failed} 个，跳过 ${skipped} 个。产物在 runs/${run}/`,
  },
  en: {
    none: (run: string) => `Run ${run}: no models to run (add .sql files to queries/).`,
    summary: (run: string, ok: number, failed: number, skipped: number) => `Run ${run}: ${ok} succeeded, ${failed} failed, ${skipped} skipped. Artifacts in runs/${run}/`,
  },
} as const;

export function renderRun(r: RunResult, lang: Lang = 'en'): string {
  const by = (s: string) => r.models.filter((m) => m.status === s).length;
  if (r.models.length === 0) return WORDS[lang].none(r.run_id);
  return WORDS[lang].summary(r.run_id, by('success'), by('error'), by('skipped'));
}
