// `grayscope load` for people: one line per file, then the totals and where to see quarantined rows,
// in Chinese or English (render/lang.ts decides which).
import type { LoadResult, UpsertFileResult } from '../core/ingest/load.js';
import { count, type Lang, sourceLabel, statusLabel } from './format.js';
import { table } from './table.js';

const WORDS = {
  zh: {
    headers: ['文件', '状态', '格式', '编码', '读取', '加载', '隔离'],
    totals: (source: string, read: string, loaded: string, rejected: string) => `${source}：读取 ${read} 行，加载 ${loaded} 行，隔离 ${rejected} 行。`,
    skipped: (what: string, reason: string) => `${what} 已跳过：${reason}`,
    upsert: (path: string, fresh: number, replaced: number, changed: number) =>
      `${path}：新增 ${count(fresh)} 行，${count(replaced)} 行替换了早先的版本（其中 ${count(changed)} 行数值有变化）；早先的版本仍保留，\`grayscope unload ${path}\` 可将其恢复。`,
    seeRejects: '查看隔离的行：',
  },
  en: {
    headers: ['file', 'status', 'format', 'encoding', 'read', 'loaded', 'quarantined'],
    totals: (source: string, read: string, loaded: string, rejected: string) => `${source}: ${read} rows read, ${loaded} loaded, ${rejected} quarantined.`,
    skipped: (what: string, reason: string) => `${what} skipped: ${reason}`,
    upsert: (path: string, fresh: number, replaced: number, changed: number) =>
      `${path}: ${count(fresh)} new row${fresh === 1 ? '' : 's'}, ${count(replaced)} replacing an earlier version (${count(changed)} with changed values); earlier versions are kept, \`grayscope unload ${path}\` puts them back.`,
    seeRejects: 'See them with: ',
  },
} as const;

export function renderLoad(result: LoadResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const rows = result.files.map((f) => [f.sheet === undefined ? f.path : `${f.path} [${f.sheet}]`, statusLabel(f.status, lang), f.format, f.encoding ?? '', count(f.rows_read), count(f.rows_loaded), count(f.rows_rejected)]);
  const t = result.totals;
  const lines = [table([...w.headers], rows), w.totals(sourceLabel(result.source, lang), count(t.rows_read), count(t.rows_loaded), count(t.rows_rejected))];
  for (const f of result.files) if (f.status === 'skipped') lines.push(w.skipped(`${f.path} [${f.sheet}]`, f.reason ?? ''));
  for (const f of result.files as UpsertFileResult[]) {
    if (f.rows_replaced === undefined) continue;
    lines.push(w.upsert(f.path, f.rows_new ?? 0, f.rows_replaced, f.rows_changed ?? 0));
  }
  if (t.rows_rejected > 0) lines.push(`${w.seeRejects}grayscope rejects ${result.source}`);
  return lines.join('\n');
}
