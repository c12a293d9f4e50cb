// `rejects --out FILE`: the quarantine written where an officer works — csv (UTF-8 with BOM,
// formula-safe) through the shared CSV file writer, json through the rejects renderer, xlsx (text
// cells) through the workbook writer.
import type { RejectsResult } from '../core/inspect.js';
import { projectIO } from './project-io.js';

export async function writeRejectsFile(path: string, result: RejectsResult, format: string | undefined): Promise<void> {
  const { renderRejects, rejectsSheet, CSV_COLUMNS } = await import('../render/rejects.js');
  if (format === 'xlsx') {
    const { writeDataWorkbook } = await import('./excel-output.js');
    await writeDataWorkbook(path, [rejectsSheet(result)]);
    return;
  }
  if (format === 'json') {
    await projectIO.writeText(path, `${renderRejects(result, 'json', result.total)}\n`);
    return;
  }
  const { writeCsvFile } = await import('./table-file.js');
  await writeCsvFile(path, CSV_COLUMNS, result.rejects as unknown as Array<Record<string, unknown>>);
}
