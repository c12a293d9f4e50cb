// Corrections through the real loader and DuckDB: `load --upsert` replaces the rows whose id is
// already loaded and keeps the earlier version in record_history; `unload` takes a file (or a load)
// out in one transaction, puts an upsert's earlier versions back, and is recorded for `status`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommand, statusCommand, unloadCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import type { UpsertFileResult } from '../../src/core/ingest/load.js';
import { silentReporter } from '../../src/core/reporter.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject('gs-upsert-');
});
afterEach(() => project.cleanup());

const HEAD = '工单编号,受理时间,所在地区,投诉类别,被投诉机构名称,涉及金额（万元）,联系方式,投诉内容';
const ORIGINAL = [
  'TS2025030001,2025-03-01,广东,反催收,某某银行信用卡中心,1.5,13800138000,代理机构称可以停息挂账',
  'TS2025030002,2025-03-02,浙江,代理投诉,某某银行信用卡中心,0.8,13900139000,要求全额退费',
  'TS2025030003,2025-03-03,江苏,代理退保,某某银行,2,13700137000,要求退保',
];
// The bank's corrected re-export: 0001's amount and 0002's region fixed, 0003 as it was, 0004 new,
// and 0004 twice (a duplicate inside the correction itself).
const CORRECTED = [
  'TS2025030001,2025-03-01,广东,反催收,某某银行信用卡中心,1.8,13800138000,代理机构称可以停息挂账',
  'TS2025030002,2025-03-02,上海,代理投诉,某某银行信用卡中心,0.8,13900139000,要求全额退费',
  'TS2025030003,2025-03-03,江苏,代理退保,某某银行,2,13700137000,要求退保',
  'TS2025030004,2025-03-04,北京,征信修复,某某银行,,13600136000,补录',
  'TS2025030004,2025-03-04,北京,征信修复,某某银行,,13600136000,补录（重复）',
];

const write = (name: string, rows: readonly string[]) => {
  writeFileSync(join(project.dir, name), `${HEAD}\n${rows.join('\n')}\n`);
  return name;
};
const db = () => join(project.dir, 'grayscope.duckdb');
const flags = () => ({ project: project.dir, cwd: project.dir });
const load = (files: string[], extra: Record<string, unknown> = {}) => loadCommand({ source: 'complaints', files, ...flags(), ...extra });
const unload = (target: string) => unloadCommand({ target, ...flags() });
const refusal = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as GrayscopeError;

type Row = { complaint_id: string; region: string; amount_cny: number | null; source_file: string; load_id: number };
const table = () =>
  withDb(db(), (d) => d.all<Row>('SELECT complaint_id, region, CAST(amount_cny AS DOUBLE) AS amount_cny, source_file, load_id FROM complaints ORDER BY complaint_id'));

describe('load --upsert', () => {
  it('replaces rows whose id is loaded, keeps the earlier versions in record_history, and reports status updated with counts', async () => {
    const first = await load([write('投诉明细_2025Q1.csv', ORIGINAL)]);
    const result = await load([write('投诉明细_2025Q1_更正.csv', CORRECTED)], { upsert: true });
    const file = result.files[0] as UpsertFileResult;
    expect(file.status).toBe('updated');
    expect(file).toMatchObject({ rows_read: 5, rows_loaded: 4, rows_rejected: 1, rows_new: 1, rows_replaced: 3, rows_changed: 2 });
    expect(file.rows_read).toBe(file.rows_loaded + file.rows_rejected);
    const rows = await table();
    expect(rows.map((r) => [r.complaint_id, r.region, r.amount_cny, r.source_file])).toEqual([
      ['TS2025030001', '44', 18000, '投诉明细_2025Q1_更正.csv'],
      ['TS2025030002', '31', 8000, '投诉明细_2025Q1_更正.csv'],
      ['TS2025030003', '32', 20000, '投诉明细_2025Q1_更正.csv'],
      ['TS2025030004', '11', null, '投诉明细_2025Q1_更正.csv'],
    ]);
    await withDb(db(), async (d) => {
      const history = await d.all<{ record_id: string; region: string; amount: string; source_file: string; load_id: number; replaced_by_load: number }>(
        `SELECT record_id, record->>'region' AS region, record->>'amount_cny' AS amount, source_file, load_id, replaced_by_load FROM record_history ORDER BY record_id`,
      );
      expect(history.map((h) => [h.record_id, h.region, Number(h.amount), h.source_file, Number(h.load_id), Number(h.replaced_by_load)])).toEqual([
        ['TS2025030001', '44', 15000, '投诉明细_2025Q1.csv', first.load_id, result.load_id],
        ['TS2025030002', '33', 8000, '投诉明细_2025Q1.csv', first.load_id, result.load_id],
        ['TS2025030003', '32', 20000, '投诉明细_2025Q1.csv', first.load_id, result.load_id],
      ]);
      // The duplicate inside the correction itself is still quarantined.
      const reasons = await d.all<{ line: number; reason: string }>(`SELECT line, reason FROM quarantine ORDER BY line`);
      expect(reasons).toHaveLength(1);
      expect(reasons[0]!.line).toBe(6);
      expect(reasons[0]!.reason).toContain('is a duplicate');
    });
  });

  it('without --upsert the same correction quarantines every repeated id as a duplicate (the behaviour --upsert exists for)', async () => {
    await load([write('a.csv', ORIGINAL)]);
    const result = await load([write('b.csv', CORRECTED)]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', rows_loaded: 1, rows_rejected: 4 });
    expect('rows_replaced' in result.files[0]!).toBe(false);
  });

  it('a file whose ids are all new is status loaded, with rows_new counted', async () => {
    const result = await load([write('a.csv', ORIGINAL)], { upsert: true });
    expect(result.files[0]).toMatchObject({ status: 'loaded', rows_new: 3, rows_replaced: 0, rows_changed: 0 });
  });

  it('--upsert with --replace is a usage error (exit 2) and loads nothing', async () => {
    const err = await refusal(load([write('a.csv', ORIGINAL)], { upsert: true, replace: true }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('--replace and --upsert');
  });

  it('--replace of a file some of whose rows a correction replaced is refused (exit 2) naming the correction to unload first', async () => {
    await load([write('a.csv', ORIGINAL)]);
    const correction = await load([write('b.csv', CORRECTED)], { upsert: true });
    write('a.csv', ORIGINAL.slice(0, 2));
    const err = await refusal(load(['a.csv'], { replace: true }));
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain(`grayscope unload ${correction.load_id}`);
  });
});

describe('unload', () => {
  it('unload FILE removes its rows and its quarantine in one go and status lists the unload', async () => {
    await load([write('a.csv', ORIGINAL)]);
    const bad = await load([write('b.csv', ['X1,2025-13-01,广东,反催收,,,,', 'X2,2025-03-01,广东,反催收,,,,'])]);
    const result = await unload('b.csv');
    expect(result.unloaded).toEqual([{ source: 'complaints', path: 'b.csv', sha256: bad.files[0]!.sha256, load_id: bad.load_id, rows: 1, quarantined: 1, restored: 0 }]);
    expect(result.totals).toEqual({ rows: 1, quarantined: 1, restored: 0 });
    expect((await table()).map((r) => r.complaint_id)).toEqual(['TS2025030001', 'TS2025030002', 'TS2025030003']);
    await withDb(db(), async (d) => expect(Number(await d.scalar('SELECT count(*) FROM quarantine'))).toBe(0));
    const status = await statusCommand(flags());
    expect(status.files.map((f) => f.path)).toEqual(['a.csv']);
    expect(status.unloads).toEqual([
      expect.objectContaining({ unload_id: result.unload_id, source: 'complaints', path: 'b.csv', load_id: bad.load_id, rows: 1, quarantined: 1, restored: 0 }),
    ]);
    // The file can be loaded again: the ledger no longer says unchanged.
    expect((await load(['b.csv'])).files[0]!.status).toBe('loaded');
  });

  it('unload LOAD_ID removes every file of that load', async () => {
    await load([write('a.csv', ORIGINAL)]);
    const both = await load([write('c.csv', ['C1,2025-03-01,广东,反催收,,,,']), write('d.csv', ['D1,2025-03-01,广东,反催收,,,,'])]);
    const result = await unload(String(both.load_id));
    expect(result.unloaded.map((u) => u.path).sort()).toEqual(['c.csv', 'd.csv']);
    expect((await table()).map((r) => r.complaint_id)).toEqual(['TS2025030001', 'TS2025030002', 'TS2025030003']);
  });

  it('unload of an upsert load puts back the versions it replaced, with their own file and load id, and empties the history', async () => {
    const first = await load([write('a.csv', ORIGINAL)]);
    const before = await table();
    const correction = await load([write('b.csv', CORRECTED)], { upsert: true });
    const result = await unload('b.csv');
    expect(result.unloaded[0]).toMatchObject({ load_id: correction.load_id, rows: 4, quarantined: 1, restored: 3 });
    const after = await table();
    expect(after).toEqual(before);
    expect(after.every((r) => r.load_id === first.load_id)).toBe(true);
    await withDb(db(), async (d) => expect(Number(await d.scalar('SELECT count(*) FROM record_history'))).toBe(0));
    // And the original can then come out too.
    expect((await unload('a.csv')).totals.rows).toBe(3);
    expect(await table()).toEqual([]);
  });

  it('unloading the original while a correction replaced some of its rows is refused (exit 2), naming the correction', async () => {
    await load([write('a.csv', ORIGINAL)]);
    const correction = await load([write('b.csv', CORRECTED)], { upsert: true });
    const err = await refusal(unload('a.csv'));
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain(`grayscope unload ${correction.load_id}`);
    expect(await table()).toHaveLength(4);
  });

  it('an unknown file or load id is a usage error (exit 2) that lists the loaded files', async () => {
    await load([write('a.csv', ORIGINAL)]);
    for (const target of ['nothing.csv', '999']) {
      const err = await refusal(unload(target));
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(target);
      expect(err.hint).toContain('a.csv (complaints, load 1)');
      expect(err.details).toEqual({ loaded: [{ path: 'a.csv', source: 'complaints', load_id: 1 }] });
    }
  });

  it('unload in a project with no database is exit 2 and creates none', async () => {
    const err = await refusal(unload('a.csv'));
    expect(err.exitCode).toBe(2);
    await expect(import('node:fs').then((fs) => fs.existsSync(db()))).resolves.toBe(false);
  });
});

describe('a correction loaded without --upsert', () => {
  it('warns that its repeated ids look like a corrected re-export and names the two commands that load it as one', async () => {
    await load([write('a.csv', ORIGINAL)]);
    const warnings: string[] = [];
    const reporter = { ...silentReporter, warn: (m: string) => warnings.push(m) };
    await loadCommand({ source: 'complaints', files: [write('b.csv', CORRECTED)], ...flags() }, reporter);
    expect(warnings.filter((w) => w.includes('repeat ids'))).toEqual([
      'b.csv: 3 of its 5 rows repeat ids already loaded from another file. If it is a corrected re-export, load it as one: grayscope unload b.csv, then grayscope load complaints b.csv --upsert',
    ]);
  });
});
