// The one error hierarchy of grayscope. Every failure a user can meet is a GrayscopeError whose
// message says what happened and where, whose hint says how to fix it, and whose exit code is the
// documented contract (DESIGN.md: 1 checks failed, 2 usage/config, 3 input unusable, 4 busy, 70 internal).
import { maskMessage, maskText } from './pii.js';

export type ErrorCode = 'checks_failed' | 'usage' | 'config' | 'input' | 'busy' | 'internal';

const EXIT: Record<ErrorCode, number> = {
  checks_failed: 1,
  usage: 2,
  config: 2,
  input: 3,
  busy: 4,
  internal: 70,
};

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Extra machine-readable facts for --json output (never personal data). */
  details?: Record<string, unknown>;
}

export class GrayscopeError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GrayscopeError';
    this.code = code;
    this.exitCode = EXIT[code];
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The error as --json prints it, with personal data masked wherever it may have been quoted. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      exit_code: this.exitCode,
      message: maskMessage(this.message),
      ...(this.hint ? { hint: maskMessage(this.hint) } : {}),
      ...(this.details ? { details: JSON.parse(maskText(JSON.stringify(this.details))) as Record<string, unknown> } : {}),
    };
  }
}

export const usageError = (message: string, hint?: string, details?: Record<string, unknown>) =>
  new GrayscopeError('usage', message, { hint, details });
export const configError = (message: string, hint?: string, details?: Record<string, unknown>) =>
  new GrayscopeError('config', message, { hint, details });
export const inputError = (message: string, hint?: string, details?: Record<string, unknown>) =>
  new GrayscopeError('input', message, { hint, details });
export const busyError = (message: string, hint?: string, details?: Record<string, unknown>) =>
  new GrayscopeError('busy', message, { hint, details });
export const checksFailed = (message: string, hint?: string, details?: Record<string, unknown>) =>
  new GrayscopeError('checks_failed', message, { hint, details });

/** Wraps anything unexpected so the user sees a sentence, not a stack trace. */
export function asGrayscopeError(err: unknown): GrayscopeError {
  if (err instanceof GrayscopeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GrayscopeError('internal', `internal error: ${message}`, {
    hint: 'This is a bug in grayscope. Rerun with --debug for the stack trace and report it.',
    cause: err,
  });
}

/** A file a reader refused (DuckDB, exceljs): exit 3, with the reader's first line only (later ones may quote rows). */
export function unreadableFile(path: string, err: unknown): GrayscopeError {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return new GrayscopeError('input', `${path}: the file cannot be read: ${message}`, {
    hint: 'Check that the file is complete and in the format its name says.',
    cause: err,
  });
}
