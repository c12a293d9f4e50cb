// `grayscope status` for people: rows, quarantine and periods per source, the loaded files with their
// hashes, and the last runs.
import type { StatusResult } from '../core/inspect.js';
import { count } from './format.js';
import { table } from './table.js';

export function renderStatus(s: StatusResult): string {
  if (!s.exists) return `No database yet at ${s.database}. Load data with: grayscope load complaints <file>`;
  const lines = [
    `database: ${s.database}`,
    '',
    table(
      ['source', 'rows', 'quarantined', 'first date', 'last date', 'periods'],
      s.sources.map((x) => [
        x.source,
        count(x.rows),
        count(x.quarantined),
        x.first_date,
        x.last_date,
        periodRange(x.periods),
      ]),
    ),
  ];
  if (s.files.length) {
    lines.push('', table(['source', 'file', 'load', 'sha256', 'read', 'loaded', 'quarantined', 'loaded at'], s.files.map((f) => [f.source, f.sheet === undefined ? f.path : `${f.path} [${f.sheet}]`, String(f.load_id), `${f.sha256.slice(0, 12)}…`, count(f.rows_read), count(f.rows_loaded), count(f.rows_rejected), f.loaded_at])));
  }
  if (s.unloads.length) {
    lines.push(
      '',
      'unloaded:',
      table(['unload', 'source', 'file', 'load', 'rows removed', 'restored', 'unloaded at'], s.unloads.map((u) => [String(u.unload_id), u.source, u.path, String(u.load_id), count(u.rows), count(u.restored), u.unloaded_at])),
    );
  }
  if (s.runs.length) {
    lines.push('', 'last runs:', table(['run', 'command', 'status', 'period', 'finished'], s.runs.map((r) => [r.run_id, r.command, r.status, r.period ?? 'all', r.finished_at])));
  }
  return lines.join('\n');
}

/** 2024Q4…2025Q2 (3); a single period once: 2025Q1 (1). */
function periodRange(periods: ReadonlyArray<{ period: string }>): string {
  if (periods.length === 0) return '';
  const first = periods[0]!.period;
  const last = periods[periods.length - 1]!.period;
  return `${first === last ? first : `${first}…${last}`} (${periods.length})`;
}
