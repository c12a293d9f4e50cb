// How files are named in tables and messages: relative to the project when inside it (load's
// ledger and quarantine, model files in errors and manifests), else absolute.
import { isAbsolute, relative } from 'node:path';
import { maskText } from './pii.js';

export function displayPath(abs: string, projectDir: string): string {
  const rel = relative(projectDir, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : abs;
}

/**
 * A data file as the ledger, the loaded rows' source_file, the quarantine and every message name
 * it: its display path with personal numbers masked (客户13812345678.csv → 客户138****5678.csv),
 * because a file name is data too. It is also the file's identity for --replace and unload FILE:
 * both sides are masked the same way, so the ledger finds the file again. Two files whose names
 * differ only in the masked digits share a name: the second is refused as a changed version of
 * the first (its sha256 differs), never loaded silently over it.
 */
export function dataFilePath(abs: string, projectDir: string): string {
  return maskText(displayPath(abs, projectDir));
}
