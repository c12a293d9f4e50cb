// The bulletin's texts (reports/bulletin/strings.yaml): one map per language with the same keys, and
// the `{name}` filling of a text with figures already formatted by src/render/format.ts.
import { join } from 'node:path';
import { z } from 'zod';
import { GrayscopeError } from '../errors.js';
import type { ReportLang } from '../reports/report-table.js';
import { packageRoot } from '../sql-files.js';
import { parseYaml } from '../yaml-schema.js';

export type BulletinStrings = Record<ReportLang, Record<string, string>>;

const schema = z.object({ zh: z.record(z.string(), z.string()), en: z.record(z.string(), z.string()) }).strict();

/** The shipped bulletin folder: templates and strings. */
export function bulletinRoot(): string {
  return join(packageRoot(), 'reports', 'bulletin');
}

/** Parses strings.yaml; both languages must hold the same keys (a shipped fault is ours: exit 70). */
export async function parseBulletinStrings(text: string, file: string): Promise<BulletinStrings> {
  const strings = await parseYaml(schema, text, file, 'strings.yaml holds zh: and en: maps of the same keys.');
  const zh = Object.keys(strings.zh);
  const en = new Set(Object.keys(strings.en));
  const odd = [...zh.filter((k) => !en.has(k)), ...[...en].filter((k) => !(k in strings.zh))];
  if (odd.length) throw new GrayscopeError('internal', `${file}: the zh and en texts differ in keys: ${odd.join(', ')}`, { hint: 'Give every key a text in both languages.' });
  return strings;
}

/** A text with every {name} replaced; a name without a value is a bug in the caller (it would print "{name}"). */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (_whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new GrayscopeError('internal', `bulletin text needs {${name}}: ${text}`);
    return String(v);
  });
}

/** The texts of one language, each filled by name (`t('kf_scale', {unit})`). */
export function textsOf(strings: BulletinStrings, lang: ReportLang) {
  const own = strings[lang];
  return (key: string, values: Record<string, string | number> = {}): string => {
    const text = own[key];
    if (text === undefined) throw new GrayscopeError('internal', `reports/bulletin/strings.yaml has no text "${key}" in ${lang}`);
    return fill(text, values);
  };
}
