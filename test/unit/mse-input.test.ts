// Capture-history tables: good files parse (missing histories count as zero); every kind of bad
// input is refused with exit 3 and a message naming file:line:column.
import { describe, expect, it } from 'vitest';
import { parseCaptureHistories } from '../../src/core/estimate/history.js';
import { GrayscopeError } from '../../src/core/errors.js';

const refuse = (text: string): GrayscopeError => {
  try {
    parseCaptureHistories(text, 'x.csv');
  } catch (e) {
    return e as GrayscopeError;
  }
  throw new Error('the table was accepted');
};

describe('parseCaptureHistories', () => {
  it('reads list names from the header and counts by history, missing ones as zero', () => {
    const t = parseCaptureHistories('\uFEFFpolice,court,count\r\n1,0,5\r\n1,1,2\r\n0,1,7\r\n', 'x.csv');
    expect(t.lists).toEqual(['police', 'court']);
    expect([...t.counts]).toEqual([0, 5, 7, 2]);
    const sparse = parseCaptureHistories('A,B,C,count\n1,0,0,5\n0,1,0,3\n0,0,1,1\n', 'x.csv');
    expect(sparse.counts.length).toBe(8);
    expect(sparse.counts[3]).toBe(0);
  });
  it('takes a column named count as the counts even when a list is named N, freq or frequency', () => {
    // Lists named A to P (16 lists) include N: it is a list, not the count, when a count column is there.
    const t = parseCaptureHistories('M,N,O,count\n1,0,0,5\n0,1,0,3\n0,0,1,1\n1,1,1,2\n', 'x.csv');
    expect(t.lists).toEqual(['M', 'N', 'O']);
    expect([...t.counts]).toEqual([0, 5, 3, 0, 1, 0, 0, 2]);
    const aliases = parseCaptureHistories('A,n,frequency\n1,0,4\n0,1,6\n', 'x.csv');
    expect(aliases.lists).toEqual(['A', 'n']);
    expect([...aliases.counts]).toEqual([0, 4, 6, 0]);
    // Alone, n is still read as the count column.
    expect(parseCaptureHistories('A,B,n\n1,0,4\n0,1,6\n', 'x.csv').lists).toEqual(['A', 'B']);
  });
  it('accepts the count column anywhere and an all-zero history with count 0', () => {
    const t = parseCaptureHistories('count,A,B\n5,1,0\n2,1,1\n7,0,1\n0,0,0\n', 'x.csv');
    expect([...t.counts]).toEqual([0, 5, 7, 2]);
  });
  const cases: Array<[string, string, RegExp]> = [
    ['a value other than 0/1', 'A,B,count\n1,0,5\n1,2,3\n', /^x\.csv:3:2 \(list "B"\): "2" is not 0 or 1/],
    ['a negative count', 'A,B,count\n1,0,5\n1,1,-3\n', /^x\.csv:3:3 \(count\): "-3" is not a non-negative whole number/],
    ['a fractional count', 'A,B,count\n1,0,5\n1,1,2.5\n', /^x\.csv:3:3 \(count\): "2.5"/],
    ['a duplicate history', 'A,B,count\n1,0,5\n0,1,3\n1,0,2\n', /^x\.csv:4: the capture history 10 repeats line 2/],
    ['an all-zero history with a count', 'A,B,count\n1,0,5\n0,0,3\n', /^x\.csv:3: the all-zero history/],
    ['fewer than two lists', 'A,count\n1,5\n', /^x\.csv:1: 1 list column; MSE needs at least 2/],
    ['no count column', 'A,B,C\n1,0,1\n', /^x\.csv:1: no count column/],
    ['a short row', 'A,B,count\n1,0,5\n1,3\n', /^x\.csv:3: 2 fields where the header has 3/],
    ['a list that saw nobody', 'A,B,C,count\n1,0,0,5\n1,1,0,3\n', /list "C" has no cases/],
    ['an empty file', '', /^x\.csv: the file is empty/],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what} with exit 3 and its position`, () => {
      const err = refuse(text);
      expect(err).toBeInstanceOf(GrayscopeError);
      expect(err.exitCode).toBe(3);
      expect(err.message).toMatch(message);
      expect(err.hint).toBeTruthy();
    });
  }
});
