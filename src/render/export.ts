// `grayscope export` for people: the one line saying what was written where.
import type { ExportResult } from '../core/export.js';
import { count, type Lang } from './format.js';

export function renderExport(r: ExportResult, lang: Lang = 'en'): string {
  if (lang === 'zh') return `已将 ${r.name} 的 ${count(r.rows)} 行（${count(r.columns.length)} 列）以 ${r.format} 格式写入 ${r.file}。`;
  return `Wrote ${count(r.rows)} row${r.rows === 1 ? '' : 's'} of ${r.name} (${count(r.columns.length)} columns) to ${r.file} as ${r.format}.`;
}
