// The machine-readable twins of a return (issue 13): an xBRL-CSV report package in the form EBA's
// filing rules use (META-INF/reportPackage.json; reports/report.json, parameters.csv,
// FilingIndicators.csv and one table a sheet keyed by datapoint codes S01.r010.c010), and a plain
// CSV of every cell. The package reads back into the same ReturnDocument, so `return validate DIR`
// runs the same rules; its digest parameter is the digest of the figures as the package states them.
// The taxonomy URI is grayscope's own (https://grayscope.example/taxonomy/…): no regulator publishes one.
import { parse } from 'csv-parse/sync';
import { inputError } from '../errors.js';
import { toSafeCsv, UTF8_BOM } from '../safe-csv.js';
import type { CheckResult } from './compute.js';
import { type CellKey, cellSpecs, type CellSpec, type Figure, lockedDigest, parseCellKey, RETURN_FORMAT, RETURN_SCHEMA_VERSION, type ReturnDocument, roundTo } from './document.js';
import type { TemplateFile } from './discover.js';
import { findTemplate, parseFigureText } from './read.js';
import type { ReturnTemplate, TemplateOrigin } from './template.js';

export const REPORT_PACKAGE_TYPE = 'https://xbrl.org/report-package/2023';
/** Accepted on reading as well: the constrained xBRL-CSV form some tools write. */
const PACKAGE_TYPES = [REPORT_PACKAGE_TYPE, 'https://xbrl.org/report-package/2023/xbr', 'https://xbrl.org/report-package/2023/xbrl-csv'];
export const XBRL_CSV_TYPE = 'https://xbrl.org/2021/xbrl-csv';
export const taxonomyUri = (t: Pick<ReturnTemplate, 'id' | 'version'>) => `https://grayscope.example/taxonomy/${t.id}/${t.version}`;

/** A file of the package or the plain CSV, relative to the output folder. */
export interface OutputFile {
  path: string;
  content: string;
}

/** S01!r010!c010 → S01.r010.c010, the datapoint code the tables key facts by. */
export const datapointOf = (key: CellKey): string => key.replaceAll('!', '.');
const keyOf = (datapoint: string): CellKey | undefined => {
  const key = datapoint.trim().replaceAll('.', '!');
  return parseCellKey(key) ? (key as CellKey) : undefined;
};

const isText = (c: CellSpec) => c.unit === 'text' || ('input' in c.cell && c.cell.kind === 'text');

/** A figure as the package and the CSV state it: exactly its decimals (1234.5 万元, 2 decimals → 1234.50), no float noise. */
export function factText(c: CellSpec, v: Figure): string | null {
  if (v === null) return null;
  if (isText(c) || typeof v === 'string') return String(v);
  const d = c.decimals;
  return roundTo(v, d).toFixed(d);
}

/** The quarter's last day: refPeriod (2025Q3 → 2025-09-30). */
export function quarterEnd(period: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return '';
  return `${m[1]}-${['03-31', '06-30', '09-30', '12-31'][Number(m[2]) - 1]}`;
}

/** A text the formula guard prefixed with an apostrophe ('=…), given back as it was written. */
function unguard(text: string): string {
  return /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? text.slice(1) : text;
}

/** The figures as the package states them (rounded to their decimals): what its digest is taken over. */
export function packageValues(t: ReturnTemplate, doc: ReturnDocument): Record<CellKey, Figure> {
  const out: Record<CellKey, Figure> = {};
  for (const c of cellSpecs(t)) {
    const text = factText(c, doc.values[c.key] ?? null);
    out[c.key] = text === null ? null : isText(c) ? text : Number(text);
  }
  return out;
}

const csv = (headers: string[], rows: Array<Record<string, unknown>>) => toSafeCsv(headers, rows);

/** Every file of the xBRL-CSV report package of a return. `workbookDigest`: the digest the workbook's manifest carried. */
export function xbrlCsvPackage(t: ReturnTemplate, doc: ReturnDocument, workbookDigest: string | null): OutputFile[] {
  const specs = cellSpecs(t);
  const values = packageValues(t, doc);
  const units = new Map<string, Set<number>>();
  for (const c of specs) if (!isText(c)) units.set(c.unit, (units.get(c.unit) ?? new Set()).add(c.decimals));
  const uscc = doc.cover.uscc ?? t.cover.map((f) => (f.kind === 'uscc' ? doc.cover[f.code] : null)).find((v) => v) ?? null;
  const parameters: Array<[string, string | number | null]> = [
    ['entityID', uscc ? `uscc:${uscc}` : ''],
    ['refPeriod', quarterEnd(doc.period)],
    ['baseCurrency', 'iso4217:CNY'],
    // A unit whose cells share one number of decimals gets a parameter; each fact row carries its own.
    ...[...units].filter(([, d]) => d.size === 1).map(([unit, d]): [string, number] => [`decimals.${unit}`, [...d][0]!]),
    ['format', RETURN_FORMAT],
    ['schemaVersion', RETURN_SCHEMA_VERSION],
    ['template', t.id],
    ['templateVersion', t.version],
    ['period', doc.period],
    ['lang', doc.lang],
    ['returnVersion', doc.version],
    ['supersedes', doc.supersedes],
    ['reason', doc.reason],
    ['runID', doc.run_id],
    ['estimateRunID', doc.estimate_run_id],
    ['digest', lockedDigest(t, values)],
    ['workbookDigest', workbookDigest],
    ...t.cover.map((f): [string, string | null] => [`cover.${f.code}`, doc.cover[f.code] ?? null]),
  ];
  const files: OutputFile[] = [
    { path: 'META-INF/reportPackage.json', content: `${JSON.stringify({ documentInfo: { documentType: REPORT_PACKAGE_TYPE } }, null, 2)}\n` },
    { path: 'reports/parameters.csv', content: csv(['name', 'value'], parameters.map(([name, value]) => ({ name, value }))) },
    {
      path: 'reports/FilingIndicators.csv',
      content: csv(['templateID', 'reported'], t.sheets.map((s) => ({ templateID: s.code, reported: doc.filing[s.code] === false ? 'false' : 'true' }))),
    },
  ];
  for (const sheet of t.sheets) {
    const rows = specs
      .filter((c) => c.sheet === sheet.code && values[c.key] !== null)
      .map((c) => ({ datapoint: datapointOf(c.key), factValue: factText(c, values[c.key]!), unit: c.unit, decimals: isText(c) ? '' : c.decimals }));
    files.push({ path: `reports/${sheet.code}.csv`, content: csv(['datapoint', 'factValue', 'unit', 'decimals'], rows) });
  }
  const explained = Object.entries(doc.explanations).sort(([a], [b]) => (a < b ? -1 : 1));
  files.push({ path: 'reports/Explanations.csv', content: csv(['ruleID', 'explanation'], explained.map(([ruleID, explanation]) => ({ ruleID, explanation }))) });
  const bySpec = new Map(specs.map((c) => [c.key, c]));
  if (doc.previous) {
    const prev = Object.entries(doc.previous).flatMap(([key, v]) => {
      const c = bySpec.get(key as CellKey);
      const text = c ? factText(c, v) : v === null ? null : String(v);
      return text === null ? [] : [{ datapoint: datapointOf(key as CellKey), factValue: text }];
    });
    files.push({ path: 'reports/Previous.csv', content: csv(['datapoint', 'factValue'], prev) });
  }
  const factTable = { template: 'datapoints' };
  const report = {
    documentInfo: {
      documentType: XBRL_CSV_TYPE,
      namespaces: { gs: taxonomyUri(t), iso4217: 'http://www.xbrl.org/2003/iso4217', xbrli: 'http://www.xbrl.org/2003/instance', uscc: 'https://grayscope.example/scheme/uscc' },
      taxonomy: [`${taxonomyUri(t)}/entry.json`],
    },
    parameterURL: 'parameters.csv',
    dimensions: { entity: '$entityID', period: '$refPeriod' },
    tableTemplates: {
      datapoints: {
        columns: {
          datapoint: {},
          factValue: { dimensions: { concept: '$datapoint', unit: '$unit' }, decimals: '$decimals' },
          unit: {},
          decimals: {},
        },
      },
      FilingIndicators: { columns: { templateID: {}, reported: { dimensions: { concept: 'gs:FilingIndicator', 'gs:template': '$templateID' } } } },
      explanations: { columns: { ruleID: {}, explanation: { dimensions: { concept: 'gs:Explanation', 'gs:rule': '$ruleID' } } } },
      previous: { columns: { datapoint: {}, factValue: { dimensions: { concept: '$datapoint', period: `${quarterEnd(shiftBack(doc.period))}` } } } },
    },
    tables: {
      FilingIndicators: { template: 'FilingIndicators', url: 'FilingIndicators.csv' },
      ...Object.fromEntries(t.sheets.map((s) => [s.code, { ...factTable, url: `${s.code}.csv` }])),
      Explanations: { template: 'explanations', url: 'Explanations.csv' },
      ...(doc.previous ? { Previous: { template: 'previous', url: 'Previous.csv' } } : {}),
    },
    'gs:about': `Written by grayscope return export. The taxonomy ${taxonomyUri(t)} is grayscope's own (the return template ${t.id} version ${t.version}); datapoints are SHEET.ROW.COL codes of the template; units: yuan, wan (CNY 10,000), yi (CNY 100,000,000), count, share (a fraction), pp, text.`,
  };
  files.splice(1, 0, { path: 'reports/report.json', content: `${JSON.stringify(report, null, 2)}\n` });
  return files;
}

const shiftBack = (period: string): string => {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return period;
  const q = Number(m[2]);
  return q === 1 ? `${Number(m[1]) - 1}Q4` : `${m[1]}Q${q - 1}`;
};

/** The plain CSV: one row a cell (sheet, row, row_label, col, col_label, unit, decimals, value), UTF-8 with a BOM, formula-safe. */
export function plainCsv(t: ReturnTemplate, doc: ReturnDocument): OutputFile {
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  const rows = cellSpecs(t).map((c) => {
    const s = sheets.get(c.sheet)!;
    return {
      sheet: c.sheet,
      row: c.row,
      row_label: s.rows.find((r) => r.code === c.row)!.label[doc.lang],
      col: c.col,
      col_label: s.columns.find((x) => x.code === c.col)!.label[doc.lang],
      unit: c.unit,
      decimals: isText(c) ? '' : c.decimals,
      value: factText(c, doc.values[c.key] ?? null),
    };
  });
  const headers = ['sheet', 'row', 'row_label', 'col', 'col_label', 'unit', 'decimals', 'value'];
  return { path: `${t.id}_${doc.period}_v${doc.version}.csv`, content: UTF8_BOM + csv(headers, rows) };
}

// ---------------------------------------------------------------- reading a package back

/** The package folder's files by relative path (undefined: not there). */
export interface PackageSource {
  text(path: string): string | undefined;
}

export interface ReadPackage {
  template: ReturnTemplate;
  origin: TemplateOrigin;
  doc: ReturnDocument;
  /** Facts that could not be read, and the package digest check (always present). */
  problems: CheckResult[];
}

function table(src: PackageSource, dir: string, path: string, required: boolean): Array<Record<string, string>> {
  const text = src.text(path);
  if (text === undefined) {
    if (required) throw inputError(`${dir} is not a complete return package: ${path} is missing`, 'Export the return again with grayscope return export FILE.xlsx --format xbrl-csv --out DIR.');
    return [];
  }
  try {
    return parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  } catch (err) {
    throw inputError(`${dir}/${path} is not a readable CSV: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`, 'Export the return again.');
  }
}

/** True when the folder looks like a report package (the caller then reads it with readReturnPackage). */
export const isReturnPackage = (src: PackageSource) => src.text('META-INF/reportPackage.json') !== undefined || src.text('reports/report.json') !== undefined;

/** Reads an exported package into the return's document; throws exit 3 when it is not a grayscope return package. */
export function readReturnPackage(src: PackageSource, dir: string, candidates: readonly TemplateFile[]): ReadPackage {
  const notOurs = (why: string) => inputError(`${dir} is not a grayscope return package: ${why}`, 'Point return validate at a workbook, or at a folder written by grayscope return export --format xbrl-csv.');
  const pkg = src.text('META-INF/reportPackage.json');
  if (pkg === undefined) throw notOurs('it has no META-INF/reportPackage.json');
  const json = (path: string, text: string): Record<string, unknown> => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw notOurs(`${path} is not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  const docType = (j: Record<string, unknown>) => (j.documentInfo as { documentType?: unknown } | undefined)?.documentType;
  if (!PACKAGE_TYPES.includes(String(docType(json('META-INF/reportPackage.json', pkg))))) throw notOurs(`META-INF/reportPackage.json has documentType ${JSON.stringify(docType(json('META-INF/reportPackage.json', pkg)) ?? null)}`);
  const reportText = src.text('reports/report.json');
  if (reportText === undefined) throw notOurs('it has no reports/report.json');
  if (docType(json('reports/report.json', reportText)) !== XBRL_CSV_TYPE) throw notOurs(`reports/report.json is not xBRL-CSV (documentType ${XBRL_CSV_TYPE})`);

  const params = new Map(table(src, dir, 'reports/parameters.csv', true).map((r) => [String(r.name ?? '').trim(), unguard(String(r.value ?? ''))]));
  if (params.get('format') !== RETURN_FORMAT) throw notOurs(`reports/parameters.csv has no format ${RETURN_FORMAT}`);
  const text = (k: string) => (params.get(k) ?? '') === '' ? null : params.get(k)!;
  const int = (k: string) => {
    const v = text(k);
    const n = v === null ? NaN : Number(v);
    return Number.isInteger(n) ? n : null;
  };
  const id = text('template');
  const version = int('templateVersion');
  const period = text('period');
  const returnVersion = int('returnVersion');
  if (id === null || version === null || period === null || returnVersion === null) throw notOurs('reports/parameters.csv lacks template, templateVersion, period or returnVersion');
  const { template: t, origin } = findTemplate(candidates, id, version, dir);
  const lang = text('lang') === 'en' ? 'en' : 'zh';
  const zh = lang === 'zh';
  const specs = new Map(cellSpecs(t).map((c) => [c.key, c]));
  const problems: CheckResult[] = [];

  const fact = (path: string, row: Record<string, string>, into: Record<CellKey, Figure>): void => {
    const key = keyOf(String(row.datapoint ?? ''));
    const spec = key ? specs.get(key) : undefined;
    if (!key || !spec) {
      problems.push({ id: `read.${path}`, severity: 'blocking', status: 'fail', message: zh ? `${path}：模板${t.id}没有数据点${row.datapoint}` : `${path}: the template ${t.id} has no datapoint ${row.datapoint}`, cells: [] });
      return;
    }
    const raw = unguard(String(row.factValue ?? ''));
    if (isText(spec)) {
      into[key] = raw === '' ? null : raw;
      return;
    }
    const v = parseFigureText(raw);
    if ('bad' in v) {
      into[key] = null;
      problems.push({ id: `read.${key}`, severity: 'blocking', status: 'fail', message: zh ? `${path}：${row.datapoint}的值“${raw}”不是数字` : `${path}: ${row.datapoint} is "${raw}", which is not a number`, cells: [] });
    } else into[key] = v.value;
  };
  const values: Record<CellKey, Figure> = Object.fromEntries([...specs.keys()].map((k) => [k, null]));
  for (const sheet of t.sheets) for (const row of table(src, dir, `reports/${sheet.code}.csv`, false)) fact(`reports/${sheet.code}.csv`, row, values);
  let previous: Record<CellKey, Figure> | null = null;
  if (src.text('reports/Previous.csv') !== undefined) {
    previous = {};
    for (const row of table(src, dir, 'reports/Previous.csv', false)) fact('reports/Previous.csv', row, previous);
  }
  const filing: Record<string, boolean> = {};
  for (const row of table(src, dir, 'reports/FilingIndicators.csv', true)) {
    const reported = String(row.reported ?? '').trim().toLowerCase();
    const code = String(row.templateID ?? '').trim();
    if (reported === 'true' || reported === 'false') filing[code] = reported === 'true';
    else problems.push({ id: `read.filing.${code}`, severity: 'blocking', status: 'fail', message: `reports/FilingIndicators.csv: ${code} has reported "${row.reported}"; write true or false`, cells: [] });
  }
  const explanations: Record<string, string> = {};
  for (const row of table(src, dir, 'reports/Explanations.csv', false)) {
    const text = unguard(String(row.explanation ?? '')).trim();
    if (row.ruleID && text) explanations[String(row.ruleID).trim()] = text;
  }
  const cover: Record<string, string | null> = Object.fromEntries(t.cover.map((f) => [f.code, text(`cover.${f.code}`)]));

  const digest = lockedDigest(t, values);
  const stated = text('digest');
  problems.unshift({
    id: 'package.digest',
    severity: 'blocking',
    status: digest === stated ? 'pass' : 'fail',
    message: digest === stated
      ? zh ? '数据包摘要与其数字一致' : 'the package digest matches its figures'
      : zh ? '数据包的数字与其摘要参数不符：数据包在导出后被改动' : 'the package figures do not match its digest parameter: the package was changed after it was exported',
    cells: [],
  });
  const doc: ReturnDocument = {
    template: t.id,
    template_version: t.version,
    period,
    lang,
    version: returnVersion,
    supersedes: int('supersedes'),
    reason: text('reason'),
    run_id: text('runID'),
    estimate_run_id: text('estimateRunID'),
    cover,
    filing,
    values,
    previous,
    explanations,
  };
  return { template: t, origin, doc, problems };
}

