// The chart command's renderer (core/charts/chart-run.ts ChartRenderer) over chart-render.ts and
// chart-html.ts, plus the check that a composed spec is valid Vega-Lite. Imported lazily: it pulls
// in vega, vega-lite, @napi-rs/canvas and resvg.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartRenderer, ChartSpec } from '../core/charts/chart-run.js';

/** The chart command keeps specs as plain JSON; vega-lite's type is a promise the compiler checks. */
const asVl = (spec: ChartSpec) => spec as unknown as TopLevelSpec;
import { renderHtml } from './chart-html.js';
import { compileChart, renderSvg, svgToPng } from './chart-render.js';

type SchemaCheck = (spec: unknown) => string[];
let schemaCheck: Promise<SchemaCheck | null> | undefined;

/**
 * A validator for vega-lite's own JSON schema (vega-lite/build/vega-lite-schema.json, draft-07):
 * the one `npm run build` compiled with ajv (scripts/compile-vega-lite-schema.cjs →
 * dist/generated/vega-lite-validate.cjs), or, when running from src (tests), compiled here once.
 * Every composed spec is checked against it, then compiled by vega-lite.
 */
function loadSchemaCheck(): Promise<SchemaCheck | null> {
  schemaCheck ??= (async () => {
    const require = createRequire(import.meta.url);
    type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
    const compiled = fileURLToPath(new URL('../generated/vega-lite-validate.cjs', import.meta.url));
    let validate: Validate;
    if (existsSync(compiled)) validate = require(compiled) as Validate;
    else {
      // ajv is CommonJS: its class is module.exports.default.
      const Ajv = (require('ajv') as { default: new (options: Record<string, unknown>) => { compile(schema: object): Validate } }).default;
      const schema = JSON.parse(await readFile(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as object;
      validate = new Ajv({ allErrors: false, strict: false, logger: false }).compile(schema);
    }
    return (spec) => (validate(spec) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} (Vega-Lite schema)`));
  })();
  return schemaCheck;
}

/** Whether specs are checked against the Vega-Lite JSON schema here (ajv installed), not only compiled. */
export async function validatesSchema(): Promise<boolean> {
  return (await loadSchemaCheck()) !== null;
}

/** A spec's problems as Vega-Lite: schema errors (when ajv is there), then vega-lite's compile warnings. */
export async function checkVegaLite(source: { name: string; spec: ChartSpec }): Promise<string[]> {
  const check = await loadSchemaCheck();
  const schemaErrors = check ? check(source.spec) : [];
  if (schemaErrors.length) return schemaErrors;
  return (await compileChart({ name: source.name, spec: asVl(source.spec) })).warnings;
}

export const chartRenderer: ChartRenderer = {
  check: checkVegaLite,
  svg: (source, options) => renderSvg({ name: source.name, spec: asVl(source.spec) }, options),
  png: (svg, options) => svgToPng(svg, options),
  html: (source, options) => renderHtml({ name: source.name, spec: asVl(source.spec) }, options),
};
