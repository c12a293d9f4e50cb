// Header matching: maps the header row a user's file actually has onto the canonical columns of
// the data contract, reading units written into headers (金额（万元）, amount_wan) and naming the
// closest headers when a required column is missing.
import type { Source } from './config.js';
import { CONTRACT, type ColumnSpec } from './contract.js';
import { configError, inputError } from './errors.js';

export type Unit = 'yuan' | 'wan' | 'yi';

export const UNIT_FACTOR: Record<Unit, number> = { yuan: 1, wan: 10_000, yi: 100_000_000 };

export interface MappedColumn {
  spec: ColumnSpec;
  /** 0-based position in the file. */
  index: number;
  /** The header exactly as written in the file. */
  header: string;
  /** A unit written into the header, for amount columns. */
  unit: Unit | undefined;
}

export interface HeaderMapping {
  columns: MappedColumn[];
  ignored: string[];
}

/** Folds full-width ASCII and the ideographic space, lower-cases, trims: how headers are compared. */
export function headerKey(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const UNIT_PATTERNS: Array<[RegExp, Unit]> = [
  [/[(（]\s*(亿元|亿|yi)\s*[)）]$|_(yi|100m)$/, 'yi'],
  [/[(（]\s*(万元|万|wan|10k)\s*[)）]$|_(wan|10k)$/, 'wan'],
  [/[(（]\s*(元|yuan|cny|rmb)\s*[)）]$|_(yuan)$/, 'yuan'],
];

/** Splits a unit off a header: 金额（万元） → [金额, wan]. */
export function splitUnit(key: string): [string, Unit | undefined] {
  for (const [re, unit] of UNIT_PATTERNS) {
    if (re.test(key)) return [key.replace(re, '').replace(/_+$/, ''), unit];
  }
  return [key, undefined];
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The file's headers that look most like a missing column, best first. */
export function closestHeaders(spec: ColumnSpec, headers: readonly string[], count = 3): string[] {
  const names = [spec.name, ...spec.aliases].map(headerKey);
  const scored = headers.map((header) => {
    const key = splitUnit(headerKey(header))[0];
    const distance = Math.min(...names.map((n) => levenshtein(key, n) / Math.max(key.length, n.length, 1)));
    return { header, distance };
  });
  return scored
    .filter((s) => s.distance < 0.75)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map((s) => s.header);
}

/** The headers a missing column's message names: the project's own aliases first (marked), then the built-in ones. */
export function acceptedHeaders(spec: ColumnSpec, own: readonly string[] = []): string {
  const builtIn = [spec.name, ...spec.aliases.slice(0, 4)].filter((h) => !own.includes(h));
  return [...own.map((h) => `${h} (grayscope.yaml)`), ...builtIn].join(', ');
}

export function mapHeaders(
  source: Source,
  headers: readonly string[],
  file: string,
  projectAliases: Record<string, readonly string[]> = {},
): HeaderMapping {
  const specs = CONTRACT[source];
  const lookup = new Map<string, ColumnSpec>();
  // Project aliases first: a project may re-point a generic name such as 编号.
  for (const spec of specs) {
    for (const alias of projectAliases[spec.name] ?? []) lookup.set(headerKey(alias), spec);
  }
  for (const spec of specs) {
    for (const name of [spec.name, ...spec.aliases]) {
      const key = headerKey(name);
      if (!lookup.has(key)) lookup.set(key, spec);
    }
  }
  const unknownAliasTargets = Object.keys(projectAliases).filter((k) => !specs.some((s) => s.name === k));
  if (unknownAliasTargets.length > 0) {
    throw configError(
      `grayscope.yaml: aliases.${source}: unknown column(s) ${unknownAliasTargets.join(', ')}`,
      `Aliases map onto the canonical columns of ${source}: ${specs.map((s) => s.name).join(', ')}.`,
    );
  }
  const columns: MappedColumn[] = [];
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const full = headerKey(header);
    let spec = lookup.get(full);
    let unit: Unit | undefined;
    if (!spec) {
      const [base, u] = splitUnit(full);
      const candidate = lookup.get(base);
      if (candidate && u && candidate.kind === 'amount') {
        spec = candidate;
        unit = u;
      }
    }
    if (!spec) {
      if (header.trim() !== '') ignored.push(header);
      return;
    }
    const taken = columns.find((c) => c.spec.name === spec.name);
    if (taken) {
      throw inputError(
        `${file}: columns "${taken.header}" (column ${taken.index + 1}) and "${header}" (column ${index + 1}) both map to ${spec.name}`,
        'Rename or remove one of them, or map them explicitly with aliases in grayscope.yaml.',
      );
    }
    columns.push({ spec, index, header, unit });
  });
  const missing = specs.filter((s) => s.required && !columns.some((c) => c.spec.name === s.name));
  if (missing.length > 0) {
    const parts = missing.map((spec) => {
      const own = projectAliases[spec.name] ?? [];
      const near = closestHeaders({ ...spec, aliases: [...own, ...spec.aliases] }, headers);
      const accepted = acceptedHeaders(spec, own);
      return `${spec.name} (accepted headers: ${accepted}${near.length ? `; closest in the file: ${near.map((h) => `"${h}"`).join(', ')}` : ''})`;
    });
    throw inputError(
      `${file}: missing required column${missing.length > 1 ? 's' : ''} for ${source}: ${parts.join('; ')}`,
      `The file's headers are: ${headers.map((h) => `"${h}"`).join(', ')}. Rename the column, or add an alias under aliases.${source} in grayscope.yaml.`,
      { missing: missing.map((m) => m.name), headers: [...headers] },
    );
  }
  return { columns, ignored };
}
