// The pure pieces of reading and exporting a return: figures typed as text, facts written with exactly
// their decimals (no float noise), the quarter's end date, and an in-memory workbook read without exceljs.
import { describe, expect, it } from 'vitest';
import { cellSpecs } from '../../src/core/returns/document.js';
import { factText, quarterEnd } from '../../src/core/returns/package.js';
import { parseFigureText, readReturnWorkbook } from '../../src/core/returns/read.js';
import { shippedTemplate } from '../helpers/return-workbook.js';

describe('figures and facts', () => {
  it('reads numbers typed as text (thousands separators, full-width digits) and refuses other text', () => {
    expect(parseFigureText('1,234')).toEqual({ value: 1234 });
    expect(parseFigureText(' １２３４.５ ')).toEqual({ value: 1234.5 });
    expect(parseFigureText('-0.25')).toEqual({ value: -0.25 });
    expect(parseFigureText('')).toEqual({ value: null });
    expect(parseFigureText('12万')).toEqual({ bad: '12万' });
    expect(parseFigureText('=1+1')).toEqual({ bad: '=1+1' });
  });

  it('writes a fact with exactly its decimals: 1234.5 万元 → 1234.50, 0.1 + 0.2 → 0.30, 1.005 → 1.01', async () => {
    const t = await shippedTemplate('institution');
    const wan = cellSpecs(t).find((c) => c.unit === 'wan' && c.decimals === 2)!;
    const share = cellSpecs(t).find((c) => c.unit === 'share' && c.decimals === 4)!;
    expect(factText(wan, 1234.5)).toBe('1234.50');
    expect(factText(wan, 0.1 + 0.2)).toBe('0.30');
    expect(factText(wan, 1.005)).toBe('1.01');
    expect(factText(share, 2 / 3)).toBe('0.6667');
    expect(factText(wan, null)).toBeNull();
    expect([quarterEnd('2025Q1'), quarterEnd('2025Q2'), quarterEnd('2025Q3'), quarterEnd('2025Q4')]).toEqual(['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31']);
  });

  it('an in-memory workbook without a manifest sheet is not a grayscope return (exit 3), naming its sheets', () => {
    const book = { sheets: [{ name: 'Sheet1', cells: new Map() }] };
    expect(() => readReturnWorkbook(book, 'x.xlsx', [])).toThrow('x.xlsx is not a grayscope return: it has no grayscope manifest (sheets: Sheet1)');
    const wrong = { sheets: [{ name: '_grayscope', cells: new Map([['A1', { value: 'format' }], ['B1', { value: 'other' }]]) }] };
    expect(() => readReturnWorkbook(wrong, 'x.xlsx', [])).toThrow('x.xlsx is not a grayscope return: it has no grayscope manifest (format "other") (sheets: _grayscope)');
  });
});
