// Subsets of the shipped font for resvg: small, still TrueType, still the same family, and only the
// glyphs asked for.
import { describe, expect, it } from 'vitest';
import { chartFontFaces, CHART_FONT_FAMILY } from '../../src/adapters/chart-font.js';
import { subsetFace } from '../../src/adapters/font-subset.js';

const codepoints = (text: string) => [...text].map((c) => c.codePointAt(0) ?? 0);

describe('subsetFace', () => {
  it('cuts the 10 MB face down to a small TrueType file that keeps the family name', async () => {
    const [regular] = chartFontFaces();
    if (!regular) throw new Error('no regular face');
    const bytes = await subsetFace(regular, codepoints('市场规模（亿元）2025年第一季度'));
    expect(bytes.readUInt32BE(0)).toBe(0x00010000); // sfnt version of a TrueType font
    expect(bytes.length).toBeLessThan(40_000);
    // The name table stores the family in UTF-16BE.
    expect(bytes.includes(Buffer.from(CHART_FONT_FAMILY, 'utf16le').swap16())).toBe(true);
  });

  it('grows with the characters asked for', async () => {
    const [regular] = chartFontFaces();
    if (!regular) throw new Error('no regular face');
    const few = await subsetFace(regular, codepoints('市场'));
    const many = await subsetFace(regular, codepoints('北京天津河北山西内蒙古辽宁吉林黑龙江上海江苏浙江安徽福建江西山东河南湖北湖南广东广西海南重庆四川贵州云南西藏陕西甘肃青海宁夏新疆'));
    expect(many.length).toBeGreaterThan(few.length * 3);
  });
});
