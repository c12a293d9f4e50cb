// Lineage: which sources feed which models, as data (json) or as a diagram (Mermaid, Graphviz DOT)
// for the method note of a bulletin or a review.
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

export type LineageFormat = 'mermaid' | 'dot' | 'json';

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

export function toMermaid(lineage: Lineage): string {
  const id = new Map(lineage.nodes.map((n, i) => [n.name, `n${i}`]));
  const label = (s: string) => `"${s.replaceAll('"', '#quot;')}"`;
  const shape = (n: LineageNode) => (n.kind === 'source' ? `[(${label(n.name)})]` : n.materialized === 'table' ? `[${label(n.name)}]` : `(${label(n.name)})`);
  return [
    'flowchart LR',
    ...lineage.nodes.map((n) => `  ${id.get(n.name)}${shape(n)}`),
    ...lineage.edges.map((e) => `  ${id.get(e.from)} --> ${id.get(e.to)}`),
  ].join('\n');
}

export function toDot(lineage: Lineage): string {
  const quote = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const shape = (n: LineageNode) => (n.kind === 'source' ? 'cylinder' : n.materialized === 'table' ? 'box' : 'box, style=rounded');
  return [
    'digraph lineage {',
    '  rankdir=LR;',
    ...lineage.nodes.map((n) => `  ${quote(n.name)} [shape=${shape(n)}];`),
    ...lineage.edges.map((e) => `  ${quote(e.from)} -> ${quote(e.to)};`),
    '}',
  ].join('\n');
}
