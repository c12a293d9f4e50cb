// The generator's own reference tables: provinces as they are written in files, categories with
// their shares and value weights, fictitious institutions, channels, authorities. Kept here (not
// imported from regions.ts/taxonomy.ts) so the generator writes what real sources write, and the
// loader's tables are tested against it rather than shaping it.

import type { CategoryCode } from '../taxonomy.js';

export type { CategoryCode };

export interface CategoryInfo {
  code: CategoryCode;
  zh: string;
  synonyms: readonly string[];
  /** Share of operations born in this category. */
  share: number;
  /** Relative value of an operation (before calibration). */
  valueWeight: number;
  /** Agencies that write complaints for customers from templates. */
  agency: boolean;
  /** Nominal probability that an operation-quarter is seen in complaints / incidents. */
  pComplaint: number;
  pIncident: number;
}

export const CATEGORIES: readonly CategoryInfo[] = [
  { code: 'debt_evasion', zh: '恶意逃废债', synonyms: ['反催收', '债务优化', '停息挂账', '逃废债'], share: 0.24, valueWeight: 1.0, agency: true, pComplaint: 0.55, pIncident: 0.35 },
  { code: 'credit_repair', zh: '征信修复', synonyms: ['征信洗白', '征信异议代理'], share: 0.12, valueWeight: 0.45, agency: true, pComplaint: 0.55, pIncident: 0.3 },
  { code: 'illegal_agency', zh: '非法代理维权', synonyms: ['代理投诉', '代理维权', '代理退保'], share: 0.16, valueWeight: 0.6, agency: true, pComplaint: 0.6, pIncident: 0.3 },
  { code: 'false_litigation', zh: '虚假诉讼', synonyms: [], share: 0.06, valueWeight: 1.3, agency: false, pComplaint: 0.25, pIncident: 0.35 },
  { code: 'money_laundering', zh: '洗钱', synonyms: ['跑分', '地下钱庄', '帮信'], share: 0.18, valueWeight: 2.2, agency: false, pComplaint: 0.25, pIncident: 0.45 },
  { code: 'info_theft', zh: '信息窃取', synonyms: ['侵犯公民个人信息', '数据买卖'], share: 0.12, valueWeight: 0.7, agency: false, pComplaint: 0.3, pIncident: 0.35 },
  { code: 'fraud_other', zh: '其他', synonyms: [], share: 0.12, valueWeight: 0.8, agency: false, pComplaint: 0.3, pIncident: 0.3 },
];

/** Ordinary (non-operation) complaints by category: most are about debt collection and credit reports. */
export const ORDINARY_CATEGORY_SHARE: readonly number[] = [0.3, 0.16, 0.14, 0.04, 0.08, 0.12, 0.16];

export interface ProvinceInfo {
  code: string;
  name: string;
  short: string;
  roman: readonly string[];
  /** Relative weight of records (population × financial activity, roughly). */
  weight: number;
  /** A few 6-digit GB/T 2260 codes in the province (the province itself and its capital). */
  codes6: readonly string[];
}

function p(code: string, name: string, short: string, roman: readonly string[], weight: number, city: string): ProvinceInfo {
  return { code, name, short, roman, weight, codes6: [`${code}0000`, city] };
}

export const PROVINCES: readonly ProvinceInfo[] = [
  p('11', '北京市', '北京', ['Beijing'], 4, '110105'),
  p('12', '天津市', '天津', ['Tianjin'], 2, '120101'),
  p('13', '河北省', '河北', ['Hebei'], 4, '130100'),
  p('14', '山西省', '山西', ['Shanxi'], 2, '140100'),
  p('15', '内蒙古自治区', '内蒙古', ['Inner Mongolia', 'Nei Mongol'], 1.5, '150100'),
  p('21', '辽宁省', '辽宁', ['Liaoning'], 3, '210100'),
  p('22', '吉林省', '吉林', ['Jilin'], 1.5, '220100'),
  p('23', '黑龙江省', '黑龙江', ['Heilongjiang'], 2, '230100'),
  p('31', '上海市', '上海', ['Shanghai'], 4, '310115'),
  p('32', '江苏省', '江苏', ['Jiangsu'], 7, '320100'),
  p('33', '浙江省', '浙江', ['Zhejiang'], 6, '330100'),
  p('34', '安徽省', '安徽', ['Anhui'], 3.5, '340100'),
  p('35', '福建省', '福建', ['Fujian'], 3.5, '350200'),
  p('36', '江西省', '江西', ['Jiangxi'], 2.5, '360100'),
  p('37', '山东省', '山东', ['Shandong'], 6, '370100'),
  p('41', '河南省', '河南', ['Henan'], 5, '410100'),
  p('42', '湖北省', '湖北', ['Hubei'], 3.5, '420100'),
  p('43', '湖南省', '湖南', ['Hunan'], 3.5, '430100'),
  p('44', '广东省', '广东', ['Guangdong'], 10, '440300'),
  p('45', '广西壮族自治区', '广西', ['Guangxi'], 2.5, '450100'),
  p('46', '海南省', '海南', ['Hainan'], 1, '460100'),
  p('50', '重庆市', '重庆', ['Chongqing'], 2.5, '500103'),
  p('51', '四川省', '四川', ['Sichuan'], 5, '510100'),
  p('52', '贵州省', '贵州', ['Guizhou'], 2, '520100'),
  p('53', '云南省', '云南', ['Yunnan'], 2.5, '530100'),
  p('54', '西藏自治区', '西藏', ['Tibet', 'Xizang'], 0.3, '540100'),
  p('61', '陕西省', '陕西', ['Shaanxi'], 2.5, '610100'),
  p('62', '甘肃省', '甘肃', ['Gansu'], 1.2, '620100'),
  p('63', '青海省', '青海', ['Qinghai'], 0.4, '630100'),
  p('64', '宁夏回族自治区', '宁夏', ['Ningxia'], 0.5, '640100'),
  p('65', '新疆维吾尔自治区', '新疆', ['Xinjiang'], 1.5, '650100'),
];

/**
 * Regions below the province as complaint systems write them (a city with or without 市, a district,
 * a 6-digit city or district code, a full path), by province code: messy complaint files use them in
 * some rows, and each maps to its province without ambiguity (GB/T 2260).
 */
export const CITY_FORMS: Readonly<Record<string, readonly string[]>> = {
  '11': ['北京市海淀区', '北京朝阳区', '110108'],
  '31': ['浦东新区', '上海市浦东新区', '310104'],
  '32': ['苏州', '苏州市', '南京市鼓楼区', '320500', '江苏省无锡市'],
  '33': ['杭州市', '宁波', '330106'],
  '37': ['青岛市', '济南', '370102'],
  '41': ['郑州市', '洛阳'],
  '42': ['武汉市', '武昌区'],
  '44': ['深圳市', '440300', '广东省深圳市南山区', '深圳南山', '广州市天河区', '东莞', '440305'],
  '51': ['成都市', '成都', '510104'],
  '61': ['西安', '西安市雁塔区'],
};

/** Two-character city names used in agency names, each with its province's index in PROVINCES. */
export const CITIES: ReadonlyArray<readonly [city: string, province: number]> = (
  [
    ['北京', '11'], ['天津', '12'], ['石门', '13'], ['太原', '14'], ['包头', '15'], ['沈阳', '21'], ['大连', '21'],
    ['长春', '22'], ['哈市', '23'], ['上海', '31'], ['南京', '32'], ['苏州', '32'], ['无锡', '32'], ['杭州', '33'],
    ['宁波', '33'], ['温州', '33'], ['合肥', '34'], ['福州', '35'], ['厦门', '35'], ['南昌', '36'], ['济南', '37'],
    ['青岛', '37'], ['郑州', '41'], ['洛阳', '41'], ['武汉', '42'], ['长沙', '43'], ['广州', '44'], ['深圳', '44'],
    ['东莞', '44'], ['佛山', '44'], ['南宁', '45'], ['海口', '46'], ['重庆', '50'], ['成都', '51'], ['贵阳', '52'],
    ['昆明', '53'], ['西安', '61'], ['兰州', '62'], ['银川', '64'], ['乌市', '65'],
  ] as const
).map(([city, code]) => [city, PROVINCES.findIndex((prov) => prov.code === code)] as const);

/** Brand characters for agency names; two of them make a brand. Distinct from city characters' roles by position. */
export const BRAND_CHARS = [...'恒信诚安达鑫华融汇金盛泰博德瑞隆嘉和兴宏远卓越启明智正道通鼎丰顺源聚合众惠捷腾龙凯利佳优鸿锦宸昊宇晟峰浩骏弘翔睿元泽润川海天伟业益康福祥鹏程君'];

/** Brands that contain an ASCII letter or digit, which some sources write in full width. */
export const LATIN_BRANDS = ['E信', 'A家', '58', 'U融', '99', 'K派', 'M诚', '3A'];

export const BUSINESS_TYPES = [
  '法务咨询', '信息咨询', '企业管理咨询', '商务服务', '财务咨询', '信用管理', '网络科技', '文化传媒', '金融外包服务', '法律咨询服务',
];

export const INSTITUTIONS = [
  '华信银行', '安和银行', '金穗银行', '北辰农村商业银行', '东海银行', '瑞丰银行', '中诚消费金融', '嘉实消费金融', '长青消费金融',
  '融易小额贷款', '鑫e贷网络小贷', '恒通信用卡中心', '泰和人寿保险', '平顺财产保险', '星河融资担保', '银桥汽车金融', '和众信托',
  '聚宝支付', '宏达村镇银行', '乐分期',
];

export const COMPLAINT_CHANNELS = ['12378热线', '网上投诉', '营业网点', '信函', '公安移送'];
export const COMPLAINT_CHANNEL_WEIGHTS = [0.42, 0.36, 0.12, 0.05, 0.05];

export const INCIDENT_CHANNELS = ['机构报送', '舆情监测', '反诈平台', '交易监测', '公安通报'];

export const AUTHORITIES = ['公安机关', '国家金融监督管理总局', '中国人民银行', '人民法院', '人民检察院', '市场监督管理局'];
export const AUTHORITY_WEIGHTS = [0.5, 0.14, 0.1, 0.12, 0.08, 0.06];

/** Mobile prefixes: operations use virtual-operator and data-card ranges, consumers ordinary ones; disjoint sets. */
export const OPERATION_PHONE_PREFIXES = ['170', '171', '162', '165', '167', '192'];
export const CONSUMER_PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '176', '177', '180', '181', '186', '187', '188', '189', '199'];

/** Bank identification numbers for the fictitious card accounts. */
export const CARD_BINS = ['622202', '621700', '622848', '623668', '621483', '622588', '621226', '622908'];

export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
export const GIVEN_CHARS = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国文辉志海燕林云凤春梅兵琴宇晨浩然欣怡子涵梓轩雨佳'];

/**
 * The topics (投诉类别) an institution's complaint system gives ordinary complaints, by the category
 * of problem the complaint describes (the index into CATEGORIES of its narrative), plus the generic
 * ones any complaint may get. None contains a taxonomy synonym: they map to `ordinary` only through
 * a project's `categories:` map (the demo writes one: ORDINARY_TOPIC_LABELS). Agencies' complaints
 * hide under the topics of their own category.
 */
export const ORDINARY_TOPICS: Readonly<Record<CategoryCode, readonly string[]>> = {
  debt_evasion: ['暴力催收', '息费争议', '信用卡分期', '贷款协商还款'],
  credit_repair: ['征信异议', '征信查询'],
  illegal_agency: ['保险理赔', '理财销售', '退保纠纷'],
  false_litigation: ['贷款纠纷'],
  money_laundering: ['账户管理', '账户冻结'],
  info_theft: ['个人信息保护'],
  fraud_other: ['银行卡盗刷', '电信诈骗'],
};
export const GENERIC_TOPICS: readonly string[] = ['服务态度', '息费争议', '业务办理', '服务质量'];

/** Every ordinary topic the generator writes, once each. */
export const ORDINARY_TOPIC_LABELS: readonly string[] = [...new Set([...Object.values(ORDINARY_TOPICS).flat(), ...GENERIC_TOPICS])];

/**
 * Labels institutions give complaints they suspect an agency is behind, by category: the built-in
 * synonyms are contained in them (信用卡停息挂账代理, 代理退保（疑似）), so they map without a map entry.
 */
export const SUSPECT_LABELS: Readonly<Partial<Record<CategoryCode, readonly string[]>>> = {
  debt_evasion: ['信用卡停息挂账代理', '疑似反催收', '债务优化代理（疑似）'],
  credit_repair: ['疑似征信修复', '征信洗白（疑似）'],
  illegal_agency: ['代理退保（疑似）', '疑似代理投诉', '代理维权投诉'],
};
