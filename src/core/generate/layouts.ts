// What each output file looks like: its header, encoding and how a record's values are written
// (clean: canonical headers, ISO dates, full province names, yuan; messy: the spellings, units and
// date formats real sources use). Column i of every layout is canonical column i of its source.
import type { Rng } from '../random.js';
import { DAYS, dayDate } from './calendar.js';
import type { GenRecord, SourceName } from './records.js';
import { personNameFor } from './personal.js';
import { CATEGORIES, CITY_FORMS, PROVINCES } from './reference.js';
import type { Cell, TableSpec } from './sink.js';

export const CANONICAL: Readonly<Record<SourceName, readonly string[]>> = {
  complaints: ['complaint_id', 'received_date', 'region', 'category', 'institution', 'channel', 'amount', 'agency_name', 'phone', 'id_number', 'narrative'],
  incidents: ['incident_id', 'detected_date', 'region', 'category', 'institution', 'channel', 'amount', 'agency_name', 'phone', 'account', 'narrative'],
  enforcement: ['case_id', 'opened_date', 'region', 'category', 'authority', 'institution', 'amount', 'agency_name', 'account', 'persons_arrested', 'gangs_dismantled', 'narrative'],
};

export type DateStyle = 'iso' | 'zh' | 'excel' | 'slash' | 'dots';
export type AmountStyle = 'yuan' | 'wan' | 'units';

export interface Layout {
  source: SourceName;
  spec: TableSpec;
  /** Quarter indices written to this file. */
  quarters: readonly number[];
  messy: boolean;
  dates: DateStyle;
  amounts: AmountStyle;
  /** The canonical column of each written column, when the layout writes other columns than CANONICAL. */
  canonical?: readonly string[];
  /** Cells for one record, written into `cells` (reused between rows). */
  format(r: GenRecord, rng: Rng, cells: Cell[]): void;
  /** Workbooks with one sheet per month: the sheet a record goes to. */
  sheetOf?(r: GenRecord): string;
}

const ALL = Array.from({ length: 12 }, (_, i) => i);
const Q2025Q1 = 8;
const YEAR = (y: number) => [0, 1, 2, 3].map((q) => (y - 2023) * 4 + q);

export function categoryLabel(rng: Rng, category: number, codeRate: number): string {
  const cat = CATEGORIES[category]!;
  const u = rng.fast();
  if (u < codeRate) return cat.code;
  if (cat.synonyms.length === 0 || u < codeRate + (1 - codeRate) * 0.55) return cat.zh;
  return rng.choice(cat.synonyms);
}

/** A province as messy sources write it: full or short name, pinyin/English, 2- or 6-digit code. */
export function messyRegion(rng: Rng, province: number, weights: readonly [number, number, number, number, number]): string {
  const p = PROVINCES[province]!;
  let u = rng.fast() * weights.reduce((a, b) => a + b, 0);
  if ((u -= weights[0]) < 0) return p.name;
  if ((u -= weights[1]) < 0) return p.short;
  if ((u -= weights[2]) < 0) return rng.choice(p.roman);
  if ((u -= weights[3]) < 0) return p.code;
  return rng.choice(p.codes6);
}

/** Like messyRegion, but a share of the rows name a city or district below the province (CITY_FORMS). */
export function messyRegionOrCity(rng: Rng, province: number, weights: readonly [number, number, number, number, number], cityShare: number): string {
  const forms = CITY_FORMS[PROVINCES[province]!.code];
  if (forms && rng.fast() < cityShare) return rng.choice(forms);
  return messyRegion(rng, province, weights);
}

/** Yuan (whole) → 万元 with up to four decimals, optionally with thousands separators. */
export function toWan(yuan: number, separators: boolean): string {
  const negative = yuan < 0;
  const abs = Math.abs(yuan);
  const whole = Math.floor(abs / 10_000);
  const frac = String(abs % 10_000).padStart(4, '0').replace(/0+$/, '');
  const int = separators ? whole.toLocaleString('en-US') : String(whole);
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

export function fullWidthDigits(text: string): string {
  return text.replace(/[0-9.,]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

const noNewline = (text: string, replacement: string) => (text.includes('\n') ? text.replaceAll('\n', replacement) : text);

function cleanLayouts(): Layout[] {
  const base = { messy: false, dates: 'iso' as const, amounts: 'yuan' as const, quarters: ALL };
  const spec = (source: SourceName): TableSpec => ({ path: `${source}.csv`, format: 'csv', encoding: 'utf-8', newline: '\n', header: CANONICAL[source] });
  return [
    {
      ...base,
      source: 'complaints',
      spec: spec('complaints'),
      format(r, rng, c) {
        c[0] = r.id;
        c[1] = DAYS[r.day]!.iso;
        c[2] = PROVINCES[r.province]!.name;
        c[3] = r.topic || categoryLabel(rng, r.category, 0.01);
        c[4] = r.institution;
        c[5] = r.channel;
        c[6] = r.amount;
        c[7] = r.agency;
        c[8] = r.phone;
        c[9] = r.idNumber;
        c[10] = r.narrative;
      },
    },
    {
      ...base,
      source: 'incidents',
      spec: spec('incidents'),
      format(r, rng, c) {
        c[0] = r.id;
        c[1] = DAYS[r.day]!.iso;
        c[2] = PROVINCES[r.province]!.name;
        c[3] = r.topic || categoryLabel(rng, r.category, 0.01);
        c[4] = r.institution;
        c[5] = r.channel;
        c[6] = r.amount;
        c[7] = r.agency;
        c[8] = r.phone;
        c[9] = r.account;
        c[10] = r.narrative;
      },
    },
    {
      ...base,
      source: 'enforcement',
      spec: spec('enforcement'),
      format(r, rng, c) {
        c[0] = r.id;
        c[1] = DAYS[r.day]!.iso;
        c[2] = PROVINCES[r.province]!.name;
        c[3] = r.topic || categoryLabel(rng, r.category, 0.01);
        c[4] = r.authority;
        c[5] = r.institution;
        c[6] = r.amount;
        c[7] = r.agency;
        c[8] = r.account;
        c[9] = r.arrested;
        c[10] = r.gangs;
        c[11] = r.narrative;
      },
    },
  ];
}

function messyLayouts(): Layout[] {
  return [
    {
      source: 'complaints',
      quarters: YEAR(2023),
      messy: true,
      dates: 'zh',
      amounts: 'wan',
      spec: {
        path: 'complaints_2023.csv',
        format: 'csv',
        encoding: 'gb18030',
        newline: '\r\n',
        header: ['投诉编号', '受理日期', '省份', '黑灰产类型', '被投诉机构', '渠道', '争议金额（万元）', '代理机构', '联系电话', '身份证号', '客户姓名', '投诉内容'],
      },
      canonical: [...CANONICAL.complaints.slice(0, 10), 'name', 'narrative'],
      format(r, rng, c) {
        c[0] = r.id;
        c[1] = DAYS[r.day]!.zh;
        c[2] = messyRegionOrCity(rng, r.province, [5, 2, 1, 1, 1], 0.25);
        c[3] = r.topic || categoryLabel(rng, r.category, 0.02);
        c[4] = r.institution;
        c[5] = r.channel;
        const wan = toWan(r.amount, false);
        c[6] = rng.fast() < 0.08 ? fullWidthDigits(wan) : wan;
        c[7] = r.agency;
        c[8] = r.phone;
        c[9] = r.idNumber;
        c[10] = r.person || personNameFor(r.id);
        c[11] = r.narrative;
      },
    },
    {
      source: 'complaints',
      quarters: YEAR(2024),
      messy: true,
      dates: 'excel',
      amounts: 'yuan',
      spec: {
        path: 'complaints_2024.xlsx',
        format: 'xlsx',
        encoding: 'utf-8',
        newline: '\n',
        header: ['complaint_id', '受理日期', 'region', '黑灰产类型', 'institution', '渠道', 'amount', '代理机构', 'phone', '身份证号', 'narrative'],
      },
      format(r, rng, c) {
        const day = DAYS[r.day]!;
        c[0] = r.id;
        const u = rng.fast();
        c[1] = u < 0.85 ? dayDate(r.day) : u < 0.95 ? day.serial : rng.fast() < 0.5 ? day.iso : `${day.y}/${day.m}/${day.d}`;
        c[2] = messyRegionOrCity(rng, r.province, [4, 3, 1, 1, 1], 0.15);
        c[3] = r.topic || categoryLabel(rng, r.category, 0.02);
        c[4] = r.institution;
        c[5] = r.channel;
        c[6] = r.amount;
        c[7] = r.agency;
        c[8] = r.phone;
        c[9] = r.idNumber;
        c[10] = noNewline(r.narrative, '；');
      },
    },
    {
      // 2025Q1 as a bank exports it from Excel: one sheet per month under title rows and a merged
      // two-row header, with a footer block (合计, 注：, 制表人) on every sheet.
      source: 'complaints',
      quarters: [Q2025Q1],
      messy: true,
      dates: 'excel',
      amounts: 'yuan',
      spec: {
        path: 'complaints_2025q1_bank.xlsx',
        format: 'xlsx',
        encoding: 'utf-8',
        newline: '\n',
        header: ['投诉编号', '受理日期', '省份', '业务类型', '被投诉机构', '渠道', '争议金额（元）', '代理机构', '联系电话', '身份证号', '投诉内容'],
        bank: {
          sheets: ['1月', '2月', '3月'],
          title: '某某银行投诉明细表（2025年{sheet}）',
          unit: '填报单位：某某银行股份有限公司消费者权益保护部',
          parents: [
            { label: '投诉信息', from: 0, to: 5 },
            { label: '争议金额（元）', from: 6, to: 6 },
            { label: '代理机构', from: 7, to: 7 },
            { label: '客户信息', from: 8, to: 9 },
            { label: '投诉内容', from: 10, to: 10 },
          ],
          amountColumn: 6,
        },
      },
      format(r, rng, c) {
        const day = DAYS[r.day]!;
        c[0] = r.id;
        c[1] = rng.fast() < 0.9 ? dayDate(r.day) : day.zh;
        c[2] = messyRegion(rng, r.province, [5, 3, 0, 1, 1]);
        c[3] = categoryLabel(rng, r.category, 0.02);
        c[4] = r.institution;
        c[5] = r.channel;
        c[6] = r.amount;
        c[7] = r.agency || null;
        c[8] = r.phone;
        c[9] = r.idNumber || null;
        c[10] = noNewline(r.narrative, '；');
      },
      sheetOf: (r) => `${DAYS[r.day]!.m}月`,
    },
    {
      source: 'complaints',
      quarters: YEAR(2025).filter((q) => q !== Q2025Q1),
      messy: true,
      dates: 'slash',
      amounts: 'units',
      spec: {
        path: 'complaints_2025.jsonl',
        format: 'jsonl',
        encoding: 'utf-8',
        newline: '\n',
        header: CANONICAL.complaints,
      },
      format(r, rng, c) {
        const day = DAYS[r.day]!;
        c[0] = r.id;
        c[1] = rng.fast() < 0.6 ? `${day.y}/${day.m}/${day.d}` : day.iso.replaceAll('-', '');
        c[2] = messyRegion(rng, r.province, [4, 3, 1, 1, 1]);
        c[3] = r.topic || categoryLabel(rng, r.category, 0.02);
        c[4] = r.institution;
        c[5] = r.channel;
        const u = rng.fast();
        c[6] = u < 0.5 ? `${toWan(r.amount, false)}万元` : u < 0.85 ? `${r.amount}元` : `${r.amount.toLocaleString('en-US')}元`;
        c[7] = r.agency || null;
        c[8] = r.phone;
        c[9] = r.idNumber || null;
        c[10] = noNewline(r.narrative, '；');
      },
    },
    {
      source: 'incidents',
      quarters: ALL,
      messy: true,
      dates: 'dots',
      amounts: 'wan',
      spec: {
        path: 'incidents.tsv',
        format: 'tsv',
        encoding: 'utf-8-bom',
        newline: '\n',
        header: ['事件编号', '发现日期', '地区', '类型', '机构', '来源', '涉案金额(万元)', '涉嫌代理机构', '电话', '银行卡号', '描述'],
      },
      format(r, rng, c) {
        const day = DAYS[r.day]!;
        c[0] = r.id;
        c[1] = `${day.y}.${day.m}.${day.d}`;
        c[2] = messyRegion(rng, r.province, [1, 3, 3, 2, 2]);
        c[3] = r.topic || categoryLabel(rng, r.category, 0.05);
        c[4] = r.institution;
        c[5] = r.channel;
        c[6] = toWan(r.amount, rng.fast() < 0.5);
        c[7] = r.agency;
        c[8] = r.phone;
        c[9] = r.account;
        c[10] = noNewline(r.narrative, ' ');
      },
    },
    {
      source: 'enforcement',
      quarters: ALL,
      messy: true,
      dates: 'iso',
      amounts: 'yuan',
      spec: {
        path: 'enforcement.parquet',
        format: 'parquet',
        encoding: 'utf-8',
        newline: '\n',
        header: CANONICAL.enforcement,
        types: { opened_date: 'DATE', persons_arrested: 'INTEGER', gangs_dismantled: 'INTEGER' },
      },
      format(r, rng, c) {
        c[0] = r.id;
        c[1] = DAYS[r.day]!.iso;
        c[2] = messyRegion(rng, r.province, [4, 2, 1, 1, 1]);
        c[3] = r.topic || categoryLabel(rng, r.category, 0.03);
        c[4] = r.authority;
        c[5] = r.institution;
        c[6] = String(r.amount);
        c[7] = r.agency;
        c[8] = r.account;
        c[9] = r.arrested;
        c[10] = r.gangs;
        c[11] = noNewline(r.narrative, ' ');
      },
    },
  ];
}

export function layouts(messy: boolean): Layout[] {
  return messy ? messyLayouts() : cleanLayouts();
}
