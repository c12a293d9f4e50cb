// Composes the set-based SQL that turns a staged file (every field VARCHAR, as written) into
// normalised rows and reasons for rejecting the rest. Column plumbing only: the rules themselves
// are the macros in sql/normalise.sql, and the values that vary by file are bound or quoted.
// Normalisation runs in two layers (fold first, then parse) so that no macro is expanded over
// another, and once: gs_norm is materialised and both the checks and the insert read it.
import { quoteIdent as q, quoteLiteral as lit } from '../ports/db.js';
import type { Source } from '../config.js';
import { AUTHORITIES, type ColumnSpec, CONTRACT, ID_COLUMN } from '../contract.js';

/** A contract column as it stands in this file's staging table. */
export interface StagedColumn {
  spec: ColumnSpec;
  /** Name of the staging column (c0, c1 …). */
  stage: string;
  /** The header as written in the file, and its 1-based position. */
  header: string;
  number: number;
  /** Cell column letters for XLSX. */
  letters?: string;
  /** Yuan per unit of a bare number in an amount column. */
  factor: number;
}

export const MAX_AMOUNT_CNY = 1e12;
export const MAX_COUNT = 100_000;

/** Columns mapped through reference data: their distinct raw values are mapped in TS and joined back. */
export const LOOKUP_KINDS: ReadonlySet<string> = new Set(['region', 'category', 'authority']);
export const mapTable = (column: string) => `gs_map_${column}`;

/** The category's map table: besides the code, the label as kept (topic) and the reason of a reject. */
export const CATEGORY_MAP_TABLE_SQL = `CREATE OR REPLACE TEMP TABLE ${q(mapTable('category'))} (raw VARCHAR, code VARCHAR, topic VARCHAR, reason VARCHAR)`;

const MASK: Record<string, string> = { phone: 'gs_phone_mask', id_number: 'gs_idno_mask', account: 'gs_account_mask', name: 'gs_name_mask' };
const DIGITS: Record<string, string> = { phone: 'gs_phone_digits', id_number: 'gs_idno_text', account: 'gs_account_digits', name: 'gs_name_text' };
const VALID: Record<string, string> = { phone: 'gs_phone_ok', id_number: 'gs_idno_ok', account: 'gs_account_ok', name: 'gs_name_ok' };

/** Echoes a user value in a message: masked, shortened, quoted. */
const echo = (expr: string) =>
  `'"' || CASE WHEN length(${expr}) > 60 THEN left(gs_mask_text(${expr}), 57) || '...' ELSE gs_mask_text(${expr}) END || '"'`;

const f = (name: string) => q(`f_${name}`);

/** Layer 1: the folded text of a column (or its code, for reference data). */
function foldColumn(col: StagedColumn | undefined, spec: ColumnSpec): string {
  const raw = col ? `s.${q(col.stage)}` : 'NULL::VARCHAR';
  // Narratives are long: no trim (it copies every string), only empty → NULL. Personal numbers are
  // masked in this layer and names in the next, so neither macro is expanded inside the other.
  if (spec.kind === 'narrative') return `gs_mask_text(nullif(${raw}, '')) AS ${f(spec.name)}`;
  if (spec.kind === 'personal') return `${DIGITS[spec.name]}(gs_fold(${raw})) AS ${f(spec.name)}`;
  // Free text is masked in this layer, so the agency key below is built from the masked name once.
  if (spec.kind === 'text') return `gs_mask_text(gs_fold(${raw})) AS ${f(spec.name)}`;
  return `gs_fold(${raw}) AS ${f(spec.name)}`;
}

/** Layer 2: the normalised value(s) of a column from its folded text. */
function normaliseColumn(col: StagedColumn | undefined, spec: ColumnSpec): string[] {
  const n = spec.name;
  const v = f(n);
  switch (spec.kind) {
    case 'id':
      return [`${v} AS ${q(n)}`];
    case 'date':
      return [`${v} AS ${q(`${n}__raw`)}`, `gs_date(${v}) AS ${q(n)}`];
    case 'region':
      // The city below the province, and why an ambiguous name maps to nothing (reference.ts).
      return [`${v} AS ${q(`${n}__raw`)}`, `${q(`code_${n}`)} AS ${q(n)}`, 'code_city AS city_code', 'reason_region'];
    case 'authority':
      return [`${v} AS ${q(`${n}__raw`)}`, `${q(`code_${n}`)} AS ${q(n)}`];
    case 'category':
      return [`${v} AS ${q(`${n}__raw`)}`, `${q(`code_${n}`)} AS ${q(n)}`, `category__topic AS topic`, `category__why`];
    case 'text':
      // The agency name also gets its linkage key, written once here for every later model.
      return n === 'agency_name' ? [`${v} AS ${q(n)}`, `gs_agency_key(${v}) AS agency_key`] : [`${v} AS ${q(n)}`];
    case 'narrative':
      return [`gs_mask_names(${v}) AS ${q(n)}`];
    case 'amount':
      return [`${v} AS ${q(`${n}__raw`)}`, `gs_amount(${v}, ${col?.factor ?? 1}) AS ${q(`${n}__value`)}`];
    case 'count':
      return [`${v} AS ${q(`${n}__raw`)}`, `gs_count(${v}) AS ${q(n)}`];
    case 'personal': {
      const ok = `(${v} IS NOT NULL AND ${VALID[n]}(${v}))`;
      return [
        `(${v} IS NULL OR ${VALID[n]}(${v})) AS ${q(`${n}__ok`)}`,
        `CASE WHEN ${ok} THEN gs_hash(${lit(n)}, ${v}) END AS ${q(`${n}_hash`)}`,
        `CASE WHEN ${ok} THEN ${MASK[n]}(${v}) WHEN ${v} IS NOT NULL THEN '***' END AS ${q(`${n}_masked`)}`,
      ];
    }
  }
}

export interface NormaliseSqlOptions {
  source: Source;
  columns: readonly StagedColumn[];
  /** SQL for the record's line in the file, over staging alias s (and l when lines are joined). */
  lineExpr: string;
  joinLines: boolean;
}

export function normaliseSql(o: NormaliseSqlOptions): string {
  const byName = new Map(o.columns.map((c) => [c.spec.name, c]));
  const joins: string[] = [];
  const codes: string[] = [];
  for (const spec of CONTRACT[o.source]) {
    if (!LOOKUP_KINDS.has(spec.kind)) continue;
    const col = byName.get(spec.name);
    const alias = `lk_${spec.name}`;
    if (col) {
      joins.push(`LEFT JOIN ${q(mapTable(spec.name))} ${alias} ON ${alias}.raw = s.${q(col.stage)}`);
      codes.push(`${alias}.code AS ${q(`code_${spec.name}`)}`);
      if (spec.kind === 'region') codes.push(`${alias}.city_code AS code_city`, `${alias}.reason AS reason_region`);
    } else {
      codes.push(`NULL::VARCHAR AS ${q(`code_${spec.name}`)}`);
      if (spec.kind === 'region') codes.push(`NULL::VARCHAR AS code_city`, `NULL::VARCHAR AS reason_region`);
    }
    // The category map also carries the label as kept (topic) and a reject's reason: categoryMapTableSql.
    if (spec.kind === 'category') {
      codes.push(col ? `${alias}.topic AS category__topic, ${alias}.reason AS category__why` : 'NULL::VARCHAR AS category__topic, NULL::VARCHAR AS category__why');
    }
  }
  const inner = [`s.rowid AS __k`, `${o.lineExpr} AS __line`, ...codes];
  for (const spec of CONTRACT[o.source]) inner.push(foldColumn(byName.get(spec.name), spec));
  const outer = ['__k', '__line'];
  // category__topic and category__why pass from the inner select to the category's columns below.
  for (const spec of CONTRACT[o.source]) outer.push(...normaliseColumn(byName.get(spec.name), spec));
  return `CREATE OR REPLACE TEMP TABLE gs_norm AS
SELECT ${outer.join(',\n  ')}
FROM (
  SELECT ${inner.join(',\n    ')}
  FROM gs_stage s
  ${o.joinLines ? 'LEFT JOIN gs_lines l ON l.k = s.rowid' : ''}
  ${joins.join('\n  ')}
)`;
}

/** Per column: a SQL expression that is a reason (text) when the value breaks the contract, else NULL. */
function check(spec: ColumnSpec, present: boolean): string | undefined {
  const n = q(spec.name);
  const raw = q(`${spec.name}__raw`);
  const name = spec.name;
  const empty = `'${name} is empty'`;
  switch (spec.kind) {
    case 'id':
      return `CASE WHEN ${n} IS NULL THEN ${empty} WHEN length(${n}) > 200 THEN '${name} is longer than 200 characters' END`;
    case 'date':
      return `CASE WHEN ${raw} IS NULL THEN ${empty}
        WHEN ${n} IS NULL THEN '${name} ' || ${echo(raw)} || ' is not a date (write 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日, 20250301 or an Excel date)'
        WHEN ${n} < getvariable('gs_min_date') OR ${n} > getvariable('gs_max_date') THEN '${name} ' || strftime(${n}, '%Y-%m-%d') || ' is outside the plausible range ' || strftime(getvariable('gs_min_date'), '%Y-%m-%d') || ' to ' || strftime(getvariable('gs_max_date'), '%Y-%m-%d') END`;
    case 'region':
      return `CASE WHEN ${raw} IS NULL THEN ${empty}
        WHEN ${n} IS NULL AND reason_region IS NOT NULL THEN 'region ' || ${echo(raw)} || ' ' || reason_region
        WHEN ${n} IS NULL THEN 'region ' || ${echo(raw)} || ' is not a region of China (write a province such as 广东省, 广东 or Guangdong, a city or district such as 深圳市, 苏州 or 广东省深圳市南山区, or a GB/T 2260 code such as 44 or 440300)' END`;
    case 'category':
      return `CASE WHEN ${raw} IS NULL THEN ${empty}
        WHEN ${n} IS NULL THEN coalesce(category__why, 'category ' || ${echo(raw)} || ' is not in the taxonomy (debt_evasion 恶意逃废债, credit_repair 征信修复, illegal_agency 非法代理维权, false_litigation 虚假诉讼, money_laundering 洗钱, info_theft 信息窃取, fraud_other 其他, or their synonyms)') END`;
    case 'authority':
      return present
        ? `CASE WHEN ${raw} IS NOT NULL AND ${n} IS NULL THEN 'authority ' || ${echo(raw)} || ' is not one of ${Object.keys(AUTHORITIES).join(', ')}' END`
        : undefined;
    case 'amount': {
      const v = q(`${spec.name}__value`);
      return present
        ? `CASE WHEN ${raw} IS NOT NULL AND ${v} IS NULL THEN '${name} ' || ${echo(raw)} || ' is not a number (write 1234.5, 1,234.50, 1.2万元 or 3亿元)'
          WHEN ${v} < 0 THEN '${name} ' || ${echo(raw)} || ' is negative'
          WHEN ${v} > ${MAX_AMOUNT_CNY} THEN '${name} ' || ${echo(raw)} || ' is ' || printf('%.4g', ${v}) || ' yuan, over 1 万亿元 (1e12): check the unit' END`
        : undefined;
    }
    case 'count':
      return present
        ? `CASE WHEN ${raw} IS NOT NULL AND ${n} IS NULL THEN '${name} ' || ${echo(raw)} || ' is not a whole number'
          WHEN ${n} < 0 OR ${n} > ${MAX_COUNT} THEN '${name} ' || ${echo(raw)} || ' is outside 0 to ${MAX_COUNT}' END`
        : undefined;
    case 'personal': {
      if (!present) return undefined;
      const rule =
        spec.name === 'phone'
          ? 'is not a phone number (7 to 15 digits)'
          : spec.name === 'id_number'
            ? 'is not an ID number (18 characters, the last a digit or X; or 15 digits)'
            : spec.name === 'name'
              ? 'is not a person name (no digits, at most 40 characters)'
              : 'is not an account or card number (8 to 30 digits)';
      // The value itself is personal data: the message never repeats it.
      return `CASE WHEN NOT ${q(`${spec.name}__ok`)} THEN '${name} ${rule}' END`;
    }
    case 'text':
    case 'narrative':
      return undefined;
  }
}

export interface DuplicateScope {
  /** The source table already holds rows (else there is nothing to repeat). */
  targetHasRows: boolean;
  /** Files earlier in this load put their ids in gs_ids. */
  earlierFiles: boolean;
}

/**
 * gs_bad(__k, __line, reason, col): rows that break a rule, then duplicate ids among the rest: within
 * the file, against earlier files of this load (gs_ids), and against the table (less the rows of a
 * version being replaced, bound as $replaced).
 */
export function badRowsSql(source: Source, columns: readonly StagedColumn[], scope: DuplicateScope): string[] {
  const present = new Set(columns.map((c) => c.spec.name));
  const checks = CONTRACT[source]
    .map((spec) => [spec.name, check(spec, present.has(spec.name))] as const)
    .filter((c): c is readonly [string, string] => c[1] !== undefined);
  const id = q(ID_COLUMN[source]);
  const idName = ID_COLUMN[source];
  const dup = (why: string) => `'${idName} ' || ${echo('o.id')} || ' is a duplicate: ' || ${why}`;
  const sql = [
    `CREATE OR REPLACE TEMP TABLE gs_bad AS
     SELECT __k, __line, reason, col FROM (
       SELECT __k, __line, ${checks.map(([name, c]) => `${c} AS ${q(`why_${name}`)}`).join(',\n ')} FROM gs_norm
     ) x
     CROSS JOIN LATERAL (SELECT concat_ws('; ', ${checks.map(([name]) => q(`why_${name}`)).join(', ')}) AS reason,
       coalesce(${checks.map(([name]) => `CASE WHEN ${q(`why_${name}`)} IS NOT NULL THEN ${lit(name)} END`).join(', ')}) AS col)
     WHERE reason <> ''`,
    `CREATE OR REPLACE TEMP TABLE gs_ok AS SELECT n.__k, n.__line, n.${id} AS id FROM gs_norm n ANTI JOIN gs_bad b ON b.__k = n.__k`,
    `INSERT INTO gs_bad
     SELECT o.__k, o.__line, ${dup(`'it is already at line ' || d.first_line || ' of this file'`)}, ${lit(idName)}
     FROM gs_ok o JOIN (SELECT id, min(__line) AS first_line FROM gs_ok GROUP BY id HAVING count(*) > 1) d USING (id)
     WHERE o.__line > d.first_line`,
  ];
  if (scope.earlierFiles) {
    sql.push(`INSERT INTO gs_bad
     SELECT o.__k, o.__line, ${dup(`'it is in ' || e.file || ' line ' || e.line || ', loaded in this same command'`)}, ${lit(idName)}
     FROM gs_ok o JOIN gs_ids e ON e.id = o.id ANTI JOIN gs_bad b ON b.__k = o.__k`);
  }
  if (scope.targetHasRows) {
    sql.push(`INSERT INTO gs_bad
     SELECT o.__k, o.__line, ${dup(`'it was already loaded from ' || t.source_file || ' line ' || t.source_line`)}, ${lit(idName)}
     FROM gs_ok o JOIN ${q(source)} t ON t.${id} = o.id AND t.source_file IS DISTINCT FROM $replaced
     ANTI JOIN gs_bad b ON b.__k = o.__k`);
  }
  sql.push('DROP TABLE gs_ok');
  return sql;
}

/** Appends a file's prepared good rows to the source table. */
export function insertGoodSql(source: Source, table: string, loadIdParam: string, fileParam: string): string {
  const cols: string[] = [];
  const values: string[] = [];
  for (const spec of CONTRACT[source]) {
    const n = spec.name;
    switch (spec.kind) {
      case 'amount':
        cols.push('amount_cny');
        values.push(`CAST(round(n.${q(`${n}__value`)}, 2) AS DECIMAL(18,2))`);
        break;
      case 'personal':
        cols.push(`${n}_hash`, `${n}_masked`);
        values.push(`n.${q(`${n}_hash`)}`, `n.${q(`${n}_masked`)}`);
        break;
      case 'count':
        cols.push(n);
        values.push(`CAST(n.${q(n)} AS INTEGER)`);
        break;
      default:
        cols.push(n);
        values.push(`n.${q(n)}`);
        if (spec.kind === 'region') {
          cols.push('city_code');
          values.push('n.city_code');
        }
        if (n === 'agency_name') {
          cols.push('agency_key');
          values.push('n.agency_key');
        }
        if (n === 'category') {
          cols.push('topic');
          values.push('n.topic');
        }
    }
  }
  cols.push('source_file', 'source_line', 'load_id');
  values.push(fileParam, 'n.__line', loadIdParam);
  return `INSERT INTO ${q(source)} (${cols.map(q).join(', ')})
SELECT ${values.join(', ')}
FROM ${q(table)} n`;
}

/** Kinds whose values are shown in a reject as written: what the officer needs to find the row. */
const SHOWN_AS_WRITTEN: ReadonlySet<string> = new Set(['id', 'date', 'amount', 'count', 'region', 'category', 'authority']);

/**
 * Rebuilds a rejected record's text for the quarantine: personal columns replaced by their masks,
 * narratives and columns outside the contract masked as narratives (personal numbers and names),
 * other free text with personal numbers masked, and ids, dates, amounts and codes as written.
 */
export function originalTextSql(columns: readonly StagedColumn[], all: ReadonlyArray<{ stage: string; header: string }>, format: string): string {
  const byStage = new Map(columns.map((c) => [c.stage, c]));
  const parts = all.map(({ stage, header }) => {
    const col = byStage.get(stage);
    const raw = `s.${q(stage)}`;
    const value =
      col === undefined
        ? `gs_mask_narrative(${raw})`
        : col.spec.kind === 'personal'
          ? `n.${q(`${col.spec.name}_masked`)}`
          : SHOWN_AS_WRITTEN.has(col.spec.kind)
            ? raw
            : col.spec.kind === 'narrative'
              ? `gs_mask_narrative(${raw})`
              : `gs_mask_text(${raw})`;
    return { value, header };
  });
  if (format === 'jsonl' || format === 'parquet') {
    return `CAST(json_object(${parts.map((p) => `${lit(p.header)}, ${p.value}`).join(', ')}) AS VARCHAR)`;
  }
  const delim = format === 'tsv' ? '\t' : ',';
  return `concat_ws(${lit(delim)}, ${parts
    .map((p) => `CASE WHEN ${p.value} IS NULL THEN '' WHEN regexp_matches(${p.value}, '[",\\t\\n\\r]') THEN '"' || replace(${p.value}, '"', '""') || '"' ELSE ${p.value} END`)
    .join(', ')})`;
}
