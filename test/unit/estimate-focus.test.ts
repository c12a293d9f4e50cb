import { describe, expect, it } from 'vitest';
import { focusPeriod } from '../../src/core/estimate/focus.js';

const rows = (...periods: string[]) => periods.map((period) => ({ period }));

describe('focusPeriod', () => {
  it('is the latest period when none was chosen, whatever the order of the rows', () => {
    expect(focusPeriod(rows('2025Q1', '2023Q1', '2024Q4', '2025Q1'), null)).toBe('2025Q1');
  });

  it('is the last quarter of a chosen year that the data has', () => {
    expect(focusPeriod(rows('2024Q4', '2025Q2', '2025Q1', '2023Q2'), '2025')).toBe('2025Q2');
  });

  it('is the chosen quarter, not a later one', () => {
    expect(focusPeriod(rows('2025Q1', '2025Q2'), '2025Q1')).toBe('2025Q1');
  });

  it('returns a choice the estimates do not hold as it was given, and undefined for no rows and no choice', () => {
    expect(focusPeriod(rows('2024Q4'), '2025')).toBe('2025');
    expect(focusPeriod([], null)).toBeUndefined();
  });
});
