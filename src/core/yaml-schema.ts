// YAML files validated with zod (grayscope.yaml, assumptions.yaml): a syntax error or a value that
// breaks the schema is a configuration error (exit 2) naming file:line:column and the key path the
// user wrote, so a typo is found without reading our code.
import type { z } from 'zod';
import { configError } from './errors.js';

export async function parseYaml<S extends z.ZodType>(schema: S, text: string, file: string, hint: string): Promise<z.infer<S>> {
  const YAML = await import('yaml');
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: true, lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw configError(`${where}: invalid YAML: ${first.message.split('\n')[0]}`, 'Fix the YAML syntax at that position.');
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  /** file:line:col of the key a path names (the deepest part of it the document has). */
  const where = (path: ReadonlyArray<PropertyKey>): string => {
    for (let depth = path.length; depth > 0; depth--) {
      const parent = depth > 1 ? doc.getIn(path.slice(0, depth - 1) as unknown[], true) : doc.contents;
      if (parent && YAML.isMap(parent)) {
        const pair = parent.items.find((item) => YAML.isScalar(item.key) && item.key.value === path[depth - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) {
          const { line, col } = lineCounter.linePos(range[0]);
          return `${file}:${line}:${col}`;
        }
      }
    }
    return file;
  };
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
