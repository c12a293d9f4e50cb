// The chart renderer's floor: N trivial Vega-Lite specs to SVG + PNG against N realistic ones
// (bench/chart-specs.mjs, zh and en), each set in its own process so each has its own peak RSS.
// `npm run build && node bench/charts-floor.mjs [N]`. Prints one JSON document.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [, , first, second] = process.argv;

async function phase(kind, n) {
  const t0 = performance.now();
  const { renderSvg, svgToPng } = await import('../dist/adapters/chart-render.js');
  const { renderHtml } = await import('../dist/adapters/chart-html.js');
  const { REALISTIC, trivial } = await import('./chart-specs.mjs');
  const specs = Array.from({ length: n }, (_, i) =>
    kind === 'trivial' ? trivial(i) : REALISTIC[i % REALISTIC.length](i % (2 * REALISTIC.length) < REALISTIC.length ? 'zh' : 'en'),
  );
  // The first chart pays for loading vega, the canvas and the font: a CLI run pays it once.
  const warm = await renderSvg({ name: 'warm-up', spec: specs[0] }, { runId: 'bench' });
  await svgToPng(warm.svg, { runId: 'bench' });
  const coldMs = performance.now() - t0;
  let svgMs = 0;
  let pngMs = 0;
  let htmlMs = 0;
  let texts = 0;
  for (const [i, spec] of specs.entries()) {
    let t = performance.now();
    const out = await renderSvg({ name: `chart-${i}`, spec }, { runId: 'bench' });
    svgMs += performance.now() - t;
    t = performance.now();
    await svgToPng(out.svg, { runId: 'bench', scale: 2 });
    pngMs += performance.now() - t;
    t = performance.now();
    await renderHtml({ name: `chart-${i}`, spec }, { runId: 'bench', lang: 'zh', title: 'x' });
    htmlMs += performance.now() - t;
    texts += out.texts.length;
    if (out.warnings.length || out.clipped.length) throw new Error(`chart ${i}: ${[...out.warnings, ...out.clipped.map((c) => c.text)].join('; ')}`);
  }
  const round = (x) => Math.round(x);
  return {
    kind,
    n,
    cold_ms: round(coldMs),
    svg_ms: round(svgMs),
    png_ms: round(pngMs),
    svg_png_ms: round(svgMs + pngMs),
    html_ms: round(htmlMs),
    texts_per_chart: Math.round(texts / n),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (first === '--phase') {
  const [kind, n] = second.split(':');
  console.log(JSON.stringify(await phase(kind, Number(n))));
} else {
  const n = Number(first ?? 10);
  const self = fileURLToPath(import.meta.url);
  const run = (kind) => JSON.parse(execFileSync(process.execPath, [self, '--phase', `${kind}:${n}`], { encoding: 'utf8' }));
  const trivial = run('trivial');
  const realistic = run('realistic');
  console.log(
    JSON.stringify(
      { trivial, realistic, ratio_svg_png: Math.round((realistic.svg_png_ms / trivial.svg_png_ms) * 100) / 100, node: process.version },
      null,
      2,
    ),
  );
}
