// The hidden manifest sheet of a built return: key/value rows (A the key, B the value) saying what
// the workbook is (format, template and version, period, return version, runs), the digest of the
// built figures, every built figure as written (cell:S01!r010!c010) and the previous quarter's
// figures prev() reads (prev:S01!r010!c010). `return validate` compares each locked cell with its
// manifest row, so a figure changed after the build is named with its old and new value even when
// the sheet protection was removed; a manifest edited to match fails the digest.
import { canonical, type CellKey, type Figure, lockedCells, lockedDigest, parseCellKey, RETURN_FORMAT, RETURN_SCHEMA_VERSION, type ReturnDocument } from './document.js';
import type { ReturnTemplate } from './template.js';

export type ManifestRow = [key: string, value: string | number | null];

export interface Manifest {
  format: string;
  schema_version: number;
  template: string;
  template_version: number;
  period: string;
  lang: 'zh' | 'en';
  version: number;
  supersedes: number | null;
  reason: string | null;
  run_id: string | null;
  estimate_run_id: string | null;
  digest: string;
  /** The built figures by cell. */
  cells: Record<CellKey, Figure>;
  /** The previous quarter's figures prev() reads; null when there was no previous return. */
  previous: Record<CellKey, Figure> | null;
}

/** The manifest rows of a document (its figures as built). */
export function manifestRows(t: ReturnTemplate, doc: ReturnDocument): ManifestRow[] {
  const rows: ManifestRow[] = [
    ['format', RETURN_FORMAT],
    ['schema_version', RETURN_SCHEMA_VERSION],
    ['template', doc.template],
    ['template_version', doc.template_version],
    ['period', doc.period],
    ['lang', doc.lang],
    ['version', doc.version],
    ['supersedes', doc.supersedes],
    ['reason', doc.reason],
    ['run_id', doc.run_id],
    ['estimate_run_id', doc.estimate_run_id],
    ['digest', lockedDigest(t, doc.values)],
    ['previous', doc.previous === null ? 'none' : 'included'],
  ];
  for (const c of lockedCells(t)) rows.push([`cell:${c.key}`, canonical(doc.values[c.key] ?? null)]);
  if (doc.previous) for (const [key, v] of Object.entries(doc.previous)) rows.push([`prev:${key}`, canonical(v)]);
  return rows;
}

export class ManifestError extends Error {}

/** Reads manifest rows back; throws ManifestError naming what is missing or wrong. */
export function parseManifest(rows: ReadonlyArray<readonly [unknown, unknown]>): Manifest {
  const map = new Map<string, unknown>();
  const cells: Record<CellKey, Figure> = {};
  const previous: Record<CellKey, Figure> = {};
  for (const [k, v] of rows) {
    const key = String(k ?? '').trim();
    if (key === '') continue;
    const value = v === undefined || v === '' ? null : (v as Figure);
    const [kind, rest] = key.includes(':') ? [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] : [key, ''];
    if ((kind === 'cell' || kind === 'prev') && parseCellKey(rest)) (kind === 'cell' ? cells : previous)[rest as CellKey] = typeof value === 'number' || typeof value === 'string' ? value : null;
    else map.set(key, value);
  }
  if (map.get('format') !== RETURN_FORMAT) throw new ManifestError(`it has no grayscope manifest (format ${JSON.stringify(map.get('format') ?? null)})`);
  const text = (key: string, required = true): string | null => {
    const v = map.get(key);
    if (v === null || v === undefined) {
      if (required) throw new ManifestError(`the manifest has no ${key}`);
      return null;
    }
    return String(v);
  };
  const int = (key: string, required = true): number | null => {
    const v = text(key, required);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new ManifestError(`the manifest's ${key} is not a whole number (${v})`);
    return n;
  };
  const lang = text('lang');
  return {
    format: RETURN_FORMAT,
    schema_version: int('schema_version')!,
    template: text('template')!,
    template_version: int('template_version')!,
    period: text('period')!,
    lang: lang === 'en' ? 'en' : 'zh',
    version: int('version')!,
    supersedes: int('supersedes', false),
    reason: text('reason', false),
    run_id: text('run_id', false),
    estimate_run_id: text('estimate_run_id', false),
    digest: text('digest')!,
    cells,
    previous: map.get('previous') === 'included' ? previous : null,
  };
}
