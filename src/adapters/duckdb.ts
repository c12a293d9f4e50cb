// The DuckDB adapter: the only module that imports @duckdb/node-api; it implements core's Db port
// (src/core/ports/db.ts): it opens a project database (waiting for, or naming, a process that holds
// the lock), runs SQL with bound values, and turns DuckDB's errors into GrayscopeErrors. Opening a
// project database first removes what a killed load left (core/db/recover.ts), and says so on stderr.
import { busyError, configError, GrayscopeError } from '../core/errors.js';
import { maskMessage } from '../core/pii.js';
import { terminalText } from './terminal.js';
import { describeRemoved, removeUnfinishedLoads, unfinishedLoads } from '../core/db/recover.js';
import type { Db, OpenOptions, Params, Row } from '../core/ports/db.js';

const LOCK_RE = /Could not set lock on file "([^"]*)": Conflicting lock is held in (.*?) \(PID (\d+)\)/;

function lockHolder(message: string): { program: string; pid: number } | undefined {
  const m = LOCK_RE.exec(message);
  return m ? { program: m[2] ?? '', pid: Number(m[3]) } : undefined;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

/**
 * Opens a database; a file database is first cleared of what an unfinished load left behind
 * (see core/db/recover.ts). The process holding a load's lock is the only one that can be inside
 * it, so a 'started' load found at open belongs to a process that was stopped. A read-only open that
 * finds one opens the file for writing once to remove it (when it can), then opens it read-only.
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Db> {
  const db = await openConnection(path, options);
  if (path === ':memory:' || path === '') return db;
  try {
    if (!options.readOnly) {
      const removed = await removeUnfinishedLoads(db);
      if (removed.length > 0) process.stderr.write(`warning: ${terminalText(maskMessage(describeRemoved(path, removed)))}\n`);
      return db;
    }
    if ((await unfinishedLoads(db)).length === 0) return db;
  } catch (err) {
    db.close();
    throw err;
  }
  db.close();
  try {
    const writer = await openConnection(path, { ...options, readOnly: false });
    try {
      const removed = await removeUnfinishedLoads(writer);
      if (removed.length > 0) process.stderr.write(`warning: ${terminalText(maskMessage(describeRemoved(path, removed)))}\n`);
    } finally {
      writer.close();
    }
  } catch (err) {
    process.stderr.write(
      `warning: ${path} holds rows of a load that did not finish, and they could not be removed (${err instanceof Error ? err.message : String(err)}); run any command that writes (grayscope load) to remove them\n`,
    );
  }
  return openConnection(path, options);
}

/**
 * DuckDB cuts a database path at its first `?` when it names the WAL (it reads what follows as URL
 * parameters: the WAL of `a?b/x.duckdb` becomes `a.wal?b/x.duckdb`, after resolving symlinks, so a
 * link does not help) and every commit then failed as an internal error. Refused up front instead.
 */
function checkDuckdbPath(path: string): void {
  if (path === ':memory:' || !path.includes('?')) return;
  throw configError(
    `database ${path}: its path holds a "?", which DuckDB cannot open (it reads the rest as URL parameters, and the database's log file cannot be written)`,
    'Rename or move the project folder so that its path has no "?" (#, % and spaces are fine), or pass --db with a path without one.',
    { database: path },
  );
}

async function openConnection(givenPath: string, options: OpenOptions): Promise<Db> {
  checkDuckdbPath(givenPath);
  const path = givenPath;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const config: Record<string, string> = { ...(options.settings ?? {}) };
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  const deadline = Date.now() + Math.max(0, options.waitSeconds ?? 0) * 1000;
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  for (;;) {
    try {
      instance = await DuckDBInstance.create(path, config);
      break;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const holder = lockHolder(message);
      if (holder && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (holder) {
        throw busyError(
          `database ${givenPath} is in use by another process: ${holder.program} (PID ${holder.pid})`,
          options.waitSeconds
            ? `It was still held after waiting ${options.waitSeconds}s. Wait for that process to finish or stop it, or pass a longer --wait.`
            : 'Wait for that process to finish, or pass --wait SECONDS to wait for it.',
          { pid: holder.pid, program: holder.program, database: givenPath },
        );
      }
      if (/read-only|Cannot open database .* in read-only mode|does not exist/i.test(message) && options.readOnly) {
        throw configError(`database ${givenPath} does not exist yet`, 'Load data first with `grayscope load`.');
      }
      throw new GrayscopeError('input', `cannot open database ${givenPath}: ${message}`, {
        hint: 'Check that the file is a DuckDB database written by grayscope and that you may write to its folder.',
        cause: err,
      });
    }
  }
  const connection = await instance.connect();
  // Progress is tracked (for our own bar), never printed by DuckDB itself.
  await connection.run('SET enable_progress_bar = true');
  await connection.run('SET enable_progress_bar_print = false');
  let closed = false;
  const db: Db = {
    path,
    async run(sql, params) {
      await connection.run(sql, params as never);
    },
    async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
      const reader = await connection.runAndReadAll(sql, params as never);
      const rows = reader.getRowObjectsJS() as Row[];
      for (const row of rows) for (const key of Object.keys(row)) row[key] = normalise(row[key]);
      return rows as T[];
    },
    async *stream<T = Row>(sql: string, params?: Params): AsyncGenerator<T[]> {
      const result = await connection.stream(sql, params as never);
      for await (const rows of result.yieldRowObjectJs()) {
        for (const row of rows as Row[]) for (const key of Object.keys(row)) row[key] = normalise(row[key]);
        yield rows as T[];
      }
    },
    async scalar<T>(sql: string, params?: Params): Promise<T | undefined> {
      const rows = await db.all(sql, params);
      const first = rows[0];
      return first === undefined ? undefined : (Object.values(first)[0] as T);
    },
    async transaction<T>(work: () => Promise<T>): Promise<T> {
      await connection.run('BEGIN TRANSACTION');
      try {
        const result = await work();
        await connection.run('COMMIT');
        return result;
      } catch (err) {
        try {
          await connection.run('ROLLBACK');
        } catch {
          // The transaction may already be gone (for example, the connection failed); nothing to undo.
        }
        throw err;
      }
    },
    progress() {
      try {
        const p = connection.progress;
        return typeof p?.percentage === 'number' ? p.percentage : -1;
      } catch {
        return -1;
      }
    },
    async registerTextFunction(name, fn) {
      const { DuckDBScalarFunction, VARCHAR } = await import('@duckdb/node-api');
      connection.registerScalarFunction(
        DuckDBScalarFunction.create({
          name,
          returnType: VARCHAR,
          parameterTypes: [VARCHAR],
          mainFunction: (_info, input, output) => {
            const column = input.getColumnVector(0);
            for (let row = 0; row < input.rowCount; row++) {
              const value = column.getItem(row);
              output.setItem(row, value === null ? null : fn(String(value)));
            }
            output.flush();
          },
        }),
      );
    },
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
  return db;
}
