// `grayscope init` for people: what was created, what was kept, and the next command to run.
import type { InitResult } from '../core/project.js';

/** `dir` is the folder as the user typed it, so the suggested next command works where they are. */
export function renderInit(result: InitResult & { demo: unknown }, dir: string): string {
  return [
    `Project in ${result.dir}`,
    result.created.length ? `created: ${result.created.join(', ')}` : '',
    result.existing.length ? `kept as they were: ${result.existing.join(', ')}` : '',
    result.demo !== null ? 'sample data: data/complaints.csv, data/incidents.csv, data/enforcement.csv (truth in data/truth.json)' : '',
    `Next: grayscope load complaints <file> --project ${dir}`,
  ]
    .filter(Boolean)
    .join('\n');
}
