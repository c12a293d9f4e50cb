// `grayscope unload FILE|LOAD_ID`: takes out what one file (or every file of one load) brought —
// its rows and its quarantine — in one transaction, puts back the earlier versions an --upsert load
// replaced, and records the removal in the ledger's `unloads` table, which `status` shows.
import { resolve } from 'node:path';
import type { Db } from '../ports/db.js';
import type { Source } from '../config.js';
import { usageError } from '../errors.js';
import { applySchema } from '../db/schema.js';
import { dataFilePath } from '../paths.js';
import { maskText } from '../pii.js';
import type { Project } from '../project.js';
import type { ProjectIO } from '../ports/project-io.js';
import { VERSION } from '../version.js';
import { removeAndRestore, supersedingLoads } from './upsert.js';

export interface UnloadOptions {
  /** A file as loaded (its path, relative to the current folder or as `status` shows it) or a load id. */
  target: string;
  cwd: string;
  waitSeconds?: number;
}

export interface UnloadedFile {
  source: Source;
  path: string;
  sha256: string;
  load_id: number;
  /** Rows taken out of the source table. */
  rows: number;
  /** Quarantined rows of the file taken out. */
  quarantined: number;
  /** Earlier versions put back (the file was loaded with --upsert and replaced them). */
  restored: number;
}

export interface UnloadResult {
  unload_id: number;
  target: string;
  unloaded: UnloadedFile[];
  totals: { rows: number; quarantined: number; restored: number };
}

interface LedgerEntry {
  source: Source;
  path: string;
  sha256: string;
  load_id: number;
}

/** The ledger entries `target` names: a load id (digits) that was loaded, else a file path. */
function pick(ledger: readonly LedgerEntry[], target: string, project: Project, cwd: string): LedgerEntry[] {
  if (/^\d+$/.test(target)) {
    const byLoad = ledger.filter((l) => l.load_id === Number(target));
    if (byLoad.length > 0) return byLoad;
  }
  const display = dataFilePath(resolve(cwd, target), project.dir);
  return ledger.filter((l) => l.path === display || l.path === target);
}

function unknownTarget(target: string, ledger: readonly LedgerEntry[]) {
  const listed = ledger.map((l) => `${l.path} (${l.source}, load ${l.load_id})`);
  return usageError(
    `${target}: no loaded file or load id of that name`,
    ledger.length === 0
      ? 'Nothing is loaded in this project; `grayscope status` shows what is.'
      : `Name a file or a load id as \`grayscope status\` lists them. Loaded: ${listed.slice(0, 20).join(', ')}${listed.length > 20 ? `, … ${listed.length - 20} more` : ''}.`,
    { loaded: ledger.map((l) => ({ path: l.path, source: l.source, load_id: l.load_id })) },
  );
}

export async function unloadTarget(project: Project, io: ProjectIO, options: UnloadOptions): Promise<UnloadResult> {
  const target = options.target.trim();
  if (target === '') throw usageError('no file or load id named', 'Name a loaded file or a load id: grayscope unload data/complaints.csv');
  if (!io.exists(project.dbPath)) throw unknownTarget(target, []);
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds });
  try {
    await applySchema(db);
    const ledger = (await db.all<LedgerEntry>(`SELECT source, path, sha256, load_id FROM load_ledger ORDER BY load_id, source, path`)).map((l) => ({
      ...l,
      load_id: Number(l.load_id),
    }));
    const entries = pick(ledger, target, project, options.cwd);
    if (entries.length === 0) throw unknownTarget(target, ledger);
    await refuseSuperseded(db, entries);
    const unloadId = Number(await db.scalar(`SELECT nextval('load_id_seq')`));
    const unloaded: UnloadedFile[] = [];
    await db.transaction(async () => {
      for (const e of entries) {
        const [rows, restored] = await removeAndRestore(db, e.source, e.path, e.load_id);
        const where = `FROM quarantine WHERE source = ? AND file = ? AND load_id = ?`;
        const quarantined = Number(await db.scalar(`SELECT count(*) ${where}`, [e.source, e.path, e.load_id]));
        await db.run(`DELETE ${where}`, [e.source, e.path, e.load_id]);
        await db.run(`DELETE FROM load_ledger WHERE source = ? AND path = ? AND load_id = ?`, [e.source, e.path, e.load_id]);
        await db.run(`INSERT INTO unloads VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP, ?)`, [
          unloadId,
          e.source,
          e.path,
          e.sha256,
          e.load_id,
          rows,
          quarantined,
          restored,
          VERSION,
        ]);
        unloaded.push({ source: e.source, path: e.path, sha256: e.sha256, load_id: e.load_id, rows, quarantined, restored });
      }
    });
    const totals = { rows: 0, quarantined: 0, restored: 0 };
    for (const u of unloaded) {
      totals.rows += u.rows;
      totals.quarantined += u.quarantined;
      totals.restored += u.restored;
    }
    // The target as the user typed it may be a file name holding a personal number: shown masked like the ledger's.
    return { unload_id: unloadId, target: maskText(target), unloaded, totals };
  } finally {
    db.close();
  }
}

/**
 * A file whose rows a later --upsert replaced cannot go first: unloading that correction would put
 * back versions of a file no longer loaded. Loads come off in the reverse order they went on.
 */
async function refuseSuperseded(db: Db, entries: readonly LedgerEntry[]): Promise<void> {
  for (const e of entries) {
    const later = (await supersedingLoads(db, e.source, e.path, e.load_id)).filter((l) => !entries.some((x) => x.load_id === l));
    if (later.length > 0) {
      throw usageError(
        `${e.path} (load ${e.load_id}): some of its rows were replaced by a correction loaded with --upsert (load ${later.join(', ')})`,
        `Unload the correction first: grayscope unload ${later[later.length - 1]}; then unload this file.`,
        { superseded_by: later },
      );
    }
  }
}
