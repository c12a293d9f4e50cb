// `grayscope chart` through the built CLI: --list (shipped and project charts), an unknown name and a
// project chart that reads a URL fail with exit 2 (with --json too). Rendering from real report
// tables is covered in test/integration/chart-command.test.ts on the chart core.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChartListResult } from '../../src/index.js';
import { cli, type ErrorDocument, onlyJson } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';

let tmp: ReturnType<typeof tempProject>;

function projectChart(name: string, spec: unknown, sidecar: string): void {
  const dir = join(tmp.dir, 'reports', 'charts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(spec));
  writeFileSync(join(dir, `${name}.chart.yaml`), sidecar);
}

beforeEach(() => {
  tmp = tempProject('gs-e2e-chart-');
  projectChart('my_bars', { data: { name: 'table' }, mark: 'bar' }, 'table: market_scale\ntitle: {zh: 我的图, en: My chart}\n');
});
afterEach(() => tmp.cleanup());

describe('grayscope chart', () => {
  it('--list shows a project chart with its table, title in the language and origin', async () => {
    const r = await cli(['chart', '--list', '--lang', 'en', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const list = onlyJson<ChartListResult>(r);
    expect(list.lang).toBe('en');
    expect(list.charts).toContainEqual({ name: 'my_bars', table: 'market_scale', title: 'My chart', origin: 'project', file: 'reports/charts/my_bars.vl.json' });
    expect(list.charts.filter((c) => c.origin === 'shipped').every((c) => c.name !== 'my_bars')).toBe(true);
    const human = await cli(['chart', '--list'], { cwd: tmp.dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/my_bars\s+market_scale\s+我的图\s+project/);
  });

  it('an unknown chart name exits 2 and lists the charts', async () => {
    const r = await cli(['chart', 'no_such_chart', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    const { error } = onlyJson<ErrorDocument>(r);
    expect(error.message).toBe('no chart named "no_such_chart"');
    expect(error.hint).toContain('my_bars');
    expect(r.stderr).toContain('Error: no chart named "no_such_chart"');
  });

  it('a project chart asking for data.url exits 2 naming the chart file', async () => {
    projectChart('leaky', { data: { url: 'https://example.com/x.csv' }, mark: 'bar' }, 'table: growth\ntitle: {zh: 泄露, en: Leaky}\n');
    const r = await cli(['chart', 'leaky', '--json'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.message).toBe('reports/charts/leaky.vl.json: a chart cannot read files or URLs, and this one asks for data.url https://example.com/x.csv');
  });

  it('a bad --format is a usage error (exit 2)', async () => {
    const r = await cli(['chart', 'my_bars', '--format', 'gif'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
  });
});
