// Issue 10 item 8 through the real loader: --max-rejects refuses a file with too many bad rows (nothing
// loaded, exit 3, the commonest reasons), the wider built-in header aliases of a bank's export, the
// missing-column message naming the project's own aliases, and `init --project DIR`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initCommand, loadCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject('gs-options-');
});
afterEach(() => project.cleanup());

const write = (name: string, text: string) => {
  writeFileSync(join(project.dir, name), text);
  return name;
};
const flags = () => ({ project: project.dir, cwd: project.dir });
const load = (files: string[], extra: Record<string, unknown> = {}) => loadCommand({ source: 'complaints', files, ...flags(), ...extra });
const refusal = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as GrayscopeError;
const db = () => join(project.dir, 'grayscope.duckdb');

// 10 rows: 3 unknown regions, 2 bad dates, 5 good.
const TEN = [
  'complaint_id,received_date,region,category',
  ...['火星', '月球', '冥王星'].map((r, i) => `R${i},2025-03-01,${r},反催收`),
  ...['2025-13-01', 'yesterday'].map((d, i) => `D${i},${d},广东,反催收`),
  ...[0, 1, 2, 3, 4].map((i) => `G${i},2025-03-01,广东,反催收`),
].join('\n');

describe('load --max-rejects', () => {
  it('N: over it nothing is loaded, exit 3, and the message gives the commonest reasons with counts and a first line', async () => {
    const err = await refusal(load([write('ten.csv', TEN)], { maxRejects: '4' }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('5 of 10 rows (50.0%) would be quarantined, over --max-rejects 4');
    expect(err.message).toMatch(/3 × region "…" is not a region of China.*\(first at ten\.csv:2\)/);
    expect(err.message).toMatch(/2 × received_date "…" is not a date.*\(first at ten\.csv:5\)/);
    expect(err.details).toMatchObject({ rows_read: 10, rows_rejected: 5, max_rejects: '4' });
    // Nothing was loaded: no rows, no quarantine, no ledger entry.
    await withDb(db(), async (d) => {
      for (const t of ['complaints', 'quarantine', 'load_ledger']) expect(Number(await d.scalar(`SELECT count(*) FROM ${t}`)), t).toBe(0);
    });
  });

  it('N: at the limit the file loads as usual', async () => {
    const result = await load([write('ten.csv', TEN)], { maxRejects: '5' });
    expect(result.totals).toEqual({ rows_read: 10, rows_loaded: 5, rows_rejected: 5 });
  });

  it('P%: a share of the rows read across the files of the load', async () => {
    expect((await refusal(load([write('ten.csv', TEN)], { maxRejects: '49%' }))).exitCode).toBe(3);
    expect((await load(['ten.csv'], { maxRejects: '50%' })).totals.rows_loaded).toBe(5);
  });

  it.each(['abc', '-1', '150%'])('a bad value %j is a usage error (exit 2) before anything is read', async (bad) => {
    const err = await refusal(load([write('ten.csv', TEN)], { maxRejects: bad }));
    expect(err.exitCode).toBe(2);
    expect(existsSync(db())).toBe(false);
  });
});

describe('header aliases of a bank export', () => {
  it('工单编号, 受理时间, 所在地区, 投诉类别, 被投诉机构名称, 涉及金额（万元）, 联系方式 all map, the unit from the header', async () => {
    write(
      'export.csv',
      '工单编号,受理时间,所在地区,投诉类别,被投诉机构名称,投诉渠道,涉及金额（万元）,联系方式,问题描述\nTS2025030001,2025-03-01,广东,反催收,某某银行,12378热线,1.5,13800138000,催收\n',
    );
    const result = await load(['export.csv']);
    expect(result.files[0]).toMatchObject({ rows_loaded: 1, ignored_columns: [] });
    const row = await withDb(db(), (d) => d.all(`SELECT complaint_id, region, institution, channel, CAST(amount_cny AS DOUBLE) AS amount, phone_masked, narrative FROM complaints`));
    expect(row).toEqual([{ complaint_id: 'TS2025030001', region: '44', institution: '某某银行', channel: '12378热线', amount: 15000, phone_masked: '138****8000', narrative: '催收' }]);
  });

  it.each([
    ['投诉单号', 'complaint_id'],
    ['工单号', 'complaint_id'],
    ['投诉时间', 'received_date'],
    ['所属地区', 'region'],
    ['投诉类型', 'category'],
    ['争议金额', 'amount'],
    ['手机号', 'phone'],
  ])('%s maps to %s', async (header, column) => {
    const base: Record<string, [string, string]> = {
      complaint_id: ['投诉编号', 'A1'],
      received_date: ['受理日期', '2025-03-01'],
      region: ['省份', '广东'],
      category: ['类别', '反催收'],
      amount: ['金额', '100'],
      phone: ['电话', '13800138000'],
    };
    base[column] = [header, base[column]![1]];
    const cols = Object.values(base);
    write('one.csv', `${cols.map((c) => c[0]).join(',')}\n${cols.map((c) => c[1]).join(',')}\n`);
    const result = await load(['one.csv']);
    expect(result.files[0]).toMatchObject({ rows_loaded: 1, ignored_columns: [] });
  });

  it('the missing-column message lists the project\'s own aliases from grayscope.yaml, marked, before the built-in ones', async () => {
    write('grayscope.yaml', 'aliases:\n  complaints:\n    region: [客户归属地, 归属省]\n');
    write('noregion.csv', 'complaint_id,received_date,地址,category\nA1,2025-03-01,x,反催收\n');
    const err = await refusal(load(['noregion.csv']));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('region (accepted headers: 客户归属地 (grayscope.yaml), 归属省 (grayscope.yaml), region, 地区');
  });
});

describe('init --project DIR', () => {
  it('writes the project into DIR given as --project, not the current folder', async () => {
    const result = await initCommand({ project: 'sub/proj', cwd: project.dir });
    expect(result.dir).toBe(join(project.dir, 'sub', 'proj'));
    expect(existsSync(join(project.dir, 'sub', 'proj', 'grayscope.yaml'))).toBe(true);
    expect(existsSync(join(project.dir, 'grayscope.yaml'))).toBe(false);
  });

  it('DIR and --project naming the same folder is fine; naming two different folders is a usage error (exit 2) that writes nothing', async () => {
    mkdirSync(join(project.dir, 'a'));
    expect((await initCommand({ dir: 'a', project: './a/', cwd: project.dir })).dir).toBe(join(project.dir, 'a'));
    const err = await refusal(initCommand({ dir: 'b', project: 'c', cwd: project.dir }));
    expect(err.exitCode).toBe(2);
    expect(existsSync(join(project.dir, 'b'))).toBe(false);
    expect(existsSync(join(project.dir, 'c'))).toBe(false);
  });

  it('without DIR or --project, init writes into the current folder', async () => {
    expect((await initCommand({ cwd: project.dir })).dir).toBe(project.dir);
    expect(existsSync(join(project.dir, 'grayscope.yaml'))).toBe(true);
  });
});
