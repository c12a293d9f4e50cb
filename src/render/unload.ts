// `grayscope unload` for people: one line per file entry taken out, then the totals.
import type { UnloadResult } from '../core/ingest/unload.js';
import { count, type Lang, sourceLabel } from './format.js';
import { table } from './table.js';

const WORDS = {
  zh: {
    headers: ['数据源', '文件', '加载批次', '移除行数', '移除隔离行数', '恢复行数'],
    summary: (r: UnloadResult) =>
      `已卸载 ${count(r.unloaded.length)} 个文件：移除 ${count(r.totals.rows)} 行及 ${count(r.totals.quarantined)} 行隔离数据${r.totals.restored > 0 ? `，恢复早先版本 ${count(r.totals.restored)} 行` : ''}（卸载批次 ${r.unload_id}）。`,
  },
  en: {
    headers: ['source', 'file', 'load', 'rows removed', 'quarantine removed', 'restored'],
    summary: (r: UnloadResult) =>
      `Unloaded ${count(r.unloaded.length)} file${r.unloaded.length === 1 ? '' : 's'}: ${count(r.totals.rows)} rows and ${count(r.totals.quarantined)} quarantined rows removed${r.totals.restored > 0 ? `, ${count(r.totals.restored)} earlier versions put back` : ''} (unload ${r.unload_id}).`,
  },
} as const;

export function renderUnload(r: UnloadResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const lines = [
    table(
      [...w.headers],
      r.unloaded.map((u) => [sourceLabel(u.source, lang), u.path, String(u.load_id), count(u.rows), count(u.quarantined), count(u.restored)]),
    ),
    w.summary(r),
  ];
  return lines.join('\n');
}
