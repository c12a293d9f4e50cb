// The data contract of DESIGN.md as data: each source's canonical columns, how they are checked,
// and the header names (English and Chinese) that map to them. The loader, the header matcher,
// the generator and the README all read this one table.
import type { Source } from './config.js';

export type ColumnKind =
  | 'id'
  | 'date'
  | 'region'
  | 'category'
  | 'text'
  | 'amount'
  | 'personal'
  | 'narrative'
  | 'authority'
  | 'count';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  required: boolean;
  aliases: readonly string[];
}

const shared = {
  region: { name: 'region', kind: 'region', required: true, aliases: ['地区', '省份', '所在地', 'province', '省', '所在省份', '地域', '所在地区', '所属地区', '所属省份', '客户所在地区'] },
  category: { name: 'category', kind: 'category', required: true, aliases: ['类别', '类型', '业务类型', '黑灰产类型', 'type', '分类', '投诉类别', '投诉类型', '投诉分类'] },
  institution: { name: 'institution', kind: 'text', required: false, aliases: ['机构', '被投诉机构', '金融机构', 'institution_name', '被投诉机构名称', '机构名称', '被投诉单位'] },
  channel: { name: 'channel', kind: 'text', required: false, aliases: ['渠道', '来源', 'source_channel', '投诉渠道', '受理渠道', '投诉来源'] },
  amount: { name: 'amount', kind: 'amount', required: false, aliases: ['金额', '涉案金额', '损失金额', '争议金额', 'amount_cny', 'amount_yuan', '涉及金额', '投诉金额'] },
  agency_name: { name: 'agency_name', kind: 'text', required: false, aliases: ['代理机构', '涉嫌代理机构', '中介名称', 'agency'] },
  phone: { name: 'phone', kind: 'personal', required: false, aliases: ['电话', '联系电话', '手机号', '手机', 'mobile', 'phone_number', '联系方式', '手机号码', '联系手机', '客户手机号'] },
  id_number: { name: 'id_number', kind: 'personal', required: false, aliases: ['身份证号', '身份证号码', '证件号码', 'id_card', '证件号'] },
  account: { name: 'account', kind: 'personal', required: false, aliases: ['账户', '银行卡号', '账号', '收款账户', 'account_number', 'card_number'] },
  name: { name: 'name', kind: 'personal', required: false, aliases: ['客户姓名', '姓名', '投诉人', '投诉人姓名', '客户名称', '当事人', 'customer_name', 'complainant'] },
  narrative: { name: 'narrative', kind: 'narrative', required: false, aliases: ['内容', '投诉内容', '描述', '事由', '案情', 'description', 'text', '问题描述', '投诉事由', '诉求内容'] },
} as const satisfies Record<string, ColumnSpec>;

export const CONTRACT: Record<Source, readonly ColumnSpec[]> = {
  complaints: [
    { name: 'complaint_id', kind: 'id', required: true, aliases: ['投诉编号', '编号', '工单号', 'id', 'complaint_no', '工单编号', '投诉单号', '投诉工单号'] },
    { name: 'received_date', kind: 'date', required: true, aliases: ['受理日期', '投诉日期', '收到日期', 'date', 'complaint_date', '受理时间', '投诉时间'] },
    shared.region,
    shared.category,
    shared.institution,
    shared.channel,
    shared.amount,
    shared.agency_name,
    shared.phone,
    shared.id_number,
    shared.account,
    shared.name,
    shared.narrative,
  ],
  incidents: [
    { name: 'incident_id', kind: 'id', required: true, aliases: ['事件编号', '编号', 'id', 'incident_no'] },
    { name: 'detected_date', kind: 'date', required: true, aliases: ['发现日期', '监测日期', 'date', 'detection_date'] },
    shared.region,
    shared.category,
    shared.institution,
    shared.channel,
    shared.amount,
    shared.agency_name,
    shared.phone,
    shared.id_number,
    shared.account,
    shared.name,
    shared.narrative,
  ],
  enforcement: [
    { name: 'case_id', kind: 'id', required: true, aliases: ['案件编号', '编号', '案号', 'id', 'case_no'] },
    { name: 'opened_date', kind: 'date', required: true, aliases: ['立案日期', '日期', 'date', 'filing_date'] },
    shared.region,
    shared.category,
    { name: 'authority', kind: 'authority', required: false, aliases: ['执法机关', '机关', '办案机关', 'agency_type'] },
    shared.institution,
    shared.amount,
    shared.agency_name,
    shared.phone,
    shared.id_number,
    shared.account,
    shared.name,
    { name: 'persons_arrested', kind: 'count', required: false, aliases: ['抓获人数', '抓获', 'arrests'] },
    { name: 'gangs_dismantled', kind: 'count', required: false, aliases: ['打掉团伙', '打掉团伙数', 'gangs'] },
    shared.narrative,
  ],
};

export const ID_COLUMN: Record<Source, string> = {
  complaints: 'complaint_id',
  incidents: 'incident_id',
  enforcement: 'case_id',
};

export const DATE_COLUMN: Record<Source, string> = {
  complaints: 'received_date',
  incidents: 'detected_date',
  enforcement: 'opened_date',
};

/** Enforcement authorities and the names that map to them. */
export const AUTHORITIES: Record<string, readonly string[]> = {
  public_security: ['公安', '公安机关', '公安局', '公安厅', 'police', 'public security'],
  nfra: ['金融监管总局', '国家金融监督管理总局', '金融监管局', '银保监', '银保监会', 'nfra', 'cbirc'],
  pboc: ['人民银行', '中国人民银行', '人行', 'pboc', "people's bank of china"],
  court: ['法院', '人民法院', 'court'],
  procuratorate: ['检察院', '人民检察院', 'procuratorate'],
  market_regulation: ['市场监管', '市场监督管理局', '市场监管局', 'market regulation', 'samr'],
  other: ['其他', 'other'],
};
