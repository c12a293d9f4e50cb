// `grayscope status` for people: rows, quarantine and periods per source, the loaded files with their
// hashes, and the last runs, in Chinese or English (render/lang.ts decides which).
import type { StatusResult } from '../core/inspect.js';
import { count, type Lang, sourceLabel, statusLabel } from './format.js';
import { table } from './table.js';

const WORDS = {
  zh: {
    noDatabase: (db: string) => `${db} 尚无数据库。加载数据：grayscope load complaints <文件>`,
    database: '数据库：',
    sources: ['数据源', '行数', '隔离', '最早日期', '最晚日期', '报告期'],
    files: ['数据源', '文件', '加载批次', 'sha256', '读取', '加载', '隔离', '加载时间'],
    unloaded: '已卸载：',
    unloads: ['卸载批次', '数据源', '文件', '加载批次', '移除行数', '恢复行数', '卸载时间'],
    lastRuns: '最近的运行：',
    runs: ['运行', '命令', '状态', '报告期', '完成时间'],
    all: '全部',
    quarters: (n: number) => `${n} 个季度`,
  },
  en: {
    noDatabase: (db: string) => `No database yet at ${db}. Load data with: grayscope load complaints <file>`,
    database: 'database: ',
    sources: ['source', 'rows', 'quarantined', 'first date', 'last date', 'periods'],
    files: ['source', 'file', 'load', 'sha256', 'read', 'loaded', 'quarantined', 'loaded at'],
    unloaded: 'unloaded:',
    unloads: ['unload', 'source', 'file', 'load', 'rows removed', 'restored', 'unloaded at'],
    lastRuns: 'last runs:',
    runs: ['run', 'command', 'status', 'period', 'finished'],
    all: 'all',
    quarters: (n: number) => `${n}`,
  },
} as const;

type Periods = StatusResult['sources'][number]['periods'];

/** The quarters a source covers: first…last and how many. */
function periodRange(periods: Periods, lang: Lang): string {
  if (periods.length === 0) return '';
  const first = periods[0]!.period;
  const last = periods[periods.length - 1]!.period;
  return `${first === last ? first : `${first}…${last}`} (${WORDS[lang].quarters(periods.length)})`;
}

export function renderStatus(s: StatusResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (!s.exists) return w.noDatabase(s.database);
  const lines = [
    `${w.database}${s.database}`,
    '',
    table(
      [...w.sources],
      s.sources.map((x) => [sourceLabel(x.source, lang), count(x.rows), count(x.quarantined), x.first_date, x.last_date, periodRange(x.periods, lang)]),
    ),
  ];
  if (s.files.length) {
    lines.push('', table([...w.files], s.files.map((f) => [sourceLabel(f.source, lang), f.sheet === undefined ? f.path : `${f.path} [${f.sheet}]`, String(f.load_id), `${f.sha256.slice(0, 12)}…`, count(f.rows_read), count(f.rows_loaded), count(f.rows_rejected), f.loaded_at])));
  }
  if (s.unloads.length) {
    lines.push('', w.unloaded, table([...w.unloads], s.unloads.map((u) => [String(u.unload_id), sourceLabel(u.source, lang), u.path, String(u.load_id), count(u.rows), count(u.restored), u.unloaded_at])));
  }
  if (s.runs.length) {
    lines.push('', w.lastRuns, table([...w.runs], s.runs.map((r) => [r.run_id, r.command, statusLabel(r.status, lang), r.period ?? w.all, r.finished_at])));
  }
  return lines.join('\n');
}

/** 2024Q4…2025Q2 (3); a single period once: 2025Q1 (1). */
