// assumptions.yaml: the reporting rates of the multiplier method (observed losses ÷ the share of the
// market's money that reaches the records), per category with a range, and named scenarios that
// override them (a rate, or a rate with its own range). Validated with zod before any estimate runs;
// the ranges in force (base or scenario) bound the multiplier's range and drive the one-at-a-time
// sensitivity table behind the tornado chart.
import { z } from 'zod';
import { usageError } from './errors.js';
import { CATEGORIES, type CategoryCode } from './taxonomy.js';
import { parseYaml } from './yaml-schema.js';

const rate = z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1 (a share)');

const range = z
  .object({ central: rate, low: rate, high: rate })
  .strict()
  .refine((r) => r.low <= r.central && r.central <= r.high, { message: 'must satisfy low ≤ central ≤ high' });

const categoryShape = <T extends z.ZodType>(value: T) =>
  Object.fromEntries(CATEGORIES.map((c) => [c.code, value])) as Record<CategoryCode, T>;

export const assumptionsSchema = z
  .object({
    reporting_rates: z.object(categoryShape(range)).strict(),
    scenarios: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_-]*$/, 'scenario names are lower-case letters, digits, - and _'),
        z
          .object({
            description: z.string().optional(),
            // A bare rate, or {central, low, high}: see rateRanges for what a bare rate does to the range.
            reporting_rates: z.object(categoryShape(z.union([rate, range], { error: 'must be a rate (a share between 0 and 1) or { central, low, high }' }).optional())).strict(),
          })
          .strict(),
      )
      .nullish()
      .transform((s) => s ?? {}),
  })
  .strict();

export type Assumptions = z.infer<typeof assumptionsSchema>;
export type Rates = Record<CategoryCode, number>;

export async function parseAssumptions(text: string, file: string): Promise<Assumptions> {
  return parseYaml(assumptionsSchema, text, file, `Fix ${file}: every category needs central, low and high reporting rates (shares between 0 and 1).`);
}

/** A category's reporting rate and the range that bounds it. */
export interface RateRange {
  central: number;
  low: number;
  high: number;
}
export type Ranges = Record<CategoryCode, RateRange>;

// Rates derived by scaling keep six decimals, so 0.05 × 0.2 ÷ 0.1 reads 0.1 in the sensitivity rows.
const six = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The rates and ranges in force: the base ones, with a scenario's overrides when one is named. A
 * scenario's {central, low, high} replaces the category's range; a bare rate moves the range with it,
 * keeping its width relative to the central rate (low and high times rate ÷ central, high at most 1),
 * so the scenario's multiplier always lies inside its own range.
 */
export function rateRanges(assumptions: Assumptions, scenario?: string): Ranges {
  const ranges = Object.fromEntries(CATEGORIES.map((c) => [c.code, { ...assumptions.reporting_rates[c.code] }])) as Ranges;
  if (scenario === undefined) return ranges;
  const chosen = assumptions.scenarios[scenario];
  if (!chosen) {
    const names = Object.keys(assumptions.scenarios);
    throw usageError(`no scenario "${scenario}" in assumptions.yaml`, names.length ? `Scenarios defined: ${names.join(', ')}.` : 'The file defines no scenarios.');
  }
  for (const c of CATEGORIES) {
    const override = chosen.reporting_rates[c.code];
    if (override === undefined) continue;
    if (typeof override !== 'number') {
      ranges[c.code] = { ...override };
      continue;
    }
    const base = assumptions.reporting_rates[c.code];
    const factor = override / base.central;
    ranges[c.code] = { central: override, low: six(base.low * factor), high: Math.min(1, six(base.high * factor)) };
  }
  return ranges;
}

/** The reporting rates to use: the central ones, or the scenario's (rateRanges). */
export function reportingRates(assumptions: Assumptions, scenario?: string): Rates {
  const ranges = rateRanges(assumptions, scenario);
  return Object.fromEntries(CATEGORIES.map((c) => [c.code, ranges[c.code].central])) as Rates;
}

export interface SensitivityCase {
  category: CategoryCode;
  bound: 'low' | 'high';
  rate: number;
  rates: Rates;
}

/**
 * One-at-a-time: each category's rate moved to its low and to its high bound, the others central —
 * the base ranges, or the scenario's when one is named.
 */
export function sensitivityCases(assumptions: Assumptions, scenario?: string): SensitivityCase[] {
  const ranges = rateRanges(assumptions, scenario);
  const central = reportingRates(assumptions, scenario);
  return CATEGORIES.flatMap((c) =>
    (['low', 'high'] as const).map((bound) => {
      const rate = ranges[c.code][bound];
      return { category: c.code, bound, rate, rates: { ...central, [c.code]: rate } };
    }),
  );
}

/** The multiplier method: observed losses in each category ÷ that category's reporting rate. */
export function multiplierEstimate(observed: Partial<Record<CategoryCode, number>>, rates: Rates): { total: number; byCategory: Partial<Rates> } {
  const byCategory: Partial<Rates> = {};
  let total = 0;
  for (const [code, value] of Object.entries(observed) as Array<[CategoryCode, number]>) {
    const scaled = value / rates[code];
    byCategory[code] = scaled;
    total += scaled;
  }
  return { total, byCategory };
}
