// Runs the built CLI (bin/run.js → dist/) as a child process, the way a user does, for the end-to-end
// tests: a fresh temp folder per test, NO_COLOR, no network, stdout/stderr/exit code captured.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { ErrorCode } from '../../src/index.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** GRAYSCOPE_E2E_BIN points the tests at another build (for example a copy taken while dist/ is rebuilt). */
export const BIN = process.env.GRAYSCOPE_E2E_BIN ?? join(REPO, 'bin', 'run.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
}

// The locale is pinned (C.UTF-8 names no language: human output in Chinese, render/lang.ts) so a test
// reads the same output on any machine; a test of English human output passes --lang en.
const cliEnv = (extra: Record<string, string> = {}) => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...extra });

/** Starts the CLI and returns the child plus a promise of its result (for tests that signal it). */
export function startCli(args: readonly string[], options: CliOptions): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function cli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/** What `--json` prints when a command fails (GrayscopeError.toJSON under `error`). */
export interface ErrorDocument {
  error: { code: ErrorCode; exit_code: number; message: string; hint?: string; details?: Record<string, unknown> };
}

/**
 * Parses stdout that must hold exactly one JSON document and nothing else. The caller names the
 * document's type (a command's result type from src/index.ts, or ErrorDocument); without one it is unknown.
 */
export function onlyJson<T>(result: CliResult): T {
  const text = result.stdout.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) throw new Error(`stdout is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return JSON.parse(text) as T;
}

/** A field the type allows to be null or missing that the test reads as present: the value, or a thrown error naming it. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is ${value}`);
  return value;
}

export function makeTempDir(prefix = 'grayscope-e2e-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small RFC 4180 parser, for checking the cells of `rejects --format csv`. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * A fresh temp folder per test as the CLI's working directory: `run(...args)` runs the built CLI
 * there and `dir()` names it. Registers its own beforeEach/afterEach.
 */
export function tempCli(): { run: (...args: string[]) => Promise<CliResult>; dir: () => string } {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp?.remove());
  const dir = () => tmp!.dir;
  return { run: (...args: string[]) => cli(args, { cwd: dir() }), dir };
}

/** Kills (SIGKILL) every child still running and waits for each to close: an afterEach for tests that start holders. */
export async function killChildren(children: ChildProcess[]): Promise<void> {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('close', r));
      child.kill('SIGKILL');
      await gone;
    }
  }
}
