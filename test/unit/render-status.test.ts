// `grayscope status` for people: a source's periods as a range, a single period once (issue 15 item 11).
import { describe, expect, it } from 'vitest';
import type { StatusResult } from '../../src/core/inspect.js';
import { renderStatus } from '../../src/render/status.js';

const status = (periods: string[]): StatusResult => ({
  project: '.',
  database: 'grayscope.duckdb',
  exists: true,
  sources: [{ source: 'complaints', rows: 3, quarantined: 0, first_date: '2025-01-05', last_date: '2025-03-03', periods: periods.map((period) => ({ period, rows: 1 })) }],
  files: [],
  loads: [],
  runs: [],
  unloads: [],
});

describe('status periods', () => {
  it('a single period is printed once, not as a range from itself to itself', () => {
    const out = renderStatus(status(['2025Q1']));
    expect(out).toContain('2025Q1 (1)');
    expect(out).not.toContain('2025Q1…2025Q1');
  });

  it('several periods are a range with their count', () => {
    expect(renderStatus(status(['2024Q4', '2025Q1', '2025Q2']))).toContain('2024Q4…2025Q2 (3)');
  });
});
