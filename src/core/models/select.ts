// Model selection, as dbt users know it: `name`, `+name` (with everything upstream), `name+` (with
// everything downstream), `+name+`, `tag:x`. Several specs (or several words in one) are a union.
import { usageError } from '../errors.js';
import type { Dag } from './dag.js';

const SPEC = /^(\+?)([a-z][a-z0-9_]*)(\+?)$/;

function closure(start: string, edges: (name: string) => readonly string[]): string[] {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    for (const next of edges(stack.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return [...seen];
}

/** The selected models in run order; no specs selects every model. */
export function selectModels(specs: readonly string[], dag: Dag): string[] {
  const words = specs.flatMap((s) => s.split(/\s+/)).filter(Boolean);
  if (words.length === 0) return [...dag.order];
  const chosen = new Set<string>();
  const known = [...dag.order].sort();
  for (const word of words) {
    if (word.startsWith('tag:')) {
      const tag = word.slice(4);
      const hits = dag.order.filter((n) => dag.nodes.get(n)!.model.header.tags.includes(tag));
      if (hits.length === 0) {
        const tags = [...new Set([...dag.nodes.values()].flatMap((n) => n.model.header.tags))].sort();
        throw usageError(`--select ${word}: no model has the tag "${tag}"`, tags.length ? `Tags in use: ${tags.join(', ')}.` : 'No model has tags; add `-- tags: [x]` to a model header.');
      }
      for (const h of hits) chosen.add(h);
      continue;
    }
    const m = SPEC.exec(word);
    if (!m) throw usageError(`--select ${word}: not a selection`, 'Write name, +name (with upstream), name+ (with downstream), +name+ or tag:x.');
    const [, up, name, down] = m as unknown as [string, string, string, string];
    if (!dag.nodes.has(name)) {
      const near = known.filter((k) => k.includes(name) || name.includes(k)).slice(0, 5);
      throw usageError(`--select ${word}: there is no model "${name}"`, near.length ? `Did you mean ${near.join(', ')}?` : `Models: ${known.join(', ') || '(none: add .sql files to queries/)'}.`);
    }
    chosen.add(name);
    if (up) for (const u of closure(name, (n) => dag.nodes.get(n)!.upstream)) chosen.add(u);
    if (down) for (const d of closure(name, (n) => dag.downstream.get(n) ?? [])) chosen.add(d);
  }
  return dag.order.filter((n) => chosen.has(n));
}
