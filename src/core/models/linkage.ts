// linkage.template_clusters (grayscope.yaml) as the model engine sees it. With it on,
// record_operations also links complaints of one `grayscope templates` cluster, so a run needs
// clusters that cover the loaded complaints (else it stops before any SQL runs, exit 2), its
// manifest names the templates result it linked with, and `estimate` rebuilds the models when the
// setting or the clusters changed after the last run that linked.
import type { Db } from '../ports/db.js';
import { DEFAULT_LINKAGE, type LinkageConfig } from '../config.js';
import { configError } from '../errors.js';
import type { ProjectIO } from '../ports/project-io.js';
import { modelRuns } from '../runs/history.js';
import { readRunManifest } from '../runs/record.js';
import type { Dag } from './dag.js';

/** Written by `grayscope templates`; a model that reads it links by template cluster. */
export const TEMPLATE_CLUSTERS = 'complaint_template_clusters';

/** The fields of a model run's manifest (models/manifest.ts) that tell how it linked. */
interface LinkedRun {
  parameters?: { linkage?: LinkageConfig };
  template_clusters?: TemplateClustersState | null;
  selection?: { models?: string[] };
  models?: Array<{ name: string; sources: string[] }>;
}

/** Which `grayscope templates` result the clusters are: when, with which threshold and k, how many complaints. */
export interface TemplateClustersState {
  computed_at: string;
  threshold: number;
  shingle: number;
  clustered_complaints: number;
}

/** The last `grayscope templates` result, or null when it has never run on this database. */
export async function templateClustersState(db: Db): Promise<TemplateClustersState | null> {
  const [row] = await db.all<TemplateClustersState>(
    `SELECT CAST(max(computed_at) AS VARCHAR) AS computed_at, CAST(max(threshold) AS DOUBLE) AS threshold, CAST(max(shingle) AS INTEGER) AS shingle,
            CAST((SELECT count(*) FROM ${TEMPLATE_CLUSTERS}) AS INTEGER) AS clustered_complaints
     FROM complaint_template_shares HAVING count(*) > 0`,
  );
  return row ?? null;
}

/**
 * A time as DuckDB prints it (2025-04-10 08:30:00.123456) as a message shows it (2025-04-10 at
 * 08:30:00): the terminal masks phone-like digit runs in every message, and the date, a space and
 * the hour read as one (it printed "loaded ****08:30:00.123456)"), as does a date right after "(".
 */
const when = (timestamp: string) => timestamp.replace(/^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d).*$/, '$1 at $2');

const readsClusters = (models: ReadonlyArray<{ name: string; sources: readonly string[] }>, selected: readonly string[]) =>
  models.filter((m) => selected.includes(m.name) && m.sources.includes(TEMPLATE_CLUSTERS)).map((m) => m.name);

/**
 * Before a run: with the option on and a selected model reading the clusters, the clusters must
 * exist and be newer than the last complaints load. A warning would let the run link without them
 * while its manifest says the option was on, and the estimate built on it would differ silently.
 */
export async function checkTemplateClusters(db: Db, dag: Dag, selected: readonly string[], linkage: LinkageConfig, configFile: string | undefined): Promise<TemplateClustersState | null> {
  if (!linkage.template_clusters) return null;
  const readers = readsClusters([...dag.nodes].map(([name, node]) => ({ name, sources: node.sources })), selected);
  if (readers.length === 0) return null;
  const state = await templateClustersState(db);
  const where = `${configFile ?? 'grayscope.yaml'}: linkage.template_clusters is true`;
  const off = 'or set linkage.template_clusters: false in grayscope.yaml to link without them.';
  if (state === null) {
    if (Number(await db.scalar('SELECT count(*) FROM complaints')) === 0) return null;
    throw configError(
      `${where}, but grayscope templates has never run on this database, so ${readers.join(', ')} would link without template clusters`,
      `Run grayscope templates first (it clusters every loaded complaint), then run the models again; ${off}`,
    );
  }
  const loadedAfter = await db.scalar<string | null>(
    `SELECT CAST(max(loaded_at) AS VARCHAR) FROM load_ledger WHERE source = 'complaints' HAVING max(loaded_at) > CAST(? AS TIMESTAMP)`,
    [state.computed_at],
  );
  if (loadedAfter) {
    throw configError(
      `${where}, but complaints were loaded on ${when(loadedAfter)}, after grayscope templates last ran on ${when(state.computed_at)}: the clusters do not cover them`,
      `Run grayscope templates again, then run the models; ${off}`,
    );
  }
  return state;
}

/**
 * Why the models must be rebuilt for the linkage grayscope.yaml asks for now, or null. Compares
 * with the manifest of the last run that built a model reading the clusters; a run whose manifest
 * is gone counts as one that linked without them (as runs made before the option did).
 */
export async function linkageStaleReason(db: Db, io: ProjectIO, projectDir: string, configured: LinkageConfig | undefined): Promise<string | null> {
  const linkage = configured ?? DEFAULT_LINKAGE;
  const runs = await modelRuns(db);
  let last: { manifest: LinkedRun | null } | undefined;
  for (const { run_id } of runs) {
    const manifest = (await readRunManifest(io, projectDir, run_id)) as LinkedRun | null;
    if (manifest === null || readsClusters(manifest.models ?? [], manifest.selection?.models ?? []).length > 0) {
      last = { manifest };
      break;
    }
  }
  if (!last) return null;
  const used = last.manifest?.parameters?.linkage ?? DEFAULT_LINKAGE;
  // Without the run id: the reporter would mask its digit runs as if they were phone numbers.
  const run = 'the last model run';
  if (used.template_clusters !== linkage.template_clusters) {
    return `linkage.template_clusters is ${linkage.template_clusters} in grayscope.yaml; ${run} linked with ${used.template_clusters}`;
  }
  if (!linkage.template_clusters) return null;
  if (used.template_min_cluster !== linkage.template_min_cluster) {
    return `linkage.template_min_cluster is ${linkage.template_min_cluster} in grayscope.yaml; ${run} used ${used.template_min_cluster}`;
  }
  const now = await templateClustersState(db);
  if (now?.computed_at !== last.manifest?.template_clusters?.computed_at) return `grayscope templates ran again after ${run} linked with its clusters`;
  return null;
}
