// A project is a folder with an optional grayscope.yaml, a data/ folder, assumptions.yaml and a
// DuckDB database. This module resolves where those are and scaffolds a new project.
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { type Config, DEFAULT_CONFIG, parseConfig } from './config.js';
import { usageError } from './errors.js';
import type { ProjectIO } from './ports/project-io.js';

export const CONFIG_FILE = 'grayscope.yaml';

export interface Project {
  dir: string;
  dbPath: string;
  config: Config;
  /** Absent when the folder has no grayscope.yaml and defaults apply. */
  configPath: string | undefined;
}

export interface ProjectOptions {
  project?: string;
  db?: string;
}

export async function resolveProject(options: ProjectOptions, cwd: string, io: Pick<ProjectIO, 'exists' | 'readText'>): Promise<Project> {
  const dir = resolve(cwd, options.project ?? '.');
  const configPath = join(dir, CONFIG_FILE);
  let config = DEFAULT_CONFIG;
  let found: string | undefined;
  if (io.exists(configPath)) {
    config = await parseConfig(await io.readText(configPath), configPath);
    found = configPath;
  }
  const dbFile = options.db ?? config.database;
  const dbPath = isAbsolute(dbFile) ? dbFile : resolve(options.db ? cwd : dir, dbFile);
  return { dir, dbPath, config, configPath: found };
}

/** Creates the project folder (and the database's folder) when a command needs to write there. */
export async function ensureProjectDirs(project: Project, io: Pick<ProjectIO, 'exists' | 'isDirectory' | 'mkdir'>): Promise<void> {
  if (io.exists(project.dir) && !io.isDirectory(project.dir)) {
    throw usageError(`--project ${project.dir} is a file, not a folder`, 'Name the project folder (it is created if missing).');
  }
  await io.mkdir(project.dir);
  await io.mkdir(resolve(project.dbPath, '..'));
}

export function configTemplate(name: string, salt: string): string {
  return `# grayscope project configuration. Keys are described in the README ("Configuration").
project: ${JSON.stringify(name)}
database: grayscope.duckdb
# The reporting entity, printed on the cover sheet of regulatory returns.
entity:
  name: ""
  # credit_code: 统一社会信用代码 (18 characters)
  preparer: ""
  reviewer: ""
  head: ""
  phone: ""
# Extra header names per source, mapped to canonical columns (matched case-insensitively).
aliases:
  complaints: {}
  incidents: {}
  enforcement: {}
# Optional linkage keys beyond agency name, phone and account. template_clusters links complaints in
# one near-duplicate cluster (run grayscope templates first); it merges different operations that
# share a template, so it is off unless your data show that a template belongs to one operation.
linkage:
  template_clusters: false
  template_min_cluster: 5
# Your source's own category labels (投诉类别) → a taxonomy code, or ordinary (普通投诉: not, or not
# yet, known to be black/gray market; complaints only). Labels are compared like headers. Built-in
# synonyms need no entry, and a label that contains one (信用卡停息挂账代理, 代理退保（疑似）) maps to it.
# Without an entry or a default, an unknown label is a reject whose reason shows the lines to add.
# categories:
#   服务态度: ordinary
#   息费争议: ordinary
#   疑似代理投诉: illegal_agency
#   default: ordinary      # every other label (incidents and enforcement still need a taxonomy code)
# Secret salt for hashing phone, ID and account numbers. Keep it private and never change it after
# the first load, or linkage across loads breaks.
salt: ${JSON.stringify(salt)}
`;
}

export const ASSUMPTIONS_TEMPLATE = `# Assumptions for the reporting-rate (multiplier) method. Each rate is the share of the market's
# money that reaches our records; low and high bound the sensitivity analysis.
reporting_rates:
  debt_evasion: { central: 0.10, low: 0.05, high: 0.20 }
  credit_repair: { central: 0.15, low: 0.08, high: 0.25 }
  illegal_agency: { central: 0.12, low: 0.06, high: 0.22 }
  false_litigation: { central: 0.20, low: 0.10, high: 0.35 }
  money_laundering: { central: 0.05, low: 0.02, high: 0.10 }
  info_theft: { central: 0.08, low: 0.04, high: 0.15 }
  fraud_other: { central: 0.10, low: 0.05, high: 0.20 }
scenarios: {}
# Named scenarios, for \`grayscope estimate --scenario NAME\`: each overrides the rates it names and
# leaves the others as above. A bare rate moves the category's low and high with it (same width
# relative to central, high at most 1); { central, low, high } sets the range itself. The multiplier's
# range and the sensitivity table then use the scenario's ranges. To define one, replace the line
# \`scenarios: {}\` with, for example:
# scenarios:
#   pessimistic:
#     description: less of the market's money reaches the records
#     reporting_rates:
#       debt_evasion: 0.05
#       money_laundering: { central: 0.03, low: 0.01, high: 0.06 }
`;

export interface InitResult {
  dir: string;
  created: string[];
  existing: string[];
}

export async function initProject(dir: string, io: Pick<ProjectIO, 'exists' | 'isDirectory' | 'mkdir' | 'writeText'>, name?: string): Promise<InitResult> {
  const target = resolve(dir);
  if (io.exists(target) && !io.isDirectory(target)) {
    throw usageError(`${target} exists and is not a folder`, 'Name a new or existing folder for the project.');
  }
  await io.mkdir(join(target, 'data'));
  const created: string[] = [];
  const existing: string[] = [];
  const files: Array<[string, string]> = [
    [CONFIG_FILE, configTemplate(name ?? (target.split(/[\\/]/).pop() || 'grayscope'), randomBytes(16).toString('hex'))],
    ['assumptions.yaml', ASSUMPTIONS_TEMPLATE],
  ];
  for (const [file, text] of files) {
    const path = join(target, file);
    if (io.exists(path)) {
      existing.push(file);
    } else {
      await io.writeText(path, text);
      created.push(file);
    }
  }
  created.push('data/');
  return { dir: target, created, existing };
}
