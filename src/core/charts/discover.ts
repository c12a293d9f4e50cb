// Finds the charts: the ones shipped in reports/charts/ at the package root, then the project's own
// reports/charts/, whose files add charts or replace shipped ones of the same name (as queries/ does
// for models). A chart is NAME.vl.json (the Vega-Lite spec) beside NAME.chart.yaml (its sidecar).
import { join, resolve } from 'node:path';
import { configError, GrayscopeError } from '../errors.js';
import { displayPath } from '../paths.js';
import type { ProjectIO } from '../ports/project-io.js';
import { packageRoot } from '../sql-files.js';

export const SPEC_SUFFIX = '.vl.json';
export const SIDECAR_SUFFIX = '.chart.yaml';
/** A chart's name becomes a file name (NAME.LANG.EXT): lower case letters, digits and _. */
export const CHART_NAME = /^[a-z][a-z0-9_]*$/;

export type ChartOrigin = 'shipped' | 'project';

export interface ChartFile {
  name: string;
  origin: ChartOrigin;
  /** Absolute paths of the spec and its sidecar. */
  spec: string;
  sidecar: string;
  /** How messages name the spec: `reports/charts/x.vl.json` inside the project, else the absolute path. */
  display: string;
  sidecarDisplay: string;
}

export interface ChartDiscoverOptions {
  projectDir: string;
  /** The shipped charts' folder; tests point it elsewhere. Default: reports/charts/ at the package root. */
  shippedRoot?: string;
}

export function shippedChartsRoot(): string {
  return join(packageRoot(), 'reports', 'charts');
}

/**
 * A problem in a chart's own files: the user's to fix (exit 2) for a project chart, ours (exit 70)
 * for a shipped one — a shipped chart that does not validate or render cleanly is a grayscope bug.
 */
export function chartFault(origin: ChartOrigin, message: string, hint: string, details?: Record<string, unknown>): GrayscopeError {
  return origin === 'project'
    ? configError(message, hint, details)
    : new GrayscopeError('internal', message, { hint: 'This shipped chart is a bug in grayscope: report it. A project chart of the same name in reports/charts/ replaces it meanwhile.', details });
}

async function readFolder(io: Pick<ProjectIO, 'listFiles'>, dir: string, origin: ChartOrigin, projectDir: string): Promise<ChartFile[]> {
  const entries = new Set(await io.listFiles(dir));
  const charts: ChartFile[] = [];
  for (const entry of [...entries].sort()) {
    const isSpec = entry.endsWith(SPEC_SUFFIX);
    if (!isSpec && !entry.endsWith(SIDECAR_SUFFIX)) continue;
    const name = entry.slice(0, -(isSpec ? SPEC_SUFFIX : SIDECAR_SUFFIX).length);
    const spec = join(dir, `${name}${SPEC_SUFFIX}`);
    const sidecar = join(dir, `${name}${SIDECAR_SUFFIX}`);
    const display = displayPath(spec, projectDir);
    const sidecarDisplay = displayPath(sidecar, projectDir);
    if (!CHART_NAME.test(name)) {
      throw chartFault(origin, `${displayPath(join(dir, entry), projectDir)}: "${name}" is not a valid chart name (lower case letters, digits and _, starting with a letter)`, 'Rename the spec and its sidecar: the name becomes the file names the chart is written to.');
    }
    const partner = isSpec ? `${name}${SIDECAR_SUFFIX}` : `${name}${SPEC_SUFFIX}`;
    if (!entries.has(partner)) {
      throw chartFault(
        origin,
        isSpec ? `${display}: the chart has no sidecar ${sidecarDisplay}` : `${sidecarDisplay}: the sidecar has no spec ${display}`,
        `A chart is two files: NAME${SPEC_SUFFIX} (the Vega-Lite spec) and NAME${SIDECAR_SUFFIX} (table: the report table it reads; title, subtitle and texts in zh and en).`,
      );
    }
    if (isSpec) charts.push({ name, origin, spec, sidecar, display, sidecarDisplay });
  }
  return charts;
}

/** Every chart, by name; a project chart replaces the shipped chart of the same name. */
export async function discoverCharts(io: Pick<ProjectIO, 'listFiles'>, options: ChartDiscoverOptions): Promise<ChartFile[]> {
  const shippedDir = resolve(options.shippedRoot ?? shippedChartsRoot());
  const projectDir = resolve(options.projectDir, 'reports', 'charts');
  const byName = new Map<string, ChartFile>();
  if (shippedDir !== projectDir) for (const c of await readFolder(io, shippedDir, 'shipped', options.projectDir)) byName.set(c.name, c);
  for (const c of await readFolder(io, projectDir, 'project', options.projectDir)) byName.set(c.name, c);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
