// Scores what record_operations and operations hold against the generator's truth_records.csv:
// pairwise precision and recall (pairs of records in one quarter put in one operation), operations
// per quarter, and which true operations the linkage merged. For tests that compare linkage settings.
import { quoteLiteral, type Db } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';

export interface PeriodScore {
  period: string;
  precision: number;
  recall: number;
  operations: number;
}

export interface LinkageScore {
  precision: number;
  recall: number;
  pairs: { true_positive: number; predicted: number; actual: number };
  operations: number;
  periods: PeriodScore[];
  /** Truly ordinary complaints put into an operation; operation records left out of every operation. */
  ordinary_linked: number;
  unlinked: number;
  /** Found operations that hold records of two or more true operations, and of those, the ones whose true operations do not all use one template. */
  merged: number;
  merged_across_templates: number;
}

async function score(db: Db): Promise<LinkageScore> {
  const periods = await db.all<{ period: string; tp: number; predicted: number; actual: number; operations: number }>(`
    WITH j AS (
      SELECT t.quarter AS period, nullif(t.operation_id, '') AS true_op, ro.operation_id AS pred_op
      FROM truth_records AS t
      LEFT JOIN record_operations AS ro ON ro.source = t.source AND ro.record_id = t.record_id
    ),
    groups AS (
      SELECT period, 'tp' AS kind, count(*) AS n FROM j WHERE true_op IS NOT NULL AND pred_op IS NOT NULL GROUP BY period, true_op, pred_op
      UNION ALL SELECT period, 'predicted', count(*) FROM j WHERE pred_op IS NOT NULL GROUP BY period, pred_op
      UNION ALL SELECT period, 'actual', count(*) FROM j WHERE true_op IS NOT NULL GROUP BY period, true_op
    ),
    pairs AS (
      SELECT period,
             CAST(coalesce(sum(n * (n - 1) // 2) FILTER (WHERE kind = 'tp'), 0) AS DOUBLE) AS tp,
             CAST(coalesce(sum(n * (n - 1) // 2) FILTER (WHERE kind = 'predicted'), 0) AS DOUBLE) AS predicted,
             CAST(coalesce(sum(n * (n - 1) // 2) FILTER (WHERE kind = 'actual'), 0) AS DOUBLE) AS actual
      FROM groups GROUP BY period
    )
    SELECT p.period, p.tp, p.predicted, p.actual, CAST(count(o.operation_id) AS DOUBLE) AS operations
    FROM pairs AS p LEFT JOIN operations AS o ON o.period = p.period
    GROUP BY ALL ORDER BY p.period`);
  const [facts] = await db.all<{ ordinary_linked: number; unlinked: number; merged: number; merged_across_templates: number }>(`
    WITH j AS (
      SELECT t.quarter AS period, nullif(t.operation_id, '') AS true_op, nullif(t.template_id, '') AS template_id, ro.operation_id AS pred_op
      FROM truth_records AS t
      LEFT JOIN record_operations AS ro ON ro.source = t.source AND ro.record_id = t.record_id
    ),
    true_ops AS (SELECT period, true_op, max(template_id) AS template_id FROM j WHERE true_op IS NOT NULL GROUP BY ALL),
    found AS (
      SELECT j.pred_op, count(DISTINCT j.true_op) AS true_ops, count(DISTINCT o.template_id) AS templates, bool_or(o.template_id IS NULL) AS untemplated
      FROM (SELECT DISTINCT period, pred_op, true_op FROM j WHERE pred_op IS NOT NULL AND true_op IS NOT NULL) AS j
      JOIN true_ops AS o USING (period, true_op)
      GROUP BY j.pred_op
    )
    SELECT CAST((SELECT count(*) FROM j WHERE true_op IS NULL AND pred_op IS NOT NULL) AS DOUBLE) AS ordinary_linked,
           CAST((SELECT count(*) FROM j WHERE true_op IS NOT NULL AND pred_op IS NULL) AS DOUBLE) AS unlinked,
           CAST((SELECT count(*) FROM found WHERE true_ops >= 2) AS DOUBLE) AS merged,
           CAST((SELECT count(*) FROM found WHERE true_ops >= 2 AND (templates <> 1 OR untemplated)) AS DOUBLE) AS merged_across_templates`);
  const sum = (k: 'tp' | 'predicted' | 'actual' | 'operations') => periods.reduce((t, p) => t + p[k], 0);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    precision: ratio(sum('tp'), sum('predicted')),
    recall: ratio(sum('tp'), sum('actual')),
    pairs: { true_positive: sum('tp'), predicted: sum('predicted'), actual: sum('actual') },
    operations: sum('operations'),
    periods: periods.map((p) => ({ period: p.period, precision: ratio(p.tp, p.predicted), recall: ratio(p.tp, p.actual), operations: p.operations })),
    ...facts!,
  };
}

/**
 * Opens the project database, reads truth_records.csv into a temp table and scores the linkage the
 * last run built. keyedOnly leaves out the complaints the generator hid with no key (keyless = 1),
 * which only a template cluster can link.
 */
export async function scoreProjectLinkage(dbPath: string, truthRecordsCsv: string, options: { keyedOnly?: boolean } = {}): Promise<LinkageScore> {
  const db = await openDatabase(dbPath);
  try {
    await db.run(
      `CREATE TEMP TABLE truth_records AS SELECT * FROM read_csv(${quoteLiteral(truthRecordsCsv)}, all_varchar = true)${options.keyedOnly ? " WHERE coalesce(keyless, '') <> '1'" : ''}`,
    );
    return await score(db);
  } finally {
    db.close();
  }
}
