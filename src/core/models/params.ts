// Run parameters. They are validated here and reach SQL only as DuckDB variables set with bound
// values (SET VARIABLE period = ?), which models read with getvariable('period'): a parameter can
// never change the text of a query.
import type { Db } from '../ports/db.js';
import { DEFAULT_LINKAGE, type LinkageConfig } from '../config.js';
import { parsePeriod } from '../periods.js';

export type ParameterOrigin = 'flag' | 'config' | 'last_run' | 'default' | 'none';

export interface Parameters {
  period: string | null;
  /** grayscope.yaml `linkage` (variables linkage_template_clusters, linkage_template_min_cluster). */
  linkage: LinkageConfig;
  /** Where each value came from, for the manifest. */
  origin: { period: ParameterOrigin; linkage: ParameterOrigin };
}

/**
 * --period, else an earlier choice (the last run's, for `test`), else grayscope.yaml's
 * default_period, else none: NULL, which models read as every period loaded. Linkage options come
 * from grayscope.yaml only, with their defaults when the file has no `linkage`.
 */
export async function resolveParameters(
  _db: Db,
  options: { period?: string; lastRun?: string | null; defaultPeriod?: string; linkage?: LinkageConfig },
): Promise<Parameters> {
  const linkage = options.linkage ?? DEFAULT_LINKAGE;
  const linkageOrigin: ParameterOrigin = options.linkage ? 'config' : 'default';
  const make = (period: string | null, origin: ParameterOrigin): Parameters => ({ period, linkage, origin: { period: origin, linkage: linkageOrigin } });
  if (options.period !== undefined) return make(parsePeriod(options.period), 'flag');
  if (options.lastRun) return make(options.lastRun, 'last_run');
  if (options.defaultPeriod) return make(options.defaultPeriod, 'config');
  return make(null, 'none');
}
