// `grayscope return templates` for people: one line per template, its sheets beneath.
import type { ReturnTemplatesResult } from '../core/returns/discover.js';
import type { Lang } from './format.js';
import { table } from './table.js';

const WORDS = {
  zh: { none: '没有报表模板：既无内置模板，reports/returns/ 中也没有。', headers: ['编号', '版本', '报告期', '标题', '来源'] },
  en: { none: 'No return templates: none shipped and none in reports/returns/.', headers: ['id', 'version', 'periods', 'title', 'origin'] },
} as const;

export function renderReturnTemplates(r: ReturnTemplatesResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (r.templates.length === 0) return w.none;
  const head = table(
    [...w.headers],
    r.templates.map((t) => [t.id, String(t.version), `${t.periods.from}–${t.periods.to ?? ''}`, t.title, t.origin]),
  );
  const sheets = r.templates.map((t) => `${t.id}:\n${t.sheets.map((s) => `  ${s.code}  ${s.title}`).join('\n')}`);
  return `${head}\n\n${sheets.join('\n')}`;
}
