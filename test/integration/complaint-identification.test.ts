// Ordinary complaints and suspected black/gray-market complaints on a hand-made bank export: the
// categories map and the built-in synonyms at load (topic kept, unknown and ambiguous labels and
// ordinary incidents rejected with the YAML that fixes them), then each way complaint_classification
// identifies a complaint (label, agency name, shared phone, shared account, template cluster), the
// components made only of ordinary complaints that are not operations, and complaint_identification's
// figures and data tests.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommand, rejectsCommand, runCommand, templatesCommand, testCommand } from '../../src/api.js';
import type { LoadResult } from '../../src/core/ingest/load.js';
import { writeFiles } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

const T = '关于暴力催收的投诉：催收人员每天拨打我电话数十次，冒充律师和法院工作人员，威胁要起诉并上征信黑名单，请求协商延期还款。';

const CONFIG = `categories:
  服务态度: ordinary
  息费争议: ordinary
  保险理赔: ordinary
  暴力催收: ordinary
linkage:
  template_clusters: true
  template_min_cluster: 2
`;

const COMPLAINTS = [
  '工单号,受理日期,所在地,类别,被投诉机构,代理机构,联系电话,银行卡号,投诉内容',
  // an agency's complaint the bank flagged, and two it did not (same agency by name; same phone)
  'K01,2025-01-05,广东省,代理退保（疑似）,泰和人寿保险,深圳市安心维权咨询有限公司,17000000001,,委托代理人全权处理退保事宜',
  'K02,2025-01-20,广东省,保险理赔,泰和人寿保险,深圳市安心维权咨询公司,,,要求全额退保',
  'K03,2025-02-11,广东省,服务态度,泰和人寿保险,,17000000001,,客服态度恶劣',
  // an ordinary complaint that gives the card an incident recorded for an anti-collection operation
  'K04,2025-02-15,上海,息费争议,华信银行,,,6222020000000001,利息算错了',
  // one template: a flagged complaint and two ordinary ones with no key at all
  `K05,2025-01-08,北京,疑似反催收,华信银行,,,,${T}`,
  `K06,2025-02-08,北京,暴力催收,华信银行,,,,${T}`,
  `K07,2025-03-08,北京,暴力催收,华信银行,,,,${T}`,
  // two ordinary complaints naming one agency: no known category, not an operation
  'K08,2025-01-09,浙江,息费争议,华信银行,好运债务咨询,,,有人说能帮我减免利息',
  'K09,2025-03-09,浙江,息费争议,华信银行,好运债务咨询,,,又有人打电话说能减免',
  // one consumer complaining twice from the same phone: not an operation
  'K10,2025-01-10,江苏,服务态度,华信银行,,13900000009,,网点排队太久',
  'K11,2025-02-10,江苏,服务态度,华信银行,,13900000009,,还是排队太久',
  // flagged by the bank, no key: labelled, in no operation
  'K12,2025-03-12,江苏,信用卡停息挂账代理,恒通信用卡中心,,,,申请停息挂账',
  // rejects: a label nothing maps, and one with synonyms of two categories
  'K13,2025-03-13,江苏,天气,华信银行,,,,下雨',
  'K14,2025-03-14,江苏,代理投诉反催收,华信银行,,,,两者都有',
  '',
].join('\r\n');

const INCIDENTS = [
  '事件编号,发现日期,地区,类别,代理机构,银行卡号,描述',
  'I1,2025-02-01,上海,反催收,,6222020000000001,收购银行卡用于反催收',
  'I2,2025-02-02,上海,息费争议,,,误报',
  '',
].join('\n');

let project: ReturnType<typeof tempProject>;
let complaints: LoadResult;
let incidents: LoadResult;
const db = () => join(project.dir, 'grayscope.duckdb');

beforeAll(async () => {
  project = tempProject('gs-identification-');
  writeFiles(project.dir, { 'grayscope.yaml': CONFIG, 'data/投诉明细.csv': COMPLAINTS, 'data/incidents.csv': INCIDENTS });
  complaints = await loadCommand({ source: 'complaints', files: [join(project.dir, 'data/投诉明细.csv')], project: project.dir });
  incidents = await loadCommand({ source: 'incidents', files: [join(project.dir, 'data/incidents.csv')], project: project.dir });
  await templatesCommand({ project: project.dir, minCluster: 2 });
  const run = await runCommand({ project: project.dir });
  expect(run.models.filter((m) => m.status !== 'success')).toEqual([]);
}, 60_000);
afterAll(() => project?.cleanup());

describe('loading ordinary complaints through the categories map', () => {
  it('loads every mapped label and rejects the unknown and the ambiguous one: 14 read = 12 loaded + 2 quarantined', () => {
    expect(complaints.totals).toEqual({ rows_read: 14, rows_loaded: 12, rows_rejected: 2 });
  });

  it('keeps the label as written in topic and its code in category', async () => {
    const rows = await withDb(db(), (d) => d.all<{ complaint_id: string; topic: string; category: string }>(
      `SELECT complaint_id, topic, category FROM complaints WHERE complaint_id IN ('K01', 'K02', 'K12') ORDER BY 1`));
    expect(rows).toEqual([
      { complaint_id: 'K01', topic: '代理退保（疑似）', category: 'illegal_agency' },
      { complaint_id: 'K02', topic: '保险理赔', category: 'ordinary' },
      { complaint_id: 'K12', topic: '信用卡停息挂账代理', category: 'debt_evasion' },
    ]);
  });

  it('an unknown label is a reject whose reason shows the three lines of YAML that map it; an ambiguous one names both categories', async () => {
    const r = await rejectsCommand({ project: project.dir, source: 'complaints' });
    const reasons = JSON.stringify(r);
    expect(reasons).toContain(JSON.stringify('category "天气" is not a taxonomy category. To map it, add to grayscope.yaml:\n  categories:\n    天气: ordinary\n').slice(1, -1));
    expect(reasons).toContain('category \\"代理投诉反催收\\" is ambiguous: it contains synonyms of illegal_agency (代理投诉) and debt_evasion (反催收)');
  });

  it('an incident whose label the map sends to ordinary is rejected: incidents need a taxonomy category', async () => {
    expect(incidents.totals).toEqual({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    const r = JSON.stringify(await rejectsCommand({ project: project.dir, source: 'incidents' }));
    expect(r).toContain('category \\"息费争议\\" is mapped to ordinary by grayscope.yaml (categories: 息费争议), but incidents need a taxonomy category');
  });
});

describe('complaint_classification: who is suspected and why', () => {
  const classified = () =>
    withDb(db(), (d) => d.all<{ complaint_id: string; status: string; category: string; identified_by: string | null; op: boolean }>(
      `SELECT complaint_id, status, category, identified_by, operation_id IS NOT NULL AS op FROM complaint_classification ORDER BY complaint_id`));

  it('each identification path: label, agency name, shared phone, shared account, template cluster; ordinary otherwise', async () => {
    expect(await classified()).toEqual([
      { complaint_id: 'K01', status: 'labelled', category: 'illegal_agency', identified_by: 'label', op: true },
      { complaint_id: 'K02', status: 'suspected', category: 'illegal_agency', identified_by: 'agency_name', op: true },
      { complaint_id: 'K03', status: 'suspected', category: 'illegal_agency', identified_by: 'phone_account', op: true },
      { complaint_id: 'K04', status: 'suspected', category: 'debt_evasion', identified_by: 'phone_account', op: true },
      { complaint_id: 'K05', status: 'labelled', category: 'debt_evasion', identified_by: 'label', op: true },
      { complaint_id: 'K06', status: 'suspected', category: 'debt_evasion', identified_by: 'template_cluster', op: true },
      { complaint_id: 'K07', status: 'suspected', category: 'debt_evasion', identified_by: 'template_cluster', op: true },
      { complaint_id: 'K08', status: 'ordinary', category: 'ordinary', identified_by: null, op: false },
      { complaint_id: 'K09', status: 'ordinary', category: 'ordinary', identified_by: null, op: false },
      { complaint_id: 'K10', status: 'ordinary', category: 'ordinary', identified_by: null, op: false },
      { complaint_id: 'K11', status: 'ordinary', category: 'ordinary', identified_by: null, op: false },
      { complaint_id: 'K12', status: 'labelled', category: 'debt_evasion', identified_by: 'label', op: false },
    ]);
  });

  it('components made only of ordinary complaints are not operations; every operation has a taxonomy category', async () => {
    const ops = await withDb(db(), (d) => d.all<{ category: string; n_complaints: number; n_incidents: number }>(
      'SELECT category, CAST(n_complaints AS INTEGER) AS n_complaints, CAST(n_incidents AS INTEGER) AS n_incidents FROM operations ORDER BY category, n_complaints'));
    expect(ops).toEqual([
      { category: 'debt_evasion', n_complaints: 1, n_incidents: 1 },
      { category: 'debt_evasion', n_complaints: 3, n_incidents: 0 },
      { category: 'illegal_agency', n_complaints: 3, n_incidents: 0 },
    ]);
  });

  it('with the template key off, the template-only complaints fall back to ordinary', async () => {
    writeFiles(project.dir, { 'grayscope.yaml': CONFIG.replace('template_clusters: true', 'template_clusters: false') });
    try {
      await runCommand({ project: project.dir });
      const rows = await classified();
      expect(rows.filter((r) => r.complaint_id === 'K06' || r.complaint_id === 'K07').map((r) => r.status)).toEqual(['ordinary', 'ordinary']);
      expect(rows.find((r) => r.complaint_id === 'K02')!.status).toBe('suspected');
    } finally {
      writeFiles(project.dir, { 'grayscope.yaml': CONFIG });
      await runCommand({ project: project.dir });
    }
  });
});

describe('complaint_identification: the figures of a return', () => {
  it('per category: complaints, by label, suspected by key, shares; ordinary complaints naming an agency counted for review', async () => {
    const rows = await withDb(db(), (d) => d.all(
      `SELECT period, category, CAST(complaints AS INTEGER) AS complaints, CAST(by_label AS INTEGER) AS by_label, CAST(suspected AS INTEGER) AS suspected,
              CAST(by_agency_name AS INTEGER) AS by_agency_name, CAST(by_phone_account AS INTEGER) AS by_phone_account,
              CAST(by_template_cluster AS INTEGER) AS by_template_cluster, round(suspected_share, 4) AS suspected_share,
              CAST(period_complaints AS INTEGER) AS period_complaints, round(share_of_period, 4) AS share_of_period,
              CAST(ordinary_naming_agency AS INTEGER) AS ordinary_naming_agency
       FROM complaint_identification ORDER BY category`));
    expect(rows).toEqual([
      { period: '2025Q1', category: 'debt_evasion', complaints: 5, by_label: 2, suspected: 3, by_agency_name: 0, by_phone_account: 1, by_template_cluster: 2, suspected_share: 0.6, period_complaints: 12, share_of_period: 0.4167, ordinary_naming_agency: 0 },
      { period: '2025Q1', category: 'illegal_agency', complaints: 3, by_label: 1, suspected: 2, by_agency_name: 1, by_phone_account: 1, by_template_cluster: 0, suspected_share: 0.6667, period_complaints: 12, share_of_period: 0.25, ordinary_naming_agency: 0 },
      { period: '2025Q1', category: 'ordinary', complaints: 4, by_label: 0, suspected: 0, by_agency_name: 0, by_phone_account: 0, by_template_cluster: 0, suspected_share: 0, period_complaints: 12, share_of_period: 0.3333, ordinary_naming_agency: 2 },
    ]);
  });

  it('the data tests of complaint_classification and complaint_identification pass', async () => {
    const result = await testCommand({ project: project.dir, select: ['complaint_classification', 'complaint_identification'] });
    expect(result.tests.length).toBeGreaterThan(20);
    expect(result.tests.filter((t) => t.status !== 'pass')).toEqual([]);
  });

  it('the data tests catch a classification that does not add up', async () => {
    const { openDatabase } = await import('../../src/adapters/duckdb.js');
    const d = await openDatabase(db());
    try {
      await d.run(`UPDATE complaint_identification SET suspected = suspected + 1 WHERE category = 'illegal_agency'`);
    } finally {
      d.close();
    }
    const result = await testCommand({ project: project.dir, select: ['complaint_identification'] });
    const failed = result.tests.filter((t) => t.status === 'fail').map((t) => t.test);
    expect(failed).toContain('expression(category = \'ordinary\' OR complaints = by_label + suspected)');
    expect(failed).toContain('expression(suspected = by_agency_name + by_phone_account + by_template_cluster)');
    await runCommand({ project: project.dir });
  });

  it('amount_cny is 0 where no complaint gave an amount, and the data tests catch a negative one', async () => {
    const amounts = await withDb(db(), (d) => d.all<{ amount: number }>('SELECT CAST(amount_cny AS DOUBLE) AS amount FROM complaint_identification ORDER BY category'));
    expect(amounts.map((r) => r.amount)).toEqual([0, 0, 0]);
    const { openDatabase } = await import('../../src/adapters/duckdb.js');
    const d = await openDatabase(db());
    try {
      await d.run(`UPDATE complaint_identification SET amount_cny = -1 WHERE category = 'debt_evasion'`);
    } finally {
      d.close();
    }
    const result = await testCommand({ project: project.dir, select: ['complaint_identification'] });
    expect(result.tests.filter((t) => t.status === 'fail').map((t) => t.test)).toEqual(['expression(amount_cny >= 0)']);
    await runCommand({ project: project.dir });
  });
});
