// Lineage: which sources feed which models, as data. Its diagrams (Mermaid, Graphviz DOT) are drawn
// by src/render/lineage.ts.
import type { Dag } from './dag.js';

export interface LineageNode {
  name: string;
  kind: 'source' | 'model';
  materialized: 'view' | 'table' | null;
  tags: string[];
}

export interface Lineage {
  nodes: LineageNode[];
  edges: Array<{ from: string; to: string }>;
}

export function lineageOf(dag: Dag): Lineage {
  const sources = new Set<string>();
  const edges: Lineage['edges'] = [];
  for (const name of dag.order) {
    const node = dag.nodes.get(name)!;
    for (const s of node.sources) {
      sources.add(s);
      edges.push({ from: s, to: name });
    }
    for (const u of node.upstream) edges.push({ from: u, to: name });
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    nodes: [
      ...[...sources].sort(byName).map((name): LineageNode => ({ name, kind: 'source', materialized: null, tags: [] })),
      ...[...dag.order].sort(byName).map((name): LineageNode => {
        const { header } = dag.nodes.get(name)!.model;
        return { name, kind: 'model', materialized: header.materialized, tags: header.tags };
      }),
    ],
    edges: edges.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to)),
  };
}
