// Renders a Vega-Lite chart (data inline) to SVG and PNG without a browser: vega-lite compiles it with
// every warning collected, vega lays it out with text measured in the shipped font (@napi-rs/canvas),
// resvg draws the PNG with that font only. No spec can read a file or a URL. Imported lazily.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Loader, LoggerInterface, Spec as VgSpec, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { GrayscopeError } from '../core/errors.js';
import { CHART_FONT_FAMILY, CHART_FONT_STACK, chartFontFaces } from './chart-font.js';
import { addPngText } from './png-text.js';

/** The PNG tEXt keyword and SVG <desc> prefix under which a rendered file records its run id. */
export const RUN_ID_KEY = 'grayscope-run-id';

export interface ChartSource {
  /** How errors name the chart: its file (reports/charts/market_scale.vl.json) or its name. */
  name: string;
  /** A Vega-Lite spec with its data inline. */
  spec: TopLevelSpec;
}

/** d3-format / d3-time-format locale definitions, passed to vega (and to vega-embed in the HTML). */
export interface ChartLocale {
  number?: Record<string, unknown>;
  time?: Record<string, unknown>;
}

export interface CompiledChart {
  vega: VgSpec;
  /** Vega-Lite's warnings, in order; the caller treats any as a failure. */
  warnings: string[];
}

export interface TextBox {
  text: string;
  /** Bounds in the SVG's pixel coordinates (before --scale). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SvgChart {
  svg: string;
  width: number;
  height: number;
  /** Vega-Lite's and vega's warnings; the caller treats any as a failure. */
  warnings: string[];
  /** Every visible text item, measured with the shipped font. */
  texts: TextBox[];
  /** The texts that reach outside the picture (would be clipped); empty for a good chart. */
  clipped: TextBox[];
}

type Vega = typeof import('vega');

let vegaModule: Promise<Vega> | undefined;

/** vega, loaded once, with its text measurement replaced by the shipped font's real metrics. */
function loadVega(): Promise<Vega> {
  vegaModule ??= (async () => {
    const [vega, canvas] = await Promise.all([import('vega'), import('@napi-rs/canvas')]);
    installTextMetrics(vega, canvas);
    return vega;
  })();
  return vegaModule;
}

interface TextItem {
  text?: unknown;
  fontSize?: number | string;
  fontWeight?: number | string;
  fontStyle?: string;
  limit?: number | string;
}

/**
 * Vega measures text for layout (axis label spacing, title and legend sizes, truncation at `limit`)
 * through `textMetrics.width`. Without the npm `canvas` package it only estimates (0.8 em a character),
 * which is wrong for Chinese and for the font resvg draws with. We register the shipped faces with
 * @napi-rs/canvas and measure every text in that family, whatever `font` the item names: resvg draws
 * every text in it too (no system fonts), so measurement and drawing agree.
 */
function installTextMetrics(vega: Vega, canvas: typeof import('@napi-rs/canvas')): void {
  for (const face of chartFontFaces()) {
    // Descriptors, so the family has a 400 and a 700 face rather than "the newest file wins".
    if (!canvas.GlobalFonts.registerFromPath(face.path, CHART_FONT_FAMILY, { weight: String(face.weight) })) {
      throw new GrayscopeError('internal', `the chart font ${face.path} could not be loaded`, {
        hint: 'Reinstall grayscope (npm ci) so that @expo-google-fonts/noto-sans-sc is complete.',
      });
    }
  }
  const context = canvas.createCanvas(1, 1).getContext('2d');
  const cache = new Map<string, number>();
  const measure = (text: string, font: string): number => {
    const key = `${font}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = font;
      width = context.measureText(text).width;
      if (cache.size > 20_000) cache.clear();
      cache.set(key, width);
    }
    return width;
  };
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const value = text == null ? '' : String(text).trim();
    if (size <= 0 || value === '') return 0;
    const font = `${item.fontStyle ? `${item.fontStyle} ` : ''}${item.fontWeight ? `${item.fontWeight} ` : ''}${size}px "${CHART_FONT_FAMILY}"`;
    const width = measure(value, font);
    // Vega calls this both for a text's shown width (bounds, label layout) and, while truncating a
    // text longer than `limit`, for candidate prefixes. Answering `limit` for anything at least that
    // wide keeps both right: truncation compares against `limit` (and less), so it sees the same
    // answers as with the raw width, and the shown (truncated) text is never wider than `limit`.
    const limit = Number(item.limit) || 0;
    return limit > 0 && width >= limit ? limit : width;
  };
}

/**
 * A vega loader that refuses every file, URL and link: chart data is always inline. Vega swallows a
 * loader's errors (it logs "Loading failed" and draws without the data), so each refusal is also
 * recorded and renderSvg throws after the run. Links and images get an empty href rather than a
 * rejection: vega's SVG writer reads the answer without checking it.
 */
function refusingLoader(chart: string, refused: string[]): Loader {
  const record = (uri: unknown, what: string): string => {
    const entry = `${what} ${typeof uri === 'string' ? uri : JSON.stringify(uri)}`;
    refused.push(entry);
    return entry;
  };
  const refuse = async (uri: unknown, what: string): Promise<never> => {
    throw refusal(chart, [record(uri, what)]);
  };
  return {
    load: (uri) => refuse(uri, 'data.url'),
    sanitize: async (uri, options) => {
      record(uri, options?.context === 'href' ? 'a link' : options?.context === 'image' ? 'an image' : 'a URL');
      return { href: '' };
    },
    http: (uri) => refuse(uri, 'a URL'),
    file: (filename) => refuse(filename, 'a file'),
  };
}

function refusal(chart: string, what: string[]): GrayscopeError {
  return new GrayscopeError('config', `${chart}: a chart cannot read files or URLs, and this one asks for ${what.join(', ')}`, {
    hint: 'Put the data inline (data.values, or a named data set grayscope fills); remove data.url, image marks and href links.',
    details: { chart, refused: what },
  });
}

/** A vega / vega-lite logger that keeps warnings and errors instead of printing them. */
function collectingLogger(warnings: string[], errors: string[]): LoggerInterface {
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  const logger: LoggerInterface = {
    level(...args: [number?]) {
      return args.length ? logger : 0;
    },
    error(...args) {
      errors.push(text(args));
      return logger;
    },
    warn(...args) {
      warnings.push(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The shipped font as the default of every text; a spec's own config still wins where it says so. */
const FONT_CONFIG = { font: CHART_FONT_STACK };

/** Vega-Lite → Vega, with vega-lite's warnings returned (never printed). */
export async function compileChart(source: ChartSource): Promise<CompiledChart> {
  const { compile } = await import('vega-lite');
  const warnings: string[] = [];
  const errors: string[] = [];
  let vega: VgSpec;
  try {
    vega = compile(source.spec, { config: FONT_CONFIG, logger: collectingLogger(warnings, errors) }).spec;
  } catch (err) {
    throw new GrayscopeError('config', `${source.name}: the Vega-Lite spec does not compile: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'Check the spec against the Vega-Lite documentation (vega-lite 6).',
      cause: err,
    });
  }
  return { vega, warnings: [...errors, ...warnings] };
}

function badSpec(chart: string, what: string, err: unknown): GrayscopeError {
  return new GrayscopeError('config', `${chart}: ${what}: ${err instanceof Error ? err.message : String(err)}`, {
    hint: 'Check the spec against the Vega-Lite documentation (vega-lite 6).',
    cause: err,
  });
}

interface SceneItem {
  x?: number;
  y?: number;
  text?: unknown;
  opacity?: number;
  fillOpacity?: number;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneMark[];
}
interface SceneMark {
  marktype?: string;
  items?: SceneItem[];
}

/** Every visible text item with its bounds in picture coordinates (the groups' offsets added up). */
function textBoxes(mark: SceneMark, ox: number, oy: number, out: TextBox[]): TextBox[] {
  for (const item of mark.items ?? []) {
    if (mark.marktype === 'text') {
      const text = Array.isArray(item.text) ? item.text.join('\n') : String(item.text ?? '');
      if (!item.bounds || text.trim() === '' || item.opacity === 0 || item.fillOpacity === 0) continue;
      const b = item.bounds;
      out.push({ text, x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy });
    } else if (mark.marktype === 'group') {
      for (const child of item.items ?? []) textBoxes(child, ox + (item.x ?? 0), oy + (item.y ?? 0), out);
    }
  }
  return out;
}

/** The half-pixel vega's bounds carry from anti-aliasing is not a clipped glyph. */
const CLIP_TOLERANCE = 0.5;

/**
 * Lays the chart out and writes its SVG: font-family the shipped font, a <desc> with the run id.
 * Throws (exit 2, naming the chart) if the spec asks for a file or URL or vega reports an error;
 * returns warnings and text boxes outside the picture for the caller to treat as failures.
 */
export async function renderSvg(source: ChartSource, options: { runId: string; locale?: ChartLocale }): Promise<SvgChart> {
  const compiled = await compileChart(source);
  const vega = await loadVega();
  const warnings = [...compiled.warnings];
  const errors: string[] = [];
  const refused: string[] = [];
  let view: View | undefined;
  try {
    let runtime;
    try {
      runtime = vega.parse(compiled.vega, undefined);
    } catch (err) {
      throw badSpec(source.name, 'the compiled Vega spec is invalid', err);
    }
    view = new vega.View(runtime, {
      renderer: 'none',
      loader: refusingLoader(source.name, refused),
      logger: collectingLogger(warnings, errors),
      ...(options.locale ? { locale: options.locale } : {}),
    } as ConstructorParameters<Vega['View']>[1]);
    const svg = await view.toSVG();
    if (refused.length) throw refusal(source.name, refused);
    if (errors.length) throw badSpec(source.name, 'vega could not draw the chart', errors.join('; '));
    const [ox, oy] = view.origin();
    const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    const width = Number(size?.[1]);
    const height = Number(size?.[2]);
    const texts = textBoxes((view.scenegraph() as unknown as { root: SceneMark }).root, ox, oy, []);
    const clipped = texts.filter(
      (t) => t.x1 < -CLIP_TOLERANCE || t.y1 < -CLIP_TOLERANCE || t.x2 > width + CLIP_TOLERANCE || t.y2 > height + CLIP_TOLERANCE,
    );
    return { svg: withDesc(svg, options.runId), width, height, warnings, texts, clipped };
  } finally {
    view?.finalize();
  }
}

/** Text safe in XML and HTML content and attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The run id as the SVG's first child: <desc>grayscope-run-id: ID</desc>. */
function withDesc(svg: string, runId: string): string {
  const open = svg.indexOf('>') + 1;
  return `${svg.slice(0, open)}<desc>${RUN_ID_KEY}: ${escapeMarkup(runId)}</desc>${svg.slice(open)}`;
}

/** The run id an SVG written by renderSvg records, if any. */
export function svgRunId(svg: string): string | undefined {
  const m = new RegExp(`<desc>${RUN_ID_KEY}: ([^<]*)</desc>`).exec(svg);
  return m?.[1]?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/** Every character the SVG can draw: its whole text (markup included, cheaply) and printable ASCII. */
function svgCodepoints(svg: string): Set<number> {
  const codepoints = new Set<number>();
  for (let cp = 0x20; cp < 0x7f; cp++) codepoints.add(cp);
  for (const ch of svg) codepoints.add(ch.codePointAt(0) ?? 0x20);
  return codepoints;
}

/**
 * The SVG drawn to PNG by resvg at `scale` (1 = the SVG's pixels), with the shipped font only — no
 * system font is loaded, so the picture is the same on every machine. resvg gets subsets of the font
 * holding this SVG's characters (font-subset.ts says why). The run id goes into a tEXt chunk.
 */
export async function svgToPng(svg: string, options: { runId: string; scale?: number }): Promise<Buffer> {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 10)) throw new GrayscopeError('usage', `--scale must be a number above 0 and at most 10, not ${scale}`);
  const [{ Resvg }, { subsetFace }] = await Promise.all([import('@resvg/resvg-js'), import('./font-subset.js')]);
  const codepoints = svgCodepoints(svg);
  const dir = await mkdtemp(join(tmpdir(), 'grayscope-font-'));
  try {
    const fontFiles = await Promise.all(
      chartFontFaces().map(async (face) => {
        const file = join(dir, `${face.weight}.ttf`);
        await writeFile(file, await subsetFace(face, codepoints));
        return file;
      }),
    );
    const resvg = new Resvg(svg, {
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
      fitTo: { mode: 'zoom', value: scale },
      logLevel: 'off',
    });
    return addPngText(resvg.render().asPng(), RUN_ID_KEY, options.runId);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
