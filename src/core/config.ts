// grayscope.yaml: read once, validated with zod before any work starts. Errors name the file and
// the key path the user wrote (as evidence-dev does), so a typo is found without reading our code.
import { z } from 'zod';
import { configError } from './errors.js';

export const SOURCES = ['complaints', 'incidents', 'enforcement'] as const;
export type Source = (typeof SOURCES)[number];

const aliasMap = z.record(z.string(), z.array(z.string().min(1)));

export const configSchema = z
  .object({
    project: z.string().min(1).default('grayscope'),
    database: z.string().min(1).default('grayscope.duckdb'),
    entity: z
      .object({
        name: z.string().optional(),
        credit_code: z
          .string()
          .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'must be an 18-character unified social credit code (统一社会信用代码)')
          .optional(),
        preparer: z.string().optional(),
        reviewer: z.string().optional(),
        head: z.string().optional(),
        phone: z.string().optional(),
      })
      .strict()
      .default({}),
    aliases: z
      .object({ complaints: aliasMap.optional(), incidents: aliasMap.optional(), enforcement: aliasMap.optional() })
      .strict()
      .default({}),
    salt: z.string().min(16, 'must be at least 16 characters; `grayscope init` writes a random one').optional(),
    default_period: z
      .string()
      .regex(/^\d{4}Q[1-4]$/, 'must be a quarter such as 2025Q1')
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: Config = configSchema.parse({});

/** Parses the text of a grayscope.yaml. `file` is used only in messages. */
export async function parseConfig(text: string, file: string): Promise<Config> {
  const YAML = await import('yaml');
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: true, lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw configError(`${where}: invalid YAML: ${first.message.split('\n')[0]}`, 'Fix the YAML syntax at that position.');
  }
  const raw = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
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
    throw configError(lines.join('\n'), `Fix ${file}; the keys it may hold are described in the README under "Configuration".`);
  }
  return parsed.data;
}
