// End to end: the language of human output (issue 15 item 12) follows --lang, else `lang:` in
// grayscope.yaml, else the locale; --json is the same document whatever the language.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempCli } from '../helpers/cli.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

const { dir } = tempCli();
const status = (args: string[], env: Record<string, string> = {}) => cli(['status', ...args], { cwd: dir(), env: { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8', ...env } });

describe('grayscope status in Chinese or English', () => {
  it('prints Chinese with --lang zh', async () => {
    const r = await status(['--lang', 'zh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('尚无数据库');
  });

  it('prints Chinese with lang: zh in grayscope.yaml, and English when --lang en overrides it', async () => {
    writeFileSync(join(dir(), 'grayscope.yaml'), 'lang: zh\n');
    expect((await status([])).stdout).toContain('尚无数据库');
    const en = await status(['--lang', 'en']);
    expect(en.stdout).toContain('No database yet');
    expect(en.stdout).not.toContain('尚无数据库');
  });

  it('prints Chinese under LANG=zh_CN.UTF-8 and English under LANG=en_US.UTF-8', async () => {
    expect((await status([], { LANG: 'zh_CN.UTF-8' })).stdout).toContain('尚无数据库');
    expect((await status([], { LANG: 'en_US.UTF-8' })).stdout).toContain('No database yet');
  });

  it('prints the loaded sources with Chinese headers, and the same --json in both languages', async () => {
    writeCsv(join(dir(), 'a.csv'), BASIC_ROWS);
    expect((await cli(['load', 'complaints', 'a.csv', '--lang', 'zh'], { cwd: dir() })).stdout).toMatch(/^文件\s+状态/);
    const zh = await status(['--lang', 'zh']);
    expect(zh.stdout).toMatch(/^数据源\s+行数\s+隔离\s+最早日期\s+最晚日期\s+报告期$/m);
    expect(zh.stdout).toMatch(/^投诉\s+3\s+3\s/m);
    const json = async (lang: string) => (await status(['--json', '--lang', lang])).stdout.replace(/"loaded_at": "[^"]*"/g, '');
    expect(await json('zh')).toBe(await json('en'));
  });

  it('an error names the row with 行号 beside it in Chinese, and only the English term with --lang en', async () => {
    writeFileSync(join(dir(), 'f.csv'), 'complaint_id,received_date,region,category\nC1,2025-01-01,广东,反催收\n');
    const zh = await cli(['load', 'complaints', 'f.csv', '--header-row', '5', '--lang', 'zh'], { cwd: dir() });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('Error: f.csv: --header-row 5 is beyond the last row (row (行号) 2)');
    const en = await cli(['load', 'complaints', 'f.csv', '--header-row', '5', '--lang', 'en'], { cwd: dir() });
    expect(en.stderr).toContain('Error: f.csv: --header-row 5 is beyond the last row (row 2)');
    // The --json document keeps the message as it is, whatever the language.
    const json = await cli(['load', 'complaints', 'f.csv', '--header-row', '5', '--lang', 'zh', '--json'], { cwd: dir() });
    expect(json.stdout).toContain('"message": "f.csv: --header-row 5 is beyond the last row (row 2)"');
  });
});
