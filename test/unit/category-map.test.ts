// The category rule (src/core/category-map.ts): the project's map first, then built-in spellings,
// then built-in synonyms contained in the label (longest wins, two categories are ambiguous), then
// `default`; a label nothing maps is a reject whose reason shows the YAML that maps it.
import { describe, expect, it } from 'vitest';
import { type CategoryValue, categoryMapper, containedCategory, yamlKey } from '../../src/core/category-map.js';
import { parseConfig } from '../../src/core/config.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { ORDINARY_TOPIC_LABELS, SUSPECT_LABELS } from '../../src/core/generate/reference.js';

const complaints = (map?: Record<string, CategoryValue>) => categoryMapper(map, 'complaints');

describe('built-in synonyms contained in a label', () => {
  it('信用卡停息挂账代理 maps to debt_evasion through the longest synonym it contains (停息挂账代理, not 停息挂账)', () => {
    expect(containedCategory('信用卡停息挂账代理')).toEqual({ kind: 'one', code: 'debt_evasion', synonym: '停息挂账代理' });
  });

  it('代理退保（疑似） maps to illegal_agency (full-width brackets folded)', () => {
    expect(complaints()('代理退保（疑似）')).toEqual({ code: 'illegal_agency', via: 'contained' });
  });

  it('a label with synonyms of two categories is ambiguous, naming both', () => {
    const c = containedCategory('代理投诉反催收');
    expect(c.kind).toBe('ambiguous');
    const r = complaints()('代理投诉反催收');
    expect(r.code).toBeUndefined();
    expect(r.reason).toContain('ambiguous');
    expect(r.reason).toContain('illegal_agency (代理投诉)');
    expect(r.reason).toContain('debt_evasion (反催收)');
    expect(r.reason).toContain('categories:\n    代理投诉反催收: illegal_agency');
  });

  it('overlapping synonyms of two categories (征信异议代理投诉) are ambiguous too', () => {
    expect(containedCategory('征信异议代理投诉').kind).toBe('ambiguous');
  });

  it('the project map settles an ambiguous label', () => {
    expect(complaints({ 代理投诉反催收: 'debt_evasion' })('代理投诉 反催收')).toEqual({ code: 'debt_evasion', via: 'map' });
  });

  it('其他 and 反洗钱 are never found inside a label (其他问题, 反洗钱身份核实 are not categories)', () => {
    expect(containedCategory('其他问题')).toEqual({ kind: 'none' });
    expect(containedCategory('反洗钱身份核实')).toEqual({ kind: 'none' });
    expect(containedCategory('疑似洗钱')).toMatchObject({ kind: 'one', code: 'money_laundering' });
  });

  it('none of the generator\'s ordinary topics contains a synonym, and each suspect label maps to its category', () => {
    for (const topic of ORDINARY_TOPIC_LABELS) expect(containedCategory(topic), topic).toEqual({ kind: 'none' });
    for (const [code, labels] of Object.entries(SUSPECT_LABELS)) {
      for (const label of labels!) expect(complaints()(label).code, label).toBe(code);
    }
  });
});

describe('the project map and default', () => {
  it('the map takes precedence over the built-in rule, after the same normalisation as headers', () => {
    const map = complaints({ 停息挂账: 'ordinary', 'Ｓｅｒｖｉｃｅ Attitude': 'ordinary' });
    expect(map('停息挂账')).toEqual({ code: 'ordinary', via: 'map' });
    expect(map(' service-attitude ')).toEqual({ code: 'ordinary', via: 'map' });
    expect(map('停息挂账代理').code).toBe('debt_evasion');
  });

  it('default maps every label nothing else maps, but not a built-in synonym', () => {
    const map = complaints({ default: 'ordinary' });
    expect(map('息费争议')).toEqual({ code: 'ordinary', via: 'default' });
    expect(map('反催收')).toEqual({ code: 'debt_evasion', via: 'builtin' });
  });

  it('without an entry or a default an unknown label is a reject whose reason shows the three lines of YAML', () => {
    const r = complaints({ 服务态度: 'ordinary' })('息费争议');
    expect(r.code).toBeUndefined();
    expect(r.reason).toMatch(/^category "息费争议" is not a taxonomy category\. To map it, add to grayscope\.yaml:\n {2}categories:\n {4}息费争议: ordinary\n/);
  });

  it('the YAML hint quotes a label YAML would misread, and masks personal data in it', () => {
    expect(yamlKey('息费争议')).toBe('息费争议');
    expect(yamlKey('投诉: 其他')).toBe('"投诉: 其他"');
    expect(yamlKey('true')).toBe('"true"');
    const r = complaints()('回电13812345678');
    expect(r.reason).not.toContain('13812345678');
  });

  it('incidents refuse ordinary from the map or the default, and the hint suggests a taxonomy code', () => {
    const incidents = categoryMapper({ 息费争议: 'ordinary', default: 'ordinary' }, 'incidents');
    const mapped = incidents('息费争议');
    expect(mapped.code).toBeUndefined();
    expect(mapped.reason).toContain('mapped to ordinary by grayscope.yaml (categories: 息费争议)');
    expect(mapped.reason).toContain('ordinary is for complaints only');
    expect(mapped.reason).toContain('息费争议: fraud_other');
    const fallback = incidents('别的');
    expect(fallback.reason).toContain('categories: default');
    expect(categoryMapper(undefined, 'enforcement')('别的').reason).toContain('别的: fraud_other');
    expect(incidents('跑分').code).toBe('money_laundering');
  });
});

describe('grayscope.yaml categories:', () => {
  const fail = async (text: string) => (await parseConfig(text, 'grayscope.yaml').catch((e: unknown) => e)) as GrayscopeError;

  it('a map with a default is read as written', async () => {
    const config = await parseConfig('categories:\n  服务态度: ordinary\n  信用卡停息挂账代理: debt_evasion\n  default: ordinary\n', 'grayscope.yaml');
    expect(config.categories).toEqual({ 服务态度: 'ordinary', 信用卡停息挂账代理: 'debt_evasion', default: 'ordinary' });
  });

  it('a value that is not a code or ordinary is named with its key path, line and column', async () => {
    const err = await fail('project: x\ncategories:\n  服务态度: ordinary\n  息费争议: 普通\n');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^grayscope\.yaml:4:3: categories\.息费争议: must be ordinary or a taxonomy code: debt_evasion, /);
  });

  it('a bad default is named like any key', async () => {
    const err = await fail('categories:\n  default: other\n');
    expect(err.message).toMatch(/^grayscope\.yaml:2:3: categories\.default: must be ordinary or a taxonomy code/);
  });

  it('two keys that normalise alike but map differently are refused at the second', async () => {
    const err = await fail('categories:\n  服务 态度: ordinary\n  服务态度: debt_evasion\n');
    expect(err.message).toMatch(/^grayscope\.yaml:3:3: categories\.服务态度: is the same label as "服务 态度"/);
  });

  it('categories must be a map', async () => {
    const err = await fail('categories: [服务态度]\n');
    expect(err.message).toMatch(/^grayscope\.yaml:1:1: categories: must be a map of labels/);
  });
});
