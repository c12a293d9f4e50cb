// Messy mode's corrected re-export: the institution sends one complaints file again under a new
// name with a few rows fixed (amount, category, region), as real corrections arrive. truth.json
// `correction` names the file and every changed id, so a test can load the original, then the
// correction with `load --upsert`, and check the table (and `unload` of the correction) against it.
import type { Rng } from '../random.js';
import { CANONICAL, type Layout, toWan } from './layouts.js';
import type { GenRecord } from './records.js';
import { CATEGORIES, PROVINCES } from './reference.js';
import type { Cell, TableWriter } from './sink.js';

/** How many rows a correction changes, cycling through the three kinds of fix. */
export const CORRECTED_ROWS = 6;
const KINDS = ['amount', 'category', 'region'] as const;

export interface CorrectedRow {
  record_id: string;
  /** The column of the loaded table that differs: amount_cny (yuan), category (taxonomy code) or region (2-digit code). */
  column: 'amount_cny' | 'category' | 'region';
  /** The value the generator drew for the original file, and the value the correction gives. */
  before: string | number;
  after: string | number;
}

export interface CorrectionTruth {
  /** The corrected re-export, and the file it corrects (relative to the output folder). */
  file: string;
  corrects: string;
  /** Every good record of the original, in the same order: the rows a --upsert replaces. */
  rows: number;
  changed: CorrectedRow[];
}

/** The path of a file's corrected re-export: complaints_2025.jsonl → complaints_2025_corrected.jsonl. */
export const correctedPath = (path: string) => path.replace(/(\.[^.]+)$/, '_corrected$1');

export class Correction {
  readonly changed: CorrectedRow[] = [];
  rows = 0;
  private readonly picks = new Map<number, (typeof KINDS)[number]>();
  private readonly copy: Cell[] = [];

  constructor(
    readonly layout: Layout,
    records: number,
    rng: Rng,
    private readonly writer: TableWriter,
  ) {
    const count = Math.min(CORRECTED_ROWS, records);
    while (this.picks.size < count) {
      const index = rng.int(0, records - 1);
      if (!this.picks.has(index)) this.picks.set(index, KINDS[this.picks.size % KINDS.length]!);
    }
  }

  get path(): string {
    return correctedPath(this.layout.spec.path);
  }

  /** Re-exports the good record just written (its cells as the original has them), fixed when it was picked. */
  write(index: number, r: GenRecord, cells: readonly Cell[]): void {
    this.copy.length = 0;
    this.copy.push(...cells);
    const kind = this.picks.get(index);
    if (kind !== undefined) this.fix(kind, r);
    this.writer.writeRow(this.copy);
    this.rows++;
  }

  private fix(kind: (typeof KINDS)[number], r: GenRecord): void {
    const column = CANONICAL.complaints.indexOf(kind);
    if (kind === 'amount') {
      const after = r.amount + 1_000;
      const style = this.layout.amounts;
      this.copy[column] = style === 'wan' ? toWan(after, false) : style === 'units' ? `${after}元` : after;
      this.changed.push({ record_id: r.id, column: 'amount_cny', before: r.amount, after });
    } else if (kind === 'category') {
      const next = (r.category + 1) % CATEGORIES.length;
      this.copy[column] = CATEGORIES[next]!.zh;
      this.changed.push({ record_id: r.id, column: 'category', before: CATEGORIES[r.category]!.code, after: CATEGORIES[next]!.code });
    } else {
      const next = (r.province + 1) % PROVINCES.length;
      this.copy[column] = PROVINCES[next]!.name;
      this.changed.push({ record_id: r.id, column: 'region', before: PROVINCES[r.province]!.code, after: PROVINCES[next]!.code });
    }
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  truth(): CorrectionTruth {
    return { file: this.path, corrects: this.layout.spec.path, rows: this.rows, changed: [...this.changed].sort((a, b) => a.record_id.localeCompare(b.record_id)) };
  }
}
