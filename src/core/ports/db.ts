// The database port: what core needs from a database, and the one place identifiers and literals
// are quoted for SQL. Driver-free (as duckdb-node-neo keeps its sql helpers); src/adapters/duckdb.ts
// implements it with @duckdb/node-api.

type DbValue = string | number | boolean | bigint | null | Date;
export type Params = DbValue[] | Record<string, DbValue>;
export type Row = Record<string, unknown>;

export interface Db {
  readonly path: string;
  run(sql: string, params?: Params): Promise<void>;
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  /** The rows of a query in chunks as the database produces them: a large result never sits in memory whole. */
  stream<T = Row>(sql: string, params?: Params): AsyncIterable<T[]>;
  /** One value of the first row, or undefined. */
  scalar<T = unknown>(sql: string, params?: Params): Promise<T | undefined>;
  /** BEGIN … COMMIT, with an explicit ROLLBACK on any failure (a failed statement aborts the transaction). */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Progress of the running statement, 0–100, or -1 when the database cannot tell. */
  progress(): number;
  /** Registers a VARCHAR → VARCHAR function written in TypeScript (NULL in, NULL out). */
  registerTextFunction(name: string, fn: (text: string) => string): Promise<void>;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Seconds to keep retrying while another process holds the database. */
  waitSeconds?: number;
  /** Extra DuckDB settings applied at open (threads, memory_limit …). */
  settings?: Record<string, string>;
}

/** Opens a database file (or ':memory:'); the adapter's openDatabase. */
export type OpenDatabase = (path: string, options?: OpenOptions) => Promise<Db>;

/** Quotes an identifier for DuckDB. The one place identifiers from input go into SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal, for the few places DuckDB does not accept a bound parameter (table function arguments in DDL). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
