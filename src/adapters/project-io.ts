// The real project I/O (core/ports/project-io.ts): node:fs for files and folders, DuckDB for the database.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProjectIO } from '../core/ports/project-io.js';
import { openDatabase } from './duckdb.js';

export const projectIO: ProjectIO = {
  openDatabase,
  exists: existsSync,
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  readText: (path) => readFile(path, 'utf8'),
  readBytes: (path) => readFile(path),
  async writeText(path, text) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  },
  async writeBytes(path, bytes) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  },
  async mkdir(path) {
    await mkdir(path, { recursive: true });
  },
  async listFiles(path) {
    if (!existsSync(path) || !statSync(path).isDirectory()) return [];
    return (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  },
};
