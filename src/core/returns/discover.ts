// Finds the return templates: the ones shipped in reports/returns/ at the package root, then the
// project's own reports/returns/, whose templates add to them or replace a shipped one of the same id
// (the id inside the file, not its name, as an officer copies and edits a shipped file).
import { join, resolve } from 'node:path';
import { displayPath } from '../paths.js';
import type { ProjectIO } from '../ports/project-io.js';
import { packageRoot } from '../sql-files.js';
import { loadReturnTemplate, templateFault, type ReturnTemplate, type TemplateOrigin } from './template.js';

export interface TemplateFile {
  template: ReturnTemplate;
  origin: TemplateOrigin;
  /** How messages name the file: `reports/returns/x.yaml` inside the project, else the absolute path. */
  file: string;
}

export function shippedReturnsRoot(): string {
  return join(packageRoot(), 'reports', 'returns');
}

async function readFolder(io: Pick<ProjectIO, 'listFiles' | 'readText'>, dir: string, origin: TemplateOrigin, projectDir: string): Promise<TemplateFile[]> {
  const names = (await io.listFiles(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const found = await Promise.all(names.map(async (name) => {
    const path = join(dir, name);
    const file = displayPath(path, projectDir);
    return { template: await loadReturnTemplate(await io.readText(path), file, origin), origin, file };
  }));
  const byId = new Map<string, string>();
  for (const f of found) {
    const other = byId.get(f.template.id);
    if (other) throw templateFault(origin, `${f.file}: template id ${f.template.id} is also the id of ${other}`, 'Give each template in a folder its own id (a project template replaces a shipped one by using its id).');
    byId.set(f.template.id, f.file);
  }
  return found;
}

/** Every template, by id; a project template replaces the shipped one of the same id. */
export async function discoverReturnTemplates(io: Pick<ProjectIO, 'listFiles' | 'readText'>, options: { projectDir: string; shippedRoot?: string }): Promise<TemplateFile[]> {
  const shippedDir = resolve(options.shippedRoot ?? shippedReturnsRoot());
  const projectDir = resolve(options.projectDir, 'reports', 'returns');
  const byId = new Map<string, TemplateFile>();
  if (shippedDir !== projectDir) for (const t of await readFolder(io, shippedDir, 'shipped', options.projectDir)) byId.set(t.template.id, t);
  for (const t of await readFolder(io, projectDir, 'project', options.projectDir)) byId.set(t.template.id, t);
  return [...byId.values()].sort((a, b) => (a.template.id < b.template.id ? -1 : a.template.id > b.template.id ? 1 : 0));
}

export interface ReturnTemplateEntry {
  id: string;
  version: number;
  periods: { from: string; to: string | null };
  title: string;
  form_number: string;
  sheets: Array<{ code: string; title: string }>;
  origin: TemplateOrigin;
  file: string;
}

export interface ReturnTemplatesResult {
  lang: 'zh' | 'en';
  templates: ReturnTemplateEntry[];
}

/** `grayscope return templates`: every template with its version, periods and sheets. */
export async function listReturnTemplates(io: Pick<ProjectIO, 'listFiles' | 'readText'>, options: { projectDir: string; lang?: string; shippedRoot?: string }): Promise<ReturnTemplatesResult> {
  const lang = options.lang === 'en' ? 'en' : 'zh';
  const files = await discoverReturnTemplates(io, options);
  return {
    lang,
    templates: files.map(({ template: t, origin, file }) => ({
      id: t.id,
      version: t.version,
      periods: t.periods,
      title: t.title[lang],
      form_number: t.form_number,
      sheets: t.sheets.map((s) => ({ code: s.code, title: s.title[lang] })),
      origin,
      file,
    })),
  };
}
