// `grayscope load` for people: one line per file, then the totals and where to see quarantined rows.
import type { LoadResult, UpsertFileResult } from '../core/ingest/load.js';
import { count } from './format.js';
import { table } from './table.js';

export function renderLoad(result: LoadResult): string {
  const rows = result.files.map((f) => [f.sheet === undefined ? f.path : `${f.path} [${f.sheet}]`, f.status, f.format, f.encoding ?? '', count(f.rows_read), count(f.rows_loaded), count(f.rows_rejected)]);
  const t = result.totals;
  const lines = [
    table(['file', 'status', 'format', 'encoding', 'read', 'loaded', 'quarantined'], rows),
    `${result.source}: ${count(t.rows_read)} rows read, ${count(t.rows_loaded)} loaded, ${count(t.rows_rejected)} quarantined.`,
  ];
  for (const f of result.files) if (f.status === 'skipped') lines.push(`${f.path} [${f.sheet}] skipped: ${f.reason ?? ''}`);
  for (const f of result.files as UpsertFileResult[]) {
    if (f.rows_replaced === undefined) continue;
    lines.push(
      `${f.path}: ${count(f.rows_new)} new row${f.rows_new === 1 ? '' : 's'}, ${count(f.rows_replaced)} replacing an earlier version (${count(f.rows_changed)} with changed values); earlier versions are kept, \`grayscope unload ${f.path}\` puts them back.`,
    );
  }
  if (t.rows_rejected > 0) lines.push(`See them with: grayscope rejects ${result.source}`);
  return lines.join('\n');
}
