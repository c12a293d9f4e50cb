// Small CSV builders for the end-to-end tests: the tests write their own inputs so that every line
// number, duplicate and bad value they assert on is visible next to the assertion.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export const HEADER = ['complaint_id', 'received_date', 'region', 'category', 'amount', 'phone', 'narrative'] as const;

/** One CSV field, quoted when it holds a comma, a quote or a newline. */
export function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(field).join(',');
}

export function writeCsv(path: string, rows: ReadonlyArray<readonly string[]>, header: readonly string[] = HEADER): void {
  writeFileSync(path, `${[header, ...rows].map(csvLine).join('\n')}\n`, 'utf8');
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The basic complaints file: 6 records, 3 good, 1 bad date, 1 duplicate id, 1 row with too many
 * fields. Physical lines: header 1, C001 2–3 (quoted newline), C002 4, C003 5, C001 again 6, C004 7, C005 8.
 */
export const BASIC_ROWS: ReadonlyArray<readonly string[]> = [
  ['C001', '2025-01-05', '广东', '反催收', '1200', '13812345678', '接到催收电话\n要求停止还款'],
  ['C002', '2025/2/6', '北京', '征信修复', '300', '13900001111', '征信修复中介收费'],
  ['C003', '2025-13-45', '上海', '代理投诉', '500', '13700002222', '日期有误'],
  ['C001', '2025-03-01', '浙江', '跑分', '400', '13600003333', '重复编号'],
  ['C004', '2025-03-02', '江苏', '跑分', '500', '13500004444', 'ok', 'one field too many'],
  ['C005', '2025-03-03', '江苏', '代理退保', '800', '13500005555', '正常记录'],
];

export const BASIC_EXPECTED = { rows_read: 6, rows_loaded: 3, rows_rejected: 3 };
