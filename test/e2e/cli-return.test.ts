// `grayscope return templates` through the built CLI: both shipped templates listed with --json, and a
// broken project template exits 2 naming file:line:col (with --json too).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReturnTemplatesResult } from '../../src/index.js';
import { cli, type ErrorDocument, onlyJson } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';

let tmp: ReturnType<typeof tempProject>;
beforeEach(() => {
  tmp = tempProject('gs-e2e-return-');
});
afterEach(() => tmp.cleanup());

describe('grayscope return templates', () => {
  it('--json lists both shipped templates with version, periods and sheets', async () => {
    const r = await cli(['return', 'templates', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const list = onlyJson<ReturnTemplatesResult>(r);
    expect(list.templates.map((t) => [t.id, t.version, t.periods, t.origin])).toEqual([
      ['institution', 1, { from: '2025Q1', to: null }, 'shipped'],
      ['market', 1, { from: '2025Q1', to: null }, 'shipped'],
    ]);
    expect(list.templates[0]!.title).toBe('金融黑灰产风险监测季度报表');
    expect(list.templates[0]!.sheets.map((s) => s.code)).toEqual(['S01', 'S02', 'S03', 'S04', 'S05', 'S06']);
    expect(list.templates[1]!.sheets[0]).toEqual({ code: 'S01', title: '市场规模与经营主体' });
    const human = await cli(['return', 'templates', '--lang', 'en'], { cwd: tmp.dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/institution\s+1\s+2025Q1–\s+Quarterly return on financial black and gray market risk\s+shipped/);
  });

  it('a broken project template exits 2 naming file:line:col', async () => {
    mkdirSync(join(tmp.dir, 'reports', 'returns'), { recursive: true });
    writeFileSync(join(tmp.dir, 'reports', 'returns', 'bad.yaml'), 'id: bad\nversoin: 1\n');
    const r = await cli(['return', 'templates', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.message).toContain('reports/returns/bad.yaml:2:1: versoin: unknown key');
  });
});
