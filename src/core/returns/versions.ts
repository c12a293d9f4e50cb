// The versions of a return in the project database (return_versions, sql/schema.sql): which final
// version a (template, period) has, the figures it was built with (an amendment lists what changed;
// the next quarter's prev() reads them), and the one write of a build — a short transaction that
// records the version (replacing a draft) and the run.
import type { Db } from '../ports/db.js';
import type { CellKey, Figure } from './document.js';

export interface VersionRow {
  template: string;
  template_version: number;
  period: string;
  version: number;
  status: 'final' | 'draft';
  sha256: string;
  digest: string;
  supersedes: number | null;
  reason: string | null;
  file: string;
  lang: string;
  run_id: string;
  source_run_id: string | null;
  estimate_run_id: string | null;
  built_at: string;
  cells: Record<CellKey, Figure>;
}

/** Whether the table exists: a database no build has written to lacks it (and a read-only one cannot gain it). */
async function hasTable(db: Db): Promise<boolean> {
  return Boolean(await db.scalar(`SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'return_versions' AND schema_name = 'main'`));
}

/**
 * The latest final version of a template's return for a period (or the final version numbered
 * `version`), in `lang` when given, or null. A return in English is its own series of versions
 * beside the Chinese one: its texts (the method, the model) differ, its figures do not.
 */
export async function lastFinal(db: Db, template: string, period: string, version: number | null = null, lang: string | null = null): Promise<VersionRow | null> {
  if (!(await hasTable(db))) return null;
  const rows = await db.all<Omit<VersionRow, 'cells' | 'built_at'> & { cells: string; built_at: unknown }>(
    `SELECT template, template_version, period, version, status, sha256, digest, supersedes, reason, file, lang, run_id, source_run_id, estimate_run_id,
            CAST(built_at AS VARCHAR) AS built_at, CAST(cells AS VARCHAR) AS cells
     FROM return_versions WHERE template = ? AND period = ? AND status = 'final' AND (CAST(? AS INTEGER) IS NULL OR version = ?)
       AND (CAST(? AS VARCHAR) IS NULL OR lang = ?) ORDER BY version DESC LIMIT 1`,
    [template, period, version, version, lang, lang],
  );
  const r = rows[0];
  if (!r) return null;
  return { ...r, version: Number(r.version), template_version: Number(r.template_version), supersedes: r.supersedes === null ? null : Number(r.supersedes), built_at: String(r.built_at), cells: JSON.parse(r.cells) as Record<CellKey, Figure> };
}

/** The latest `grayscope run` of the models (the run the figures come from), or null. */
export async function latestModelRun(db: Db): Promise<string | null> {
  const id = await db.scalar<string>(`SELECT max(run_id) FROM runs WHERE command = 'run' AND status = 'success'`);
  return id ?? null;
}

/** Records a version: drafts of the same template, period and language are replaced (a draft is never kept beside a later build). */
export async function recordVersion(db: Db, row: VersionRow): Promise<void> {
  await db.run(`DELETE FROM return_versions WHERE template = ? AND period = ? AND lang = ? AND status = 'draft'`, [row.template, row.period, row.lang]);
  await db.run(
    `INSERT INTO return_versions (template, template_version, period, version, status, sha256, digest, supersedes, reason, file, lang, run_id, source_run_id, estimate_run_id, built_at, cells)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP), ?)`,
    [row.template, row.template_version, row.period, row.version, row.status, row.sha256, row.digest, row.supersedes, row.reason, row.file, row.lang, row.run_id, row.source_run_id, row.estimate_run_id, row.built_at, JSON.stringify(row.cells)],
  );
}
