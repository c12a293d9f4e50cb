// Small things users hit (issue 10 item 8): periods written in any case or with a dash, and the
// --max-rejects flag's two forms and its bad values.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { parseMaxRejects, rejectCeiling } from '../../src/core/ingest/max-rejects.js';
import { normalisePeriod, parsePeriod } from '../../src/core/periods.js';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as GrayscopeError;
  }
  throw new Error('did not throw');
};

describe('periods', () => {
  it.each([
    ['2025Q1', '2025Q1'],
    ['2025q1', '2025Q1'],
    ['2025-Q1', '2025Q1'],
    ['2025-q4', '2025Q4'],
    [' 2025 q2 ', '2025Q2'],
    ['２０２５Ｑ３', '2025Q3'],
    ['2025', '2025'],
  ])('--period %j is read as %s', (written, canonical) => {
    expect(parsePeriod(written)).toBe(canonical);
  });

  it.each(['2025Q5', '2025Q0', '25Q1', '2025--Q1', 'Q1-2025', '2025H1', ''])('--period %j is a usage error (exit 2) that shows how to write one', (bad) => {
    const err = thrown(() => parsePeriod(bad));
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('2025Q1');
    expect(normalisePeriod(bad)).toBeUndefined();
  });

  it('grayscope.yaml default_period is read the same way: 2025-q1 is 2025Q1', async () => {
    expect((await parseConfig('default_period: 2025-q1\n', 'grayscope.yaml')).default_period).toBe('2025Q1');
    expect((await parseConfig('default_period: "2025"\n', 'grayscope.yaml')).default_period).toBe('2025');
  });

  it('grayscope.yaml default_period that is not a period names the key and line', async () => {
    const err = (await parseConfig('project: x\ndefault_period: 2025Q9\n', 'grayscope.yaml').catch((e: unknown) => e)) as GrayscopeError;
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/grayscope\.yaml:2:1: default_period: must be a quarter/);
  });
});

describe('--max-rejects', () => {
  it('a whole number is a count of rows; P% a share of the rows read', () => {
    expect(parseMaxRejects('0')).toMatchObject({ kind: 'count', value: 0 });
    expect(parseMaxRejects('25')).toMatchObject({ kind: 'count', value: 25 });
    expect(parseMaxRejects('2.5%')).toMatchObject({ kind: 'percent', value: 2.5 });
    expect(parseMaxRejects('100%')).toMatchObject({ kind: 'percent', value: 100 });
    expect(rejectCeiling(parseMaxRejects('25'), 1000)).toBe(25);
    expect(rejectCeiling(parseMaxRejects('2.5%'), 1000)).toBe(25);
  });

  it.each(['abc', '-1', '150%', '1.5', '%', '10 rows', ''])('%j is a usage error (exit 2)', (bad) => {
    const err = thrown(() => parseMaxRejects(bad));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('--max-rejects');
  });
});
