// Which period an estimate is "about": the one whose categories and growth a report shows in detail.
// A domain rule, so the terminal table, charts and the bulletin all pick the same quarter.

/**
 * The focus period of a set of estimates: the latest period when none was chosen; for a chosen year
 * (2025) its last quarter in the data; for a chosen quarter that quarter. A choice with no estimates
 * is returned as it was given; undefined only when nothing was chosen and there are no estimates.
 */
export function focusPeriod(estimates: ReadonlyArray<{ period: string }>, chosen: string | null): string | undefined {
  const periods = [...new Set(estimates.map((e) => e.period))].sort();
  if (chosen === null) return periods[periods.length - 1];
  return periods.filter((p) => p.startsWith(chosen)).pop() ?? chosen;
}
