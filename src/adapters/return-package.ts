// The file side of a return's exported twins (core/returns/package.ts): a package folder read back
// file by file, and the output folder written through a hidden staging folder inside it, so an
// interrupted export leaves no half-written package under the real names.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PackageSource } from '../core/returns/package.js';
import type { OutputFolder } from '../core/returns/export.js';

/** A package folder as the core reads it: a file's text by its path inside the folder. */
export function packageSource(dir: string): PackageSource {
  return {
    text(path) {
      const full = join(dir, path);
      return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
    },
  };
}

export const outputFolder: OutputFolder = {
  state(path) {
    if (!existsSync(path)) return { kind: 'missing' };
    if (!statSync(path).isDirectory()) return { kind: 'file' };
    return { kind: 'folder', entries: readdirSync(path) };
  },
  isFolder: (path) => existsSync(path) && statSync(path).isDirectory(),
  async write(dir, files, replace) {
    const stage = join(dir, `.grayscope-export.${process.pid}`);
    await rm(stage, { recursive: true, force: true });
    try {
      for (const f of files) {
        const target = join(stage, f.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, f.content, 'utf8');
      }
      for (const top of replace) await rm(join(dir, top), { recursive: true, force: true });
      for (const top of new Set(files.map((f) => f.path.split('/')[0]!))) await rename(join(stage, top), join(dir, top));
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  },
};
