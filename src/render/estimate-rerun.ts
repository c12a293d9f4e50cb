// The verdict of `grayscope estimate --rerun RUN_ID` for people: same numbers as the run, or how many
// rows differ and which loaded files changed since (and the versions, when they differ).
import type { RerunCheck } from '../core/estimate/rerun.js';

export function renderRerun(c: RerunCheck): string {
  if (c.same) return `Same numbers as ${c.of}.`;
  const d = c.differing;
  const lines = [`The numbers differ from ${c.of}: ${d.estimates} estimate, ${d.growth} growth and ${d.sensitivity} sensitivity rows.`];
  const files = [
    ...c.inputs.added.map((f) => `  loaded since: ${f.source} ${f.path} (sha256 ${f.sha256.slice(0, 12)})`),
    ...c.inputs.removed.map((f) => `  unloaded since: ${f.source} ${f.path} (sha256 ${f.sha256.slice(0, 12)})`),
    ...c.inputs.changed.map((f) => `  changed since: ${f.source} ${f.path} (sha256 ${f.before.slice(0, 12)} → ${f.now.slice(0, 12)})`),
  ];
  lines.push(...(files.length ? ['Loaded files that changed since the run:', ...files] : ['No loaded file changed since the run.']));
  for (const [name, [was, now]] of [['grayscope', c.versions.tool], ['DuckDB', c.versions.duckdb]] as const) {
    if (was !== now) lines.push(`${name} ${was} made the run; ${now} made the rerun.`);
  }
  return lines.join('\n');
}
