// Reporting periods: a quarter (2025Q1) or a year (2025, its four quarters), as DESIGN.md writes
// them. Shared by the models, the estimate and templated-complaint detection; in SQL the period of
// a date is the macro gs_period(d) (sql/macros.sql).
import { usageError } from './errors.js';

/** A quarter (2025Q1), or a year (2025), which means its four quarters (DESIGN.md). */
export const PERIOD = /^\d{4}(?:Q[1-4])?$/;

/** Whether a quarter lies in a period (a quarter: itself; a year: its four quarters). */
export function inPeriod(quarter: string, period: string): boolean {
  return period.length === 4 ? quarter.startsWith(period) : quarter === period;
}

export function parsePeriod(value: string): string {
  if (!PERIOD.test(value)) {
    throw usageError(`--period ${JSON.stringify(value)} is not a quarter or a year`, 'Write a quarter as YYYYQn (2025Q1) or a year as YYYY (2025: its four quarters).');
  }
  return value;
}
