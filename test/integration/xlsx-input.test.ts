// XLSX input through exceljs's streaming reader: every multi-byte character must survive, whatever
// the chunk boundaries of the zip stream (exceljs decodes each chunk on its own; we patch that).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xlsxToCsv } from '../../src/adapters/excel-input.js';
import { tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

describe('reading XLSX', () => {
  it('keeps every Chinese character intact across 20,000 rows of shared strings', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(['id', 'text']);
    const words = ['代理退保', '停息挂账', '征信修复', '恶意逃废债', '非法代理维权', '地下钱庄', '侵犯公民个人信息'];
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = `${words[i % words.length]}第${i}号：${'某某银行信用卡分期协商'.repeat(1 + (i % 5))}`;
      expected.push(text);
      ws.addRow([`R${i}`, text]);
    }
    const file = join(project.dir, 'big.xlsx');
    await wb.xlsx.writeFile(file);
    const converted = await xlsxToCsv(file, join(project.dir, 'out.csv'), undefined, () => {});
    expect(converted.rows).toBe(20_000);
    const csv = readFileSync(join(project.dir, 'out.csv'), 'utf8');
    expect(csv.includes('\uFFFD')).toBe(false);
    const texts = csv
      .trim()
      .split('\n')
      .map((line) => JSON.parse(`[${line}]`.replace(/""/g, '\\"'))[2] as string);
    expect(texts).toEqual(expected);
  });
});
