// YAML files validated with zod (grayscope.yaml, assumptions.yaml): a syntax error or a value that
// breaks the schema is a configuration error (exit 2) naming file:line:column and the key path the
// user wrote, so a typo is found without reading our code.
import type { z } from 'zod';
import { configError } from './errors.js';

/** Where a key path of a parsed document was written: `file:line:col` (the deepest part of the path the document has), else the file. */
export type YamlLocator = (path: ReadonlyArray<PropertyKey>) => string;

export async function parseYaml<S extends z.ZodType>(schema: S, text: string, file: string, hint: string): Promise<z.infer<S>> {
  return (await parseYamlLocated(schema, text, file, hint)).data;
}

/** parseYaml that also returns the locator, for checks beyond the schema that name file:line:col too. */
/** A configuration file is a few KB; a bigger one is refused before it is parsed (a 150 MB one crashed every command). */
export const MAX_YAML_BYTES = 1024 * 1024;

export async function parseYamlLocated<S extends z.ZodType>(schema: S, text: string, file: string, hint: string): Promise<{ data: z.infer<S>; where: YamlLocator }> {
  if (text.length > MAX_YAML_BYTES) {
    throw configError(`${file} is larger than 1 MB (${Math.round(text.length / 1024)} KB): more than grayscope reads from a configuration file`, 'Check that you named the right file; a configuration file holds a few keys, not data.');
  }
  const YAML = await import('yaml');
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: true, lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw configError(`${where}: invalid YAML: ${first.message.split('\n')[0]}`, 'Fix the YAML syntax at that position.');
  }
  const at = (range: [number, number, number] | null | undefined): string | undefined => {
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return `${file}:${line}:${col}`;
  };
  const where: YamlLocator = (path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const parent = depth > 1 ? doc.getIn(path.slice(0, depth - 1) as unknown[], true) : doc.contents;
      const last = path[depth - 1];
      if (parent && YAML.isMap(parent)) {
        const pair = parent.items.find((item) => YAML.isScalar(item.key) && item.key.value === last);
        const found = at((pair?.key as { range?: [number, number, number] } | undefined)?.range);
        if (found) return found;
      } else if (parent && YAML.isSeq(parent) && typeof last === 'number') {
        const found = at((parent.items[last] as { range?: [number, number, number] } | undefined)?.range);
        if (found) return found;
      }
    }
    return file;
  };
  let value: unknown;
  try {
    // maxAliasCount (the yaml default, 100) refuses a billion-laughs document instead of expanding it.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw configError(`${file}: the YAML expands too many aliases (*name) (${(err as Error).message}): refused as an alias bomb`, 'Write the values out instead of repeating aliases of aliases.');
  }
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return { data: parsed.data, where };
  const lines = parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        return `${where(path)}: ${path.join('.')}: unknown key`;
      });
    }
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    return [`${where(issue.path)}: ${path}: ${issue.message}`];
  });
  throw configError(lines.join('\n'), hint);
}
