// `grayscope generate`: synthetic complaints, incidents and enforcement records for 2023Q1–2025Q4
// drawn from a known ground truth (truth.json, truth_records.csv), so every later step — loading,
// linkage, MSE, valuation, template detection — can be scored against the answer.
//
// Model (also written to truth.json `model`):
// - Operations are born (a stock at 2023Q1, then births that keep the count on a 2.5%/quarter path),
//   live a geometric number of quarters (death 0.2/quarter) and keep their keys (one agency name,
//   1–3 phones, 1–3 bank cards) for life. The unit counted is the operation-quarter.
// - Value: each operation has a heavy-tailed base (lognormal σ=1.2 × category weight); each quarter
//   the bases are scaled so the market totals 2,800亿 in 2025Q1 on a smooth path from ≈2,000亿 in
//   2023Q1 (×1.4 over two years) with 1.2% noise. More operations ⇒ smaller values, same total.
// - Capture: each operation-quarter is seen by complaints and incidents with category probabilities,
//   and by enforcement with 0.10 if seen in incidents, 0.03 if not (positive dependence); a mild
//   catchability effect (normal, sd 0.3 on the logit scale) is shared by the three sources.
// - Records: every seen operation-quarter gets ≥1 record in that source; record totals per quarter
//   are fixed by the scale (exact), the surplus spread by heavy-tailed weights. Incident and case
//   amounts = the operation's quarterly value × lognormal noise with mean 1 (σ=0.3); complaint
//   amounts are the consumer's own disputed amount (1,000–300,000 yuan), unrelated to the value.
// - Complaints: agency operations (debt evasion, credit repair, illegal agency) write templated
//   complaints from one of 15 templates (24% of complaints in 2023Q1, +1 point a quarter); victims of
//   the other operations complain naming them; the rest are ordinary complaints with no operation,
//   under ordinary topics (服务态度, 息费争议 …). An operation's first complaint of a quarter carries its
//   category's label; further ones hide under ordinary topics (records.ts labelComplaints), some
//   with no key at all, and truth_records.csv says which (hidden, keyless).
import { usageError } from '../errors.js';
import type { Reporter } from '../reporter.js';
import { Rng } from '../random.js';
import { Correction, correctedPath, type CorrectionTruth } from './corrections.js';
import { FileDefects, type BadRow, type FormulaRow, type WrittenIds } from './defects.js';
import { type Layout, layouts } from './layouts.js';
import { buildPopulation, PARAMS, type Population, QUARTERS, SCALES, type Scale } from './population.js';
import { type GenRecord, HIDDEN_KEYLESS, HIDDEN_SHARE, quarterRecords, type SourceName } from './records.js';
import { CATEGORIES } from './reference.js';
import type { Cell, DataSink, FileFormat, TableWriter } from './sink.js';
import { TEMPLATES } from './text.js';

export type { Scale } from './population.js';
export type { Cell, DataSink, FileFormat, TableSpec, TableWriter } from './sink.js';
export type { BadKind, BadRow, FormulaRow } from './defects.js';
export type { CorrectedRow, CorrectionTruth } from './corrections.js';

/** The complaints file messy mode re-exports with corrections (see corrections.ts). */
export const CORRECTED_FILE = 'complaints_2025.jsonl';

export interface GenerateOptions {
  out: string;
  seed: number;
  scale: Scale;
  messy: boolean;
}

export interface GeneratedFile {
  source: SourceName;
  /** Relative to `out`. */
  path: string;
  format: FileFormat;
  encoding: string;
  rows: number;
  /** Workbooks with one sheet per month: the sheets, in order. */
  sheets?: readonly string[];
}

export interface GenerateResult {
  out: string;
  seed: number;
  scale: Scale;
  messy: boolean;
  files: GeneratedFile[];
  truth: 'truth.json';
  seconds: number;
  /** Messy mode: the corrected re-export (not in `files`: it is loaded with --upsert after the others). */
  correction?: CorrectionTruth;
}

const SOURCES: readonly SourceName[] = ['complaints', 'incidents', 'enforcement'];
const FLUSH_EVERY = 16_384;

interface OpenFile {
  layout: Layout;
  writer: TableWriter;
  rng: Rng;
  cells: Cell[];
  rows: number;
  records: number;
  defects: FileDefects | undefined;
  correction?: Correction;
}

function checkOptions(options: GenerateOptions): void {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw usageError(`--seed must be a non-negative integer, got ${options.seed}`, 'Pass a whole number such as --seed 1.');
  }
  if (!(options.scale in SCALES)) {
    throw usageError(`--scale must be small, medium or large, got ${String(options.scale)}`, 'Pass --scale small, medium or large.');
  }
}

/** Writes the data set through `sink` (the CLI's writes files under options.out: adapters/datafiles.ts). */
export async function generate(options: GenerateOptions, reporter: Reporter, sink: DataSink): Promise<GenerateResult> {
  checkOptions(options);
  const started = performance.now();
  const { seed, scale, messy } = options;
  const io = sink;
  const population = buildPopulation(seed, scale);
  const formatRng = new Rng(seed).fork(messy ? 'messy' : 'clean');

  const files: OpenFile[] = [];
  let previousComplaints: WrittenIds | undefined;
  for (const layout of layouts(messy)) {
    const rows = layout.quarters.reduce((s, q) => s + population.quarters[q]!.budgets[layout.source], 0);
    const defects = messy ? new FileDefects(layout, rows, formatRng.fork(`defects/${layout.spec.path}`), layout.source === 'complaints' ? previousComplaints : undefined) : undefined;
    if (defects && layout.source === 'complaints') previousComplaints = defects.written;
    files.push({ layout, writer: await io.open(layout.spec), rng: formatRng.fork(layout.spec.path), cells: [], rows: 0, records: 0, defects });
    if (messy && layout.spec.path === CORRECTED_FILE) {
      const spec = { ...layout.spec, path: correctedPath(layout.spec.path) };
      files[files.length - 1]!.correction = new Correction(layout, rows, formatRng.fork(`correction/${layout.spec.path}`), await io.open(spec));
    }
  }
  const truthWriter = await io.open({
    path: 'truth_records.csv',
    format: 'csv',
    encoding: 'utf-8',
    newline: '\n',
    header: ['source', 'record_id', 'operation_id', 'quarter', 'template_id', 'hidden', 'keyless'],
  });
  const truthCells: Cell[] = ['', '', '', '', '', '', ''];

  const total = population.quarters.reduce((s, q) => s + q.budgets.complaints + q.budgets.incidents + q.budgets.enforcement, 0);
  const progress = reporter.progress(total, `generating ${scale} data`);
  const templated: number[] = [];
  const hidden: Array<{ hidden: number; keyless: number }> = [];
  let done = 0;
  let sinceFlush = 0;
  for (const plan of population.quarters) {
    const records = quarterRecords(seed, plan);
    templated.push(records.complaints.filter((r) => r.template >= 0).length);
    hidden.push({ hidden: records.complaints.filter((r) => r.hidden).length, keyless: records.complaints.filter((r) => r.keyless).length });
    for (const source of SOURCES) {
      const file = files.find((f) => f.layout.source === source && f.layout.quarters.includes(plan.index))!;
      for (const r of records[source]) {
        writeRecord(file, r);
        truthCells[0] = source;
        truthCells[1] = r.id;
        truthCells[2] = r.op ? r.op.id : '';
        truthCells[3] = plan.label;
        truthCells[4] = r.template >= 0 ? TEMPLATES[r.template]!.id : '';
        truthCells[5] = source === 'complaints' ? (r.hidden ? 1 : 0) : '';
        truthCells[6] = source === 'complaints' ? (r.keyless ? 1 : 0) : '';
        truthWriter.writeRow(truthCells);
        if (++sinceFlush >= FLUSH_EVERY) {
          sinceFlush = 0;
          await Promise.all([...files.map((f) => f.writer.flush()), truthWriter.flush()]);
        }
      }
      done += records[source].length;
    }
    progress.update(done, `generating ${scale} data ${plan.label}`);
  }
  progress.stop();
  for (const file of files) {
    await file.writer.close();
    await file.correction?.close();
    const footers = file.writer.footers?.() ?? [];
    file.defects?.noteFooters(footers);
    file.rows += footers.length;
  }
  await truthWriter.close();

  const generated: GeneratedFile[] = files.map((f) => ({
    source: f.layout.source,
    path: f.layout.spec.path,
    format: f.layout.spec.format,
    encoding: f.layout.spec.encoding,
    rows: f.rows,
    ...(f.layout.spec.bank ? { sheets: f.layout.spec.bank.sheets } : {}),
  }));
  const bad = files.flatMap((f) => f.defects?.bad ?? []);
  const formulas = files.flatMap((f) => f.defects?.formulas ?? []);
  const correction = files.find((f) => f.correction)?.correction?.truth();
  const truth = { ...buildTruth(options, population, templated, hidden, generated, messy ? { bad, formulas } : undefined), ...(correction ? { correction } : {}) };
  await io.writeText('truth.json', `${JSON.stringify(truth, null, 2)}\n`);
  return {
    out: options.out,
    seed,
    scale,
    messy,
    files: generated,
    truth: 'truth.json',
    seconds: Math.round((performance.now() - started) / 10) / 100,
    ...(correction ? { correction } : {}),
  };
}

function writeRecord(file: OpenFile, r: GenRecord): void {
  file.layout.format(r, file.rng, file.cells);
  const sheet = file.layout.sheetOf?.(r);
  if (sheet !== undefined) file.writer.selectSheet?.(sheet);
  const index = file.records++;
  const formula = file.defects?.prepare(index, file.cells);
  const line = file.writer.writeRow(file.cells);
  file.correction?.write(index, r, file.cells);
  file.rows++;
  if (file.defects) {
    file.defects.noteWritten(r.id, line, formula, sheet);
    const before = file.defects.bad.length;
    file.defects.inject(index, file.cells, file.writer);
    file.rows += file.defects.bad.length - before;
  }
}

const byCategory = <T>(f: (code: string) => T): Record<string, T> => Object.fromEntries(CATEGORIES.map((c) => [c.code, f(c.code)]));

function buildTruth(
  options: GenerateOptions,
  population: Population,
  templated: number[],
  hidden: ReadonlyArray<{ hidden: number; keyless: number }>,
  files: GeneratedFile[],
  defects: { bad: BadRow[]; formulas: FormulaRow[] } | undefined,
): Record<string, unknown> {
  let eAndI = 0;
  let iCount = 0;
  let eAndNotI = 0;
  let notI = 0;
  const quarters = population.quarters.map((plan, q) => {
    const histories: Record<string, number> = { '000': 0, '001': 0, '010': 0, '011': 0, '100': 0, '101': 0, '110': 0, '111': 0 };
    const ops = byCategory(() => 0);
    const value = byCategory(() => 0);
    let valueTotal = 0;
    for (const oq of plan.active) {
      const code = CATEGORIES[oq.op.category]!.code;
      ops[code]!++;
      value[code]! += oq.value;
      valueTotal += oq.value;
      const key = `${oq.complaints > 0 ? 1 : 0}${oq.incidents > 0 ? 1 : 0}${oq.enforcement > 0 ? 1 : 0}`;
      histories[key]!++;
      if (oq.incidents > 0) {
        iCount++;
        if (oq.enforcement > 0) eAndI++;
      } else {
        notI++;
        if (oq.enforcement > 0) eAndNotI++;
      }
    }
    const complaints = plan.budgets.complaints;
    return {
      quarter: plan.label,
      operations: { total: plan.active.length, observed: plan.active.length - histories['000']!, by_category: ops },
      value_cny: { total: Math.round(valueTotal), by_category: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Math.round(v)])) },
      capture_histories: histories,
      records: { complaints, incidents: plan.budgets.incidents, enforcement: plan.budgets.enforcement },
      complaints: {
        total: complaints,
        templated: templated[q],
        templated_share: round4(templated[q]! / complaints),
        operation_linked: plan.budgets.templated + plan.budgets.victim,
        ordinary: plan.budgets.ordinary,
        // An operation's complaints filed under an ordinary topic, and those of them with no key.
        hidden: hidden[q]!.hidden,
        hidden_keyless: hidden[q]!.keyless,
      },
    };
  });
  const years = [2023, 2024, 2025].map((year) => {
    const qs = quarters.filter((q) => q.quarter.startsWith(String(year)));
    const complaints = qs.reduce((s, q) => s + q.complaints.total, 0);
    const tpl = qs.reduce((s, q) => s + (q.complaints.templated ?? 0), 0);
    return { year, complaints, templated: tpl, templated_share: round4(tpl / complaints), value_cny: qs.reduce((s, q) => s + q.value_cny.total, 0) };
  });
  return {
    generator: 'grayscope generate',
    seed: options.seed,
    scale: options.scale,
    messy: options.messy,
    quarters_covered: [QUARTERS[0], QUARTERS[QUARTERS.length - 1]],
    model: MODEL,
    capture_probabilities: {
      complaints: byCategory((code) => CATEGORIES.find((c) => c.code === code)!.pComplaint),
      incidents: byCategory((code) => CATEGORIES.find((c) => c.code === code)!.pIncident),
      enforcement: { given_incident: PARAMS.enforcementGivenIncident, given_no_incident: PARAMS.enforcementGivenNoIncident },
      catchability_sd_logit: PARAMS.catchabilitySd,
      note: 'Nominal probabilities on the logit scale before the catchability effect; record budgets may trim a few captures in a quarter. capture_histories are the realised truth.',
      realised: { enforcement_given_incident: round4(eAndI / iCount), enforcement_given_no_incident: round4(eAndNotI / notI) },
    },
    parameters: PARAMS,
    quarters,
    years,
    templates: TEMPLATES.map((t) => ({ id: t.id, category: t.category })),
    files,
    records_file: 'truth_records.csv',
    ...(defects ? { bad_rows: defects.bad, formula_rows: defects.formulas } : {}),
  };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

const MODEL = {
  description:
    'Gray-market operations persist across quarters (birth quarter + geometric lifetime, death 0.2/quarter) and keep their linkage keys; the unit counted is the operation-quarter. Each operation-quarter is seen by complaints, incidents and enforcement with the capture probabilities below (enforcement depends positively on incidents; a mild shared catchability effect). Values are heavy-tailed and calibrated to 2,800亿 yuan in 2025Q1, ×1.4 on 2023Q1, smooth growth with small noise.',
  unit: 'operation-quarter',
  value: 'value_cny of an operation-quarter = lognormal(0, 1.2) base × category weight × a quarterly scale that makes the quarter total follow the target path',
  amounts: {
    incidents_and_enforcement: "amount = the operation's value that quarter × lognormal noise with mean 1 (sigma 0.3), whole yuan",
    complaints: "amount = the consumer's own disputed amount, 1,000–300,000 yuan (lognormal, median ≈ 20,000), independent of operation value; the same for ordinary complaints",
  },
  complaints: 'agency operations (debt_evasion, credit_repair, illegal_agency) write templated complaints (one template per operation, slot values and 0–2 character edits vary); victims of other operations complain naming the operation; ordinary complaints have no operation, no agency name, an ordinary topic (服务态度, 息费争议, 暴力催收 …) and a consumer phone (3% are a consumer complaining again, with the same phone)',
  complaint_labels: `the first complaint of an operation-quarter is labelled with its taxonomy category (a synonym, or a label that contains one such as 信用卡停息挂账代理); each further one is hidden under an ordinary topic with probability ${HIDDEN_SHARE} (truth_records.csv hidden = 1); a hidden agency complaint names the agency (50%) or gives its phone, or with probability ${HIDDEN_KEYLESS} neither (keyless = 1: only its template gives it away); hidden victim complaints name the operation`,
  linkage: {
    keys: ['agency_name (normalised)', 'phone', 'account'],
    guarantees:
      'keys are unique per operation and disjoint from consumer phones (operation phones use prefixes 170 171 162 165 167 192); every operation record but the keyless hidden complaints carries at least one key; within a quarter the records of one operation that carry keys are connected through shared keys',
    phone_column: 'complaints: the consumer (unique per complaint) or, for some templated complaints, the operation; incidents: the operation',
  },
  key_normalisation: [
    'Unicode NFKC (full-width letters/digits → half-width, （）→ (), ideographic space → space)',
    'remove all whitespace',
    'drop a trailing 有限责任公司, 有限公司 or 公司',
    'upper-case ASCII letters',
  ],
  messy: {
    bad_rows: 'extra rows copied from the record just written with one field broken, under a fresh id (…-X00001) unless the defect is the id; line = CSV/TSV physical line where the record starts (header line 1), XLSX sheet row (header row 1; in a bank workbook the header is rows 4–5 and `sheet` names the sheet), JSONL line, Parquet 1-based row; kind footer = the 合计, 注： and 制表人 rows below each sheet of a bank workbook',
    bank_workbooks: 'files with `sheets` are written as a bank exports them: title rows, a two-row header with merged parents (序号 and merged-down columns take the parent name), one sheet per month and a footer block; load them with --sheet all',
    duplicate_ids: 'the first occurrence is the good row; cross-file duplicates assume the complaint files are loaded in year order',
    formula_rows: 'real records whose narrative or institution starts with =, +, - or @; they are not bad rows and must load as text',
    regions: 'complaints_2023.csv and complaints_2024.xlsx name a city or district in some rows (深圳市, 苏州, 浦东新区, 440300, 广东省深圳市南山区), each in one province; bad rows of kind ambiguous_region name a district found in several provinces (朝阳区, 鼓楼区) and list the reason the loader must give',
    person_names: 'complaints_2023.csv has a 客户姓名 column (personal data: stored only hashed and masked); templated narratives name the complainant after 本人/我叫/我是',
  },
};
