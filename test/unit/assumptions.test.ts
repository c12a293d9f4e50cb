import { describe, expect, it } from 'vitest';
import { multiplierEstimate, parseAssumptions, rateRanges, reportingRates, sensitivityCases } from '../../src/core/assumptions.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { ASSUMPTIONS_TEMPLATE } from '../../src/core/project.js';

const fail = async (text: string) => (await parseAssumptions(text, 'assumptions.yaml').catch((e: unknown) => e)) as GrayscopeError;

describe('assumptions.yaml', () => {
  it('the file `grayscope init` writes is valid', async () => {
    const a = await parseAssumptions(ASSUMPTIONS_TEMPLATE, 'assumptions.yaml');
    expect(a.reporting_rates.debt_evasion.central).toBe(0.1);
  });

  it('low above central is refused, naming the line and the key path', async () => {
    const err = await fail(ASSUMPTIONS_TEMPLATE.replace('debt_evasion: { central: 0.10, low: 0.05', 'debt_evasion: { central: 0.10, low: 0.15'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^assumptions\.yaml:\d+:\d+: reporting_rates\.debt_evasion: must satisfy low ≤ central ≤ high/);
  });

  it('a rate of 0 or above 1 is refused', async () => {
    expect((await fail(ASSUMPTIONS_TEMPLATE.replace('high: 0.20 }', 'high: 1.5 }'))).message).toContain('at most 1');
    expect((await fail(ASSUMPTIONS_TEMPLATE.replace('low: 0.02', 'low: 0'))).message).toContain('above 0');
  });

  it('a missing category is refused', async () => {
    const err = await fail(ASSUMPTIONS_TEMPLATE.replace(/^ {2}info_theft:.*\n/m, ''));
    expect(err.message).toContain('reporting_rates.info_theft');
  });

  it('a scenario overrides only the rates it names; an unknown scenario is a usage error listing the others', async () => {
    const a = await parseAssumptions(
      ASSUMPTIONS_TEMPLATE.replace('scenarios: {}', 'scenarios:\n  strict:\n    description: fewer losses reported\n    reporting_rates: { debt_evasion: 0.05 }'),
      'assumptions.yaml',
    );
    const rates = reportingRates(a, 'strict');
    expect(rates.debt_evasion).toBe(0.05);
    expect(rates.credit_repair).toBe(0.15);
    const err = (() => {
      try {
        reportingRates(a, 'lenient');
      } catch (e) {
        return e as GrayscopeError;
      }
    })();
    expect(err?.exitCode).toBe(2);
    expect(err?.hint).toContain('strict');
  });
});

/** The template with its commented example scenario uncommented. */
const withExample = () => ASSUMPTIONS_TEMPLATE.replace('scenarios: {}\n', '').replace(/^# (scenarios:\n(?:# {2}.*\n)+)/m, (block) => block.replace(/^# /gm, ''));

describe('scenarios', () => {
  it('the file init writes defines no scenario, and carries a commented example that parses when uncommented', async () => {
    expect((await parseAssumptions(ASSUMPTIONS_TEMPLATE, 'assumptions.yaml')).scenarios).toEqual({});
    const a = await parseAssumptions(withExample(), 'assumptions.yaml');
    expect(Object.keys(a.scenarios)).toEqual(['pessimistic']);
    expect(reportingRates(a, 'pessimistic')).toMatchObject({ debt_evasion: 0.05, money_laundering: 0.03, credit_repair: 0.15 });
    expect(rateRanges(a, 'pessimistic').money_laundering).toEqual({ central: 0.03, low: 0.01, high: 0.06 });
  });

  it("a scenario's bare rate moves the range with it, so the rate lies inside its own range even beyond the base high", async () => {
    const a = await parseAssumptions(ASSUMPTIONS_TEMPLATE.replace('scenarios: {}', 'scenarios:\n  lenient:\n    reporting_rates: { debt_evasion: 0.3, money_laundering: 0.9 }'), 'assumptions.yaml');
    // debt_evasion base 0.10 (0.05–0.20): × 3 → 0.15–0.60; money_laundering 0.05 (0.02–0.10) × 18 → 0.36–1 (capped).
    expect(rateRanges(a, 'lenient').debt_evasion).toEqual({ central: 0.3, low: 0.15, high: 0.6 });
    expect(rateRanges(a, 'lenient').money_laundering).toEqual({ central: 0.9, low: 0.36, high: 1 });
    expect(rateRanges(a, 'lenient').credit_repair).toEqual(a.reporting_rates.credit_repair);
    expect(rateRanges(a).debt_evasion).toEqual(a.reporting_rates.debt_evasion);
    const cases = sensitivityCases(a, 'lenient');
    expect(cases.filter((c) => c.category === 'debt_evasion').map((c) => c.rate)).toEqual([0.15, 0.6]);
    // The other rates of each case are the scenario's central ones.
    expect(cases.find((c) => c.category === 'credit_repair')!.rates.debt_evasion).toBe(0.3);
  });

  it("a scenario's range must hold low ≤ central ≤ high, and its rates must be shares", async () => {
    const bad = await fail(ASSUMPTIONS_TEMPLATE.replace('scenarios: {}', 'scenarios:\n  odd:\n    reporting_rates:\n      debt_evasion: { central: 0.3, low: 0.4, high: 0.5 }'));
    expect(bad.exitCode).toBe(2);
    expect(bad.message).toMatch(/scenarios\.odd\.reporting_rates\.debt_evasion/);
    expect((await fail(ASSUMPTIONS_TEMPLATE.replace('scenarios: {}', 'scenarios:\n  odd:\n    reporting_rates: { debt_evasion: 1.5 }'))).exitCode).toBe(2);
  });
});

describe('sensitivity and the multiplier method', () => {
  it('moves one rate at a time to each bound: two cases per category, each differing from central in one place', async () => {
    const a = await parseAssumptions(ASSUMPTIONS_TEMPLATE, 'assumptions.yaml');
    const central = reportingRates(a);
    const cases = sensitivityCases(a);
    expect(cases).toHaveLength(14);
    for (const c of cases) {
      const changed = Object.entries(c.rates).filter(([k, v]) => central[k as keyof typeof central] !== v);
      expect(changed).toEqual([[c.category, c.rate]]);
    }
  });

  it('divides observed losses by the reporting rate', async () => {
    const a = await parseAssumptions(ASSUMPTIONS_TEMPLATE, 'assumptions.yaml');
    const result = multiplierEstimate({ debt_evasion: 1_000, money_laundering: 50 }, reportingRates(a));
    expect(result.byCategory.debt_evasion).toBeCloseTo(10_000, 9);
    expect(result.byCategory.money_laundering).toBeCloseTo(1_000, 9);
    expect(result.total).toBeCloseTo(11_000, 9);
  });
});
