// `grayscope unload` for people: one line per file entry taken out, then the totals.
import type { UnloadResult } from '../core/ingest/unload.js';
import { count } from './format.js';
import { table } from './table.js';

export function renderUnload(r: UnloadResult): string {
  const t = r.totals;
  const lines = [
    table(
      ['source', 'file', 'load', 'rows removed', 'quarantine removed', 'restored'],
      r.unloaded.map((u) => [u.source, u.path, String(u.load_id), count(u.rows), count(u.quarantined), count(u.restored)]),
    ),
    `Unloaded ${count(r.unloaded.length)} file${r.unloaded.length === 1 ? '' : 's'}: ${count(t.rows)} rows and ${count(t.quarantined)} quarantined rows removed${t.restored > 0 ? `, ${count(t.restored)} earlier versions put back` : ''} (unload ${r.unload_id}).`,
  ];
  return lines.join('\n');
}
