// Looks at the shipped charts: on a demo project (built in /tmp/chart-preview/demo unless a project is
// given), composes every reports/charts/*.vl.json in zh and en and renders PNGs to /tmp/chart-preview/.
// Prints each chart's warnings and clipped texts. Needs `npm run build` first.
//   node bench/chart-preview.mjs [PROJECT_DIR] [CHART…]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { demoCommand } from '../dist/api.js';
import { openDatabase } from '../dist/adapters/duckdb.js';
import { renderSvg, svgToPng } from '../dist/adapters/chart-render.js';
import { readReportTable } from '../dist/core/reports/tables.js';
import { chartSidecarSchema } from '../dist/core/charts/sidecar.js';
import { composeSpec } from '../dist/core/charts/compose.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = '/tmp/chart-preview';
await mkdir(out, { recursive: true });
const project = process.argv[2] && !process.argv[2].match(/^[a-z_]+$/) ? process.argv[2] : join(out, 'demo');
const only = process.argv.slice(2).filter((a) => /^[a-z_]+$/.test(a));
if (!existsSync(join(project, 'grayscope.duckdb'))) await demoCommand({ out: project });
const db = await openDatabase(join(project, 'grayscope.duckdb'), { readOnly: true });
const dir = join(root, 'reports/charts');
const names = (await readdir(dir)).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -8)).filter((n) => only.length === 0 || only.includes(n));
let failed = 0;
for (const name of names.sort()) {
  const spec = JSON.parse(await readFile(join(dir, `${name}.vl.json`), 'utf8'));
  const sidecar = chartSidecarSchema.parse(YAML.parse(await readFile(join(dir, `${name}.chart.yaml`), 'utf8')));
  for (const lang of ['zh', 'en']) {
    const table = await readReportTable(db, sidecar.table, { period: null, lang });
    const composed = composeSpec(spec, sidecar, table, lang, `reports/charts/${name}.vl.json`);
    const t0 = performance.now();
    const svg = await renderSvg({ name, spec: composed }, { runId: String(table.meta.run_id ?? 'none') });
    const png = await svgToPng(svg.svg, { scale: 2, runId: String(table.meta.run_id ?? 'none') });
    const file = join(out, `${name}.${lang}.png`);
    await writeFile(file, png);
    const bad = svg.warnings.length + svg.clipped.length;
    if (bad) failed++;
    console.log(`${file} ${svg.width}×${svg.height} ${(performance.now() - t0).toFixed(0)} ms${svg.warnings.length ? `\n  warnings: ${svg.warnings.join(' | ')}` : ''}${svg.clipped.length ? `\n  clipped: ${svg.clipped.map((c) => c.text).join(' | ')}` : ''}`);
  }
}
db.close();
process.exitCode = failed ? 1 : 0;
