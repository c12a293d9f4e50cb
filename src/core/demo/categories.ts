// The demo project's `categories:` map: the generator's ordinary complaint topics (服务态度, 息费争议 …)
// → ordinary. Its suspect labels (信用卡停息挂账代理, 代理退保（疑似）…) need no entry: they contain a
// built-in synonym. No `default`, so a label nobody expected (the messy data's 天气) is still a reject.
import { join } from 'node:path';
import { yamlKey } from '../category-map.js';
import { ORDINARY_TOPIC_LABELS } from '../generate/reference.js';
import type { ProjectIO } from '../ports/project-io.js';
import { CONFIG_FILE } from '../project.js';

/** The demo map as grayscope.yaml holds it once parsed. */
export function demoCategories(): Record<string, 'ordinary'> {
  return Object.fromEntries(ORDINARY_TOPIC_LABELS.map((label) => [label, 'ordinary' as const]));
}

export function demoCategoriesYaml(): string {
  const lines = ORDINARY_TOPIC_LABELS.map((label) => `  ${yamlKey(label)}: ordinary`);
  return `# The generated complaints' own topics (grayscope generate): ordinary complaints, among which
# agencies' complaints hide; linkage finds those it can (complaint_identification).
categories:
${lines.join('\n')}
`;
}

/** Adds the demo map to the project's grayscope.yaml unless it already has a `categories:` key. */
export async function writeDemoCategories(dir: string, io: ProjectIO): Promise<boolean> {
  const path = join(dir, CONFIG_FILE);
  const text = io.exists(path) ? await io.readText(path) : '';
  if (/^categories\s*:/m.test(text)) return false;
  await io.writeText(path, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${demoCategoriesYaml()}`);
  return true;
}
