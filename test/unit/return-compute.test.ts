// The arithmetic a return shares between build and validate: formula values and their spreadsheet
// text, rounding, the digest and the manifest round trip, and the checks (rules, cover, filing).
import { describe, expect, it } from 'vitest';
import { checkReturn, computeFormulas, formulaText, previousCells } from '../../src/core/returns/compute.js';
import { cellKey, cellSpecs, type CellKey, type Figure, lockedDigest, type ReturnDocument, roundTo, shiftQuarter } from '../../src/core/returns/document.js';
import { addressOf, columnLetter } from '../../src/core/returns/layout.js';
import { manifestRows, parseManifest } from '../../src/core/returns/manifest.js';
import { shippedTemplate } from '../helpers/return-workbook.js';
import { loadReturnTemplate, type ReturnTemplate } from '../../src/core/returns/template.js';

const shipped = shippedTemplate;

const MINI = `id: mini
version: 1
periods: {from: 2025Q1}
title: {zh: 小表, en: Mini}
form_number: X01
issuing_body: {zh: 某机关, en: Some body}
cover:
  - {code: uscc, label: {zh: 统一社会信用代码, en: USCC}, kind: uscc}
  - {code: period, label: {zh: 报告期, en: Period}, kind: period}
sheets:
  - code: S01
    title: {zh: 表一, en: One}
    rows:
      - {code: r010, label: {zh: 甲, en: A}}
      - {code: r020, label: {zh: 乙, en: B}}
      - {code: r030, label: {zh: 合计, en: Total}}
    columns:
      - {code: c010, label: {zh: 数, en: N}, unit: wan, decimals: 2}
      - {code: c020, label: {zh: 上期, en: Before}, unit: wan, decimals: 2}
      - {code: c030, label: {zh: 变动, en: Change}, unit: share, decimals: 4}
      - {code: c040, label: {zh: 年均, en: Annual}, unit: share, decimals: 4}
    cells:
      - {row: r010, col: c010, table: enforcement, column: cases}
      - {row: r020, col: c010, table: enforcement, column: persons_arrested}
      - {row: r030, col: c010, formula: {sum_rows: ["r010:r020"]}}
      - {row: r010, col: c020, table: enforcement, column: cases, period_offset: -1}
      - {row: r020, col: c020, table: enforcement, column: persons_arrested, period_offset: -1}
      - {row: r030, col: c020, formula: {sum_rows: [r010, r020]}}
      - {row: r030, col: c030, formula: {change: {of: c010, base: c020}}}
      - {row: r030, col: c040, formula: {annual_change: {of: c010, base: c020, years: 2}}}
rules:
  - id: v0010
    severity: blocking
    expression: "{S01, r030, c010} = sum({S01, r010:r020, c010})"
    message: {zh: 合计, en: Total must equal its items}
  - id: v0020
    severity: warning
    expression: "abs({S01, r030, c010} / prev({S01, r030, c010}) - 1) <= 0.3"
    message: {zh: 变动, en: Changed by more than 30%}
`;

function doc(t: ReturnTemplate, values: Record<string, Figure>, extra: Partial<ReturnDocument> = {}): ReturnDocument {
  return {
    template: t.id, template_version: t.version, period: '2025Q3', lang: 'en', version: 1, supersedes: null, reason: null,
    run_id: 'r', estimate_run_id: null, cover: { uscc: '91350100M000100Y43', period: '2025Q3' }, filing: {},
    values: computeFormulas(t, values as Record<CellKey, Figure>), previous: null, explanations: {}, ...extra,
  };
}

describe('formulas', () => {
  it('computes sums, changes and the geometric annual change in dependency order, and writes the same formulas', async () => {
    const t = await loadReturnTemplate(MINI, 'mini.yaml');
    const v = computeFormulas(t, { 'S01!r010!c010': 1.25, 'S01!r020!c010': 2.5, 'S01!r010!c020': 1, 'S01!r020!c020': null } as Record<CellKey, Figure>);
    expect(v['S01!r030!c010']).toBeCloseTo(3.75, 12);
    expect(v['S01!r030!c020']).toBe(1);
    expect(v['S01!r030!c030']).toBeCloseTo(2.75, 12);
    expect(v['S01!r030!c040']).toBeCloseTo(Math.sqrt(3.75) - 1, 12);
    const s = t.sheets[0]!;
    expect(formulaText(s, 'r030', 'c010', { sum_rows: ['r010:r020'] })).toBe('SUM(C6:C7)');
    expect(formulaText(s, 'r030', 'c020', { sum_rows: ['r010', 'r020'] })).toBe('SUM(D6:D7)');
    expect(formulaText(s, 'r030', 'c030', { change: { of: 'c010', base: 'c020' } })).toBe('IF(OR(C8="",D8="",D8=0),"",C8/D8-1)');
    expect(formulaText(s, 'r030', 'c040', { annual_change: { of: 'c010', base: 'c020', years: 2 } })).toBe('IF(OR(C8="",D8="",D8=0),"",IFERROR((C8/D8)^(1/2)-1,""))');
  });

  it('leaves a change empty when its base is zero or empty, and a root of a negative ratio empty', async () => {
    const t = await loadReturnTemplate(MINI, 'mini.yaml');
    const zero = computeFormulas(t, { 'S01!r010!c010': 5, 'S01!r010!c020': 0 } as Record<CellKey, Figure>);
    expect(zero['S01!r030!c030']).toBeNull();
    const negative = computeFormulas(t, { 'S01!r010!c010': -5, 'S01!r010!c020': 2 } as Record<CellKey, Figure>);
    expect(negative['S01!r030!c030']).toBeCloseTo(-3.5, 12);
    expect(negative['S01!r030!c040']).toBeNull();
  });

  it('places cells by codes: labels in A, row codes in B, figures from C below five header rows', async () => {
    const t = await shipped('institution');
    expect(addressOf(t.sheets[0]!, 'r010', 'c010')).toBe('C6');
    expect(columnLetter(27)).toBe('AA');
    expect(columnLetter(52)).toBe('AZ');
  });
});

describe('rounding, digest, manifest', () => {
  it('rounds half away from zero, as a filer rounds to 万元', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(12345.6789, 4)).toBe(12345.6789);
    expect(shiftQuarter('2025Q1', -1)).toBe('2024Q4');
    expect(shiftQuarter('2025Q3', -8)).toBe('2023Q3');
  });

  it('the digest changes with a built figure and not with an input; the manifest reads back', async () => {
    const t = await shipped('institution');
    const values: Record<string, Figure> = {};
    for (const c of cellSpecs(t)) values[c.key] = c.kind === 'input' ? null : c.unit === 'text' ? 'x' : 1;
    const d = doc(t, values);
    const digest = lockedDigest(t, d.values);
    expect(lockedDigest(t, { ...d.values, 'S06!r010!c060': 'explained' })).toBe(digest);
    expect(lockedDigest(t, { ...d.values, 'S01!r010!c010': 2 })).not.toBe(digest);
    const m = parseManifest(manifestRows(t, { ...d, previous: { 'S06!r010!c010': 7 } }));
    expect(m.digest).toBe(digest);
    expect(m.cells['S01!r010!c010']).toBe(1);
    expect(m.previous).toEqual({ 'S06!r010!c010': 7 });
    expect(() => parseManifest([['format', 'something else']])).toThrow(/no grayscope manifest/);
    expect(previousCells(t)).toContain(cellKey('S06', 'r010', 'c010'));
  });
});

describe('checks', () => {
  it('passes a total that differs from its rounded parts only by rounding, and fails one that does not', async () => {
    const t = await loadReturnTemplate(MINI, 'mini.yaml');
    const ok = checkReturn(t, doc(t, { 'S01!r010!c010': 1.25, 'S01!r020!c010': 2.5 }), 'validate');
    expect(ok.rules.find((r) => r.id === 'v0010')!.status).toBe('pass');
    const d = doc(t, { 'S01!r010!c010': 1.25, 'S01!r020!c010': 2.5 });
    d.values['S01!r030!c010'] = 3.76;
    expect(checkReturn(t, d, 'validate').rules.find((r) => r.id === 'v0010')!.status).toBe('pass'); // within ±0.005 × 3
    d.values['S01!r030!c010'] = 3.8;
    const bad = checkReturn(t, d, 'validate');
    expect(bad.rules.find((r) => r.id === 'v0010')!.status).toBe('fail');
    expect(bad.blocking_failed).toBe(1);
    expect(bad.rules.find((r) => r.id === 'v0010')!.cells.map((c) => c.address)).toEqual(['S01!C8', 'S01!C6', 'S01!C7']);
  });

  it('a triggered warning needs an explanation; prev() without a previous return is skipped', async () => {
    const t = await loadReturnTemplate(MINI, 'mini.yaml');
    const base = { 'S01!r010!c010': 10, 'S01!r020!c010': 10 };
    expect(checkReturn(t, doc(t, base), 'validate').rules.find((r) => r.id === 'v0020')!.status).toBe('skipped');
    const prev = { previous: { 'S01!r030!c010': 10 } as Record<CellKey, Figure> };
    const triggered = checkReturn(t, doc(t, base, prev), 'validate');
    expect(triggered.rules.find((r) => r.id === 'v0020')!.status).toBe('fail');
    expect(triggered).toMatchObject({ warnings: 1, unexplained: 1, blocking_failed: 0 });
    const explained = checkReturn(t, doc(t, base, { ...prev, explanations: { v0020: '新增两个受理渠道' } }), 'validate');
    expect(explained.rules.find((r) => r.id === 'v0020')).toMatchObject({ status: 'explained', explanation: '新增两个受理渠道' });
    expect(explained).toMatchObject({ warnings: 1, unexplained: 0 });
  });

  it('checks the 统一社会信用代码 check digit and the period on the cover; empty fields wait for input at build', async () => {
    const t = await loadReturnTemplate(MINI, 'mini.yaml');
    const bad = checkReturn(t, doc(t, {}, { cover: { uscc: '91350100M000100Y44', period: '2025Q2' } }), 'validate');
    expect(bad.rules.find((r) => r.id === 'cover.uscc')!.status).toBe('fail');
    expect(bad.rules.find((r) => r.id === 'cover.period')!.status).toBe('fail');
    const empty = doc(t, {}, { cover: {} });
    expect(checkReturn(t, empty, 'build').rules.find((r) => r.id === 'cover.uscc')!.status).toBe('pending_input');
    expect(checkReturn(t, empty, 'validate').rules.find((r) => r.id === 'cover.uscc')!.status).toBe('fail');
  });

  it('a required sheet cannot be declared not reported; rules on an unreported optional sheet do not apply', async () => {
    const t = await shipped('institution');
    const r = checkReturn(t, doc(t, {}, { filing: { S01: false, S03: false } }), 'validate');
    expect(r.rules.find((x) => x.id === 'filing.S01')!.status).toBe('fail');
    expect(r.rules.find((x) => x.id === 'filing.S03')).toBeUndefined();
    expect(r.rules.find((x) => x.id === 'v0100')!.status).toBe('not_applicable');
  });
});
