// Reporting periods: a quarter (2025Q1) or a year (2025, its four quarters), as DESIGN.md writes
// them. Shared by the models, the estimate and templated-complaint detection; in SQL the period of
// a date is the macro gs_period(d) (sql/macros.sql).
import { usageError } from './errors.js';

/** A quarter (2025Q1), or a year (2025), which means its four quarters (DESIGN.md). */
export const PERIOD = /^\d{4}(?:Q[1-4])?$/;

/** How people write a period: any case, a dash or space before the quarter, full-width digits (2025q1, 2025-Q1, ２０２５Ｑ１). */
const WRITTEN_PERIOD = /^(\d{4})(?:[-\s]?Q([1-4]))?$/i;

/** The canonical spelling of a period as written (2025-q1 → 2025Q1), or undefined when it is not one. */
export function normalisePeriod(value: string): string | undefined {
  const m = WRITTEN_PERIOD.exec(value.normalize('NFKC').trim());
  if (!m) return undefined;
  return m[2] === undefined ? m[1]! : `${m[1]}Q${m[2]}`;
}

/** Whether a quarter lies in a period (a quarter: itself; a year: its four quarters). */
export function inPeriod(quarter: string, period: string): boolean {
  return period.length === 4 ? quarter.startsWith(period) : quarter === period;
}

/** A --period value in its canonical spelling (2025q1, 2025-Q1 → 2025Q1); a usage error when it is not a period. */
export function parsePeriod(value: string): string {
  const period = normalisePeriod(value);
  if (period === undefined) {
    throw usageError(
      `--period ${JSON.stringify(value)} is not a quarter or a year`,
      'Write a quarter as YYYYQn (2025Q1) or a year as YYYY (2025: its four quarters).',
    );
  }
  return period;
}
