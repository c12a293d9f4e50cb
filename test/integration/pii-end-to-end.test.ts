// Personal numbers written the ways issue 15's probe found slipping through (a phone before 万 with
// a date in the text, three separators, thin and zero-width spaces, dots, slashes, underscores),
// in narratives of a CSV, a JSON Lines and an XLSX file, loaded, templated and run: no stretch of
// seven of their digits may be found in any text column of any table or view, in the templates
// report, or in any file the project writes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommand, runCommand, templatesCommand } from '../../src/api.js';
import { writeFiles } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

const NUMBERS = [
  ['13912345678万', '13912345678'],
  ['139 - 0000 - 0116', '13900000116'],
  ['137   2222   3333', '13722223333'],
  ['136\u20094444\u20095555', '13644445555'],
  ['135\u200B6666\u200B7777', '13566667777'],
  ['158.1111.2222', '15811112222'],
  ['159/3333/4444', '15933334444'],
  ['188_5555_6666', '18855556666'],
  ['13812345679.5万', '13812345679'],
  ['6222 0202 0011 2233 445', '6222020200112233445'],
] as const;

const narrative = (written: string) => `2025年3月1日借款，催收人员用${written}多次来电威胁，要求立即还款，请监管部门核实处理。`;

let project: ReturnType<typeof tempProject>;
let templatesReport = '';
const db = () => join(project.dir, 'grayscope.duckdb');

/** The text with separators dropped, so a number split by them is seen whole. */
const joined = (text: string) => text.replace(/[\s\u200B\-–—.\/_()（）]/g, '');
const leaks = (text: string) => NUMBERS.flatMap(([, digits]) => (joined(text).includes(digits.slice(0, 7)) || joined(text).includes(digits.slice(-7)) ? [digits] : []));

beforeAll(async () => {
  project = tempProject('gs-pii-e2e-');
  const head = 'complaint_id,received_date,region,category,institution,narrative';
  const csv = [head, ...NUMBERS.map(([w], i) => `C${i},2025-03-0${1 + (i % 9)},广东省,暴力催收,华信银行,"${narrative(w)}"`)].join('\n');
  const jsonl = NUMBERS.map(([w], i) => JSON.stringify({ complaint_id: `J${i}`, received_date: '2025-03-02', region: '上海', category: '暴力催收', institution: '华信银行', narrative: narrative(w) })).join('\n');
  writeFiles(project.dir, {
    'grayscope.yaml': 'categories:\n  暴力催收: ordinary\nlinkage:\n  template_clusters: true\n  template_min_cluster: 2\n',
    'data/a.csv': `${csv}\n`,
    'data/b.jsonl': `${jsonl}\n`,
  });
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(head.split(','));
  NUMBERS.forEach(([w], i) => ws.addRow([`X${i}`, '2025-03-03', '北京', '暴力催收', '华信银行', narrative(w)]));
  await wb.xlsx.writeFile(join(project.dir, 'data/c.xlsx'));
  for (const f of ['a.csv', 'b.jsonl', 'c.xlsx']) {
    const result = await loadCommand({ source: 'complaints', files: [join(project.dir, 'data', f)], project: project.dir });
    expect(result.totals.rows_loaded, f).toBe(NUMBERS.length);
  }
  templatesReport = JSON.stringify(await templatesCommand({ project: project.dir, minCluster: 2 }));
  await runCommand({ project: project.dir });
}, 120_000);
afterAll(() => project?.cleanup());

describe('no personal number written in a narrative survives a load, templates and a run', () => {
  it('no text column of any table or view holds seven of its digits', async () => {
    const found = await withDb(db(), async (d) => {
      const columns = await d.all<{ schema_name: string; table_name: string; column_name: string }>(
        `SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' AND NOT internal ORDER BY ALL`,
      );
      const out: string[] = [];
      for (const c of columns) {
        const values = await d.all<{ v: string }>(`SELECT DISTINCT "${c.column_name}" AS v FROM "${c.schema_name}"."${c.table_name}" WHERE "${c.column_name}" IS NOT NULL`);
        for (const { v } of values) for (const digits of leaks(v)) out.push(`${c.table_name}.${c.column_name}: ${digits} in ${v}`);
      }
      expect(columns.length).toBeGreaterThan(10);
      return out;
    });
    expect(found).toEqual([]);
  });

  it('the templates report holds none of them, and did find the template', () => {
    expect(templatesReport).toContain('催收人员');
    expect(leaks(templatesReport)).toEqual([]);
  });

  it('no file the project wrote (runs, manifests, exports) holds any of them', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (path !== join(project.dir, 'data')) walk(path);
        } else if (!/\.duckdb(\.wal)?$/.test(name)) {
          for (const digits of leaks(readFileSync(path, 'utf8'))) found.push(`${path}: ${digits}`);
        }
      }
    };
    walk(project.dir);
    expect(found).toEqual([]);
  });
});
