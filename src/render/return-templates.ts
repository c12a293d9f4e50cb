// `grayscope return templates` for people: one line per template, its sheets beneath.
import type { ReturnTemplatesResult } from '../core/returns/discover.js';
import { table } from './table.js';

export function renderReturnTemplates(r: ReturnTemplatesResult): string {
  if (r.templates.length === 0) return 'No return templates: none shipped and none in reports/returns/.';
  const head = table(
    ['id', 'version', 'periods', 'title', 'origin'],
    r.templates.map((t) => [t.id, String(t.version), `${t.periods.from}–${t.periods.to ?? ''}`, t.title, t.origin]),
  );
  const sheets = r.templates.map((t) => `${t.id}:\n${t.sheets.map((s) => `  ${s.code}  ${s.title}`).join('\n')}`);
  return `${head}\n\n${sheets.join('\n')}`;
}
