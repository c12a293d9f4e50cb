// How export writes each DuckDB type (src/core/export-cells.ts): which columns are read as exact
// decimal text, when such a text can be an Excel number without losing a digit, and the JSON row
// with exact number tokens.
import { describe, expect, it } from 'vitest';
import { cellKind, excelNumber, type ExportColumn, jsonRow, readExpression, significantDigits } from '../../src/core/export-cells.js';

describe('export cells', () => {
  it('reads DECIMAL and 64/128-bit integers as exact text, small numbers as numbers, lists as JSON, dates as text', () => {
    expect(['DECIMAL(18,2)', 'BIGINT', 'HUGEINT', 'UBIGINT'].map(cellKind)).toEqual(['decimal', 'decimal', 'decimal', 'decimal']);
    expect(['INTEGER', 'DOUBLE', 'FLOAT'].map(cellKind)).toEqual(['number', 'number', 'number']);
    expect(['INTEGER[]', 'DOUBLE[8]', 'STRUCT(a INTEGER)', 'MAP(VARCHAR, INTEGER)'].map(cellKind)).toEqual(['json', 'json', 'json', 'json']);
    expect(['DATE', 'TIMESTAMP', 'VARCHAR'].map(cellKind)).toEqual(['text', 'text', 'text']);
    expect(readExpression({ name: 'at"x', type: 'TIMESTAMP', kind: 'text' })).toBe(`replace(CAST("at""x" AS VARCHAR), ' ', 'T')`);
  });

  it('counts significant digits and keeps a decimal as text beyond the 15 Excel holds', () => {
    expect(['0.01', '123.450', '1000', '0', '-12.50', '1234567890123456.78'].map(significantDigits)).toEqual([1, 5, 1, 0, 3, 18]);
    expect(excelNumber('123456789012.34')).toBe(123456789012.34);
    expect(excelNumber('1234567890123456.78')).toBeUndefined();
    expect(excelNumber('9007199254740993')).toBeUndefined();
    expect(excelNumber('abc')).toBeUndefined();
  });

  it('writes a JSON row with exact decimal tokens, list JSON as it is, null for NaN and missing values', () => {
    const columns: ExportColumn[] = [
      { name: 'd', type: 'DECIMAL(38,2)', kind: 'decimal' },
      { name: 'l', type: 'INTEGER[]', kind: 'json' },
      { name: 'x', type: 'DOUBLE', kind: 'number' },
      { name: 's', type: 'VARCHAR', kind: 'text' },
      { name: 'b', type: 'BOOLEAN', kind: 'boolean' },
    ];
    const text = jsonRow(columns, { d: '1234567890123456.78', l: '[1,2]', x: Number.NaN, s: '"=1"', b: false });
    expect(text).toBe('{"d":1234567890123456.78,"l":[1,2],"x":null,"s":"\\"=1\\"","b":false}');
    expect(jsonRow(columns, {})).toBe('{"d":null,"l":null,"x":null,"s":null,"b":null}');
  });
});
