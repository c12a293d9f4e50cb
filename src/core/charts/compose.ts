// Composes a shipped or project chart for one language: the Vega-Lite spec (language-free, data
// {"name": "table"}) + its sidecar (texts) + the report table (rows and meta) → a Vega-Lite spec with
// the rows inline and every text filled. Pure: no I/O, the inputs are not modified.
import { configError } from '../errors.js';
import type { ReportLang, ReportTable } from '../reports/report-table.js';
import type { ChartSidecar } from './sidecar.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type ChartSpec = { [key: string]: Json };

const TEXT = /^@text:([A-Za-z0-9_]+)$/;
const META = /^@meta:([A-Za-z0-9_]+)$/;
const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

/**
 * The spec with: every `{"name": "table"}` data replaced by the table's rows inline; every string
 * "@text:KEY" replaced by the sidecar's text in `lang` and "@meta:KEY" by the table's meta value;
 * the title and subtitle set from the sidecar ({meta_key} placeholders filled), keeping any style
 * the spec gives its title. A key that the sidecar or the meta lacks is a configuration error naming
 * `chart` (the chart's file, for the message).
 */
export function composeSpec(spec: ChartSpec, sidecar: ChartSidecar, table: ReportTable, lang: ReportLang, chart = 'chart'): ChartSpec {
  let dataSlots = 0;
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_, key: string) => {
      if (!(key in table.meta)) throw configError(`${chart}: {${key}} names nothing the ${table.name} table's meta has`, `Meta keys: ${Object.keys(table.meta).join(', ')}.`);
      const v = table.meta[key];
      return v === null ? '—' : String(v);
    });
  const walk = (node: Json, key: string | undefined): Json => {
    if (typeof node === 'string') {
      const text = TEXT.exec(node);
      if (text) {
        const entry = sidecar.texts[text[1]!];
        if (!entry) throw configError(`${chart}: "${node}" names no text of the sidecar`, `Add texts.${text[1]} with zh and en to the chart's .chart.yaml.`);
        return fill(entry[lang]);
      }
      const meta = META.exec(node);
      if (meta) {
        if (!(meta[1]! in table.meta)) throw configError(`${chart}: "${node}" names nothing the ${table.name} table's meta has`, `Meta keys: ${Object.keys(table.meta).join(', ')}.`);
        return table.meta[meta[1]!] ?? null;
      }
      return node;
    }
    if (Array.isArray(node)) return node.map((x) => walk(x, undefined));
    if (node === null || typeof node !== 'object') return node;
    if (key === 'data' && node.name === 'table' && Object.keys(node).length === 1) {
      dataSlots++;
      return { values: table.rows.map((r) => ({ ...r })) };
    }
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v, k);
    return out;
  };
  const composed = walk(spec, undefined) as ChartSpec;
  if (dataSlots === 0) throw configError(`${chart}: the spec has no data {"name": "table"} for the ${table.name} table's rows`, 'Give the spec (or its layers) "data": {"name": "table"}.');
  const style = typeof composed.title === 'object' && composed.title !== null && !Array.isArray(composed.title) ? composed.title : {};
  const title: { [k: string]: Json } = { ...style, text: fill(sidecar.title[lang]) };
  if (sidecar.subtitle) title.subtitle = fill(sidecar.subtitle[lang]);
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...composed, title };
}
