// Return templates: both shipped templates load and pass the checks; a bad key, a duplicate row code,
// a rule naming an unknown cell and an unknown report table column are errors at file:line:col; a
// project template replaces a shipped one by id.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectIO } from '../../src/adapters/project-io.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { discoverReturnTemplates, listReturnTemplates, shippedReturnsRoot } from '../../src/core/returns/discover.js';
import { loadReturnTemplate, pendingBindings, ruleReferences } from '../../src/core/returns/template.js';
import { REPORT_COLUMNS } from '../../src/core/reports/tables.js';
import type { ReportTableName } from '../../src/core/reports/report-table.js';
import { tempProject } from '../helpers/project.js';

const MINI = `id: mini
version: 1
periods: {from: 2025Q1}
title: {zh: 小表, en: Mini}
form_number: X01
issuing_body: {zh: 某机关, en: Some body}
cover:
  - {code: uscc, label: {zh: 统一社会信用代码, en: USCC}, kind: uscc}
sheets:
  - code: S01
    title: {zh: 表一, en: One}
    rows:
      - {code: r010, label: {zh: 甲, en: A}}
      - {code: r020, label: {zh: 乙, en: B}}
      - {code: r030, label: {zh: 合计, en: Total}}
    columns:
      - {code: c010, label: {zh: 数, en: N}, unit: count, decimals: 0}
    cells:
      - {row: r010, col: c010, table: enforcement, column: cases}
      - {row: r020, col: c010, table: enforcement, column: persons_arrested}
      - {row: r030, col: c010, formula: {sum_rows: ["r010:r020"]}}
rules:
  - id: v0010
    severity: blocking
    expression: "{S01, r030, c010} = sum({S01, r010:r020, c010})"
    message: {zh: 合计, en: Total}
`;

async function failure(text: string): Promise<GrayscopeError> {
  const err = await loadReturnTemplate(text, 'reports/returns/mini.yaml').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GrayscopeError);
  expect((err as GrayscopeError).exitCode).toBe(2);
  return err as GrayscopeError;
}

describe('shipped return templates', () => {
  for (const id of ['institution', 'market']) {
    it(`${id}.yaml loads and passes every check`, async () => {
      const file = join(shippedReturnsRoot(), `${id}.yaml`);
      const t = await loadReturnTemplate(readFileSync(file, 'utf8'), file, 'shipped');
      expect(t.id).toBe(id);
      expect(t.cover.map((c) => c.kind)).toContain('uscc');
      expect(t.rules.length).toBeGreaterThan(10);
      expect(new Set(t.rules.map((r) => r.severity))).toEqual(new Set(['blocking', 'warning', 'info']));
      expect(t.rules.some((r) => r.expression.includes('prev('))).toBe(true);
    });

    it(`${id}.yaml has no pending binding: every figure reads a report table column that exists`, async () => {
      const file = join(shippedReturnsRoot(), `${id}.yaml`);
      const t = await loadReturnTemplate(readFileSync(file, 'utf8'), file, 'shipped');
      expect(pendingBindings(t)).toEqual([]);
      const bound = t.sheets.flatMap((s) => s.cells.filter((c) => 'table' in c));
      expect(bound.length).toBeGreaterThan(10);
      for (const c of bound) if ('table' in c) expect(REPORT_COLUMNS[c.table as ReportTableName]).toContain(c.column);
    });
  }
});

describe('template checks', () => {
  it('the minimal template loads', async () => {
    const t = await loadReturnTemplate(MINI, 'reports/returns/mini.yaml');
    expect(t.sheets[0]!.cells).toHaveLength(3);
    expect(t.sheets[0]!.filing_indicator).toBe('required');
  });

  it('an unknown key is named at its file:line:col', async () => {
    const err = await failure(MINI.replace('form_number: X01', 'form_number: X01\nform_nmuber: X02'));
    expect(err.message).toBe('reports/returns/mini.yaml:6:1: form_nmuber: unknown key');
  });

  it('a duplicate row code is named at the repeated code', async () => {
    const err = await failure(MINI.replace('{code: r020, label: {zh: 乙', '{code: r010, label: {zh: 乙'));
    expect(err.message).toContain('reports/returns/mini.yaml:14:10: sheets.0.rows.1.code: duplicate row code r010');
  });

  it('a rule naming an unknown row is named at its expression', async () => {
    const err = await failure(MINI.replace('{S01, r030, c010} =', '{S01, r090, c010} ='));
    expect(err.message).toBe('reports/returns/mini.yaml:25:5: rules.0.expression: no row r090 in sheet S01');
  });

  it('a rule naming an unknown sheet, or a malformed reference, is an error', async () => {
    expect((await failure(MINI.replace('{S01, r030, c010} =', '{S09, r030, c010} ='))).message).toContain('rules.0.expression: no sheet S09 (sheets: S01)');
    expect((await failure(MINI.replace('{S01, r030, c010} =', '{S01, 30, c010} ='))).message).toContain('malformed reference {S01, 30, c010}');
  });

  it('a cell bound to a column the report table lacks is an error, unless pending', async () => {
    const bad = MINI.replace('column: cases}', 'column: casez}');
    expect((await failure(bad)).message).toBe('reports/returns/mini.yaml:19:52: sheets.0.cells.0.column: the enforcement table has no column casez (columns: period, cases, persons_arrested, gangs_dismantled, referrals)');
    const pending = await loadReturnTemplate(bad.replace('column: casez}', 'column: casez, pending: true}'), 'mini.yaml');
    expect(pendingBindings(pending)).toEqual([{ sheet: 'S01', row: 'r010', col: 'c010', table: 'enforcement', column: 'casez' }]);
  });

  it('a cell on a row the sheet lacks and a sum over an unknown row are errors', async () => {
    const err = await failure(MINI.replace('{row: r020, col: c010, table', '{row: r025, col: c010, table').replace('"r010:r020"', '"r010:r099"'));
    expect(err.message).toContain('sheets.0.cells.1.row: no row r025 in sheet S01');
    expect(err.message).toContain('sheets.0.cells.2.formula.sum_rows.0: no row r099 in sheet S01');
  });

  it('a shipped template that fails is an internal error (exit 70)', async () => {
    const err = (await loadReturnTemplate('id: 1', 'x.yaml', 'shipped').catch((e: unknown) => e)) as GrayscopeError;
    expect(err.exitCode).toBe(70);
  });

  it('rule references: cells and ranges', () => {
    expect(ruleReferences('sum({S01, r010:r070, c010}) <= {S02, r010, c010:c030}')).toEqual([
      { sheet: 'S01', rows: ['r010', 'r070'], cols: ['c010', 'c010'] },
      { sheet: 'S02', rows: ['r010', 'r010'], cols: ['c010', 'c030'] },
    ]);
  });
});

describe('discovery', () => {
  let tmp: ReturnType<typeof tempProject>;
  beforeEach(() => {
    tmp = tempProject('gs-ret-tpl-');
  });
  afterEach(() => tmp.cleanup());

  it('a project template adds to the shipped ones and replaces one by id', async () => {
    const dir = join(tmp.dir, 'reports', 'returns');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'mine.yaml'), MINI);
    writeFileSync(join(dir, 'our-market.yaml'), MINI.replace('id: mini', 'id: market').replace('version: 1', 'version: 7'));
    const found = await discoverReturnTemplates(projectIO, { projectDir: tmp.dir });
    expect(found.map((f) => [f.template.id, f.origin, f.file])).toEqual([
      ['institution', 'shipped', join(shippedReturnsRoot(), 'institution.yaml')],
      ['market', 'project', 'reports/returns/our-market.yaml'],
      ['mini', 'project', 'reports/returns/mine.yaml'],
    ]);
    const list = await listReturnTemplates(projectIO, { projectDir: tmp.dir, lang: 'en' });
    expect(list.templates.find((t) => t.id === 'market')).toMatchObject({ version: 7, title: 'Mini', sheets: [{ code: 'S01', title: 'One' }] });
  });

  it('two project templates with one id are an error naming both files', async () => {
    const dir = join(tmp.dir, 'reports', 'returns');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), MINI);
    writeFileSync(join(dir, 'b.yaml'), MINI);
    await expect(discoverReturnTemplates(projectIO, { projectDir: tmp.dir })).rejects.toThrow('reports/returns/b.yaml: template id mini is also the id of reports/returns/a.yaml');
  });
});

describe('rules and the expression grammar', () => {
  it('every rule of both shipped templates parses with the rule grammar (expression.ts)', async () => {
    const { parseExpression, references } = await import('../../src/core/returns/expression.js');
    for (const name of ['institution.yaml', 'market.yaml']) {
      const file = join(shippedReturnsRoot(), name);
      const t = await loadReturnTemplate(readFileSync(file, 'utf8'), file, 'shipped');
      expect(t.rules.length).toBeGreaterThan(10);
      for (const rule of t.rules) expect(references(parseExpression(rule.id, rule.expression)).length, rule.id).toBeGreaterThan(0);
    }
  });

  it('a rule that breaks the grammar is refused at its file:line:col, naming the rule and the column of the fault', async () => {
    const bad = MINI.replace('"{S01, r030, c010} = sum({S01, r010:r020, c010})"', '"{S01, r030, c010} = sum({S01, r010:r020, c010}"');
    const err = (await loadReturnTemplate(bad, 'mini.yaml').then(() => null, (e: unknown) => e)) as GrayscopeError;
    expect(err).toBeInstanceOf(GrayscopeError);
    expect(err.message).toMatch(/mini\.yaml:\d+:\d+/);
    expect(err.message).toMatch(/v0010: expected '\)'/);
  });
});
