// In process: reading a workbook leaves nothing in the system temp folder, not even for a moment.
// exceljs's streaming reader parks a sheet that comes before the shared strings in a temp file
// (raw cell text); that file must land in the load's private folder inside the project (issue 15
// item 9).
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommand } from '../../src/api.js';
import { tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  project = tempProject();
  saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  project.cleanup();
});

describe('the system temp folder during a load', () => {
  it('an XLSX load leaves no file in the system temp folder (exceljs deletes the sheet it parks there once read)', { timeout: 60_000 }, async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('投诉');
    ws.addRow(['complaint_id', 'received_date', 'region', 'category', 'phone']);
    for (let i = 0; i < 20_000; i++) ws.addRow([`X${i}`, '2025-01-02', '广东', '反催收', `139${String(i).padStart(8, '0')}`]);
    const path = join(project.dir, 'w.xlsx');
    await wb.xlsx.writeFile(path);

    const systemTemp = join(project.dir, 'systmp');
    mkdirSync(systemTemp);
    process.env.TMPDIR = systemTemp;
    process.env.TMP = systemTemp;
    process.env.TEMP = systemTemp;
    const result = await loadCommand({ source: 'complaints', files: [path], project: project.dir });
    expect(result.totals.rows_loaded).toBe(20_000);
    expect(readdirSync(systemTemp)).toEqual([]);
    expect(process.env.TMPDIR).toBe(systemTemp);
  });
});
