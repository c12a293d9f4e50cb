// A bank's complaint export as compliance officers receive it: regions written as cities and
// districts (some ambiguous), the complainant's name in its own column and inside the narrative,
// and times of day in the date column. Through the real loader and DuckDB.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommand } from '../../src/api.js';
import type { LoadResult } from '../../src/core/ingest/load.js';
import { tempProject, withDb } from '../helpers/project.js';

const NAMES = ['张三丰', '李明', '欧阳明华', '王芳', '赵丽', '孙建国', '周杰', '吴敏', '郑秀英', '冯刚', '陈静'];
const PHONES = ['13812345678', '13987654321', '15011112222', '18600001111', '17722223333'];
const IDS = ['440305198501011231', '320508199002154569', '110105197806307891'];

const HEADER = '投诉编号,受理日期,地区,类别,被投诉机构,争议金额,客户姓名,联系电话,身份证号,投诉内容';
const ROWS = [
  `TS2025030001,2025年3月1日 10:20,深圳市,征信修复,招商银行,12000,张三丰,${PHONES[0]},${IDS[0]},本人张三丰，身份证号${IDS[0]}，于2025年3月1日发现征信有误，联系电话${PHONES[0]}。`,
  `TS2025030002,2025-03-02 09:15:30,苏州,代理退保,平安人寿,5000,李明,${PHONES[1]},,我叫李明，是贵公司的投保人，要求退保。`,
  `TS2025030003,2025/3/3 14:05,浦东新区,征信修复,浦发银行,800,欧阳明华,,,投诉人：欧阳明华，客户经理说没有费用。`,
  `TS2025030004,20250304 102030,440300,反催收,微众银行,3000,王芳,,,本人于2025年3月4日被催收，本人名下只有一张卡。`,
  `TS2025030005,2025.3.5 08:00,广东省深圳市南山区,反催收,微众银行,2500,赵丽,,,"我是赵丽，对方是孙建国先生，还有李女士。"`,
  `TS2025030006,2025-03-06T10:20:00+08:00,440305,征信修复,招商银行,100,孙建国,,,本人孙建国在招商银行办理了信用卡。`,
  `TS2025030007,2025年3月7日10时20分,朝阳区,征信修复,中国银行,12345678,周杰,${PHONES[2]},${IDS[1]},本人周杰，电话${PHONES[2]}。`,
  `TS2025030008,2025-03-08 11:00,北京朝阳区,代理退保,中国人寿,600,吴敏,,,客户吴敏，要求全额退保。`,
  `TS2025030009,2025-03-09 12:00,鼓楼区,代理退保,中国人寿,700,郑秀英,${PHONES[3]},,姓名：郑秀英，电话${PHONES[3]}。`,
  `TS2025030010,2025年3月10日10点20分,深圳南山,反催收,微众银行,900,冯刚,,,本人常年在外地打工，客户经理多次来电。`,
  `TS2025030011,2025-03-11 08:30,江苏省苏州市,反催收,招商银行,abc,陈静,${PHONES[4]},${IDS[2]},本人陈静，卡号6222021234567890123。`,
];

let project: ReturnType<typeof tempProject>;
let result: LoadResult;
const db = () => join(project.dir, 'grayscope.duckdb');
beforeAll(async () => {
  project = tempProject('gs-regions-');
  const path = join(project.dir, '投诉明细_2025年3月.csv');
  writeFileSync(path, `${HEADER}\n${ROWS.join('\n')}\n`);
  result = await loadCommand({ source: 'complaints', files: [path], project: project.dir });
}, 60_000);
afterAll(() => project.cleanup());

describe('a complaint export with city-level regions, names and times', () => {
  it('loads the rows whose region names one province and quarantines the ambiguous and the broken', () => {
    expect(result.totals).toEqual({ rows_read: 11, rows_loaded: 8, rows_rejected: 3 });
  });

  it('stores the province and, where the value names one, the city', async () => {
    const rows = await withDb(db(), (d) =>
      d.all<{ complaint_id: string; region: string; city_code: string | null; received_date: string }>(
        `SELECT complaint_id, region, city_code, CAST(received_date AS VARCHAR) AS received_date FROM complaints ORDER BY complaint_id`,
      ),
    );
    expect(rows).toEqual([
      { complaint_id: 'TS2025030001', region: '44', city_code: '440300', received_date: '2025-03-01' },
      { complaint_id: 'TS2025030002', region: '32', city_code: '320500', received_date: '2025-03-02' },
      { complaint_id: 'TS2025030003', region: '31', city_code: '310100', received_date: '2025-03-03' },
      { complaint_id: 'TS2025030004', region: '44', city_code: '440300', received_date: '2025-03-04' },
      { complaint_id: 'TS2025030005', region: '44', city_code: '440300', received_date: '2025-03-05' },
      { complaint_id: 'TS2025030006', region: '44', city_code: '440300', received_date: '2025-03-06' },
      { complaint_id: 'TS2025030008', region: '11', city_code: '110100', received_date: '2025-03-08' },
      { complaint_id: 'TS2025030010', region: '44', city_code: '440300', received_date: '2025-03-10' },
    ]);
  });

  it('rejects an ambiguous district naming its candidates with their provinces', async () => {
    const rejects = await withDb(db(), (d) =>
      d.all<{ line: number; column_name: string; reason: string; original: string }>(`SELECT line, column_name, reason, original FROM quarantine ORDER BY line`),
    );
    expect(rejects.map((r) => [r.line, r.column_name])).toEqual([[8, '地区'], [10, '地区'], [12, '争议金额']]);
    expect(rejects[0]!.reason).toBe(
      'region "朝阳区" is ambiguous: 北京市朝阳区 (11), 吉林省长春市朝阳区 (22) — write the province too, e.g. 北京市朝阳区',
    );
    expect(rejects[1]!.reason).toMatch(/^region "鼓楼区" is ambiguous: 江苏省南京市鼓楼区 \(32\), .*福建省福州市鼓楼区 \(35\), .*河南省开封市鼓楼区 \(41\)/);
  });

  it('shows the reject as written except personal data: ticket number, date, amount and region stay, name, phone and ID are masked', async () => {
    const rejects = await withDb(db(), (d) => d.all<{ original: string }>(`SELECT original FROM quarantine ORDER BY line`));
    expect(rejects[0]!.original).toBe('TS2025030007,2025年3月7日10时20分,朝阳区,征信修复,中国银行,12345678,周*,150****2222,320***********4569,本人周**，电话150****2222。');
    expect(rejects[2]!.original).toBe('TS2025030011,2025-03-11 08:30,江苏省苏州市,反催收,招商银行,abc,陈*,177****3333,110***********7891,本人陈**，卡号622****0123。');
  });

  it('stores names only as hash and mask, and masks names inside narratives', async () => {
    const rows = await withDb(db(), (d) =>
      d.all<{ complaint_id: string; name_hash: string; name_masked: string; narrative: string }>(
        `SELECT complaint_id, name_hash, name_masked, narrative FROM complaints ORDER BY complaint_id`,
      ),
    );
    expect(rows.map((r) => r.name_masked)).toEqual(['张*丰', '李*', '欧阳**', '王*', '赵*', '孙*国', '吴*', '冯*']);
    for (const r of rows) expect(r.name_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(rows.map((r) => r.narrative)).toEqual([
      '本人张**，身份证号440****1231，于2025年3月1日发现征信有误，联系电话138****5678。',
      '我叫李**，是贵公司的投保人，要求退保。',
      '投诉人：欧阳**，客户经理说没有费用。',
      '本人于2025年3月4日被催收，本人名下只有一张卡。',
      '我是赵**，对方是孙**先生，还有李女士。',
      '本人孙**在招商银行办理了信用卡。',
      '客户吴**，要求全额退保。',
      '本人常年在外地打工，客户经理多次来电。',
    ]);
  });

  it('leaves no raw name, phone or ID number anywhere in the database', async () => {
    const bytes = readFileSync(db());
    for (const raw of [...NAMES.filter((n) => n.length > 2), ...PHONES, ...IDS]) {
      expect(bytes.includes(Buffer.from(raw, 'utf8')), raw).toBe(false);
    }
    const texts = await withDb(db(), async (d) => {
      const out: string[] = [];
      for (const table of ['complaints', 'quarantine']) {
        const cols = await d.all<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = ? AND data_type = 'VARCHAR'`,
          [table],
        );
        for (const { column_name } of cols) {
          const values = await d.all<{ v: string | null }>(`SELECT "${column_name}" AS v FROM ${table}`);
          for (const { v } of values) if (v) out.push(v);
        }
      }
      return out;
    });
    for (const raw of [...NAMES, ...PHONES, ...IDS]) {
      const hit = texts.find((t) => t.includes(raw) && !(raw.length === 2 && /本人|客户|经理/.test(t) && !t.includes(`${raw}，`)));
      expect(hit, raw).toBeUndefined();
    }
  });
});
