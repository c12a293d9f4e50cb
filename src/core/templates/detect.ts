// `grayscope templates`: reads every loaded complaint's narrative (masked at load) from DuckDB as
// UTF-8 in rowid batches, sketches the batches on worker threads (normalise → shingles → MinHash →
// LSH band keys), clusters near-duplicates across all periods (LSH buckets → exact Jaccard →
// union-find) with documents numbered in complaint_id order, so the clusters do not depend on the
// order complaints were loaded in, writes complaint_template_clusters, complaint_template_shares
// and runs/<run_id>/, and returns the templated share of one period (or of all) with the largest clusters.
import { availableParallelism } from 'node:os';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import { MAX_MIN_CLUSTER } from '../config.js';
import { inputError, usageError } from '../errors.js';
import { applySchema } from '../db/schema.js';
import { parsePeriod } from '../periods.js';
import type { Project } from '../project.js';
import type { Progress, Reporter } from '../reporter.js';
import { TEXT_SEPARATOR } from './doc-sketch.js';
import { chooseBanding } from './lsh.js';
import { SketchPool } from './sketch-pool.js';
import { TemplateIndex } from './template-index.js';
import { loadedInputs, startRun, writeRunRecord } from '../runs/record.js';

export const TEMPLATE_DEFAULTS = { threshold: 0.7, shingle: 3, minCluster: 5, hashes: 256, targetRecall: 0.95 } as const;

export interface TemplatesOptions {
  period?: string;
  threshold?: number;
  shingle?: number;
  minCluster?: number;
  waitSeconds?: number;
  /** Rows read per batch (tests use small batches); the clusters do not depend on it. */
  batchRows?: number;
  /** Bytes of narrative (UTF-8) read per batch at most, unless one narrative is longer; the clusters do not depend on it. */
  batchBytes?: number;
  /** Worker threads sketching the batches (default: one per core, at most 8; 0 = this thread); the clusters do not depend on it. */
  workers?: number;
  /** Clock for the run id and the manifest's times (tests). */
  now?: () => Date;
  runIdSuffix?: string;
}

export interface TemplateCluster {
  id: string;
  size: number;
  example: string;
}

/** The `--json` document: DESIGN.md's shape, with the run id first as in `run` and `estimate`. */
export interface TemplatesResult {
  run_id: string;
  period: string | null;
  complaints: number;
  templated: number;
  share: number;
  threshold: number;
  shingle: number;
  clusters: TemplateCluster[];
}

/** What `--json` leaves out but every human rendering must state beside the share. */
export interface TemplatesReport extends TemplatesResult {
  min_cluster: number;
}

const PERIOD_SQL = 'gs_period(c.received_date)';
const EXAMPLE_CHARS = 80;
const DEFAULT_BATCH_ROWS = 25_000;
/**
 * DuckDB builds a batch's text in memory, within its memory_limit: 25,000 narratives of 6,000
 * characters are 450 MB and ran out of it. 25,000 narratives of the reference 80–240 characters
 * are about 13 MB, so this bound only acts on long narratives.
 */
const DEFAULT_BATCH_BYTES = 32 * 1024 * 1024;
/** Batches are planned on groups of about this many consecutive rowids. */
const PLAN_GROUP_ROWS = 1024;
/** Beyond this many threads the reading (one DuckDB query at a time) cannot keep the workers busy. */
const MAX_DEFAULT_WORKERS = 8;

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
  if (!Number.isInteger(minCluster) || minCluster < 2 || minCluster > MAX_MIN_CLUSTER) {
    throw usageError(`--min-cluster ${minCluster}: the minimum cluster size must be a whole number from 2 to 1,000,000,000`, 'For example --min-cluster 5 (the default).');
  }
  return { period: options.period === undefined ? null : parsePeriod(options.period), threshold, shingle, minCluster };
}

/**
 * A narrative as a one-line example for a table row or a JSON field: each run of control characters
 * (line breaks and tabs, which would break the table, and escapes, which a terminal would act on),
 * line and paragraph separators, bidirectional overrides and spaces becomes one space; then at most
 * EXAMPLE_CHARS characters.
 */
function exampleText(text: string): string {
  const line = text.replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069 ]+/gu, ' ').trim();
  const chars = [...line];
  return chars.length <= EXAMPLE_CHARS ? line : `${chars.slice(0, EXAMPLE_CHARS).join('')}…`;
}

/** Parses "12,7,3" (ASCII digits and commas) into numbers without making a string per number. */
function parseIds(bytes: Uint8Array, count: number): Float64Array {
  const out = new Float64Array(count);
  let k = 0;
  let v = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x2c) {
      out[k++] = v;
      v = 0;
    } else v = v * 10 + (b - 0x30);
  }
  if (bytes.length > 0) out[k++] = v;
  if (k !== count) throw new Error(`templates: read ${k} complaint row ids, expected ${count}`);
  return out;
}

/** The complaints' rowids in complaint_id order: document d is the complaint with rowids[d]. */
async function documentOrder(db: Db, n: number): Promise<Float64Array> {
  const bytes = await db.scalar<Uint8Array | null>(`SELECT encode(string_agg(CAST(rowid AS VARCHAR), ',' ORDER BY complaint_id)) FROM complaints`);
  return parseIds(bytes ?? new Uint8Array(0), n);
}

/** The rowids [lo, hi) of one batch. */
interface Batch {
  lo: number;
  hi: number;
}

/**
 * Rowid ranges of at most `batchRows` complaints and `batchBytes` bytes of narrative each (a
 * narrative longer than that is a batch of its own), in rowid order: from the narratives' lengths
 * summed over groups of consecutive rowids, and row by row inside a group that is too long itself.
 */
async function planBatches(db: Db, batchRows: number, batchBytes: number): Promise<Batch[]> {
  // Groups that divide batchRows (1,000 for the default), so that full batches hold batchRows rows.
  const group = Math.ceil(batchRows / Math.ceil(batchRows / PLAN_GROUP_ROWS));
  // Bytes as read: the UTF-8 text and its separator.
  const size = `strlen(coalesce(narrative, '')) + 1`;
  const groups = await db.all<{ lo: number; rows: number; bytes: number }>(
    `SELECT g * CAST(? AS BIGINT) AS lo, count(*) AS rows, CAST(sum(b) AS DOUBLE) AS bytes
     FROM (SELECT rowid // CAST(? AS BIGINT) AS g, ${size} AS b FROM complaints) GROUP BY g ORDER BY g`,
    [group, group],
  );
  const batches: Batch[] = [];
  let open: (Batch & { rows: number; bytes: number }) | undefined;
  const add = (lo: number, hi: number, rows: number, bytes: number) => {
    if (open && open.rows + rows <= batchRows && open.bytes + bytes <= batchBytes) {
      open.hi = hi;
      open.rows += rows;
      open.bytes += bytes;
      return;
    }
    if (open) batches.push({ lo: open.lo, hi: open.hi });
    open = { lo, hi, rows, bytes };
  };
  for (const g of groups) {
    if (g.bytes <= batchBytes || g.rows === 1) {
      add(g.lo, g.lo + group, g.rows, g.bytes);
      continue;
    }
    const rows = await db.all<{ r: number; bytes: number }>(`SELECT rowid AS r, ${size} AS bytes FROM complaints WHERE rowid >= ? AND rowid < ? ORDER BY rowid`, [g.lo, g.lo + group]);
    for (const { r, bytes } of rows) add(r, r + 1, 1, bytes);
  }
  if (open) batches.push({ lo: open.lo, hi: open.hi });
  return batches;
}

/**
 * Reads the narratives batch by batch (rowid ranges: the table's own order, a range scan) and
 * sketches them on the pool, with the next batch read while the workers sketch this one.
 */
async function sketchAll(db: Db, pool: SketchPool, index: TemplateIndex, rowids: Float64Array, maxRowid: number, batches: readonly Batch[], workers: number, bar: Progress): Promise<void> {
  const docOf = new Int32Array(maxRowid + 1).fill(-1);
  rowids.forEach((r, d) => (docOf[r] = d));
  const sep = `chr(${TEXT_SEPARATOR})`;
  /** A batch's texts in rowid order, separated by chr(1) (a text holding one is read again with it replaced). */
  const read = async ({ lo, hi }: Batch): Promise<Uint8Array> => {
    const [row] = await db.all<{ b: Uint8Array | null; x: boolean | null }>(
      `SELECT encode(string_agg(coalesce(narrative, ''), ${sep} ORDER BY rowid)) AS b, bool_or(contains(narrative, ${sep})) AS x
       FROM complaints WHERE rowid >= ? AND rowid < ?`,
      [lo, hi],
    );
    if (!row?.x) return row?.b ?? new Uint8Array(0);
    // A text that holds chr(1) gets chr(2) instead: both are stripped as noise, so its normal form is the same.
    const b = await db.scalar<Uint8Array | null>(
      `SELECT encode(string_agg(replace(coalesce(narrative, ''), ${sep}, chr(${TEXT_SEPARATOR + 1})), ${sep} ORDER BY rowid)) FROM complaints WHERE rowid >= ? AND rowid < ?`,
      [lo, hi],
    );
    return b ?? new Uint8Array(0);
  };
  const outstanding: Array<Promise<void>> = [];
  // Promises awaited later are marked handled now, so a failure while another is awaited is no crash.
  const handled = <T>(p: Promise<T>) => (p.catch(() => {}), p);
  let pending = handled(batches[0] ? read(batches[0]) : Promise.resolve(new Uint8Array(0)));
  try {
    for (let i = 0; i < batches.length; i++) {
      const { lo, hi } = batches[i]!;
      const bytes = await pending;
      if (i + 1 < batches.length) pending = handled(read(batches[i + 1]!));
      const docs: number[] = [];
      for (let r = lo; r < Math.min(hi, maxRowid + 1); r++) if (docOf[r]! >= 0) docs.push(docOf[r]!);
      if (docs.length === 0) continue;
      const batchDocs = Int32Array.from(docs);
      const kept = batchDocs.slice();
      outstanding.push(
        handled(
          pool.submit(bytes, batchDocs).then(({ lens, shingles }) => {
            index.addShingles(kept, lens, shingles);
            bar.update(index.size, 'templates: sketching narratives');
          }),
        ),
      );
      // At most one batch waiting per worker: the batches' bytes are the bulk of the memory in flight.
      while (outstanding.length > Math.max(1, workers) + 1) await outstanding.shift();
    }
    await Promise.all(outstanding);
  } finally {
    // Nothing may still use the database or the index when this returns, even after a failure.
    await Promise.allSettled([pending, ...outstanding]);
  }
}

export async function detectTemplates(project: Project, io: ProjectIO, options: TemplatesOptions, reporter: Reporter): Promise<TemplatesReport> {
  const { period, threshold, shingle, minCluster } = validateTemplateOptions(options);
  const noComplaints = () => inputError(`no complaints are loaded in ${project.dbPath}`, 'Load complaints first: grayscope load complaints FILE.');
  if (!io.exists(project.dbPath)) throw noComplaints();
  // DuckDB's share of the 2 GB budget: the index lives outside it, in typed arrays.
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds, settings: { memory_limit: '768MB' } });
  try {
    const clock = options.now ?? (() => new Date());
    const seconds: Record<string, number> = {};
    let lap = performance.now();
    const phase = (name: string) => {
      const t = performance.now();
      seconds[name] = Math.round(t - lap) / 1000;
      lap = t;
    };
    await applySchema(db);
    const totals = (await db.all<{ n: number; max_rowid: number | null }>(`SELECT count(*) AS n, max(rowid) AS max_rowid FROM complaints`))[0];
    if (!totals || totals.n === 0 || totals.max_rowid === null) throw noComplaints();
    if (period !== null) {
      const inPeriod = await db.scalar<number>(`SELECT count(*) FROM complaints c WHERE starts_with(${PERIOD_SQL}, ?)`, [period]);
      if (!inPeriod) {
        const periods = await db.all<{ p: string }>(`SELECT DISTINCT ${PERIOD_SQL} AS p FROM complaints c ORDER BY p`);
        throw inputError(`no complaints are loaded for ${period}`, `Loaded periods: ${periods.map((r) => r.p).join(', ')}. Pick one with --period, or leave it out for all.`);
      }
    }
    const run = startRun('templates', clock(), options.runIdSuffix);
    const banding = chooseBanding(TEMPLATE_DEFAULTS.hashes, threshold, TEMPLATE_DEFAULTS.targetRecall);
    const workers = Math.max(0, Math.floor(options.workers ?? Math.min(MAX_DEFAULT_WORKERS, availableParallelism())));
    const index = new TemplateIndex(totals.n, { shingle, hashes: TEMPLATE_DEFAULTS.hashes, ...banding }, workers > 0);
    phase('open');

    const rowids = await documentOrder(db, totals.n);
    const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
    const batchBytes = Math.max(1, options.batchBytes ?? DEFAULT_BATCH_BYTES);
    const batches = await planBatches(db, batchRows, batchBytes);
    phase('order');
    const bar = reporter.progress(totals.n, 'templates: sketching narratives');
    const pool = new SketchPool(index, workers);
    let stats;
    try {
      await sketchAll(db, pool, index, rowids, totals.max_rowid, batches, workers, bar);
      phase('read_and_sketch');
      let bands = 0;
      const clustered = await pool.cluster(threshold, () => {
        bands++;
        bar.update((totals.n * bands) / banding.bands, `templates: comparing (band ${bands}/${banding.bands})`);
      });
      stats = clustered.stats;
      phase('cluster');

      // Members of clusters of two or more go back to DuckDB as "rowid:root" lists (bound as one string each).
      bar.update(totals.n, 'templates: writing clusters');
      const { sets } = clustered;
      await db.run('CREATE OR REPLACE TEMP TABLE template_roots (rid BIGINT, root INTEGER)');
      let parts: string[] = [];
      const flush = async () => {
        if (parts.length === 0) return;
        await db.run(`INSERT INTO template_roots SELECT CAST(split_part(x, ':', 1) AS BIGINT), CAST(split_part(x, ':', 2) AS INTEGER) FROM (SELECT unnest(string_split(?, ',')) AS x)`, [parts.join(',')]);
        parts = [];
      };
      for (let d = 0; d < index.docs; d++) {
        if (sets.setSize(d) < 2) continue;
        parts.push(`${rowids[d]}:${sets.find(d)}`);
        if (parts.length >= 200_000) await flush();
      }
      await flush();
    } finally {
      bar.stop();
      await pool.close();
    }
    // One transaction for the two tables and the run's record (the runs row, then runs/<run_id>/ just
    // before COMMIT): an interrupted or failed run leaves the tables as they were, and a result in
    // them always has its manifest.
    const report = await db.transaction(async () => {
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

      // A year (2025) is a prefix of its quarters' names (2025Q1 … 2025Q4); a quarter only of its own.
      const where = `(CAST(? AS VARCHAR) IS NULL OR starts_with(${PERIOD_SQL}, ?))`;
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
      phase('write');
      const result: TemplatesReport = {
        run_id: run.run_id,
        period,
        complaints: counts.complaints,
        templated: counts.templated,
        share: counts.complaints === 0 ? 0 : counts.templated / counts.complaints,
        threshold,
        shingle,
        clusters: clusters.map((c) => ({ id: c.id, size: c.size, example: exampleText(c.example ?? '') })),
        min_cluster: minCluster,
      };
      const parameters = { period, threshold, shingle, min_cluster: minCluster, hashes: TEMPLATE_DEFAULTS.hashes, ...banding, document_order: 'complaint_id' };
      const results = {
        complaints: result.complaints,
        templated: result.templated,
        share: result.share,
        clustered_complaints: Number(await db.scalar('SELECT count(*) FROM complaint_template_clusters')),
        clusters: Number(await db.scalar('SELECT count(DISTINCT cluster_id) FROM complaint_template_clusters')),
      };
      const { min_cluster: _omit, ...json } = result;
      await writeRunRecord(db, io, project.dir, {
        start: run,
        finished_at: clock().toISOString(),
        status: 'success',
        period,
        selection: parameters,
        summary: results,
        manifest: { parameters, inputs: await loadedInputs(db, 'complaints'), outputs: ['complaint_template_clusters', 'complaint_template_shares'], results },
        results: {
          result: json,
          comparisons: { documents: index.docs, ...stats },
          // How the work was done (none of it changes the clusters).
          execution: { workers, batch_rows: batchRows, batch_bytes: batchBytes, batches: batches.length, seconds },
        },
      });
      return result;
    });
    await db.run('DROP TABLE IF EXISTS template_roots');
    return report;
  } finally {
    db.close();
  }
}
