// Why there is nothing to estimate, said from what the data hold: records loaded but none linked into
// an operation (typically complaints alone, without agency names or shared phones/accounts), or no
// records at all for the period asked. The estimate counts operations, so either way it stops (exit 3).
import { SOURCES } from '../config.js';
import { DATE_COLUMN } from '../contract.js';
import { type GrayscopeError, inputError } from '../errors.js';
import { inPeriod } from '../periods.js';
import type { Db } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';

/** `available`: the periods estimate_inputs holds (sorted); `period`: the one asked for, or null for all. */
export async function noOperationsError(db: Db, period: string | null, available: readonly string[]): Promise<GrayscopeError> {
  const held = available.length ? `the models hold operations in ${available[0]}${available.length > 1 ? `…${available[available.length - 1]}` : ''} only` : 'the models hold no operation in any period';
  const loaded: Array<{ source: string; rows: number }> = [];
  for (const source of SOURCES) {
    const date = q(DATE_COLUMN[source]);
    const periods = await db.all<{ p: string; n: number }>(`SELECT gs_period(${date}) AS p, count(*) AS n FROM ${q(source)} GROUP BY 1 ORDER BY 1`);
    const rows = periods.filter((r) => period === null || inPeriod(String(r.p), period)).reduce((a, r) => a + Number(r.n), 0);
    if (rows > 0) loaded.push({ source, rows });
  }
  const where = period === null ? '' : ` in ${period}`;
  if (loaded.length === 0) {
    return inputError(
      `no operations${where}: no records are loaded${period === null ? '' : ' for it'}; ${held}`,
      'Load records for that period, or name a quarter or year that has data (grayscope status lists them).',
    );
  }
  const what = loaded.map((l) => `${l.rows} ${l.rows === 1 ? l.source.replace(/s$/, '') : l.source}`).join(' and ');
  const complaintsOnly = loaded.length === 1 && loaded[0]!.source === 'complaints';
  return inputError(
    `no operations to estimate${where}: the ${what} loaded${period === null ? '' : ' for it'} ${loaded.length === 1 && loaded[0]!.rows === 1 ? 'is' : 'are'} not linked into any operation (record_operations, estimate_inputs)` +
      (complaintsOnly ? '; complaints alone make an operation only where one names an agency or shares a phone or account with another record of its quarter, and none does' : '') +
      (period === null ? '' : `; ${held}`),
    'Linkage needs agency names, shared phone or account numbers, or a second source: load incidents or enforcement records for the same quarters (grayscope load incidents|enforcement FILE…), or complaints with their agency name (代理机构), phone and account columns. grayscope status shows what is loaded.',
  );
}
