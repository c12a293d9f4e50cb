// Regions below the province: cities, districts and their GB/T 2260 codes map to their province
// (and the city) through the china-area-data package; names found in several provinces are refused
// naming the candidates. The expectations are written out by hand, not read from the package.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { divisionIndex, shortForms } from '../../src/core/divisions.js';
import { REFERENCE_MAPPERS, referenceRow } from '../../src/core/ingest/reference.js';
import { ambiguityDetail, regionCode, resolveRegion } from '../../src/core/regions.js';

const match = (raw: string) => {
  const m = resolveRegion(raw);
  if (m === undefined) return undefined;
  return 'code' in m ? { code: m.code, city: m.cityCode } : { ambiguous: m.ambiguous.map((d) => `${d.path} (${d.province})`) };
};

describe('loading the division data', () => {
  it('reads the package only when a name below the province is first looked up, not when regions.ts is imported', () => {
    const cache = createRequire(import.meta.url).cache;
    const loaded = () => Object.keys(cache).some((k) => k.includes('china-area-data'));
    expect(regionCode('广东省')).toBe('44');
    expect(loaded()).toBe(false);
    expect(regionCode('深圳市')).toBe('44');
    expect(loaded()).toBe(true);
  });

  it('indexes every city and county-level division once by code (about 3,200), with its province and city', () => {
    const { byCode } = divisionIndex();
    expect(byCode.size).toBeGreaterThan(3000);
    for (const d of byCode.values()) {
      expect(d.code, d.name).toMatch(/^\d{6}$/);
      expect(d.code.slice(0, 2)).toBe(d.province);
      // The package numbers 台湾's districts apart from their cities; elsewhere a district shares its city's first four digits.
      if (d.city !== null && d.province !== '71') expect(d.city.slice(0, 4), d.path).toBe(d.code.slice(0, 4));
    }
  });
});

describe('every provincial capital, with and without 市', () => {
  it.each([
    ['石家庄', '13', '130100'], ['太原', '14', '140100'], ['呼和浩特', '15', '150100'], ['沈阳', '21', '210100'],
    ['长春', '22', '220100'], ['哈尔滨', '23', '230100'], ['南京', '32', '320100'], ['杭州', '33', '330100'],
    ['合肥', '34', '340100'], ['福州', '35', '350100'], ['南昌', '36', '360100'], ['济南', '37', '370100'],
    ['郑州', '41', '410100'], ['武汉', '42', '420100'], ['长沙', '43', '430100'], ['广州', '44', '440100'],
    ['南宁', '45', '450100'], ['海口', '46', '460100'], ['成都', '51', '510100'], ['贵阳', '52', '520100'],
    ['昆明', '53', '530100'], ['拉萨', '54', '540100'], ['西安', '61', '610100'], ['兰州', '62', '620100'],
    ['西宁', '63', '630100'], ['银川', '64', '640100'], ['乌鲁木齐', '65', '650100'], ['台北', '71', '710100'],
  ])('%s → %s (city %s)', (city, code, cityCode) => {
    expect(match(city)).toEqual({ code, city: cityCode });
    expect(match(`${city}市`)).toEqual({ code, city: cityCode });
  });
});

describe('cities and districts', () => {
  it.each([
    ['深圳市', '44', '440300'],
    ['苏州', '32', '320500'],
    ['浦东新区', '31', '310100'],
    ['浦东', '31', '310100'],
    ['海淀区', '11', '110100'],
    ['渝中区', '50', '500100'],
    ['广东省深圳市南山区', '44', '440300'],
    ['广东 深圳市 南山区', '44', '440300'],
    ['深圳南山', '44', '440300'],
    ['苏州市姑苏区', '32', '320500'],
    ['北京朝阳区', '11', '110100'],
    ['北京市朝阳区', '11', '110100'],
    ['吉林省长春市朝阳区', '22', '220100'],
    ['吉林市', '22', '220200'],
    ['昆山市', '32', '320500'],
    ['延边朝鲜族自治州', '22', '222400'],
    ['延边', '22', '222400'],
    ['神农架林区', '42', '429000'],
    ['东莞', '44', '441900'],
    ['中西區', '81', null],
    ['海南州共和县', '63', '632500'],
  ])('%s → %s, city %s', (raw, code, city) => {
    expect(match(raw)).toEqual({ code, city });
  });

  it('a prefecture-level city wins over districts of the same name (西安 is 西安市, 朝阳 is 辽宁省朝阳市)', () => {
    expect(match('西安')).toEqual({ code: '61', city: '610100' });
    expect(match('朝阳')).toEqual({ code: '21', city: '211300' });
  });

  it('a province named alone has no city; a province with an unknown remainder keeps the province', () => {
    expect(match('广东省')).toEqual({ code: '44', city: null });
    expect(match('北京市')).toEqual({ code: '11', city: null });
    expect(match('广东省某某开发区')).toEqual({ code: '44', city: null });
  });

  it('names in several places of one province give that province without a city (城区 of 阳泉 and 晋城 is 山西 … and 汕尾)', () => {
    expect(match('市中区')).toHaveProperty('ambiguous');
    expect(match('山东省市中区')).toEqual({ code: '37', city: null });
  });
});

describe('six-digit GB/T 2260 codes', () => {
  it.each([
    ['440300', '44', '440300'],
    ['440305', '44', '440300'],
    ['110105', '11', '110100'],
    ['310115', '31', '310100'],
    ['429004', '42', '429000'],
    ['440000', '44', null],
    ['449999', '44', null],
    ['440399', '44', '440300'],
    ['810001', '81', null],
  ])('%s → %s, city %s', (raw, code, city) => {
    expect(match(raw)).toEqual({ code, city });
  });
});

describe('ambiguous names are refused with their candidates', () => {
  it('朝阳区 is in 北京 and in 长春 (吉林)', () => {
    expect(match('朝阳区')).toEqual({ ambiguous: ['北京市朝阳区 (11)', '吉林省长春市朝阳区 (22)'] });
  });

  it('鼓楼区 is in 江苏 (twice), 福建 and 河南', () => {
    expect(match('鼓楼区')).toEqual({
      ambiguous: ['江苏省南京市鼓楼区 (32)', '江苏省徐州市鼓楼区 (32)', '福建省福州市鼓楼区 (35)', '河南省开封市鼓楼区 (41)'],
    });
  });

  it.each(['通州', '通州区', '南山', '长安区', '和平区'])('%s names places in several provinces', (raw) => {
    expect(match(raw)).toHaveProperty('ambiguous');
    expect(regionCode(raw)).toBeUndefined();
  });

  it('a province before the name picks one', () => {
    expect(match('江苏通州区')).toEqual({ code: '32', city: '320600' });
    expect(match('北京通州')).toEqual({ code: '11', city: '110100' });
    expect(match('福建省鼓楼区')).toEqual({ code: '35', city: '350100' });
  });

  it('the loader reason names the candidates, their provinces and the fix', () => {
    const answer = REFERENCE_MAPPERS.region!('朝阳区');
    expect(answer).toEqual({
      code: null,
      reason: 'is ambiguous: 北京市朝阳区 (11), 吉林省长春市朝阳区 (22) — write the province too, e.g. 北京市朝阳区',
    });
    expect(referenceRow('朝阳区', answer)).toEqual(['朝阳区', null, null, (answer as { reason: string }).reason]);
  });

  it('a long list of candidates is cut after six', () => {
    const some = [...divisionIndex().byCode.values()].filter((d) => d.level === 'city').slice(0, 8);
    expect(ambiguityDetail(some)).toMatch(/^(\S+ \(\d{2}\), ){6}and 2 more — write the province too, e\.g\. \S+$/);
  });
});

describe('unknown names', () => {
  it.each(['火星', '火星区', 'Shenzhen', '新区', '西西区', '12345', '990100'])('%j maps to nothing', (raw) => {
    expect(resolveRegion(raw)).toBeUndefined();
    expect(REFERENCE_MAPPERS.region!(raw)).toBeUndefined();
  });
});

describe('short forms', () => {
  it.each([
    ['苏州市', ['苏州']],
    ['浦东新区', ['浦东']],
    ['南山区', ['南山']],
    ['神农架林区', ['神农架']],
    ['阿里地区', ['阿里']],
    ['兴安盟', ['兴安']],
    ['延边朝鲜族自治州', ['延边']],
    ['长阳土家族自治县', ['长阳']],
    ['东区', []],
    ['城区', []],
  ])('%s → %j', (name, forms) => {
    expect(shortForms(name)).toEqual(forms);
  });
});
