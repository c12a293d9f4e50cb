// `grayscope templates`: reads every loaded complaint's narrative (masked at load) in rowid
// batches, clusters near-duplicates across all periods (normalise → shingles → MinHash → LSH →
// exact Jaccard → union-find), writes complaint_template_clusters and complaint_template_shares,
// and returns the templated share of one period (or of all) with the largest clusters.
import type { Db, OpenOptions } from '../../adapters/duckdb.js';
import { inputError, usageError } from '../errors.js';
import { applySchema } from '../ingest/load.js';
import { parsePeriod } from '../models/params.js';
import type { Project } from '../project.js';
import type { Reporter } from '../reporter.js';
import { chooseBanding } from './lsh.js';
import { normaliseNarrative } from './normalise.js';
import { TemplateIndex } from './template-index.js';

export const TEMPLATE_DEFAULTS = { threshold: 0.7, shingle: 3, minCluster: 5, hashes: 256, targetRecall: 0.95 } as const;

export interface TemplatesOptions {
  period?: string;
  threshold?: number;
  shingle?: number;
  minCluster?: number;
  waitSeconds?: number;
  /** Rows read per batch (tests use small batches). */
  batchRows?: number;
}

export interface TemplateCluster {
  id: string;
  size: number;
  example: string;
}

export interface TemplatesResult {
  period: string | null;
  complaints: number;
  templated: number;
  share: number;
  threshold: number;
  shingle: number;
  clusters: TemplateCluster[];
}

export interface TemplatesIO {
  openDatabase(path: string, options?: OpenOptions): Promise<Db>;
  exists(path: string): boolean;
}

/** What `--json` leaves out but every human rendering must state beside the share. */
export interface TemplatesReport extends TemplatesResult {
  min_cluster: number;
}

const PERIOD_SQL = `year(c.received_date) || 'Q' || quarter(c.received_date)`;
const EXAMPLE_CHARS = 80;

export function validateTemplateOptions(options: TemplatesOptions): { period: string | null; threshold: number; shingle: number; minCluster: number } {
  const threshold = options.threshold ?? TEMPLATE_DEFAULTS.threshold;
  const shingle = options.shingle ?? TEMPLATE_DEFAULTS.shingle;
  const minCluster = options.minCluster ?? TEMPLATE_DEFAULTS.minCluster;
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
    throw usageError(`--threshold ${threshold}: the Jaccard threshold must be above 0 and at most 1`, 'For example --threshold 0.7 (the default).');
  }
  if (!Number.isInteger(shingle) || shingle < 1 || shingle > 12) {
    throw usageError(`--shingle ${shingle}: the shingle length must be a whole number of characters from 1 to 12`, 'For example --shingle 3 (the default).');
  }
  if (!Number.isInteger(minCluster) || minCluster < 2) {
    throw usageError(`--min-cluster ${minCluster}: the minimum cluster size must be a whole number ≥ 2`, 'For example --min-cluster 5 (the default).');
  }
  return { period: options.period === undefined ? null : parsePeriod(options.period), threshold, shingle, minCluster };
}

function truncate(text: string): string {
  const chars = [...text];
  return chars.length <= EXAMPLE_CHARS ? text : `${chars.slice(0, EXAMPLE_CHARS).join('')}…`;
}

export async function detectTemplates(project: Project, io: TemplatesIO, options: TemplatesOptions, reporter: Reporter): Promise<TemplatesReport> {
  const { period, threshold, shingle, minCluster } = validateTemplateOptions(options);
  const noComplaints = () => inputError(`no complaints are loaded in ${project.dbPath}`, 'Load complaints first: grayscope load complaints FILE.');
  if (!io.exists(project.dbPath)) throw noComplaints();
  // DuckDB's share of the 2 GB budget: the index lives outside it, in typed arrays.
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds, settings: { memory_limit: '768MB' } });
  try {
    await applySchema(db);
    const totals = (await db.all<{ n: number; chars: number | null; max_rowid: number | null }>(
      `SELECT count(*) AS n, sum(length(narrative)) AS chars, max(rowid) AS max_rowid FROM complaints`,
    ))[0];
    if (!totals || totals.n === 0 || totals.max_rowid === null) throw noComplaints();
    if (period !== null) {
      const inPeriod = await db.scalar<number>(`SELECT count(*) FROM complaints c WHERE ${PERIOD_SQL} = ?`, [period]);
      if (!inPeriod) {
        const periods = await db.all<{ p: string }>(`SELECT DISTINCT ${PERIOD_SQL} AS p FROM complaints c ORDER BY p`);
        throw inputError(`no complaints are loaded for ${period}`, `Loaded periods: ${periods.map((r) => r.p).join(', ')}. Pick one with --period, or leave it out for all.`);
      }
    }

    const banding = chooseBanding(TEMPLATE_DEFAULTS.hashes, threshold, TEMPLATE_DEFAULTS.targetRecall);
    const index = new TemplateIndex(totals.n, Number(totals.chars ?? 0) + totals.n, { shingle, hashes: TEMPLATE_DEFAULTS.hashes, ...banding });
    const rowids = new Float64Array(totals.n);
    const batch = options.batchRows ?? 100_000;
    const bar = reporter.progress(totals.n, 'templates: reading narratives');
    try {
      const read = (lo: number) => db.all<{ r: number; t: string | null }>(`SELECT rowid AS r, narrative AS t FROM complaints WHERE rowid >= ? AND rowid < ? ORDER BY rowid`, [lo, lo + batch]);
      // The next batch is read by DuckDB's threads while this one is normalised and indexed here.
      let pending = read(0);
      for (let lo = 0; lo <= totals.max_rowid; lo += batch) {
        const rows = await pending;
        if (lo + batch <= totals.max_rowid) pending = read(lo + batch);
        for (const row of rows) {
          const doc = index.add(row.t === null ? '' : normaliseNarrative(row.t));
          rowids[doc] = row.r;
        }
        bar.update(index.size, 'templates: reading narratives');
      }
      const { sets } = index.cluster(threshold, (done, total) => bar.update((totals.n * done) / total, `templates: comparing (band ${done}/${total})`));

      // Members of clusters of two or more go back to DuckDB as "rowid:root" lists (bound as one string each).
      await db.run('CREATE OR REPLACE TEMP TABLE template_roots (rid BIGINT, root INTEGER)');
      let parts: string[] = [];
      const flush = async () => {
        if (parts.length === 0) return;
        await db.run(`INSERT INTO template_roots SELECT CAST(split_part(x, ':', 1) AS BIGINT), CAST(split_part(x, ':', 2) AS INTEGER) FROM (SELECT unnest(string_split(?, ',')) AS x)`, [parts.join(',')]);
        parts = [];
      };
      for (let d = 0; d < index.size; d++) {
        if (sets.setSize(d) < 2) continue;
        parts.push(`${rowids[d]}:${sets.find(d)}`);
        if (parts.length >= 200_000) await flush();
      }
      await flush();
    } finally {
      bar.stop();
    }
    await db.transaction(async () => {
      await db.run('DELETE FROM complaint_template_clusters');
      await db.run(`INSERT INTO complaint_template_clusters
        SELECT c.complaint_id, min(c.complaint_id) OVER w, count(*) OVER w
        FROM template_roots t JOIN complaints c ON c.rowid = t.rid
        WINDOW w AS (PARTITION BY t.root)`);
      await db.run('DELETE FROM complaint_template_shares');
      await db.run(
        `INSERT INTO complaint_template_shares
         SELECT ${PERIOD_SQL} AS period, c.category, count(*) AS complaints,
                count(*) FILTER (WHERE k.cluster_size >= ?) AS templated,
                count(*) FILTER (WHERE k.cluster_size >= ?) / count(*) AS share,
                ? AS threshold, ? AS shingle, ? AS min_cluster, current_timestamp AS computed_at
         FROM complaints c LEFT JOIN complaint_template_clusters k USING (complaint_id)
         GROUP BY ALL ORDER BY period, category`,
        [minCluster, minCluster, threshold, shingle, minCluster],
      );
    });
    await db.run('DROP TABLE IF EXISTS template_roots');

    const where = `(CAST(? AS VARCHAR) IS NULL OR ${PERIOD_SQL} = ?)`;
    const counts = (await db.all<{ complaints: number; templated: number }>(
      `SELECT count(*) AS complaints, count(*) FILTER (WHERE k.cluster_size >= ?) AS templated
       FROM complaints c LEFT JOIN complaint_template_clusters k USING (complaint_id) WHERE ${where}`,
      [minCluster, period, period],
    ))[0] ?? { complaints: 0, templated: 0 };
    const clusters = await db.all<{ id: string; size: number; example: string | null }>(
      `SELECT k.cluster_id AS id, count(*) AS size, arg_min(c.narrative, c.complaint_id) AS example
       FROM complaint_template_clusters k JOIN complaints c USING (complaint_id)
       WHERE k.cluster_size >= ? AND ${where}
       GROUP BY k.cluster_id ORDER BY size DESC, id LIMIT 10`,
      [minCluster, period, period],
    );
    return {
      period,
      complaints: counts.complaints,
      templated: counts.templated,
      share: counts.complaints === 0 ? 0 : counts.templated / counts.complaints,
      threshold,
      shingle,
      clusters: clusters.map((c) => ({ id: c.id, size: c.size, example: truncate(c.example ?? '') })),
      min_cluster: minCluster,
    };
  } finally {
    db.close();
  }
}
