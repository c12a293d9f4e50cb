// What a model run's manifest holds besides the common run record (core/runs/record.ts): the
// parameters and where they came from, the selection, the loaded inputs and every model file's sha256.
import type { InputFile } from '../runs/record.js';
import type { Dag } from './dag.js';
import type { TemplateClustersState } from './linkage.js';
import type { Parameters } from './params.js';

export interface Manifest {
  schema_version: number;
  run_id: string;
  command: 'run' | 'test';
  tool_version: string;
  duckdb_version: string;
  started_at: string;
  finished_at: string;
  parameters: Pick<Parameters, 'period' | 'linkage'>;
  parameter_origin: Parameters['origin'];
  /** With linkage.template_clusters on: the `grayscope templates` result the run linked with. */
  template_clusters: TemplateClustersState | null;
  selection: { specs: string[]; models: string[] };
  inputs: InputFile[];
  models: Array<{ name: string; file: string; origin: string; sha256: string; materialized: string; tags: string[]; upstream: string[]; sources: string[] }>;
}

export function describeModels(dag: Dag): Manifest['models'] {
  return [...dag.order].sort().map((name) => {
    const { model, upstream, sources } = dag.nodes.get(name)!;
    return { name, file: model.display, origin: model.origin, sha256: model.sha256, materialized: model.header.materialized, tags: model.header.tags, upstream, sources };
  });
}
