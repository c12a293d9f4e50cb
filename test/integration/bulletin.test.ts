// `grayscope bulletin` on a demo project, both languages: the HTML is one self-contained page (no
// script, no URL in src/href/url(), the CSP injected), its headline figures are the market_scale
// report table's formatted by format.ts, every chart is inline SVG, the Markdown says the same and
// links PNGs that exist, no phone or ID number of the demo's data appears anywhere, the bulletin is a
// run; a template that does not parse or holds a script is refused (exit 2), a period without an
// estimate is exit 3, --pdf without a Chromium exit 2.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { bulletinCommand } from '../../src/api-outputs.js';
import { demoCommand } from '../../src/api.js';
import { BULLETIN_CHARTS, BULLETIN_CSP, type BulletinResult } from '../../src/core/bulletin/bulletin-run.js';
import { headlineFloor } from '../../src/core/bulletin/headline.js';
import { readReportTable } from '../../src/core/reports/tables.js';
import { decimal } from '../../src/render/format.js';

let dir: string;
let project: string;
let result: BulletinResult;
const out = () => join(dir, 'bulletin');
const read = (file: string) => readFileSync(file, 'utf8');
const fileOf = (lang: string, format: string) => result.files.find((f) => f.lang === lang && f.format === format)!.file;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gs-bulletin-'));
  project = join(dir, 'demo');
  await demoCommand({ out: project, seed: 1 });
  result = await bulletinCommand({ project, lang: 'all', out: out() });
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The page without its embedded font (base64 could hold any run of digits). */
const withoutFont = (html: string) => html.replace(/url\(data:font\/ttf;base64,[A-Za-z0-9+/=]+\)/g, 'url(data:font)');

describe('files and JSON', () => {
  it('writes bulletin.LANG.html and .md for zh and en, the charts as PNG beside the Markdown, and reports the estimate run', async () => {
    for (const lang of ['zh', 'en']) {
      expect(fileOf(lang, 'html')).toBe(join(out(), `bulletin.${lang}.html`));
      expect(fileOf(lang, 'md')).toBe(join(out(), `bulletin.${lang}.md`));
      const pngs = result.files.filter((f) => f.lang === lang && f.format === 'png');
      expect(pngs.map((f) => f.file)).toEqual(BULLETIN_CHARTS.map((n) => join(out(), `bulletin.${lang}_charts`, `${n}.png`)));
    }
    const db = await openDatabase(join(project, 'grayscope.duckdb'), { readOnly: true });
    try {
      expect(result.period).toBe('2025Q4');
      expect(result.run_id).toBe(await db.scalar(`SELECT run_id FROM estimates_latest WHERE period = '2025Q4' AND method = 'mse' LIMIT 1`));
      expect(await db.scalar(`SELECT command FROM runs WHERE run_id = ?`, [result.bulletin_run_id])).toBe('bulletin');
    } finally {
      db.close();
    }
    expect(existsSync(join(project, 'runs', result.bulletin_run_id, 'manifest.json'))).toBe(true);
    expect(result.headline).toMatchObject({ period: '2025Q4', base_period: '2023Q4', unit: '亿元', unit_code: 'yi' });
  });

  it('the demo wrote the bulletin in both languages into out/bulletin', () => {
    for (const lang of ['zh', 'en']) {
      expect(existsSync(join(project, 'out', 'bulletin', `bulletin.${lang}.html`))).toBe(true);
      expect(existsSync(join(project, 'out', 'bulletin', `bulletin.${lang}.md`))).toBe(true);
    }
  });
});

describe.each(['zh', 'en'] as const)('the %s page', (lang) => {
  it('is self-contained: no script, no http(s) or protocol-relative URL in src/href/url(), the CSP and run id in <head>', () => {
    const html = read(fileOf(lang, 'html'));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:|\/\/)/i);
    expect(html).not.toMatch(/@import/i);
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain(`<meta http-equiv="Content-Security-Policy" content="${BULLETIN_CSP}">`);
    expect(head).toContain(`<meta name="grayscope-run-id" content="${result.run_id}">`);
    expect(head).toMatch(/@font-face\{font-family:'Noto Sans SC';font-weight:400;src:url\(data:font\/ttf;base64,/);
    expect(head).toContain('name="viewport"');
  });

  it('headline and key figures are the market_scale row of the period, formatted by format.ts', async () => {
    const db = await openDatabase(join(project, 'grayscope.duckdb'), { readOnly: true });
    let row: Record<string, unknown>;
    let unit: string;
    try {
      const table = await readReportTable(db, 'market_scale', { period: '2025Q4', lang });
      row = table.rows.find((r) => r.period === '2025Q4')!;
      unit = String(table.meta.unit);
    } finally {
      db.close();
    }
    const html = read(fileOf(lang, 'html'));
    const headline = /<p class="headline" id="headline">([^<]*)<\/p>/.exec(html)![1]!;
    const cut = headlineFloor(row.scale as number);
    expect(headline).toContain(decimal(cut.value, cut.decimals));
    expect(headline).toContain(`${decimal(row.scale_low as number, 1)}–${decimal(row.scale_high as number, 1)}`);
    expect(headline).toContain(lang === 'zh' ? `${decimal(cut.value, cut.decimals)}亿元` : `${decimal(cut.value, cut.decimals)} (${unit})`);
    expect(headline).toContain(lang === 'zh' ? '2023年同期' : 'Q4 2023');
    // The key-figures table: the exact figure and its interval.
    expect(html).toContain(`<td class="num">${decimal(row.scale as number, 1)}</td><td class="num">${decimal(row.scale_low as number, 1)}–${decimal(row.scale_high as number, 1)}</td>`);
    expect(result.headline.scale).toBe(row.scale);
  });

  it('shows every chart as inline SVG', () => {
    const html = read(fileOf(lang, 'html'));
    for (const name of BULLETIN_CHARTS) expect(html).toMatch(new RegExp(`<figure id="chart-${name}"[^>]*>\\s*<svg`));
    expect((html.match(/<svg/g) ?? []).length).toBe(BULLETIN_CHARTS.length);
  });

  it('the Markdown has the same headline and links PNG files that exist', () => {
    const md = read(fileOf(lang, 'md'));
    const html = read(fileOf(lang, 'html'));
    const headline = /<p class="headline" id="headline">([^<]*)<\/p>/.exec(html)![1]!;
    expect(md).toContain(`**${headline}**`);
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(BULLETIN_CHARTS.length);
    for (const link of links) {
      expect(link).toMatch(new RegExp(`^bulletin\\.${lang}_charts/[a-z_]+\\.png$`));
      expect(readFileSync(join(dirname(fileOf(lang, 'md')), link)).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(md).toMatch(/\n\| [^\n]+ \|\n\|---\|--:\|--:\|\n/);
  });
});

describe('no personal data', () => {
  it('no phone or ID number of the demo data, nor anything shaped like one, in any output', () => {
    const data = read(join(project, 'data', 'complaints.csv')) + read(join(project, 'data', 'incidents.csv'));
    const phones = new Set(data.match(/(?<!\d)1\d{10}(?!\d)/g) ?? []);
    const ids = new Set(data.match(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g) ?? []);
    expect(phones.size).toBeGreaterThan(100);
    expect(ids.size).toBeGreaterThan(10);
    const texts = result.files.filter((f) => f.format !== 'png').map((f) => withoutFont(read(f.file)));
    for (const text of texts) {
      expect(text.match(/(?<!\d)1\d{10}(?!\d)/g)).toBeNull();
      expect(text.match(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)).toBeNull();
      for (const p of [...phones].slice(0, 500)) expect(text.includes(p)).toBe(false);
    }
  });

  it('source files are named by base name only', () => {
    const md = read(fileOf('en', 'md'));
    expect(md).toMatch(/\| Complaints \| complaints\.csv \| `[0-9a-f]{12}` \| 20,000 \|/);
    expect(md).not.toContain('data/complaints.csv');
  });
});

describe('templates of your own', () => {
  it('renders with the same view; the CSP is injected whatever the template says', async () => {
    const file = join(dir, 'own.html.mustache');
    writeFileSync(file, '<!doctype html><html><head><title>{{title}}</title><style>{{{font_css}}}</style></head><body><h1>{{headline.text}}</h1>{{#tables.market_scale.rows}}<p>{{period}} {{scale_text}}</p>{{/tables.market_scale.rows}}{{#charts}}{{{svg}}}{{/charts}}</body></html>');
    const own = await bulletinCommand({ project, lang: 'en', out: join(dir, 'own'), template: file });
    const html = read(own.files.find((f) => f.format === 'html')!.file);
    expect(html).toContain(`<h1>${own.headline.text}</h1>`);
    expect(html).toMatch(/<p>2025Q4 [\d,]+\.\d<\/p>/);
    expect(html).toContain(BULLETIN_CSP);
    expect((html.match(/<svg/g) ?? []).length).toBe(BULLETIN_CHARTS.length);
  });

  it('a template that does not parse is exit 2 naming file:line:col', async () => {
    const file = join(dir, 'broken.html.mustache');
    writeFileSync(file, '<html><head></head>\n<body>\n  {{#charts}}<p>{{title}}</p>\n</body></html>');
    await expect(bulletinCommand({ project, out: join(dir, 'broken'), template: file })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${file}:\\d+:\\d+: the template does not parse`)) });
  });

  it('an unreadable template is exit 2 naming the file', async () => {
    const file = join(dir, 'missing.html.mustache');
    await expect(bulletinCommand({ project, template: file })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(file) });
  });

  it.each([
    ['<script>', '<html><head></head><body><script>alert(1)</script></body></html>', '1:26'],
    ['an external image', '<html><head></head><body>\n<img src="https://example.com/x.png"></body></html>', '2:6'],
    ['an external stylesheet link', '<html><head><link rel="stylesheet" href="//cdn.example.com/a.css"></head><body></body></html>', '1:36'],
    ['@import', '<html><head><style>@import "x.css";</style></head><body></body></html>', '1:20'],
    ['url(http…)', '<html><head><style>body{background:url( "http://x/y.png")}</style></head><body></body></html>', '1:36'],
    ['a partial', '<html><head></head><body>{{> footer}}</body></html>', '1:26'],
  ])('a template with %s is refused (exit 2) at file:line:col', async (_what, text, at) => {
    const file = join(dir, 'refused.html.mustache');
    writeFileSync(file, text);
    await expect(bulletinCommand({ project, out: join(dir, 'refused'), template: file })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(`${file}:${at}:`) });
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});

describe('exit codes', () => {
  it('a period without an estimate is exit 3 with the hint to estimate it', async () => {
    await expect(bulletinCommand({ project, period: '2019Q1', out: join(dir, 'none') })).rejects.toMatchObject({ exitCode: 3, hint: expect.stringContaining('grayscope estimate') });
  });

  it('--pdf without a Chromium is exit 2 naming the package to install', async () => {
    const saved = process.env.GRAYSCOPE_CHROMIUM;
    process.env.GRAYSCOPE_CHROMIUM = join(dir, 'no-such-chromium');
    try {
      await expect(bulletinCommand({ project, pdf: true, out: join(dir, 'nopdf') })).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('apt-get install chromium') });
    } finally {
      if (saved === undefined) delete process.env.GRAYSCOPE_CHROMIUM;
      else process.env.GRAYSCOPE_CHROMIUM = saved;
    }
  });

  it('--lang other than zh, en, all is exit 2', async () => {
    await expect(bulletinCommand({ project, lang: 'fr' })).rejects.toMatchObject({ exitCode: 2 });
  });
});
