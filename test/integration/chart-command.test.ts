// The chart command's core (runCharts, listCharts) on the real renderer (vega, resvg) and the real
// file system, with a stand-in report table and a small composer of the test's own (the real ones
// are src/core/reports/tables.ts and src/core/charts/compose.ts): shipped charts from
// test/fixtures-charts, project charts written into a temp project's reports/charts.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartRenderer } from '../../src/adapters/chart-output.js';
import { projectIO } from '../../src/adapters/project-io.js';
import { readPngText } from '../../src/adapters/png-text.js';
import { svgRunId } from '../../src/adapters/chart-render.js';
import { type ChartEffects, type ChartSpec, listCharts, runCharts } from '../../src/core/charts/chart-run.js';
import { chartSidecarSchema as sidecarSchema } from '../../src/core/charts/sidecar.js';
import { GrayscopeError, inputError } from '../../src/core/errors.js';
import type { Db } from '../../src/core/ports/db.js';
import type { Project } from '../../src/core/project.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import type { ReportLang, ReportTable, ReportTableName } from '../../src/core/reports/report-table.js';
import { ROOT, tempProject } from '../helpers/project.js';

const SHIPPED = join(ROOT, 'test', 'fixtures-charts');
const RUN = '20250415T103000Z-ab12cd';
type Sidecar = typeof sidecarSchema._output;

/** A stand-in report table: the same rows in both languages, labels aside. */
function standInTable(name: ReportTableName, lang: ReportLang): ReportTable {
  const quarters = lang === 'zh' ? ['2024年第四季度', '2025年第一季度'] : ['2024 Q4', '2025 Q1'];
  if (name === 'templated_share') {
    return { name, columns: ['quarter', 'share'], rows: quarters.map((quarter, i) => ({ quarter, share: 0.12 + i * 0.03 })), meta: { run_id: null, period: '2025Q1' } };
  }
  return {
    name,
    columns: ['quarter', 'scale', 'lo', 'hi'],
    rows: quarters.map((quarter, i) => ({ quarter, scale: 2650 + 160 * i, lo: 2400 + 160 * i, hi: 2900 + 160 * i })),
    meta: { run_id: RUN, period: '2025Q1', unit: lang === 'zh' ? '亿元' : 'CNY 100 million' },
  };
}

/** The composer contract in miniature: data inlined, "@text:key" strings and the title/subtitle filled. */
function miniCompose(spec: ChartSpec, sidecar: Sidecar, table: ReportTable, lang: ReportLang): ChartSpec {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('@text:')) return sidecar.texts?.[value.slice(6)]?.[lang] ?? value;
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'data' ? { values: table.rows } : fill(v)]));
    return value;
  };
  const subtitle = sidecar.subtitle?.[lang].replace(/\{(\w+)\}/g, (_, key: string) => String(table.meta[key] ?? ''));
  return { ...(fill(spec) as ChartSpec), title: { text: sidecar.title[lang], ...(subtitle ? { subtitle } : {}) } };
}

const reads: string[] = [];
const effects: ChartEffects<Sidecar> = {
  sidecarSchema,
  readTable: async (_db, name, options) => {
    reads.push(`${name}|${options.lang}|${options.period}`);
    return standInTable(name, options.lang);
  },
  compose: miniCompose,
  render: chartRenderer,
};

/** The project I/O with a database that is never queried (the stand-in reader ignores it). */
const io = { ...projectIO, exists: () => true, openDatabase: async () => ({ close() {} }) as unknown as Db };

let tmp: ReturnType<typeof tempProject>;
let project: Project;
const shippedRoot = SHIPPED;

function projectChart(name: string, spec: unknown, sidecar = `table: market_scale\ntitle: {zh: 项目图, en: Project chart}\n`): void {
  const dir = join(project.dir, 'reports', 'charts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(spec));
  writeFileSync(join(dir, `${name}.chart.yaml`), sidecar);
}

async function failure(names: string[], extra: Record<string, unknown> = {}): Promise<GrayscopeError> {
  const err = await runCharts(project, io, effects, { names, format: 'png', shippedRoot, ...extra }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GrayscopeError);
  return err as GrayscopeError;
}

/** Pixels clearly darker than white. */
async function ink(png: Buffer): Promise<number> {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) < 600) n++;
  return n;
}

beforeEach(() => {
  tmp = tempProject('gs-chart-');
  project = { dir: tmp.dir, dbPath: join(tmp.dir, 'grayscope.duckdb'), config: DEFAULT_CONFIG, configPath: undefined };
  reads.length = 0;
});
afterEach(() => tmp.cleanup());

describe('chart --list', () => {
  it('lists shipped charts with table, title in the language and origin; a project chart of the same name replaces the shipped one', async () => {
    projectChart('share_demo', { data: { name: 'table' }, mark: 'bar' }, 'table: templated_share\ntitle: {zh: 我的占比, en: My share}\n');
    projectChart('extra', { data: { name: 'table' }, mark: 'bar' });
    const zh = await listCharts(project, io, effects, { shippedRoot });
    expect(zh.charts).toEqual([
      { name: 'extra', table: 'market_scale', title: '项目图', origin: 'project', file: 'reports/charts/extra.vl.json' },
      { name: 'scale_demo', table: 'market_scale', title: '黑灰产市场规模', origin: 'shipped', file: join(SHIPPED, 'scale_demo.vl.json') },
      { name: 'share_demo', table: 'templated_share', title: '我的占比', origin: 'project', file: 'reports/charts/share_demo.vl.json' },
    ]);
    const en = await listCharts(project, io, effects, { shippedRoot, lang: 'en' });
    expect(en.charts.map((c) => c.title)).toEqual(['Project chart', 'Gray-market scale', 'My share']);
  });

  it('names the sidecar file, line and column of a key the schema does not know', async () => {
    projectChart('typo', { data: { name: 'table' }, mark: 'bar' }, 'table: growth\ntitle: {zh: 增长, en: Growth}\ntitel: x\n');
    const err = await listCharts(project, io, effects, { shippedRoot }).then(() => expect.unreachable('it succeeded'), (e: unknown) => e as GrayscopeError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('reports/charts/typo.chart.yaml:3:1: titel: unknown key');
  });
});

describe('chart NAME', () => {
  it('writes NAME.LANG.EXT for every format and language, each stamped with the table’s run id, and --json lists them', async () => {
    const out = join(tmp.dir, 'charts');
    const result = await runCharts(project, io, effects, { names: ['all'], format: 'all', lang: 'all', out, scale: 1, shippedRoot });
    expect(readdirSync(out).sort()).toEqual(
      ['scale_demo', 'share_demo'].flatMap((n) => ['zh', 'en'].flatMap((l) => ['html', 'png', 'svg', 'vl.json'].map((e) => `${n}.${l}.${e}`))).sort(),
    );
    expect(result.period).toBe('2025Q1');
    expect(result.charts).toHaveLength(16);
    expect(result.charts[0]).toEqual({ name: 'scale_demo', lang: 'zh', format: 'vl', file: join(out, 'scale_demo.zh.vl.json'), run_id: RUN });
    expect(new Set(result.charts.filter((c) => c.name === 'share_demo').map((c) => c.run_id))).toEqual(new Set([null]));
    expect(Object.keys(JSON.parse(JSON.stringify(result))).sort()).toEqual(['charts', 'period']);
    // one read per table and language, whatever the number of charts and formats
    expect(reads.sort()).toEqual(['market_scale|en|null', 'market_scale|zh|null', 'templated_share|en|null', 'templated_share|zh|null']);
  });

  it('vl is the composed spec with its data inline and the run id in usermeta, compiling without a warning', async () => {
    await runCharts(project, io, effects, { names: ['scale_demo'], format: 'vl', lang: 'en', shippedRoot });
    const spec = JSON.parse(readFileSync(join(tmp.dir, 'out', 'charts', 'scale_demo.en.vl.json'), 'utf8')) as ChartSpec & { data: { values: unknown[] }; title: { subtitle: string } };
    expect(spec.data.values).toHaveLength(2);
    expect(spec.title).toEqual({ text: 'Gray-market scale', subtitle: 'In CNY 100 million, 95% interval' });
    expect(spec.usermeta).toEqual({ 'grayscope-run-id': RUN });
    await runCharts(project, io, effects, { names: ['scale_demo'], format: 'svg', lang: 'en', shippedRoot });
    expect(readFileSync(join(tmp.dir, 'out', 'charts', 'scale_demo.en.svg'), 'utf8')).toContain('>CNY 3,500</text>');
    expect(await chartRenderer.check({ name: 'x', spec })).toEqual([]);
  });

  it('SVG holds the Chinese title as text and the run id in <desc>; PNG is non-blank with the run id chunk; HTML has the run-id meta and fetches nothing', async () => {
    await runCharts(project, io, effects, { names: ['scale_demo'], format: 'all', lang: 'zh', shippedRoot, scale: 1 });
    const dir = join(tmp.dir, 'out', 'charts');
    const svg = readFileSync(join(dir, 'scale_demo.zh.svg'), 'utf8');
    expect(svg).toContain('>黑灰产市场规模</text>');
    expect(svg).toContain('>单位：亿元，95% 区间</text>');
    expect(svg).toContain('>¥3,500</text>'); // the zh locale: comma groups, ¥ for the spec's "$" format
    expect(svgRunId(svg)).toBe(RUN);
    const png = readFileSync(join(dir, 'scale_demo.zh.png'));
    expect(readPngText(png)).toEqual({ 'grayscope-run-id': RUN });
    expect(await ink(png)).toBeGreaterThan(2000);
    const html = readFileSync(join(dir, 'scale_demo.zh.html'), 'utf8');
    expect(html).toContain(`<meta name="grayscope-run-id" content="${RUN}">`);
    expect(html).toContain('<title>黑灰产市场规模</title>');
    expect(html.replace(/<script>[\s\S]*?<\/script>/g, '')).not.toMatch(/https?:\/\//);
  });

  it('passes --period to the table reader', async () => {
    await runCharts(project, io, effects, { names: ['share_demo'], format: 'vl', period: '2024', shippedRoot });
    expect(reads).toEqual(['templated_share|zh|2024']);
  });

  it('an unknown name is a usage error (exit 2) listing the charts', async () => {
    const err = await failure(['scale_demo', 'nope']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('no chart named "nope"');
    expect(err.hint).toContain('scale_demo, share_demo');
  });

  it('a Vega-Lite warning fails a project chart with exit 2 naming its file, and nothing is written', async () => {
    projectChart('warns', { data: { name: 'table' }, mark: 'bar', encoding: { x: { field: 'quarter', type: 'nominal' }, y: { field: 'scale', type: 'quantitative' }, shape: { field: 'quarter', type: 'nominal' } } });
    const err = await failure(['scale_demo', 'warns']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^reports\/charts\/warns\.vl\.json \(zh\): not valid Vega-Lite: .*shape/);
    expect(() => readdirSync(join(tmp.dir, 'out', 'charts'))).toThrow(); // scale_demo drew, but nothing is written
  });

  it('the same warning in a shipped chart is an internal error (exit 70)', async () => {
    const shipped = join(tmp.dir, 'shipped');
    mkdirSync(shipped);
    writeFileSync(join(shipped, 'warns.vl.json'), JSON.stringify({ data: { name: 'table' }, mark: 'bar', encoding: { x: { field: 'quarter', type: 'nominal' }, shape: { field: 'quarter', type: 'nominal' } } }));
    writeFileSync(join(shipped, 'warns.chart.yaml'), 'table: market_scale\ntitle: {zh: 警告, en: Warns}\n');
    const err = await failure(['warns'], { shippedRoot: shipped });
    expect(err.exitCode).toBe(70);
    expect(err.message).toMatch(/^shipped\/warns\.vl\.json \(zh\): not valid Vega-Lite: shape dropped/);
    expect(err.hint).toContain('bug in grayscope');
  });

  it('text reaching outside the picture fails the chart', async () => {
    projectChart('clipped', {
      width: 100,
      height: 40,
      autosize: { type: 'none' },
      padding: 0,
      data: { name: 'table' },
      mark: { type: 'text', align: 'left' },
      encoding: { x: { field: 'scale', type: 'quantitative', scale: { domain: [0, 3000] }, axis: null }, text: { field: 'quarter' } },
    });
    const err = await failure(['clipped']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^reports\/charts\/clipped\.vl\.json \(zh\): text reaches outside the picture and would be clipped: .*"2025年第一季度"/);
    expect(err.details?.clipped).toContain('2025年第一季度');
  });

  it('a spec asking for data.url or an image is refused with exit 2 naming the chart file, before any table is read', async () => {
    projectChart('evil', { data: { url: 'file:///etc/passwd' }, mark: 'bar' });
    const err = await failure(['evil']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('reports/charts/evil.vl.json: a chart cannot read files or URLs, and this one asks for data.url file:///etc/passwd');
    projectChart('picture', { data: { name: 'table' }, mark: 'image', encoding: { url: { field: 'quarter' } } });
    expect((await failure(['picture'])).message).toMatch(/picture\.vl\.json: a chart cannot read files or URLs.*image mark/);
    expect(reads).toEqual([]);
  });

  it('passes the table reader’s exit-3 error through (no estimate run)', async () => {
    const noEstimate = { ...effects, readTable: async () => Promise.reject(inputError('no estimate run: run `grayscope estimate` first')) };
    const err = await runCharts(project, io, noEstimate, { names: ['scale_demo'], shippedRoot }).then(() => expect.unreachable('it succeeded'), (e: unknown) => e as GrayscopeError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('grayscope estimate');
  });

  it('without a database it says which commands to run (exit 3)', async () => {
    const err = await runCharts(project, { ...io, exists: () => false }, effects, { names: ['scale_demo'], shippedRoot }).then(() => expect.unreachable('it succeeded'), (e: unknown) => e as GrayscopeError);
    expect(err.exitCode).toBe(3);
    expect(err.hint).toContain('grayscope estimate');
  });
});
