// `grayscope export` for people: the one line saying what was written where.
import type { ExportResult } from '../core/export.js';
import { count } from './format.js';

export function renderExport(r: ExportResult): string {
  return `Wrote ${count(r.rows)} row${r.rows === 1 ? '' : 's'} of ${r.name} (${count(r.columns.length)} columns) to ${r.file} as ${r.format}.`;
}
