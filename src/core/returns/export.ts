// `grayscope return validate FILE.xlsx|DIR` and `grayscope return export FILE.xlsx` (issue 13): read
// the return (a workbook through read.ts, or an exported package through package.ts), run the checks
// (validate.ts), and for export write the machine-readable twin. The file system arrives through the
// small ports below (src/adapters/return-read.ts, return-package.ts) so tests can run it in memory.
import { checksFailed, inputError, usageError } from '../errors.js';
import type { TemplateFile } from './discover.js';
import { isReturnPackage, type OutputFile, type PackageSource, plainCsv, readReturnPackage, xbrlCsvPackage } from './package.js';
import { readReturnWorkbook, type WorkbookCells } from './read.js';
import { type ReturnValidateResult, tamperChecks, validateDocument } from './validate.js';

/** The output folder of an export. */
export interface OutputFolder {
  state(path: string): { kind: 'missing' } | { kind: 'file' } | { kind: 'folder'; entries: string[] };
  isFolder(path: string): boolean;
  /** Writes `files` (paths inside `dir`), first removing the top-level entries named in `replace`. */
  write(dir: string, files: readonly OutputFile[], replace: readonly string[]): Promise<void>;
}

export interface ReturnFileEffects {
  readWorkbook(path: string, shown: string): Promise<WorkbookCells>;
  packageSource(dir: string): PackageSource;
  folder: OutputFolder;
}

export interface ReturnFileOptions {
  /** The file or folder, resolved; `shown` is how messages and the JSON name it (as the user wrote it). */
  path: string;
  shown: string;
  /** The templates a return may name: the project's and the shipped ones (findTemplate). */
  candidates: readonly TemplateFile[];
}

/** Validates a return workbook, or an exported package folder. */
export async function validateReturnFile(effects: ReturnFileEffects, o: ReturnFileOptions): Promise<ReturnValidateResult> {
  if (effects.folder.isFolder(o.path)) {
    const src = effects.packageSource(o.path);
    if (!isReturnPackage(src)) throw inputError(`${o.shown} is a folder but not a return package: it has no META-INF/reportPackage.json`, 'Validate a return workbook (.xlsx), or a folder written by grayscope return export --format xbrl-csv.');
    const pkg = readReturnPackage(src, o.shown, o.candidates);
    return validateDocument(pkg.template, pkg.doc, pkg.problems, { file: o.shown, source: 'package' });
  }
  const read = readReturnWorkbook(await effects.readWorkbook(o.path, o.shown), o.shown, o.candidates);
  return validateDocument(read.template, read.doc, [...read.problems, ...tamperChecks(read.template, read.doc, read.manifest)], {
    file: o.shown,
    source: 'workbook',
    recomputed: read.recomputed.map((r) => r.address),
  });
}

export const EXPORT_FORMATS = ['xbrl-csv', 'csv'] as const;
export type ReturnExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ReturnExportOptions extends ReturnFileOptions {
  format: ReturnExportFormat;
  out: string;
  outShown: string;
  /** Replace a package (META-INF/, reports/) or CSV already in a non-empty output folder. */
  force?: boolean;
}

export interface ReturnExportResult {
  file: string;
  format: ReturnExportFormat;
  out: string;
  /** The files written, relative to out. */
  files: string[];
  /** The return's checks as exported (the package validates to the same). */
  validation: { blocking_failed: number; warnings: number; unexplained: number };
}

/**
 * Writes the xBRL-CSV package or the plain CSV of a return workbook. Refuses (exit 2) an output
 * folder that is not empty unless --force, and (exit 1) a workbook whose built figures were changed
 * after the build or that has cells it cannot read: the package would otherwise certify them.
 */
export async function exportReturnFile(effects: ReturnFileEffects, o: ReturnExportOptions): Promise<ReturnExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw usageError(`--format ${o.format} is not one of ${EXPORT_FORMATS.join(', ')}`);
  const state = effects.folder.state(o.out);
  if (state.kind === 'file') throw usageError(`--out ${o.outShown} is a file: return export writes a folder`, 'Name a new or empty folder.');
  const used = state.kind === 'folder' ? state.entries.filter((e) => !e.startsWith('.grayscope-export.')) : [];
  if (used.length > 0 && !o.force) {
    throw usageError(`--out ${o.outShown} is not empty (${used.slice(0, 5).join(', ')}${used.length > 5 ? ', …' : ''})`, 'Name a new or empty folder, or pass --force to replace the package or CSV there (other files are left alone).');
  }
  const read = readReturnWorkbook(await effects.readWorkbook(o.path, o.shown), o.shown, o.candidates);
  const front = [...read.problems, ...tamperChecks(read.template, read.doc, read.manifest)];
  const broken = front.filter((r) => r.status === 'fail');
  if (broken.length) {
    throw checksFailed(
      `${o.shown} cannot be exported: ${broken.length} check${broken.length === 1 ? '' : 's'} of the workbook itself failed (${broken.slice(0, 3).map((r) => r.message).join('; ')}${broken.length > 3 ? '; …' : ''})`,
      'Run grayscope return validate on it to see every failure; an export would certify figures changed after the build. Amend the return with grayscope return build --amend.',
      { failed: broken.map((r) => r.id) },
    );
  }
  const checked = validateDocument(read.template, read.doc, front, { file: o.shown, source: 'workbook' });
  const files = o.format === 'xbrl-csv' ? xbrlCsvPackage(read.template, read.doc, read.manifest.digest) : [plainCsv(read.template, read.doc)];
  const replace = o.force ? [...new Set(files.map((f) => f.path.split('/')[0]!))] : [];
  await effects.folder.write(o.out, files, replace);
  return {
    file: o.shown,
    format: o.format,
    out: o.outShown,
    files: files.map((f) => f.path),
    validation: { blocking_failed: checked.blocking_failed, warnings: checked.warnings, unexplained: checked.unexplained },
  };
}
