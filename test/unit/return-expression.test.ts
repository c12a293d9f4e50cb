// The rule language of the return templates: parsing (errors name the rule and the column), the cells
// a rule reads, and evaluation with interval arithmetic, whose bounds are checked against closed forms
// written out by hand.
import { describe, expect, it } from 'vitest';
import {
  type CellValue,
  codesBetween,
  type EvaluationContext,
  ExpressionError,
  evaluate,
  formatReference,
  parseExpression,
  references,
} from '../../src/core/returns/expression.js';

/** A one-sheet return (S01) whose rows are deliberately not in alphabetical order. */
const ROWS = ['r010', 'r030', 'r020', 'r100'];
const COLS = ['c010', 'c020', 'c030'];

function context(values: Record<string, number | null>, decimals = 0, previous?: Record<string, number | null>): EvaluationContext {
  const read = (map: Record<string, number | null>, key: string): CellValue => ({ v: key in map ? map[key]! : null, decimals });
  const between = (codes: string[], from: string, to: string) => {
    const out = codesBetween(codes, from, to);
    if (!out) throw new Error(`unknown range ${from}:${to}`);
    return out;
  };
  return {
    value: (sheet, row, col) => read(values, `${sheet}.${row}.${col}`),
    previous: (sheet, row, col) => (previous ? read(previous, `${sheet}.${row}.${col}`) : undefined),
    rows: (_sheet, from, to) => between(ROWS, from, to),
    cols: (_sheet, from, to) => between(COLS, from, to),
  };
}

const run = (expression: string, ctx: EvaluationContext) => evaluate(parseExpression('v0010', expression), ctx);

function parseError(expression: string): ExpressionError {
  try {
    parseExpression('v0010', expression);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`parsed: ${expression}`);
}

describe('parsing rule expressions', () => {
  it('parses cells, ranges, functions and operators with the usual precedence', () => {
    const ast = parseExpression('v0010', 'sum({S01, r010:r020, c010}) = {S01, r100, c010} + 2 * 3');
    expect(ast).toMatchObject({
      kind: 'compare',
      op: '=',
      left: { kind: 'call', fn: 'sum', args: [{ kind: 'ref', sheet: 'S01', rows: ['r010', 'r020'], cols: ['c010', 'c010'] }] },
      right: { kind: 'arith', op: '+', right: { kind: 'arith', op: '*' } },
    });
    const logic = parseExpression('v0011', 'not {S01,r010,c010} > 0 or {S01,r010,c020} >= 0 and abs({S01,r010,c030}) <= 1');
    expect(logic).toMatchObject({ kind: 'logic', op: 'or', left: { kind: 'not' }, right: { kind: 'logic', op: 'and' } });
  });

  it("names the rule and the column: v0010: expected ')' at column 17", () => {
    const e = parseError('abs({S01,r1,c1} = 2');
    expect(e.message).toBe("v0010: expected ')', found '=' at column 17");
    expect(e.column).toBe(17);
    expect(e.exitCode).toBe(2);
    expect(parseError('{S01, r010, c010} = ').message).toMatch(/found the end of the expression at column 21$/);
  });

  it.each([
    ['foo({S01,r010,c010}) = 1', /unknown function 'foo' \(known: sum, abs, min, max, prev\) at column 1$/],
    ['{S01, x010, c010} = 1', /expected a row code such as r010, found 'x010' at column 7$/],
    ['{S01, r010:r020, c010:c020} = 1', /a range spans rows or columns, not both at column 1$/],
    ['{S01, r010:r020, c010} = 1', /'=' compares numbers, not a range at column 1$/],
    ['{S01, r010, c010} + 1', /a rule must be a condition .* not a number at column 1$/],
    ['1 < 2 < 3', /comparisons do not chain.* at column 7$/],
    ['(1 = 1) + 2 = 3', /'\+' needs numbers, not a condition at column 2$/],
    ['min(1) = 1', /min\(\) takes two arguments, got 1 at column 6$/],
    ['prev(1) = 1', /prev\(\) takes one cell .* at column 6$/],
    ['sum(1 + 2) = 3', /sum\(\) adds cells and ranges .* at column 5$/],
    ['{S01, r010, c010} （= 1', /full-width '（': write ASCII '\(' at column 19$/],
    ['1 = 1 ;', /unexpected character ';' at column 7$/],
    ['1 = 1 1', /unexpected '1' at column 7$/],
  ])('refuses %s with its column', (expression, message) => {
    expect(parseError(expression).message).toMatch(message);
  });
});

describe('the cells a rule reads', () => {
  it('lists every cell and range once in reading order, marking those read through prev()', () => {
    const ast = parseExpression('v0010', 'sum({S01, r010:r020, c010}) = {S01, r100, c010} and abs({S01, r100, c010} - prev({S01, r100, c010})) <= 5');
    expect(references(ast).map(formatReference)).toEqual(['{S01, r010:r020, c010}', '{S01, r100, c010}', 'prev({S01, r100, c010})']);
    expect(references(ast)[0]).toEqual({ sheet: 'S01', rows: ['r010', 'r020'], cols: ['c010', 'c010'], previous: false });
  });
});

describe('evaluating with interval arithmetic', () => {
  const parts = { 'S01.r010.c010': 1, 'S01.r030.c010': 1, 'S01.r020.c010': 1 };

  it('passes a total that differs from the sum of its rounded parts by rounding only (0 decimals: n parts give ±n/2 + 1/2)', () => {
    // Three parts of 1 each stand for [0.5, 1.5], their sum for [1.5, 4.5]; a total of 4 stands for [3.5, 4.5]: overlap.
    const ok = run('sum({S01, r010:r020, c010}) = {S01, r100, c010}', context({ ...parts, 'S01.r100.c010': 4 }));
    expect(ok).toEqual({ status: 'pass', left: [1.5, 4.5], right: [3.5, 4.5] });
    // A total of 5 stands for [4.5, 5.5]: still touches 4.5. A total of 6 ([5.5, 6.5]) does not.
    expect(run('sum({S01, r010:r020, c010}) = {S01, r100, c010}', context({ ...parts, 'S01.r100.c010': 5 })).status).toBe('pass');
    expect(run('sum({S01, r010:r020, c010}) = {S01, r100, c010}', context({ ...parts, 'S01.r100.c010': 6 }))).toEqual({
      status: 'fail',
      left: [1.5, 4.5],
      right: [5.5, 6.5],
    });
  });

  it('scales the tolerance with the decimals (2 decimals: ±0.005 a cell)', () => {
    const ctx = (total: number) => context({ 'S01.r010.c010': 0.1, 'S01.r030.c010': 0.2, 'S01.r100.c010': total }, 2);
    // 0.10 + 0.20 stands for [0.29, 0.31]; 0.31 stands for [0.305, 0.315]; 0.32 for [0.315, 0.325].
    const pass = run('{S01, r010, c010} + {S01, r030, c010} = {S01, r100, c010}', ctx(0.31));
    expect(pass.status).toBe('pass');
    expect(pass.left![0]).toBeCloseTo(0.29, 12);
    expect(pass.left![1]).toBeCloseTo(0.31, 12);
    expect(run('{S01, r010, c010} + {S01, r030, c010} = {S01, r100, c010}', ctx(0.32)).status).toBe('fail');
  });

  it('reads ranges in template order, not in code order', () => {
    // r010:r020 in template order is r010, r030, r020; r030 carries 100.
    const ctx = context({ 'S01.r010.c010': 1, 'S01.r030.c010': 100, 'S01.r020.c010': 1, 'S01.r100.c010': 102 });
    expect(run('sum({S01, r010:r020, c010}) = {S01, r100, c010}', ctx).status).toBe('pass');
    expect(run('sum({S01, r030:r100, c010}) = 203', ctx).status).toBe('pass');
    expect(run('sum({S01, r010, c010:c030}) = 1', ctx).status).toBe('pass');
  });

  it('propagates intervals through subtraction, multiplication and division (closed forms)', () => {
    const ctx = context({ 'S01.r010.c010': 10, 'S01.r010.c020': 4 });
    // [9.5, 10.5] − [3.5, 4.5] = [5, 7]; × = [33.25, 47.25]; ÷ = [9.5/4.5, 10.5/3.5] = [2.111…, 3].
    expect(run('{S01, r010, c010} - {S01, r010, c020} = 6', ctx).left).toEqual([5, 7]);
    expect(run('{S01, r010, c010} * {S01, r010, c020} = 40', ctx).left).toEqual([33.25, 47.25]);
    const div = run('{S01, r010, c010} / {S01, r010, c020} <= 3', ctx);
    expect(div.left![0]).toBeCloseTo(9.5 / 4.5, 12);
    expect(div.left![1]).toBeCloseTo(3, 12);
    expect(div.status).toBe('pass');
    expect(run('{S01, r010, c010} / {S01, r010, c020} < 2.1', ctx).status).toBe('fail');
    expect(run('-{S01, r010, c020} = -4', ctx).left).toEqual([-4.5, -3.5]);
    expect(run('abs({S01, r010, c020} - {S01, r010, c010}) = 6', ctx).left).toEqual([5, 7]);
    expect(run('abs({S01, r010, c020} - 4) = 0', ctx).left).toEqual([0, 0.5]);
    expect(run('min({S01, r010, c010}, {S01, r010, c020}) = 4', ctx).left).toEqual([3.5, 4.5]);
    expect(run('max({S01, r010, c010}, {S01, r010, c020}) = 10', ctx).left).toEqual([9.5, 10.5]);
  });

  it('compares intervals: <= on lower(a) <= upper(b), != only when they cannot be equal', () => {
    const ctx = context({ 'S01.r010.c010': 10, 'S01.r010.c020': 9 });
    // [9.5, 10.5] against [8.5, 9.5]: they touch at 9.5.
    expect(run('{S01, r010, c010} <= {S01, r010, c020}', ctx).status).toBe('pass');
    expect(run('{S01, r010, c010} < {S01, r010, c020}', ctx).status).toBe('fail');
    expect(run('{S01, r010, c010} != {S01, r010, c020}', ctx).status).toBe('fail');
    expect(run('{S01, r010, c010} != 12', ctx).status).toBe('pass');
    expect(run('{S01, r010, c010} > 10.5', ctx).status).toBe('fail');
    expect(run('{S01, r010, c010} >= 10.5 and not {S01, r010, c010} > 11', ctx)).toEqual({ status: 'pass' });
    expect(run('{S01, r010, c010} > 11 or {S01, r010, c020} = 9', ctx)).toEqual({ status: 'pass' });
  });

  it('makes the rule not_applicable when a cell it reads is empty, but counts empty cells as 0 in sums', () => {
    const ctx = context({ 'S01.r010.c010': 3, 'S01.r100.c010': 3 });
    expect(run('sum({S01, r010:r020, c010}) = {S01, r100, c010}', ctx).status).toBe('pass');
    expect(run('{S01, r030, c010} <= {S01, r100, c010}', ctx)).toEqual({ status: 'not_applicable', reason: '{S01, r030, c010} is empty' });
  });

  it('makes the rule not_applicable when a divisor may be zero', () => {
    const ctx = context({ 'S01.r010.c010': 3, 'S01.r010.c020': 0 });
    expect(run('{S01, r010, c010} / {S01, r010, c020} <= 1', ctx).status).toBe('not_applicable');
    // A cell holding 0 stands for [−0.5, 0.5], which contains 0; + 1 gives [0.5, 1.5] and 3 ÷ it is [2.5/1.5, 3.5/0.5].
    expect(run('{S01, r010, c010} / ({S01, r010, c020} + 1) <= 1', ctx).status).toBe('fail');
    expect(run('{S01, r010, c010} / ({S01, r010, c020} + 0.5) <= 1', ctx).status).toBe('not_applicable');
  });

  it('skips a rule that reads prev() when there is no previous return, and reads the previous value when there is', () => {
    const rule = 'abs({S01, r100, c010} - prev({S01, r100, c010})) <= 10';
    expect(run(rule, context({ 'S01.r100.c010': 50 }))).toEqual({ status: 'skipped', reason: 'no previous return for prev({S01, r100, c010})' });
    expect(run(rule, context({ 'S01.r100.c010': 50 }, 0, { 'S01.r100.c010': 45 })).status).toBe('pass');
    expect(run(rule, context({ 'S01.r100.c010': 50 }, 0, { 'S01.r100.c010': 30 })).status).toBe('fail');
    expect(run(rule, context({ 'S01.r100.c010': 50 }, 0, {})).status).toBe('not_applicable');
  });
});
