// Days of 2023–2025 as indices, with their parts precomputed, so that writing a date in any of the
// formats sources use costs a table lookup instead of a Date per row.

export interface Day {
  y: number;
  m: number;
  d: number;
  iso: string;
  /** 2024年3月1日 */
  zh: string;
  /** Days since 1899-12-30, the Excel (1900 system) serial number. */
  serial: number;
}

const EPOCH = Date.UTC(2023, 0, 1);
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export const DAYS: readonly Day[] = (() => {
  const out: Day[] = [];
  for (let t = EPOCH; t < Date.UTC(2026, 0, 1); t += DAY_MS) {
    const date = new Date(t);
    out.push({
      y: date.getUTCFullYear(),
      m: date.getUTCMonth() + 1,
      d: date.getUTCDate(),
      iso: date.toISOString().slice(0, 10),
      zh: `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`,
      serial: (t - EXCEL_EPOCH) / DAY_MS,
    });
  }
  return out;
})();

/** First day index and number of days of quarter q (0 = 2023Q1). */
export function quarterDays(q: number): { first: number; count: number } {
  const year = 2023 + Math.floor(q / 4);
  const month = (q % 4) * 3;
  const first = (Date.UTC(year, month, 1) - EPOCH) / DAY_MS;
  const next = (Date.UTC(year, month + 3, 1) - EPOCH) / DAY_MS;
  return { first, count: next - first };
}

export function dayDate(day: number): Date {
  return new Date(EPOCH + day * DAY_MS);
}
