// One self-contained HTML file for a chart: vega, vega-lite and vega-embed read from node_modules and
// inlined, the spec inline, the run id in a <meta>, and a Content-Security-Policy that lets no request
// leave the page (no CDN, no font URL: Chinese text uses the reader's system CJK fonts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CHART_FONT_FAMILY, CHART_FONT_STACK, chartFontFaces } from './chart-font.js';
import { escapeMarkup, renderSvg, RUN_ID_KEY, type ChartLocale, type ChartSource } from './chart-render.js';

/** The minified browser builds, by package; resolved through each package's entry point. */
const BUILDS = [
  ['vega', 'build/vega.min.js'],
  ['vega-lite', 'build/vega-lite.min.js'],
  ['vega-embed', 'build/vega-embed.min.js'],
] as const;

let scripts: Promise<string[]> | undefined;

/** The package folder of `name`: its entry point resolved, then up to the folder holding package.json. */
function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  // Their "exports" hide package.json and the builds, so start from the entry point and go up.
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(`/node_modules/${name}`) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function loadScripts(): Promise<string[]> {
  scripts ??= Promise.all(BUILDS.map(([pkg, file]) => readFile(join(packageDir(pkg), file), 'utf8')));
  return scripts;
}

/** Text that cannot end the <script> element it is in nor open an HTML comment there. */
function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON that is safe inside a <script>: every `<`, `>`, `&` and line separator escaped. */
function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface HtmlOptions {
  runId: string;
  lang: 'zh' | 'en';
  /** The page title (the chart's title in the language). */
  title: string;
  locale?: ChartLocale;
}

const MENU: Record<HtmlOptions['lang'], Record<string, string>> = {
  zh: { CLICK_TO_VIEW_ACTIONS: '点击查看操作', PNG_ACTION: '保存为 PNG', SVG_ACTION: '保存为 SVG' },
  en: { CLICK_TO_VIEW_ACTIONS: 'Click to view actions', PNG_ACTION: 'Save as PNG', SVG_ACTION: 'Save as SVG' },
};

export interface HtmlChart {
  html: string;
  /** Vega-Lite's and vega's warnings (from laying the chart out headless); the caller treats any as a failure. */
  warnings: string[];
}

/**
 * The page. Before writing it the chart is laid out headless (renderSvg), so a spec that asks for a
 * file or URL is refused here too and its warnings are returned. Scripts are inline and the CSP allows only inline scripts and styles and data: images
 * (vega-embed's PNG export), so nothing is fetched; with `ast: true` vega-embed runs expressions
 * through its bundled interpreter (no eval) and a loader that refuses every URL, the same rule as renderSvg. Export to SVG/PNG stays;
 * "open in the Vega editor" (it posts the spec to a web site) and the source views are off.
 */
export async function renderHtml(source: ChartSource, options: HtmlOptions): Promise<HtmlChart> {
  const { warnings, texts } = await renderSvg(source, { runId: options.runId, ...(options.locale ? { locale: options.locale } : {}) });
  const fonts = await embeddedFonts(source, texts.map((t) => t.text));
  const [vega, vegaLite, vegaEmbed] = (await loadScripts()).map(scriptSafe);
  const embedOptions = {
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
    i18n: MENU[options.lang],
    ast: true,
    config: { font: CHART_FONT_STACK },
    ...(options.locale?.number ? { formatLocale: options.locale.number } : {}),
    ...(options.locale?.time ? { timeFormatLocale: options.locale.time } : {}),
  };
  const html = `<!DOCTYPE html>
<html lang="${options.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<meta name="${RUN_ID_KEY}" content="${escapeMarkup(options.runId)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(options.title)}</title>
<style>${fonts}body{margin:16px;font-family:${CHART_FONT_STACK}}</style>
</head>
<body>
<div id="chart"></div>
<script>${vega}</script>
<script>${vegaLite}</script>
<script>${vegaEmbed}</script>
<script>
(function () {
  var spec = ${jsonInScript(source.spec)};
  var options = ${jsonInScript(embedOptions)};
  var refuse = function (uri) { return Promise.reject(new Error('grayscope charts read no files or URLs: ' + uri)); };
  var noHref = function () { return Promise.resolve({ href: '' }); };
  options.loader = { load: refuse, sanitize: noHref, http: refuse, file: refuse };
  vegaEmbed('#chart', spec, options).catch(function (err) {
    document.getElementById('chart').textContent = String(err);
  });
})();
</script>
</body>
</html>
`;
  return { html, warnings };
}

/**
 * The shipped font, cut down to the characters this chart shows (every text the headless layout drew,
 * every string of the spec, digits and the punctuation numbers are formatted with), inlined as data:
 * URLs: the page reads Chinese on a machine with no Chinese font, and stays small (tens of KB).
 */
async function embeddedFonts(source: ChartSource, drawn: readonly string[]): Promise<string> {
  const { subsetFace } = await import('./font-subset.js');
  const chars = new Set<number>();
  const add = (text: string) => {
    for (const ch of text) chars.add(ch.codePointAt(0)!);
  };
  drawn.forEach(add);
  add('0123456789.,-+%−–—()（）¥CNY …');
  const walk = (value: unknown): void => {
    if (typeof value === 'string') add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(source.spec);
  const rules = await Promise.all(
    chartFontFaces().map(async (face) => {
      const bytes = await subsetFace(face, chars);
      return `@font-face{font-family:'${CHART_FONT_FAMILY}';font-weight:${face.weight};src:url(data:font/ttf;base64,${bytes.toString('base64')}) format('truetype')}`;
    }),
  );
  return rules.join('');
}
