// assumptions.yaml: the reporting rates of the multiplier method (observed losses ÷ the share of the
// market's money that reaches the records), per category with a range, and named scenarios that
// override them. Validated with zod before any estimate runs; the ranges drive the one-at-a-time
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
            reporting_rates: z.object(categoryShape(rate.optional())).strict(),
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

/** The reporting rates to use: the central ones, with a scenario's overrides when one is named. */
export function reportingRates(assumptions: Assumptions, scenario?: string): Rates {
  const rates = Object.fromEntries(CATEGORIES.map((c) => [c.code, assumptions.reporting_rates[c.code].central])) as Rates;
  if (scenario === undefined) return rates;
  const chosen = assumptions.scenarios[scenario];
  if (!chosen) {
    const names = Object.keys(assumptions.scenarios);
    throw usageError(`no scenario "${scenario}" in assumptions.yaml`, names.length ? `Scenarios defined: ${names.join(', ')}.` : 'The file defines no scenarios.');
  }
  for (const c of CATEGORIES) {
    const override = chosen.reporting_rates[c.code];
    if (override !== undefined) rates[c.code] = override;
  }
  return rates;
}

export interface SensitivityCase {
  category: CategoryCode;
  bound: 'low' | 'high';
  rate: number;
  rates: Rates;
}

/** One-at-a-time: each category's rate moved to its low and to its high bound, the others central. */
export function sensitivityCases(assumptions: Assumptions): SensitivityCase[] {
  const central = reportingRates(assumptions);
  return CATEGORIES.flatMap((c) =>
    (['low', 'high'] as const).map((bound) => {
      const rate = assumptions.reporting_rates[c.code][bound];
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
