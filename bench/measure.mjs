// Runs one measured step in a fresh process and prints {seconds, maxRssMb} as JSON on stdout.
// Usage: node bench/measure.mjs reference-load DB CSV | load PROJECT SOURCE FILE | chart PROJECT LANG | chart-floor N | return PROJECT TEMPLATE | return-floor SHEETS CELLS | bulletin PROJECT LANG
import { performance } from 'node:perf_hooks';

const [step, ...args] = process.argv.slice(2);
const started = performance.now();
let extra = {};
if (step === 'reference-load') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const [db, csv] = args;
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  const q = csv.replaceAll("'", "''");
  await c.run(`CREATE TABLE reference AS SELECT * FROM read_csv('${q}')`);
  const r = await c.runAndReadAll('SELECT count(*) FROM reference');
  extra = { rows: Number(r.getRows()[0][0]) };
  c.closeSync();
  instance.closeSync();
} else if (step === 'load') {
  const { loadCommand } = await import('../dist/api.js');
  const [project, source, file] = args;
  // The generator's complaints are mostly ordinary complaints with their own topics: the project maps
  // them as the demo's does (a real project's grayscope.yaml would), so no row is a reject for its label.
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { demoCategoriesYaml } = await import('../dist/core/demo/categories.js');
  mkdirSync(project, { recursive: true });
  writeFileSync(`${project}/grayscope.yaml`, demoCategoriesYaml());
  const result = await loadCommand({ source, files: [file], project });
  extra = result.totals;
} else if (step === 'chart') {
  // grayscope chart all on a project, every format, one language or all (DESIGN: every chart of one
  // quarter in all formats ≤ 5 s).
  const { chartCommand } = await import('../dist/api-outputs.js');
  const [project, lang] = args;
  const result = await chartCommand({ project, names: ['all'], format: 'all', lang, out: `${project}/out/bench-charts` });
  extra = { files: result.charts.length, period: result.period };
} else if (step === 'chart-floor') {
  // The renderer's floor: as many trivial Vega-Lite specs, each to SVG, PNG and HTML, in one process.
  const [count] = args;
  const { renderSvg, svgToPng } = await import('../dist/adapters/chart-render.js');
  const { renderHtml } = await import('../dist/adapters/chart-html.js');
  const { trivial } = await import('./chart-specs.mjs');
  for (let i = 0; i < Number(count); i++) {
    const spec = trivial(i);
    const { svg } = await renderSvg({ name: `t${i}`, spec }, { runId: 'bench' });
    await svgToPng(svg, { runId: 'bench', scale: 2 });
    await renderHtml({ name: `t${i}`, spec }, { runId: 'bench', lang: 'zh', title: 't' });
  }
  extra = { specs: Number(count) };
} else if (step === 'return') {
  // grayscope return build for one quarter (DESIGN: ≤ 3 s): a fresh copy of the project each time,
  // so it is a first build (version 1), charts rendered and embedded.
  const { returnBuildCommand } = await import('../dist/api-outputs.js');
  const [project, template] = args;
  const result = await returnBuildCommand({ project, template, out: `${project}/out/bench-returns/${template}.xlsx` });
  const { statSync } = await import('node:fs');
  extra = { template, period: result.period, draft: result.draft, bytes: statSync(result.file).size, cells: result.rules.length };
} else if (step === 'return-floor') {
  // The writer's floor: exceljs writing a workbook of as many sheets and numeric cells, no logic.
  const [sheets, cells] = args.map(Number);
  const { loadExcelJS } = await import('../dist/adapters/exceljs-utf8.js');
  const wb = new (loadExcelJS().Workbook)();
  for (let s = 0; s < sheets; s++) {
    const ws = wb.addWorksheet(`S${s}`);
    for (let i = 0; i < cells / sheets; i++) ws.getCell(6 + Math.floor(i / 8), 3 + (i % 8)).value = i * 1.5;
  }
  await wb.xlsx.writeBuffer();
  extra = { sheets, cells };
} else if (step === 'bulletin') {
  // grayscope bulletin on a project, HTML and Markdown (its chart PNGs included), one language or
  // all, no PDF (DESIGN: the bulletin, HTML and Markdown, one quarter ≤ 10 s).
  const { bulletinCommand } = await import('../dist/api-outputs.js');
  const [project, lang] = args;
  const result = await bulletinCommand({ project, lang, out: `${project}/out/bench-bulletin` });
  extra = { files: result.files.length, period: result.period };
} else {
  throw new Error(`unknown step ${step}`);
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ step, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, ...extra })}\n`);
