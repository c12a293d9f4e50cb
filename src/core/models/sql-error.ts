// Turns a DuckDB error (JSON with errors_as_json) into a message about the model FILE: where
// (queries/x.sql:LINE:COL, header lines included), a code frame with a caret, DuckDB's message and a
// hint. DuckDB reports positions as byte offsets into the statement, so they are mapped back through
// the prefix grayscope put before the file's text.
export interface SqlProblem {
  type: string;
  message: string;
  /** Byte offset in the statement that failed. */
  position?: number;
  subtype?: string;
  name?: string;
}

export interface ModelError {
  /** One paragraph: `queries/x.sql:3:8: Binder Error: …`. */
  message: string;
  line: number | null;
  column: number | null;
  /** The offending line and a caret, or null when DuckDB gave no position. */
  frame: string | null;
  hint: string;
}

export function parseDuckError(err: unknown): SqlProblem {
  const raw = err instanceof Error ? err.message : String(err);
  const start = raw.indexOf('{');
  if (start >= 0) {
    try {
      const doc = JSON.parse(raw.slice(start)) as Record<string, string | undefined>;
      if (doc.exception_type && doc.exception_message !== undefined) {
        return {
          type: doc.exception_type,
          message: doc.exception_message,
          position: doc.position === undefined ? undefined : Number(doc.position),
          subtype: doc.error_subtype,
          name: doc.name,
        };
      }
    } catch {
      // Not JSON after all: fall through to the plain message.
    }
  }
  const m = /^([A-Za-z ]+?) Error: ([\s\S]*)$/.exec(raw);
  return m ? { type: m[1]!, message: m[2]! } : { type: 'Unknown', message: raw };
}

/** 1-based line and column (in characters) of a byte offset into `text`. */
export function locate(text: string, byteOffset: number): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, Math.max(0, byteOffset)).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);

/** The lines around `line` with a caret under `column`, numbered as in the file. */
export function codeFrame(text: string, line: number, column: number): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const pad = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const src = lines[n - 1] ?? '';
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(pad)} | ${src}`);
    if (n === line) out.push(`  ${' '.repeat(pad)} | ${' '.repeat(width(src.slice(0, column - 1).replace(/\t/g, ' ')))}^`);
  }
  return out.join('\n');
}

function hintFor(problem: SqlProblem, models: ReadonlySet<string>, model: string): string {
  const rerun = `Fix the SQL and rerun: grayscope run --select ${model}`;
  switch (problem.type) {
    case 'Parser':
      return `Fix the syntax at that position. ${rerun}`;
    case 'Catalog':
      if (problem.name && models.has(problem.name.toLowerCase())) return `The upstream model ${problem.name} has not been built: run it first, or select with its upstream: grayscope run --select +${model}`;
      return `Check the name: models are named after their file in queries/, loaded sources are complaints, incidents and enforcement. ${rerun}`;
    case 'Binder':
      return `Check the column and table names against the tables the model reads. ${rerun}`;
    case 'Permission':
      return "Model SQL may read and write files only inside the project folder; build paths from getvariable('project_dir'), e.g. read_csv(getvariable('project_dir') || '/data/x.csv').";
    case 'Conversion':
      return `A value did not convert: cast explicitly (TRY_CAST) or filter the rows that do not convert. ${rerun}`;
    default:
      return rerun;
  }
}

/** Describes a failure of `statement`, whose text ends with the file text after `prefix`. */
export function describeSqlError(problem: SqlProblem, file: { display: string; text: string; name: string }, prefix: string, models: ReadonlySet<string>): ModelError {
  const head = `${problem.type} Error: ${problem.message.split('\n')[0]}`;
  const offset = problem.position === undefined ? undefined : problem.position - Buffer.byteLength(prefix, 'utf8');
  const hint = hintFor(problem, models, file.name);
  const extra = problem.message.split('\n').slice(1).filter(Boolean).join(' ');
  if (offset === undefined || offset < 0) {
    return { message: `${file.display}: ${head}${extra ? ` (${extra})` : ''}`, line: null, column: null, frame: null, hint };
  }
  const { line, column } = locate(file.text, offset);
  return { message: `${file.display}:${line}:${column}: ${head}${extra ? ` (${extra})` : ''}`, line, column, frame: codeFrame(file.text, line, column), hint };
}
