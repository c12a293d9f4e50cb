// Messy mode's known defects. Bad rows are extra rows (a copy of the record just written with one
// field broken, under a fresh id unless the defect is the id), so after the loader quarantines them
// the good rows are exactly the clean data set. Formula rows are real records whose narrative or
// institution starts with =, +, - or @: they are not bad and must load as text.
import type { Rng } from '../random.js';
import { CANONICAL, type Layout } from './layouts.js';
import type { Cell, TableWriter } from './sink.js';

export type BadKind =
  | 'missing_id'
  | 'duplicate_id'
  | 'bad_date'
  | 'date_out_of_range'
  | 'unknown_region'
  | 'ambiguous_region'
  | 'unknown_category'
  | 'bad_amount'
  | 'negative_amount'
  | 'absurd_amount'
  | 'too_many_fields'
  | 'too_few_fields'
  | 'footer';

export interface BadRow {
  file: string;
  /** The sheet, in a workbook with one sheet per month. */
  sheet?: string;
  line: number;
  /** Canonical column name, or null for a row with the wrong number of fields. */
  column: string | null;
  /** The column's header as written in the file. */
  header: string | null;
  kind: BadKind;
  /** The offending value as written (dates and numbers as text). */
  value: string | null;
  /** For duplicate ids: where the id first appears. */
  first?: { file: string; line: number; sheet?: string };
  /** The start of the reject reason the loader must give, where the kind alone does not say it. */
  reason?: string;
}

export interface FormulaRow {
  file: string;
  sheet?: string;
  line: number;
  column: string;
  record_id: string;
  value: string;
}

export interface WrittenIds {
  file: string;
  ids: string[];
  lines: number[];
  /** Workbooks with one sheet per month: the sheet of each id. */
  sheets?: string[];
}

const FIELD_KINDS: readonly BadKind[] = [
  'missing_id', 'duplicate_id', 'bad_date', 'date_out_of_range', 'unknown_region', 'unknown_category', 'bad_amount', 'negative_amount', 'absurd_amount',
  'ambiguous_region',
];
/** District names found in several provinces (GB/T 2260): the loader cannot tell which is meant. */
const AMBIGUOUS_REGIONS = ['朝阳区', '鼓楼区', '通州区', '南山'];
const SHAPE_KINDS: readonly BadKind[] = ['too_many_fields', 'too_few_fields'];

export function kindsFor(layout: Layout): BadKind[] {
  const kinds = FIELD_KINDS.filter((k) => !(k === 'bad_date' && layout.spec.format === 'parquet'));
  return layout.spec.format === 'csv' || layout.spec.format === 'tsv' ? [...kinds, ...SHAPE_KINDS] : kinds;
}

const BAD_DATES: Record<string, readonly Cell[]> = {
  zh: ['2024年13月45日', 'yesterday'],
  excel: ['yesterday', '2024-13-45'],
  slash: ['2025/13/45', 'yesterday'],
  dots: ['2024.13.45', 'yesterday'],
  iso: ['2024-13-45', 'yesterday'],
};
const FAR_DATES: Record<string, readonly Cell[]> = {
  zh: ['1899年1月1日', '2999年1月1日'],
  excel: ['1899-01-01', new Date(Date.UTC(2999, 0, 1))],
  slash: ['1899/1/1', '29990101'],
  dots: ['1899.1.1', '2999.1.1'],
  iso: ['1899-01-01', '2999-01-01'],
};
const NEGATIVE: Record<string, readonly Cell[]> = { wan: ['-1.5', '-0.32'], yuan: [-15000, -820], units: ['-1.2万元', '-3000元'] };
const ABSURD: Record<string, readonly Cell[]> = {
  wan: ['5,000,000,000', '120000000000'],
  yuan: [5e13, 2.5e12],
  units: ['5000000000万元', '3000000000000元'],
};
const FORMULAS = ['=HYPERLINK("http://x","y")', '@SUM(A1)', '+1+2', '-2+3', '=1+1'];
const TSV_FORMULAS = ['=1+1', '@SUM(A1)', '+1+2', '-2+3', '=SUM(A1:A9)'];

function asText(value: Cell): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** Which bad rows follow which record, and which records carry formula payloads, in one file. */
export class FileDefects {
  readonly bad: BadRow[] = [];
  readonly formulas: FormulaRow[] = [];
  readonly written: WrittenIds;
  private readonly after = new Map<number, BadKind[]>();
  private readonly formulaAt = new Set<number>();
  private readonly crossFile = new Set<number>();
  private fresh = 0;

  constructor(
    private readonly layout: Layout,
    rows: number,
    private readonly rng: Rng,
    private readonly previous: WrittenIds | undefined,
  ) {
    this.written = { file: layout.spec.path, ids: [], lines: [] };
    const kinds = kindsFor(layout);
    const perKind = Math.max(3, Math.round((0.005 * rows) / kinds.length));
    for (const kind of kinds) {
      for (let k = 0; k < perKind; k++) {
        const at = Math.floor(rng.uniform() * rows);
        const list = this.after.get(at);
        if (list) list.push(kind);
        else this.after.set(at, [kind]);
        // A third of the duplicates in a later complaint file repeat an id of the previous file.
        if (kind === 'duplicate_id' && previous && k < Math.max(1, Math.floor(perKind / 3))) this.crossFile.add(at);
      }
    }
    const nFormulas = Math.max(5, Math.round(rows * 0.0005));
    while (this.formulaAt.size < Math.min(nFormulas, rows)) this.formulaAt.add(Math.floor(rng.uniform() * rows));
  }

  /** Puts a formula payload into record `index`'s narrative or institution (before it is written). */
  prepare(index: number, cells: Cell[]): { column: number; value: string } | undefined {
    if (!this.formulaAt.has(index)) return undefined;
    const tsv = this.layout.spec.format === 'tsv';
    const payload = this.rng.choice(tsv ? TSV_FORMULAS : FORMULAS);
    const header = this.layout.spec.header;
    const narrative = header.length - 1;
    const institution = this.layout.source === 'enforcement' ? 5 : 4;
    if (this.rng.fast() < 0.6) {
      cells[narrative] = `${payload} ${String(cells[narrative] ?? '')}`;
      return { column: narrative, value: cells[narrative] as string };
    }
    cells[institution] = payload;
    return { column: institution, value: payload };
  }

  private sheet: string | undefined;

  noteWritten(id: string, line: number, formula: { column: number; value: string } | undefined, sheet?: string): void {
    this.written.ids.push(id);
    this.written.lines.push(line);
    this.sheet = sheet;
    if (sheet !== undefined) (this.written.sheets ??= []).push(sheet);
    if (formula) {
      const canonical = this.canonical(formula.column);
      this.formulas.push({ file: this.layout.spec.path, ...(sheet !== undefined ? { sheet } : {}), line, column: canonical, record_id: id, value: formula.value });
    }
  }

  /** Writes the bad rows planned after record `index` (whose cells are `cells`). */
  inject(index: number, cells: readonly Cell[], writer: TableWriter): void {
    const kinds = this.after.get(index);
    if (!kinds) return;
    for (const kind of kinds) {
      const row: Cell[] = cells.slice();
      const id = String(cells[0]);
      row[0] = `${id.slice(0, id.indexOf('-') + 1)}X${String(++this.fresh).padStart(5, '0')}`;
      let column: number | null = null;
      let first: BadRow['first'];
      const amountColumn = 6; // the amount is column 6 in every source
      switch (kind) {
        case 'missing_id':
          column = 0;
          row[0] = this.layout.spec.format === 'csv' || this.layout.spec.format === 'tsv' ? '' : null;
          break;
        case 'duplicate_id': {
          column = 0;
          const source = this.crossFile.has(index) && this.previous && this.previous.ids.length > 0 ? this.previous : this.written;
          const k = Math.floor(this.rng.uniform() * source.ids.length);
          row[0] = source.ids[k]!;
          first = { file: source.file, line: source.lines[k]!, ...(source.sheets ? { sheet: source.sheets[k]! } : {}) };
          this.crossFile.delete(index);
          break;
        }
        case 'bad_date':
          column = 1;
          row[1] = this.rng.choice(BAD_DATES[this.layout.dates]!);
          break;
        case 'date_out_of_range':
          column = 1;
          row[1] = this.rng.choice(FAR_DATES[this.layout.dates]!);
          break;
        case 'unknown_region':
          column = 2;
          row[2] = this.rng.fast() < 0.7 ? '火星' : 'Atlantis';
          break;
        case 'ambiguous_region':
          column = 2;
          row[2] = this.rng.choice(AMBIGUOUS_REGIONS);
          break;
        case 'unknown_category':
          column = 3;
          row[3] = this.rng.fast() < 0.7 ? '天气' : 'weather';
          break;
        case 'bad_amount':
          column = amountColumn;
          row[amountColumn] = this.rng.fast() < 0.7 ? 'abc' : '12.3.4';
          break;
        case 'negative_amount':
          column = amountColumn;
          row[amountColumn] = this.rng.choice(NEGATIVE[this.layout.amounts]!);
          break;
        case 'absurd_amount':
          column = amountColumn;
          row[amountColumn] = this.rng.choice(ABSURD[this.layout.amounts]!);
          break;
        case 'too_many_fields':
          row.push('多余字段');
          break;
        case 'too_few_fields':
          row.length -= 3;
          break;
      }
      const line = writer.writeRow(row);
      this.bad.push({
        file: this.layout.spec.path,
        ...(this.sheet !== undefined ? { sheet: this.sheet } : {}),
        line,
        column: column === null ? null : this.canonical(column),
        header: column === null ? null : this.layout.spec.header[column]!,
        kind,
        value: column === null ? null : asText(row[column] ?? null),
        ...(first ? { first } : {}),
        ...(kind === 'ambiguous_region' ? { reason: `region "${String(row[2])}" is ambiguous` } : {}),
      });
    }
  }

  /** The footer rows a bank workbook wrote: bad rows of kind footer (quarantined by the loader as footer). */
  noteFooters(footers: ReadonlyArray<{ sheet: string; line: number; text: string }>): void {
    for (const f of footers) this.bad.push({ file: this.layout.spec.path, sheet: f.sheet, line: f.line, column: null, header: null, kind: 'footer', value: f.text });
  }

  private canonical(column: number): string {
    return (this.layout.canonical ?? CANONICAL[this.layout.source])[column]!;
  }
}
