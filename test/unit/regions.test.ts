import { describe, expect, it } from 'vitest';
import { lookupKey } from '../../src/core/lookup-key.js';
import { REGION_LOOKUP, REGION_PREFIXES, REGIONS, regionCode, regionKey } from '../../src/core/regions.js';

// Written out from GB/T 2260 rather than read from REGIONS, so a wrong table fails here.
const GB2260: ReadonlyArray<readonly [code: string, name: string, short: string, pinyin: string, en: string]> = [
  ['11', '北京市', '北京', 'Beijing', 'Beijing'],
  ['12', '天津市', '天津', 'Tianjin', 'Tianjin'],
  ['13', '河北省', '河北', 'Hebei', 'Hebei'],
  ['14', '山西省', '山西', 'Shanxi', 'Shanxi'],
  ['15', '内蒙古自治区', '内蒙古', 'Neimenggu', 'Inner Mongolia'],
  ['21', '辽宁省', '辽宁', 'Liaoning', 'Liaoning'],
  ['22', '吉林省', '吉林', 'Jilin', 'Jilin'],
  ['23', '黑龙江省', '黑龙江', 'Heilongjiang', 'Heilongjiang'],
  ['31', '上海市', '上海', 'Shanghai', 'Shanghai'],
  ['32', '江苏省', '江苏', 'Jiangsu', 'Jiangsu'],
  ['33', '浙江省', '浙江', 'Zhejiang', 'Zhejiang'],
  ['34', '安徽省', '安徽', 'Anhui', 'Anhui'],
  ['35', '福建省', '福建', 'Fujian', 'Fujian'],
  ['36', '江西省', '江西', 'Jiangxi', 'Jiangxi'],
  ['37', '山东省', '山东', 'Shandong', 'Shandong'],
  ['41', '河南省', '河南', 'Henan', 'Henan'],
  ['42', '湖北省', '湖北', 'Hubei', 'Hubei'],
  ['43', '湖南省', '湖南', 'Hunan', 'Hunan'],
  ['44', '广东省', '广东', 'Guangdong', 'Guangdong'],
  ['45', '广西壮族自治区', '广西', 'Guangxi', 'Guangxi'],
  ['46', '海南省', '海南', 'Hainan', 'Hainan'],
  ['50', '重庆市', '重庆', 'Chongqing', 'Chongqing'],
  ['51', '四川省', '四川', 'Sichuan', 'Sichuan'],
  ['52', '贵州省', '贵州', 'Guizhou', 'Guizhou'],
  ['53', '云南省', '云南', 'Yunnan', 'Yunnan'],
  ['54', '西藏自治区', '西藏', 'Xizang', 'Tibet'],
  ['61', '陕西省', '陕西', 'Shaanxi', 'Shaanxi'],
  ['62', '甘肃省', '甘肃', 'Gansu', 'Gansu'],
  ['63', '青海省', '青海', 'Qinghai', 'Qinghai'],
  ['64', '宁夏回族自治区', '宁夏', 'Ningxia', 'Ningxia'],
  ['65', '新疆维吾尔自治区', '新疆', 'Xinjiang', 'Xinjiang'],
  ['71', '台湾省', '台湾', 'Taiwan', 'Taiwan'],
  ['81', '香港特别行政区', '香港', 'Xianggang', 'Hong Kong'],
  ['82', '澳门特别行政区', '澳门', 'Aomen', 'Macau'],
];

describe('REGIONS', () => {
  it('lists the 31 mainland divisions plus 台湾, 香港 and 澳门 marked as not mainland', () => {
    expect(REGIONS.map((r) => r.code)).toEqual(GB2260.map(([code]) => code));
    expect(REGIONS.filter((r) => r.mainland)).toHaveLength(31);
    expect(REGIONS.filter((r) => !r.mainland).map((r) => r.code)).toEqual(['71', '81', '82']);
  });

  it.each(GB2260)('%s carries the names %s / %s / %s / %s', (code, name, short, pinyin, en) => {
    const region = REGIONS.find((r) => r.code === code);
    expect(region).toMatchObject({ name, short, pinyin, en });
  });
});

describe('regionCode maps every spelling of every region', () => {
  it.each(GB2260)('%s by full name, short name, pinyin, English, 2- and 6-digit code', (code, name, short, pinyin, en) => {
    for (const spelling of [name, short, pinyin, en, pinyin.toUpperCase(), en.toLowerCase(), code, `${code}0000`]) {
      expect(regionCode(spelling), spelling).toBe(code);
    }
  });

  it('keeps Shanxi (山西, 14) and Shaanxi (陕西, 61) apart in every form', () => {
    expect(regionCode('Shanxi')).toBe('14');
    expect(regionCode('山西')).toBe('14');
    expect(regionCode('山西省')).toBe('14');
    expect(regionCode('Shanxi Sheng')).toBe('14');
    expect(regionCode('Shanxi Province')).toBe('14');
    expect(regionCode('Shānxī')).toBe('14');
    expect(regionCode('Shaanxi')).toBe('61');
    expect(regionCode('陕西')).toBe('61');
    expect(regionCode('陕西省')).toBe('61');
    expect(regionCode('陝西')).toBe('61');
    expect(regionCode('Shaanxi Sheng')).toBe('61');
    expect(regionCode('Shaanxi Province')).toBe('61');
    expect(regionCode('Shǎnxī')).toBe('61');
    expect(regionCode('山西省太原市')).toBe('14');
    expect(regionCode('陕西省西安市')).toBe('61');
  });

  it.each([
    ['Nei Mongol', '15'],
    ['Inner Mongolia Autonomous Region', '15'],
    ['Neimenggu Zizhiqu', '15'],
    ['内蒙', '15'],
    ['Guangxi Zhuang', '45'],
    ['Guangxi Zhuang Autonomous Region', '45'],
    ['广西自治区', '45'],
    ['Xinjiang Uygur', '65'],
    ['Xinjiang Uyghur', '65'],
    ['Xinjiang Uyghur Autonomous Region', '65'],
    ['Ningxia Hui', '64'],
    ['Ningxia Hui Autonomous Region', '64'],
    ['Tibet', '54'],
    ['Xizang', '54'],
    ['Tibet Autonomous Region', '54'],
    ['Beijing Shi', '11'],
    ['Beijing Municipality', '11'],
    ['Chongqing City', '50'],
    ['Guangdong Province', '44'],
    ['Hebei Sheng', '13'],
    ['Hong Kong', '81'],
    ['Hongkong', '81'],
    ['Hong Kong SAR', '81'],
    ['Macau', '82'],
    ['Macao', '82'],
    ['Taiwan', '71'],
    ['臺灣', '71'],
    ['廣東省', '44'],
    ['CN-GD', '44'],
    ['cn-44', '44'],
    ['CN-SN', '61'],
    ['CN-SX', '14'],
  ])('%s → %s', (raw, code) => {
    expect(regionCode(raw)).toBe(code);
  });

  it('folds full-width letters, digits and spaces', () => {
    expect(regionCode('ＧＵＡＮＧＤＯＮＧ')).toBe('44');
    expect(regionCode('４４')).toBe('44');
    expect(regionCode('４４０３００')).toBe('44');
    expect(regionCode('\u3000广东省\u3000')).toBe('44');
    expect(regionCode('Ｉｎｎｅｒ　Ｍｏｎｇｏｌｉａ')).toBe('15');
  });

  it('ignores case, spaces, hyphens, apostrophes and dots', () => {
    expect(regionCode('  inner-mongolia ')).toBe('15');
    expect(regionCode("Xinjiang Weiwu'er Zizhiqu")).toBe('65');
    expect(regionCode('Xinjiang Weiwu’er Zizhiqu')).toBe('65');
    expect(regionCode('HONG.KONG')).toBe('81');
  });

  it('maps a 6-digit city or county code to its province', () => {
    expect(regionCode('440300')).toBe('44');
    expect(regionCode('110101')).toBe('11');
    expect(regionCode('652901')).toBe('65');
    expect(regionCode('810000')).toBe('81');
  });

  it('maps a province name followed by a city or district to the province', () => {
    expect(regionCode('广东省深圳市')).toBe('44');
    expect(regionCode('广东深圳')).toBe('44');
    expect(regionCode('广东 深圳市 南山区')).toBe('44');
    expect(regionCode('内蒙古自治区呼和浩特市')).toBe('15');
    expect(regionCode('新疆乌鲁木齐')).toBe('65');
    expect(regionCode('北京市朝阳区')).toBe('11');
    expect(regionCode('海南省海口市')).toBe('46');
    expect(regionCode('河南省郑州市')).toBe('41');
  });

  it('does not map places in 青海 that carry another province name to that province', () => {
    expect(regionCode('海南藏族自治州')).toBe('63');
    expect(regionCode('海南州共和县')).toBe('63');
    expect(regionCode('河南蒙古族自治县')).toBe('63');
  });

  it.each(['火星', '', '   ', 'XX', '99', '990000', '000000', '4', '444', '4403001', 'Shenzhen', 'Mongolia', 'CN'])(
    'leaves the unknown value %j unmapped',
    (raw) => {
      expect(regionCode(raw)).toBeUndefined();
    },
  );
});

describe('REGION_LOOKUP', () => {
  it('has no key that maps to two codes', () => {
    const keys = REGION_LOOKUP.map(([key]) => key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('holds keys already normalised, for every region', () => {
    for (const [key] of REGION_LOOKUP) expect(regionKey(key), key).toBe(key);
    expect(new Set(REGION_LOOKUP.map(([, code]) => code))).toEqual(new Set(GB2260.map(([code]) => code)));
  });

  it('has prefixes ordered longest first, each a normalised Chinese name', () => {
    const lengths = REGION_PREFIXES.map(([prefix]) => prefix.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    for (const [prefix] of REGION_PREFIXES) expect(prefix).toMatch(/^\p{Script=Han}+$/u);
  });
});

describe('lookupKey', () => {
  it('is the region key', () => {
    expect(regionKey).toBe(lookupKey);
  });

  it.each([
    ['ＧＵＡＮＧＤＯＮＧ', 'guangdong'],
    ['  Inner  Mongolia\t', 'innermongolia'],
    ['Xinjiang Weiwu’er', 'xinjiangweiwuer'],
    ['广东省\u3000深圳·南山', '广东省深圳南山'],
    ['Ａ－Ｂ．Ｃ＇Ｄ', 'abcd'],
    ['e\u0301', '\u00e9'],
    ['\ufeff44\u00a0', '44'],
    ['İ', 'i'],
    ['debt_evasion', 'debt_evasion'],
  ])('%j → %j', (raw, key) => {
    expect(lookupKey(raw)).toBe(key);
  });
});
