// The project I/O port: what core needs from the outside world to work in a project folder (its
// database, its configuration and SQL files, its runs/ folder). src/adapters/project-io.ts is the
// real one; tests can pass a fake that keeps files in memory.
import type { OpenDatabase } from './db.js';

export interface ProjectIO {
  openDatabase: OpenDatabase;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** A UTF-8 text file; rejects (with the system's error) when it cannot be read. */
  readText(path: string): Promise<string>;
  /** A file's bytes (the sha256 of a model file is taken over them). */
  readBytes(path: string): Promise<Uint8Array>;
  /** Writes a UTF-8 text file, creating its folder. */
  writeText(path: string, text: string): Promise<void>;
  /** Writes a binary file (a PNG), creating its folder. */
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** Creates a folder and its parents. */
  mkdir(path: string): Promise<void>;
  /** Names of the plain files in a folder (none when it does not exist). */
  listFiles(path: string): Promise<string[]>;
}
