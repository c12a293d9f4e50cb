// Writes the realistic sample charts (bench/chart-specs.mjs) in zh and en as SVG, PNG and HTML to a
// folder, to look at by eye: `npm run build && node bench/chart-samples.mjs /tmp/render-samples`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSvg, svgToPng } from '../dist/adapters/chart-render.js';
import { renderHtml } from '../dist/adapters/chart-html.js';
import { REALISTIC } from './chart-specs.mjs';

const out = process.argv[2] ?? 'render-samples';
await mkdir(out, { recursive: true });
for (const make of REALISTIC) {
  for (const lang of ['zh', 'en']) {
    const spec = make(lang);
    const name = `${make.name}.${lang}`;
    const svg = await renderSvg({ name, spec }, { runId: 'sample' });
    const problems = [...svg.warnings, ...svg.clipped.map((t) => `clipped: ${t.text}`)];
    await writeFile(join(out, `${name}.svg`), svg.svg);
    await writeFile(join(out, `${name}.png`), await svgToPng(svg.svg, { runId: 'sample', scale: 2 }));
    const title = typeof spec.title === 'string' ? spec.title : spec.title.text;
    await writeFile(join(out, `${name}.html`), (await renderHtml({ name, spec }, { runId: 'sample', lang, title })).html);
    console.log(`${join(out, name)}.{svg,png,html} ${svg.width}×${svg.height}${problems.length ? ` PROBLEMS: ${problems.join('; ')}` : ''}`);
  }
}
