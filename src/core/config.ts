// grayscope.yaml: read once, validated with zod before any work starts. Errors name the file and
// the key path the user wrote (as evidence-dev does), so a typo is found without reading our code.
import { z } from 'zod';
import { CATEGORY_VALUES, type CategoryValue } from './category-map.js';
import { usageError } from './errors.js';
import { lookupKey } from './lookup-key.js';
import { normalisePeriod } from './periods.js';
import { parseYaml } from './yaml-schema.js';

export const SOURCES = ['complaints', 'incidents', 'enforcement'] as const;
export type Source = (typeof SOURCES)[number];

/** SOURCE as a command line gives it. */
export function parseSource(value: string): Source {
  if ((SOURCES as readonly string[]).includes(value)) return value as Source;
  throw usageError(`unknown source "${value}"`, `SOURCE is one of ${SOURCES.join(', ')}.`);
}

const aliasMap = z.record(z.string(), z.array(z.string().min(1)));

const notAMap = (issue: { code: string }) => (issue.code === 'invalid_type' ? 'must be a map, for example { template_clusters: true }' : undefined);

/**
 * The largest minimum cluster size (linkage.template_min_cluster, templates --min-cluster): it
 * reaches SQL as an INTEGER, and a billion complaints is beyond any real cluster.
 */
export const MAX_MIN_CLUSTER = 1_000_000_000;

/**
 * Optional linkage keys (README "Configuration", queries/record_operations.sql). Off by default: on
 * generated data a template cluster joins every operation that uses one template (precision falls).
 */
export const linkageSchema = z
  .object(
    {
      template_clusters: z.boolean({ error: 'must be true or false' }).default(false),
      template_min_cluster: z
        .int({ error: 'must be a whole number of complaints' })
        .min(2, 'must be at least 2: a template cluster has two or more complaints')
        .max(MAX_MIN_CLUSTER, 'must be at most 1,000,000,000')
        .default(5),
    },
    { error: notAMap },
  )
  .strict();

export type LinkageConfig = z.infer<typeof linkageSchema>;

export const DEFAULT_LINKAGE: LinkageConfig = linkageSchema.parse({});

const categoryValue = z.enum(CATEGORY_VALUES as [CategoryValue, ...CategoryValue[]], {
  error: () => `must be ordinary or a taxonomy code: ${CATEGORY_VALUES.filter((v) => v !== 'ordinary').join(', ')}`,
});

/**
 * `categories:` a source's own labels → taxonomy code or `ordinary`, plus an optional `default`
 * (src/core/category-map.ts has the rule). Keys are compared after lookupKey, so two keys that
 * normalise alike must agree, and a key must keep something after normalisation.
 */
export const categoriesSchema = z
  .record(z.string(), categoryValue, { error: () => 'must be a map of labels, for example { 息费争议: ordinary, default: ordinary }' })
  .superRefine((map, ctx) => {
    const seen = new Map<string, string>();
    for (const [label, value] of Object.entries(map)) {
      const key = lookupKey(label);
      if (key === '') {
        ctx.addIssue({ code: 'custom', path: [label], message: 'a label must have a letter or digit' });
        continue;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined && map[earlier] !== value) {
        ctx.addIssue({ code: 'custom', path: [label], message: `is the same label as "${earlier}" (labels are compared without spaces, case or full-width forms) but maps to ${value}, not ${map[earlier]}` });
      }
      if (earlier === undefined) seen.set(key, label);
    }
  });

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
    // Read like --period: 2025q1 and 2025-Q1 are 2025Q1.
    default_period: z
      .string()
      .refine((v) => normalisePeriod(v) !== undefined, 'must be a quarter such as 2025Q1 or a year such as 2025')
      .transform((v) => normalisePeriod(v)!)
      .optional(),
    // Absent (rather than defaulted) so a run manifest can say whether the setting came from the file.
    linkage: linkageSchema.optional(),
    categories: categoriesSchema.optional(),
    // The language of human output (tables, headlines, labels); --lang overrides it, the locale (LANG) stands in for it.
    lang: z.enum(['zh', 'en'], { error: () => 'must be zh or en' }).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: Config = configSchema.parse({});

/** Parses the text of a grayscope.yaml. `file` is used only in messages. */
export async function parseConfig(text: string, file: string): Promise<Config> {
  return parseYaml(configSchema, text, file, `Fix ${file}; the keys it may hold are described in the README under "Configuration".`);
}
