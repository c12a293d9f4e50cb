// The chart renderer on the real vega, vega-lite, @napi-rs/canvas and resvg (no mocks): Chinese text is
// drawn with the shipped font and measured with it, nothing is clipped, files and URLs are refused,
// warnings come back, and every output records its run id.
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { renderSvg, svgRunId, svgToPng, compileChart } from '../../src/adapters/chart-render.js';
import { renderHtml } from '../../src/adapters/chart-html.js';
import { readPngText } from '../../src/adapters/png-text.js';
import { CHART_FONT_FAMILY, chartFontFaces } from '../../src/adapters/chart-font.js';
import { GrayscopeError } from '../../src/core/errors.js';

const RUN = '20250415T103000Z-ab12cd';
const TITLE = '市场规模（亿元）';

function barSpec(extra: Record<string, unknown> = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: 200,
    data: {
      values: [
        { quarter: '2024年第四季度', value: 2650 },
        { quarter: '2025年第一季度', value: 2810 },
      ],
    },
    mark: 'bar',
    encoding: {
      x: { field: 'quarter', type: 'nominal', title: '季度', axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: TITLE },
    },
    ...extra,
  } as TopLevelSpec;
}

/** RGBA pixels of a PNG, decoded by a real decoder (@napi-rs/canvas). */
async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** How many pixels are clearly darker than the white background. */
function ink(data: Uint8ClampedArray, rows?: [number, number], width = 0): number {
  let n = 0;
  const from = rows ? rows[0] * width * 4 : 0;
  const to = rows ? rows[1] * width * 4 : data.length;
  for (let i = from; i < to; i += 4) if ((data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) < 600) n++;
  return n;
}

async function refusedWith(spec: TopLevelSpec): Promise<GrayscopeError> {
  const err = await renderSvg({ name: 'reports/charts/evil.vl.json', spec }, { runId: RUN }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GrayscopeError);
  return err as GrayscopeError;
}

describe('chart fonts', () => {
  it('resolves a regular and a bold Noto Sans SC TTF from the npm package', () => {
    const faces = chartFontFaces();
    expect(faces.map((f) => f.weight)).toEqual([400, 700]);
    for (const f of faces) expect(f.path).toMatch(/@expo-google-fonts\/noto-sans-sc\/.*NotoSansSC_\d+\w+\.ttf$/);
  });
});

describe('renderSvg', () => {
  it('writes the Chinese title, axis titles and labels as text in the shipped font, and the run id in <desc>', async () => {
    const out = await renderSvg({ name: 'market', spec: barSpec({ title: TITLE }) }, { runId: RUN });
    expect(out.warnings).toEqual([]);
    expect(out.svg).toContain(`>${TITLE}</text>`);
    expect(out.svg).toContain('>2025年第一季度</text>');
    expect(out.svg).toContain('>季度</text>');
    expect(out.svg).toContain(`font-family="'${CHART_FONT_FAMILY}', `);
    expect(svgRunId(out.svg)).toBe(RUN);
    expect(out.texts.map((t) => t.text)).toEqual(expect.arrayContaining([TITLE, '2024年第四季度', '季度']));
  });

  it('measures text with the shipped font: a CJK character is one em wide, not vega’s 0.8 em estimate', async () => {
    const heading = '疑似黑灰产投诉占比';
    const out = await renderSvg({ name: 'market', spec: barSpec({ title: { text: heading, fontSize: 20 } }) }, { runId: RUN });
    const title = out.texts.find((t) => t.text === heading);
    expect(title).toBeDefined();
    const width = (title?.x2 ?? 0) - (title?.x1 ?? 0);
    // 9 full-width characters at 20 px (bold): 180 px with the font; vega's estimate would be 144.
    expect(width).toBeGreaterThan(170);
    expect(width).toBeLessThan(190);
  });

  it('keeps every text box inside the picture, long Chinese labels and legend included', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: '各地区疑似黑灰产投诉（件）', subtitle: '2025年第一季度，按省级行政区' },
      width: 260,
      data: {
        values: [
          { region: '内蒙古自治区', kind: '非法集资与金融诈骗', n: 1200 },
          { region: '新疆维吾尔自治区', kind: '代理维权与恶意投诉', n: 800 },
          { region: '广西壮族自治区', kind: '非法集资与金融诈骗', n: 1500 },
          { region: '宁夏回族自治区', kind: '代理维权与恶意投诉', n: 300 },
        ],
      },
      mark: 'bar',
      encoding: {
        y: { field: 'region', type: 'nominal', title: '省级行政区', sort: '-x' },
        x: { field: 'n', type: 'quantitative', title: '疑似黑灰产投诉数量（件）' },
        color: { field: 'kind', type: 'nominal', title: '类别' },
      },
    } as TopLevelSpec;
    const out = await renderSvg({ name: 'regions', spec }, { runId: RUN });
    expect(out.warnings).toEqual([]);
    expect(out.texts.length).toBeGreaterThan(10);
    expect(out.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['新疆维吾尔自治区', '代理维权与恶意投诉', '各地区疑似黑灰产投诉（件）']));
    expect(out.clipped).toEqual([]);
    for (const t of out.texts) {
      expect(t.x1).toBeGreaterThanOrEqual(-0.5);
      expect(t.y1).toBeGreaterThanOrEqual(-0.5);
      expect(t.x2).toBeLessThanOrEqual(out.width + 0.5);
      expect(t.y2).toBeLessThanOrEqual(out.height + 0.5);
    }
  });

  it('reports a text that reaches outside the picture as clipped', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 100,
      height: 40,
      autosize: { type: 'none' },
      padding: 0,
      data: { values: [{ x: 90, t: '2025年第一季度市场规模' }] },
      mark: { type: 'text', align: 'left' },
      encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 100] }, axis: null }, text: { field: 't' } },
    } as TopLevelSpec;
    const out = await renderSvg({ name: 'overflow', spec }, { runId: RUN });
    expect(out.clipped.map((t) => t.text)).toEqual(['2025年第一季度市场规模']);
  });

  it('truncates at a label limit measured with the font, and the shown label stays within it', async () => {
    const long = '2025年第一季度（初步估计，含代理维权）';
    const spec = barSpec();
    (spec as { data: { values: unknown[] } }).data.values = [{ quarter: long, value: 1 }];
    (spec as unknown as { encoding: { x: { axis: Record<string, unknown> } } }).encoding.x.axis = { labelAngle: 0, labelLimit: 80 };
    const out = await renderSvg({ name: 'limit', spec }, { runId: RUN });
    const label = out.texts.find((t) => t.text === long);
    expect(label).toBeDefined();
    expect((label?.x2 ?? 0) - (label?.x1 ?? 0)).toBeLessThanOrEqual(80);
    expect(out.svg).toMatch(/>2025年[^<]*…<\/text>/);
    expect(out.svg).not.toContain(`>${long}</text>`);
  });

  it('formats axis numbers with the locale it is given', async () => {
    const spec = {
      data: { values: [{ a: 123456 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative', axis: { format: ',d' } } },
    } as TopLevelSpec;
    const locale = { number: { decimal: '.', thousands: '_', grouping: [4], currency: ['¥', ''] } };
    const out = await renderSvg({ name: 'locale', spec }, { runId: RUN, locale });
    expect(out.texts.map((t) => t.text)).toContain('10_0000');
  });

  it('refuses a spec that reads a file, naming the chart and the path (exit 2)', async () => {
    const err = await refusedWith(barSpec({ data: { url: '/etc/passwd', format: { type: 'csv' } } }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('reports/charts/evil.vl.json');
    expect(err.message).toContain('/etc/passwd');
    expect(err.message).toMatch(/cannot read files or URLs/);
  });

  it('refuses a spec that reads a URL', async () => {
    const err = await refusedWith(barSpec({ data: { url: 'https://example.com/data.json' } }));
    expect(err.message).toContain('https://example.com/data.json');
    expect(err.details).toMatchObject({ chart: 'reports/charts/evil.vl.json' });
  });

  it('refuses an image mark and a link, not only data.url', async () => {
    const image = await refusedWith({
      data: { values: [{ u: 'http://example.com/a.png' }] },
      mark: { type: 'image', width: 10, height: 10 },
      encoding: { url: { field: 'u', type: 'nominal' } },
    } as TopLevelSpec);
    expect(image.message).toContain('http://example.com/a.png');
    const link = await refusedWith(barSpec({ encoding: { ...(barSpec() as { encoding: object }).encoding, href: { value: 'file:///etc/shadow' } } }));
    expect(link.message).toContain('file:///etc/shadow');
  });

  it('returns vega-lite’s warnings instead of printing them', async () => {
    const spec = barSpec();
    (spec as { encoding: Record<string, unknown> }).encoding.shape = { field: 'quarter', type: 'nominal' };
    const compiled = await compileChart({ name: 'warns', spec });
    expect(compiled.warnings.join('\n')).toMatch(/shape/i);
    const out = await renderSvg({ name: 'warns', spec }, { runId: RUN });
    expect(out.warnings.join('\n')).toMatch(/shape/i);
  });

  it('returns vega’s own runtime warnings too', async () => {
    const spec = barSpec();
    (spec as { data: { values: unknown[] } }).data.values = [{ quarter: 'a', value: 'x' }];
    (spec as { encoding: { y: Record<string, unknown> } }).encoding.y.scale = { type: 'log' };
    const out = await renderSvg({ name: 'warns', spec }, { runId: RUN });
    expect(out.warnings.length).toBeGreaterThan(0);
  });

  it('fails with the chart named when the spec does not compile', async () => {
    const err = await compileChart({ name: 'broken', spec: { mark: 'nosuchmark' } as unknown as TopLevelSpec }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrayscopeError);
    expect((err as GrayscopeError).message).toMatch(/^broken: /);
  });
});

describe('svgToPng', () => {
  it('draws the SVG at --scale, with non-blank pixels, and records the run id in a tEXt chunk', async () => {
    const out = await renderSvg({ name: 'market', spec: barSpec({ title: TITLE }) }, { runId: RUN });
    const png = await svgToPng(out.svg, { runId: RUN, scale: 2 });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const img = await pixels(png);
    expect(img.width).toBe(Math.round(out.width * 2));
    expect(img.height).toBe(Math.round(out.height * 2));
    expect(ink(img.data)).toBeGreaterThan(img.width * img.height * 0.1);
    expect(readPngText(png)).toEqual({ 'grayscope-run-id': RUN });
  });

  it('draws the Chinese title: a title-only chart has ink, the same chart without a title has none', async () => {
    const titleOnly = (title: string) =>
      ({ title, width: 200, height: 10, data: { values: [] }, mark: 'point', config: { view: { stroke: null } } }) as TopLevelSpec;
    const a = await renderSvg({ name: 't', spec: titleOnly(TITLE) }, { runId: RUN });
    const b = await renderSvg({ name: 't', spec: titleOnly('') }, { runId: RUN });
    expect(a.warnings).toEqual([]);
    const inkA = ink((await pixels(await svgToPng(a.svg, { runId: RUN, scale: 1 }))).data);
    const inkB = ink((await pixels(await svgToPng(b.svg, { runId: RUN, scale: 1 }))).data);
    // Glyphs of 8 characters at 13 px bold: well over 150 dark pixels.
    expect(inkA).toBeGreaterThan(150);
    expect(inkB).toBe(0);
  });

  it('draws different CJK characters differently (no missing-glyph boxes)', async () => {
    const glyph = async (ch: string) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="white"/><text x="4" y="32" font-family="${CHART_FONT_FAMILY}" font-size="32">${ch}</text></svg>`;
      return (await pixels(await svgToPng(svg, { runId: RUN, scale: 1 }))).data;
    };
    const [shi, chang, yuan] = await Promise.all([glyph('市'), glyph('场'), glyph('元')]);
    for (const g of [shi, chang, yuan]) expect(ink(g)).toBeGreaterThan(50);
    expect(Buffer.from(shi).equals(Buffer.from(chang))).toBe(false);
    expect(Buffer.from(chang).equals(Buffer.from(yuan))).toBe(false);
  });

  it('draws text as wide as it was measured: canvas and resvg use the same font', async () => {
    const text = '2025年第一季度市场规模';
    const spec = {
      width: 300,
      height: 30,
      padding: 0,
      autosize: { type: 'none' },
      data: { values: [{ t: text }] },
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 20, x: 10, y: 15 },
      encoding: { text: { field: 't' } },
      config: { view: { stroke: null } },
    } as TopLevelSpec;
    const out = await renderSvg({ name: 'metrics', spec }, { runId: RUN });
    const box = out.texts.find((t) => t.text === text);
    const img = await pixels(await svgToPng(out.svg, { runId: RUN, scale: 1 }));
    let left = img.width;
    let right = -1;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * 4;
        if ((img.data[i] ?? 255) < 128) [left, right] = [Math.min(left, x), Math.max(right, x)];
      }
    }
    // Ink starts at the box's left edge and ends within the last glyph's side bearing of its right edge.
    expect(left).toBeGreaterThanOrEqual(Math.floor(box?.x1 ?? 0));
    expect(left).toBeLessThanOrEqual((box?.x1 ?? 0) + 2);
    expect(right + 1).toBeLessThanOrEqual(Math.ceil(box?.x2 ?? 0));
    expect(right + 1).toBeGreaterThanOrEqual((box?.x2 ?? 0) - 3);
  });

  it('refuses a scale outside (0, 10]', async () => {
    await expect(svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', { runId: RUN, scale: 0 })).rejects.toThrow(/--scale/);
  });
});

describe('renderHtml', () => {
  it('is one self-contained page: inline scripts and spec, the run id meta, and no external fetch', async () => {
    const { html, warnings } = await renderHtml({ name: 'market', spec: barSpec({ title: TITLE }) }, { runId: RUN, lang: 'zh', title: TITLE });
    expect(warnings).toEqual([]);
    expect(html).toContain(`<meta name="grayscope-run-id" content="${RUN}">`);
    expect(html).toContain(`<title>${TITLE}</title>`);
    expect(html).toContain(JSON.stringify(TITLE));
    expect(html).toContain("default-src 'none'");
    // The page's markup (scripts aside) loads nothing: no src=, href=, <link>, @import or url().
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    // The shipped font is embedded, cut down to the chart's characters: data: URLs only (the CSP allows fonts from data: alone).
    expect(html).toContain("font-src data:");
    const fonts = [...markup.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBe(2);
    for (const url of fonts) expect(url).toMatch(/^data:font\/ttf;base64,/);
    const withoutFonts = markup.replace(/url\(data:font\/ttf;base64,[A-Za-z0-9+/=]+\)/g, 'url()');
    expect(withoutFonts.length).toBeLessThan(3000);
    expect(markup.length).toBeLessThan(200_000);
    expect(withoutFonts).not.toMatch(/\s(src|href|srcset|action|data)\s*=/i);
    expect(withoutFonts).not.toMatch(/<link|<iframe|<object|<embed|@import/i);
    // Nor does any script name a font service or a CDN.
    expect(html).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs/);
    // vega, vega-lite and vega-embed are inlined (their version banners), each in its own script.
    expect(html.match(/<script>/g)?.length).toBe(4);
  });

  it('cannot be broken out of by text in the spec', async () => {
    const evil = '</script><script>alert(1)</script>';
    const { html } = await renderHtml({ name: 'market', spec: barSpec({ title: evil }) }, { runId: RUN, lang: 'en', title: evil });
    expect(html.match(/<\/script>/g)?.length).toBe(4);
    expect(html).toContain('<title>&#60;/script&#62;');
  });

  it('refuses a spec that reads a URL, as renderSvg does', async () => {
    const spec = barSpec({ data: { url: 'http://example.com/x.csv' } });
    await expect(renderHtml({ name: 'evil', spec }, { runId: RUN, lang: 'en', title: 'x' })).rejects.toThrow(/evil: a chart cannot read files or URLs/);
  });
});
