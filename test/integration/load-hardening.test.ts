// Inputs the robustness probe of issue 15 found losing rows silently or loading what it should
// refuse, each through the real loader and DuckDB: every record is loaded or quarantined at its
// line (rows_read = rows_loaded + rows_rejected = the file's records), or the file is refused.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommand } from '../../src/api.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

const HEAD = 'complaint_id,received_date,region,category,narrative';
const file = (name: string, text: string | Buffer) => {
  const path = join(project.dir, name);
  writeFileSync(path, text);
  return path;
};
const db = () => join(project.dir, 'grayscope.duckdb');
const load = (source: string, files: string[], extra: Record<string, unknown> = {}) => loadCommand({ source, files, project: project.dir, ...extra });
const quarantined = () => withDb(db(), (d) => d.all<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line'));

describe('the line-exact CSV reader (files with empty lines)', () => {
  it('a malformed quoted field ("q"t) quarantines its one row at its line and every later row still loads (100,000 rows, an empty line)', async () => {
    const rows = 100_000;
    const bad = 60_000;
    const lines = [HEAD];
    for (let i = 0; i < rows; i++) {
      if (i === 10) lines.push('');
      const narrative = i === bad ? '"q"t' : i === 80_000 ? '"two\nlines"' : `text ${i}`;
      lines.push(`C${i},2025-01-${String(1 + (i % 28)).padStart(2, '0')},广东,反催收,${narrative}`);
    }
    const path = file('quote.csv', `${lines.join('\n')}\n`);
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: rows, rows_loaded: rows - 1, rows_rejected: 1 });
    // Line = 1 (header) + 1 (the empty line, before record 10) + index + 1; record 80,000 spans two lines.
    expect(await quarantined()).toEqual([{ line: bad + 3, reason: expect.stringMatching(/quote/) }]);
    await withDb(db(), async (d) => {
      expect(await d.all(`SELECT complaint_id, source_line FROM complaints WHERE complaint_id IN ('C9', 'C10', 'C${bad + 1}', 'C80000', 'C80001', 'C${rows - 1}') ORDER BY source_line`)).toEqual([
        { complaint_id: 'C9', source_line: 11 },
        { complaint_id: 'C10', source_line: 13 },
        { complaint_id: `C${bad + 1}`, source_line: bad + 4 },
        { complaint_id: 'C80000', source_line: 80_003 },
        { complaint_id: 'C80001', source_line: 80_005 },
        { complaint_id: `C${rows - 1}`, source_line: rows + 3 },
      ]);
    });
  });

  it('an unclosed quote on the last line quarantines that line and keeps every row before it', async () => {
    const lines = [HEAD];
    for (let i = 0; i < 5_000; i++) lines.push(`C${i},2025-01-02,广东,反催收,ok`);
    lines.splice(3, 0, '');
    lines.push('C9999,2025-01-02,广东,反催收,"never closed');
    const result = await load('complaints', [file('open.csv', `${lines.join('\n')}\n`)]);
    expect(result.totals).toEqual({ rows_read: 5_001, rows_loaded: 5_000, rows_rejected: 1 });
    expect(await quarantined()).toEqual([{ line: 5_003, reason: expect.stringMatching(/quote/) }]);
  });
});

describe('a field too long for any row', () => {
  it('a 130 MiB field quarantines its row at its line (over the 8 MiB a row may have) and the rows after it keep their lines', { timeout: 60_000 }, async () => {
    const path = join(project.dir, 'long.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, `${HEAD}\nA1,2025-01-02,广东,反催收,ok\nA2,2025-01-02,广东,反催收,`);
    const mib = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 130; i++) writeSync(fd, mib);
    writeSync(fd, '\nA3,2025-01-02,广东,反催收,ok\nA4,2025-01-02,广东,反催收,ok\n');
    closeSync(fd);
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(await quarantined()).toEqual([{ line: 3, reason: expect.stringMatching(/longer than/) }]);
    await withDb(db(), async (d) => {
      expect(await d.all('SELECT complaint_id, source_line FROM complaints ORDER BY 2')).toEqual([
        { complaint_id: 'A1', source_line: 2 },
        { complaint_id: 'A3', source_line: 4 },
        { complaint_id: 'A4', source_line: 5 },
      ]);
    });
  });
});
