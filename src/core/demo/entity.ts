// The demo project's `entity:` (grayscope.yaml): the institution named on the cover of its returns, so
// the demo's returns are complete. A made-up name, a 统一社会信用代码 with a valid check character
// (computed, never a real institution's), and role placeholders instead of persons' names (names of
// persons are personal data, even made-up ones look real).
import { join } from 'node:path';
import type { ProjectIO } from '../ports/project-io.js';
import { CONFIG_FILE } from '../project.js';
import { usccCheckChar } from '../returns/uscc.js';

/** 9 (市场监管) 1 (企业), Beijing 110108, an organisation code of the newer MA… form. */
const FIRST17 = '91110108MA0000001';

export function demoEntity(): { name: string; credit_code: string; preparer: string; reviewer: string; head: string; phone: string } {
  return { name: '示例消费金融有限公司', credit_code: `${FIRST17}${usccCheckChar(FIRST17)}`, preparer: '（填表人）', reviewer: '（审核人）', head: '（单位负责人）', phone: '010-00000000' };
}

export function demoEntityYaml(): string {
  const e = demoEntity();
  return `# The institution the returns are filed for (grayscope return build fills their cover with it).
# Demo placeholders: write your institution's name, 统一社会信用代码 and the people's names and phone.
entity:
  name: ${e.name}
  credit_code: "${e.credit_code}"
  preparer: ${e.preparer}
  reviewer: ${e.reviewer}
  head: ${e.head}
  phone: "${e.phone}"
`;
}

/** The `entity:` block `grayscope init` writes (empty values), or any `entity:` block. */
const ENTITY_BLOCK = /^entity:[ \t]*\n(?:[ \t]+.*\n?)*/m;

/** Puts the demo entity in the project's grayscope.yaml: in place of the empty block init writes, else at the end. A filled-in name is kept. */
export async function writeDemoEntity(dir: string, io: ProjectIO): Promise<boolean> {
  const path = join(dir, CONFIG_FILE);
  const text = io.exists(path) ? await io.readText(path) : '';
  const block = ENTITY_BLOCK.exec(text);
  if (block && !/^\s+name:\s*(?:""|'')?\s*$/m.test(block[0])) return false;
  const yaml = demoEntityYaml();
  const next = block ? text.replace(ENTITY_BLOCK, yaml.slice(yaml.indexOf('entity:'))) : `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${yaml}`;
  await io.writeText(path, next);
  return true;
}
