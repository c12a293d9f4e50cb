// `grayscope lineage` for people and other tools: the sources → models graph as a Mermaid flowchart,
// a Graphviz DOT digraph (for a bulletin's method note or a review), or the JSON document.
import type { Lineage, LineageNode } from '../core/models/lineage.js';

export type LineageFormat = 'mermaid' | 'dot' | 'json';

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

export function renderLineage(lineage: Lineage, format: LineageFormat): string {
  return format === 'json' ? JSON.stringify(lineage, null, 2) : format === 'dot' ? toDot(lineage) : toMermaid(lineage);
}
