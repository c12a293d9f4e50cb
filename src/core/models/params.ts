// Run parameters. They are validated here and reach SQL only as DuckDB variables set with bound
// values (SET VARIABLE period = ?), which models read with getvariable('period'): a parameter can
// never change the text of a query.
import type { Db } from '../../adapters/duckdb.js';
import { usageError } from '../errors.js';

export const PERIOD = /^\d{4}Q[1-4]$/;

export type ParameterOrigin = 'flag' | 'config' | 'last_run' | 'none';

export interface Parameters {
  period: string | null;
  /** Where each value came from, for the manifest. */
  origin: { period: ParameterOrigin };
}

export function parsePeriod(value: string): string {
  if (!PERIOD.test(value)) {
    throw usageError(`--period ${JSON.stringify(value)} is not a quarter`, 'Write a quarter as YYYYQn, for example 2025Q1.');
  }
  return value;
}

/**
 * --period, else an earlier choice (the last run's, for `test`), else grayscope.yaml's
 * default_period, else none: NULL, which models read as every period loaded.
 */
export async function resolveParameters(_db: Db, options: { period?: string; lastRun?: string | null; defaultPeriod?: string }): Promise<Parameters> {
  if (options.period !== undefined) return { period: parsePeriod(options.period), origin: { period: 'flag' } };
  if (options.lastRun) return { period: options.lastRun, origin: { period: 'last_run' } };
  if (options.defaultPeriod) return { period: options.defaultPeriod, origin: { period: 'config' } };
  return { period: null, origin: { period: 'none' } };
}
