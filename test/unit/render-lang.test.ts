// Human output in Chinese or English (issue 15 item 12): the resolver's order (--lang, grayscope.yaml,
// locale), Chinese terms beside an error's line and column, and each translated renderer on a fixed
// result in both languages (English as it always printed, Chinese with no English headers left).
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/core/ingest/load.js';
import type { RejectsResult, StatusResult } from '../../src/core/inspect.js';
import type { RunResult, TestRunResult } from '../../src/core/models/engine.js';
import type { RunEntry } from '../../src/core/runs/list.js';
import type { TemplatesReport } from '../../src/core/templates/detect.js';
import type { UnloadResult } from '../../src/core/ingest/unload.js';
import type { ChartListResult } from '../../src/core/charts/chart-run.js';
import type { DemoResult } from '../../src/core/demo/headline.js';
import type { RerunCheck } from '../../src/core/estimate/rerun.js';
import type { GenerateResult } from '../../src/core/generate/index.js';
import type { ModelOutcome } from '../../src/core/models/run.js';
import type { TestOutcome } from '../../src/core/models/tests.js';
import type { ReturnTemplatesResult } from '../../src/core/returns/discover.js';
import type { MseResult } from '../../src/core/estimate/mse.js';
import type { ReturnBuildResult } from '../../src/core/returns/build.js';
import type { ReturnValidateResult } from '../../src/core/returns/validate.js';
import type { RunsDiff } from '../../src/core/runs/diff.js';
import { renderChartList } from '../../src/render/chart.js';
import { renderMse } from '../../src/render/mse.js';
import { renderReturnBuild } from '../../src/render/return-build.js';
import { renderReturnValidate } from '../../src/render/return-validate.js';
import { renderRunsDiff } from '../../src/render/runs-diff.js';
import { renderDemo } from '../../src/render/demo.js';
import { renderRerun } from '../../src/render/estimate-rerun.js';
import { renderGenerate } from '../../src/render/generate.js';
import { renderReturnTemplates } from '../../src/render/return-templates.js';
import { renderError, withChineseTerms } from '../../src/render/error.js';
import { renderExport } from '../../src/render/export.js';
import { renderInit } from '../../src/render/init.js';
import { localeLang, resolveLang } from '../../src/render/lang.js';
import { renderLoad } from '../../src/render/load.js';
import { renderRejects, renderRejectsWritten } from '../../src/render/rejects.js';
import { renderModelLine, renderRun } from '../../src/render/run.js';
import { renderRuns } from '../../src/render/runs.js';
import { renderStatus } from '../../src/render/status.js';
import { renderTemplates } from '../../src/render/templates.js';
import { renderTestLine, renderTests } from '../../src/render/test.js';
import { renderUnload } from '../../src/render/unload.js';

describe('the language of human output', () => {
  it('reads the locale in POSIX order (LC_ALL, LC_MESSAGES, LANG): zh for a Chinese locale, en for any other named language', () => {
    expect(localeLang({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(localeLang({ LANG: 'zh_TW' })).toBe('zh');
    expect(localeLang({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(localeLang({ LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(localeLang({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(localeLang({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).toBe('zh');
    expect(localeLang({ LANG: 'en_US.UTF-8', LC_ALL: '' })).toBe('en');
  });

  it('is Chinese when the locale names no language (unset, C, C.UTF-8, POSIX): the users read Chinese', () => {
    for (const LANG of [undefined, '', 'C', 'C.UTF-8', 'POSIX']) expect(localeLang({ LANG })).toBe('zh');
  });

  it('takes --lang over grayscope.yaml over the locale', () => {
    expect(resolveLang({ flag: 'en', config: 'zh', env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(resolveLang({ flag: undefined, config: 'en', env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(resolveLang({ flag: undefined, config: undefined, env: { LANG: 'en_GB.UTF-8' } })).toBe('en');
    // A command's own --lang all (chart, bulletin) is not a language of human output: the next source decides.
    expect(resolveLang({ flag: 'all', config: 'zh', env: {} })).toBe('zh');
  });
});

describe('errors in Chinese output', () => {
  it('put 行号 and 列名 beside the line and the column a message names, and leave English output as it was', () => {
    const message = 'data/a.csv: line 13, column "投诉日期": "2025-13-01" is not a date; see row 14 and sheet "投诉"';
    expect(withChineseTerms(message, 'zh')).toBe('data/a.csv: line (行号) 13, column (列名) "投诉日期": "2025-13-01" is not a date; see row (行号) 14 and sheet (工作表) "投诉"');
    expect(withChineseTerms(message, 'en')).toBe(message);
    expect(renderError({ message: 'no column "金额"', hint: 'Rename the column.' }, 'zh')).toEqual(['Error: no column (列名) "金额"', 'Hint: Rename the column.']);
  });

  it('leaves a column or a line in running prose, and a flag such as --header-row, alone', () => {
    expect(withChineseTerms('the column names are read from the first line.', 'zh')).toBe('the column names are read from the first line.');
    expect(withChineseTerms('f.csv: --header-row 5 is beyond the last row (row 2)', 'zh')).toBe('f.csv: --header-row 5 is beyond the last row (row (行号) 2)');
  });
});

const load = {
  source: 'complaints',
  files: [{ path: 'data/a.csv', sha256: 'a'.repeat(64), format: 'csv', encoding: 'utf-8', rows_read: 1200, rows_loaded: 1190, rows_rejected: 10, status: 'loaded', ignored_columns: [] }],
  totals: { rows_read: 1200, rows_loaded: 1190, rows_rejected: 10 },
} as unknown as LoadResult;

describe('load', () => {
  it('prints its table and totals in English', () => {
    const text = renderLoad(load, 'en');
    expect(text).toMatch(/^file\s+status\s+format\s+encoding\s+read\s+loaded\s+quarantined/);
    expect(text).toContain('complaints: 1,200 rows read, 1,190 loaded, 10 quarantined.');
    expect(text).toContain('See them with: grayscope rejects complaints');
  });

  it('prints its table and totals in Chinese, the command to type left as it is', () => {
    const text = renderLoad(load, 'zh');
    expect(text).toMatch(/^文件\s+状态\s+格式\s+编码\s+读取\s+加载\s+隔离/);
    expect(text).toContain('已加载');
    expect(text).toContain('投诉：读取 1,200 行，加载 1,190 行，隔离 10 行。');
    expect(text).toContain('查看隔离的行：grayscope rejects complaints');
    expect(text).not.toMatch(/quarantined|rows read/);
  });
});

const status = {
  exists: true,
  database: 'grayscope.duckdb',
  sources: [{ source: 'complaints', rows: 1190, quarantined: 10, first_date: '2025-01-02', last_date: '2025-06-30', periods: [{ period: '2025Q1' }, { period: '2025Q2' }] }],
  files: [{ source: 'complaints', path: 'data/a.csv', load_id: 1, sha256: 'a'.repeat(64), rows_read: 1200, rows_loaded: 1190, rows_rejected: 10, loaded_at: '2025-07-01 08:00:00', format: 'csv', encoding: 'utf-8' }],
  unloads: [],
  runs: [{ run_id: 'R1', command: 'estimate', status: 'success', period: null, finished_at: '2025-07-01 09:00:00' }],
} as unknown as StatusResult;

describe('status', () => {
  it('prints sources, files and runs in English', () => {
    const text = renderStatus(status, 'en');
    expect(text).toMatch(/^source\s+rows\s+quarantined\s+first date\s+last date\s+periods$/m);
    expect(text).toMatch(/^complaints\s+1,190\s+10\s+2025-01-02\s+2025-06-30\s+2025Q1…2025Q2 \(2\)$/m);
    expect(text).toContain('last runs:');
    expect(text).toMatch(/^R1\s+estimate\s+success\s+all\s+/m);
    expect(renderStatus({ ...status, exists: false }, 'en')).toContain('No database yet at grayscope.duckdb');
  });

  it('prints sources, files and runs in Chinese', () => {
    const text = renderStatus(status, 'zh');
    expect(text).toMatch(/^数据源\s+行数\s+隔离\s+最早日期\s+最晚日期\s+报告期$/m);
    expect(text).toMatch(/^投诉\s+1,190\s+10\s+2025-01-02\s+2025-06-30\s+2025Q1…2025Q2 \(2 个季度\)$/m);
    expect(text).toContain('最近的运行：');
    expect(text).toMatch(/^R1\s+estimate\s+成功\s+全部\s+/m);
    expect(text).not.toMatch(/quarantined|last runs|first date/);
    expect(renderStatus({ ...status, exists: false }, 'zh')).toContain('尚无数据库');
  });
});

const rejects = {
  source: 'complaints',
  total: 3,
  rejects: [{ source: 'complaints', file: 'a.csv', line: 13, column: '投诉日期', column_number: 2, cell: null, reason: 'not a date', original: '2025-13-01' }],
} as unknown as RejectsResult;

describe('rejects', () => {
  it('names its columns line and column in English, 行号 and 列名 in Chinese; the CSV keeps its English header', () => {
    expect(renderRejects(rejects, 'table', 1, 'en')).toMatch(/^file\s+line\s+column\s+reason\s+original\n.*\n… 2 more \(use --format csv or --json for all\)$/);
    expect(renderRejects(rejects, 'table', 1, 'zh')).toMatch(/^文件\s+行号\s+列名\s+原因\s+原文\n.*\n… 另有 2 行/);
    expect(renderRejects(rejects, 'csv', 1, 'zh')).toContain('source,file,line,column,cell,reason,original');
    expect(renderRejects({ ...rejects, total: 0, rejects: [] }, 'table', 5, 'zh')).toBe('没有被隔离的行。');
    expect(renderRejectsWritten(rejects, 'r.xlsx', 'en')).toBe('Wrote 3 quarantined rows to r.xlsx.');
    expect(renderRejectsWritten(rejects, 'r.xlsx', 'zh')).toBe('已将 3 行隔离数据写入 r.xlsx。');
  });
});

describe('run, test, templates, runs, unload, export, init', () => {
  const runResult = { run_id: 'R2', models: [{ name: 'a', status: 'success' }, { name: 'b', status: 'error' }] } as unknown as RunResult;
  const tests = { run_id: 'R3', tests: [{ status: 'pass', severity: 'error' }, { status: 'fail', severity: 'warn' }] } as unknown as TestRunResult;
  const templates = { run_id: 'R4', period: '2025Q1', complaints: 2000, templated: 754, share: 0.377, threshold: 0.8, shingle: 3, min_cluster: 5, clusters: [{ id: 1, size: 12, example: '本人要求停息挂账' }] } as unknown as TemplatesReport;
  const runs = { runs: [{ run_id: 'R5', command: 'run', status: 'success', started_at: '', finished_at: '2025-07-01T09:00:00Z', period: null, rerun_of: null, parameters: {}, summary: {}, headline: null } as unknown as RunEntry] };
  const unload = { unload_id: 2, unloaded: [{ source: 'complaints', path: 'a.csv', load_id: 1, rows: 10, quarantined: 1, restored: 0 }], totals: { rows: 10, quarantined: 1, restored: 0 } } as unknown as UnloadResult;

  it('summarise in English', () => {
    expect(renderRun(runResult, 'en')).toBe('Run R2: 1 succeeded, 1 failed, 0 skipped. Artifacts in runs/R2/');
    expect(renderTests(tests, 'en')).toBe('Test run R3: 1 passed, 0 failed, 1 warned. Artifacts in runs/R3/');
    expect(renderTemplates(templates, 'en')).toMatch(/^2025Q1: 754 of 2,000 complaints templated \(37\.7%\)/);
    expect(renderRuns(runs, 'en')).toMatch(/^run\s+command\s+status\s+period\s+finished\s+parameters\s+result/);
    expect(renderUnload(unload, 'en')).toContain('Unloaded 1 file: 10 rows and 1 quarantined rows removed (unload 2).');
    expect(renderExport({ name: 'estimates', rows: 3, columns: ['a', 'b'], file: 'e.csv', format: 'csv' } as never, 'en')).toBe('Wrote 3 rows of estimates (2 columns) to e.csv as csv.');
    expect(renderInit({ dir: '/p', created: ['grayscope.yaml'], existing: [], demo: null } as never, 'p', 'en')).toContain('Next: grayscope load complaints <file> --project p');
  });

  it('summarise in Chinese', () => {
    expect(renderRun(runResult, 'zh')).toBe('运行 R2：成功 1 个，失败 1 个，跳过 0 个。产物在 runs/R2/');
    expect(renderTests(tests, 'zh')).toBe('测试运行 R3：通过 1 项，失败 0 项，警告 1 项。产物在 runs/R3/');
    const t = renderTemplates(templates, 'zh');
    expect(t).toMatch(/^2025Q1：2,000 件投诉中 754 件为模板化投诉（37\.7%）/);
    expect(t).toMatch(/^簇\s+规模\s+示例$/m);
    expect(renderRuns(runs, 'zh')).toMatch(/^运行\s+命令\s+状态\s+报告期\s+完成时间\s+参数\s+结果/);
    expect(renderRuns(runs, 'zh')).toMatch(/成功\s+全部/);
    expect(renderUnload(unload, 'zh')).toContain('已卸载 1 个文件：移除 10 行及 1 行隔离数据（卸载批次 2）。');
    expect(renderExport({ name: 'estimates', rows: 3, columns: ['a', 'b'], file: 'e.csv', format: 'csv' } as never, 'zh')).toBe('已将 estimates 的 3 行（2 列）以 csv 格式写入 e.csv。');
    expect(renderInit({ dir: '/p', created: ['grayscope.yaml'], existing: [], demo: null } as never, 'p', 'zh')).toContain('下一步：grayscope load complaints <文件> --project p');
  });
});

describe('demo', () => {
  const demo = {
    dir: 'demo',
    generated: { seed: 1, scale: 'small', messy: false, files: [{ source: 'complaints', path: 'data/complaints.csv', format: 'csv', encoding: 'utf-8', rows: 2000 }] },
    loads: [],
    run: { run_id: 'R', models: 12, failed: [] },
    tests: { run_id: 'T', tests: 30, failed: [] },
    status: { ...status, sources: status.sources },
    operations: [],
    truth: { quarter: '2025Q1', value_cny: 2.8e11, base_quarter: '2023Q1', base_value_cny: 2e11, growth_vs_base: 0.4, templated_share_by_year: [{ year: 2025, share: 0.3 }] },
    estimate: {
      run_id: 'E', quarter: '2025Q1',
      operations: { estimate: 1000, ci: [900, 1100], truth: 1010 },
      scale_cny: { estimate: 2.7e11, ci: [2.5e11, 2.9e11], truth: 2.8e11 },
      vs_2y: { base_quarter: '2023Q1', value: 0.38, ci: [0.3, 0.45], truth: 0.4 },
      multiplier_cny: 2.6e11, implied_reporting_rate: 0.2,
    },
    templates: { threshold: 0.8, shingle: 3, min_cluster: 5, years: [{ year: 2025, share: 0.31, truth: 0.3 }] },
    charts: null, returns: null, bulletin: null,
  } as unknown as DemoResult;

  it('prints what it generated, loaded and estimated beside the truth, in English', () => {
    const text = renderDemo(demo, 'en');
    expect(text).toContain('grayscope demo: a project in demo');
    expect(text).toMatch(/^ {2}complaints\s+1,190 rows, 10 quarantined, 2025Q1–2025Q2$/m);
    expect(text).toMatch(/^ {2}scale\s+2,700\.0 亿元 \(95% 2,500\.0 亿元–2,900\.0 亿元\)\s+truth 2,800\.0 亿元$/m);
    expect(text).toContain('models: 12 built; data tests: 30 run, all passed');
  });

  it('prints the same in Chinese, the figures and units unchanged', () => {
    const text = renderDemo(demo, 'zh');
    expect(text).toContain('grayscope demo：项目位于 demo');
    expect(text).toMatch(/^ {2}投诉\s+1,190 行，隔离 10 行，2025Q1–2025Q2$/m);
    expect(text).toMatch(/^ {2}规模\s+2,700\.0 亿元 \(95% 2,500\.0 亿元–2,900\.0 亿元\)\s+真值 2,800\.0 亿元$/m);
    expect(text).toContain('模型：构建 12 个；数据测试：运行 30 项，全部通过');
    expect(text).not.toMatch(/\btruth\b|\bquarantined\b|\bbuilt\b/);
  });
});

describe('progress lines, rerun, charts, return templates, generate', () => {
  it('print in English and in Chinese', () => {
    const model = { name: 'operations', status: 'success', rows: 12, seconds: 0.5 } as unknown as ModelOutcome;
    expect(renderModelLine(model, 'en')).toBe('✓ operations  12 rows  0.50s');
    expect(renderModelLine(model, 'zh')).toBe('✓ operations  12 行  0.50s');
    const test = { model: 'complaints', test: 'not_null(region)', status: 'fail', severity: 'error', failing_rows: 3, sample: [], where: 'queries/a.sql' } as unknown as TestOutcome;
    expect(renderTestLine(test, 'en')).toBe('✗ not_null(region) on complaints  3 failing rows  (error, queries/a.sql)\n    … 3 more');
    expect(renderTestLine(test, 'zh')).toBe('✗ complaints 的 not_null(region)  3 行未通过  (error, queries/a.sql)\n    … 另有 3 行');
    const same = { same: true, of: 'R1' } as unknown as RerunCheck;
    expect(renderRerun(same, 'en')).toBe('Same numbers as R1.');
    expect(renderRerun(same, 'zh')).toBe('与 R1 的数字相同。');
    const charts = { charts: [{ name: 'market_scale', table: 'market_scale', title: '市场规模', origin: 'shipped' }] } as unknown as ChartListResult;
    expect(renderChartList(charts, 'en')).toMatch(/^name\s+table\s+title\s+origin/);
    expect(renderChartList(charts, 'zh')).toMatch(/^名称\s+结果表\s+标题\s+来源/);
    expect(renderReturnTemplates({ templates: [] } as unknown as ReturnTemplatesResult, 'zh')).toContain('没有报表模板');
    const generated = { scale: 'small', messy: true, seed: 1, out: 'data', seconds: 1.2, files: [{ path: 'c.csv', format: 'csv', encoding: 'utf-8', rows: 10 }], correction: null, truth: 'truth.json' } as unknown as GenerateResult;
    expect(renderGenerate(generated, 'en')).toMatch(/^Wrote small messy data \(seed 1\) to data in 1\.2s:/);
    expect(renderGenerate(generated, 'zh')).toMatch(/^已将 small 规模的脏数据（种子 1）写入 data，用时 1\.2s：\n.* 10 行$/m);
  });
});

describe('mse, return build, return validate, runs diff, export of a return', () => {
  const mse = {
    lists: ['A', 'B'], n_observed: 120, chao_lower_bound: 150.2,
    models: [{ terms: ['A', 'B'], N: 180.4, se: 12.1, ci: [160.2, 205.3], ci_method: 'profile', deviance: 0, df: 0, aic: 10.5, bic: 12.25, status: 'ok' }],
    selected: { terms: ['A', 'B'], N: 180.4, ci: [160.2, 205.3], ci_method: 'profile', estimator: 'chapman', gof: { deviance: 0, df: 0, p_value: null } },
    warnings: [],
  } as unknown as MseResult;
  const build = {
    file: 'out/market_2025Q1_v2.xlsx', template: 'market', period: '2025Q1', version: 2, supersedes: 1, draft: false, unchanged: false,
    validation: { passed: 10, blocking_failed: 0, warnings: 1 },
    rules: [{ id: 'v010', severity: 'warning', status: 'fail', message: '环比变动超过 30%', cells: [{ address: 'S01!C6' }] }],
    amended: [], pending: [],
  } as unknown as ReturnBuildResult;
  const validate = {
    file: 'r.xlsx', template: 'institution', template_version: 1, period: '2025Q3', version: 1, source: 'workbook',
    passed: 9, blocking_failed: 1, warnings: 0, unexplained: 0, recomputed: [],
    rules: [{ id: 'r1', severity: 'blocking', status: 'fail', message: 'S01!C6 was 100 when built and is 130 now', cells: [{ address: 'S01!C6', value: 130 }] }],
  } as unknown as ReturnValidateResult;
  const diff = {
    a: { run_id: 'A1', command: 'estimate', finished_at: '2025-07-01T09:00:00Z' }, b: { run_id: 'B1', command: 'estimate', finished_at: '2025-07-02T09:00:00Z' },
    notes: [], inputs: { added: [], removed: [], changed: [] }, models: [], parameters: [{ key: 'seed', a: 1, b: 2 }],
    assumptions: { same: true, a: null, b: null, rates: [] }, estimates: [], changed: 0,
  } as unknown as RunsDiff;

  it('print in English', () => {
    const m = renderMse(mse, 'en');
    expect(m).toMatch(/^lists: A, B; observed cases: 120; Chao lower bound: 150\.2$/m);
    expect(m).toMatch(/^interactions\s+N\s+se\s+95% interval\s+deviance/m);
    expect(m).toContain("N = 180.4 (Chapman's estimate, two lists), 95% interval 160.2 – 205.3 (profile)");
    expect(renderReturnBuild(build, 'en')).toMatch(/^market return 2025Q1: out\/market_2025Q1_v2\.xlsx \(version 2, superseding version 1\)\n {2}checks: 10 passed, 0 blocking failed, 1 warning\n {2}warning v010: 环比变动超过 30% \[S01!C6\]$/);
    expect(renderReturnValidate(validate, 'en')).toMatch(/^r\.xlsx: institution v1, 2025Q3, return version 1 \(workbook\) — FAILED: 9 passed, 1 blocking failed, 0 warnings \(0 without explanation\)\n {2}✗ r1 \[blocking\] /);
    expect(renderRunsDiff(diff, 'en')).toMatch(/loaded files: same\n\nmodel SQL: same\n\nparameters:\nparameter\s+A\s+B\nseed\s+1\s+2\n\nassumptions: same$/);
  });

  it("print in Chinese; the template's rule messages and the statistical terms stay as written", () => {
    const m = renderMse(mse, 'zh');
    expect(m).toMatch(/^名单：A, B；观测个案：120；Chao 下界：150\.2$/m);
    expect(m).toMatch(/^交互项\s+N\s+se\s+95% 区间\s+偏差/m);
    expect(m).toContain('N = 180.4（Chapman 估计，两份名单），95% 区间 160.2 – 205.3 (profile)');
    expect(renderReturnBuild(build, 'zh')).toMatch(/^market 报表 2025Q1：out\/market_2025Q1_v2\.xlsx（第 2 版，取代第 1 版）\n {2}校验：通过 10 项，阻断性未通过 0 项，警告 1 项\n {2}警告 {3}v010: 环比变动超过 30% \[S01!C6\]$/);
    expect(renderReturnValidate(validate, 'zh')).toMatch(/^r\.xlsx：institution v1，2025Q3，报表第 1 版（workbook）— 未通过：通过 9 项，阻断性未通过 1 项，警告 0 项（其中 0 项未说明）\n {2}✗ r1 \[阻断\] /);
    expect(renderRunsDiff(diff, 'zh')).toMatch(/已加载文件： 相同\n\n模型 SQL： 相同\n\n参数：\n参数\s+A\s+B\nseed\s+1\s+2\n\n假设： 相同$/);
  });
});
