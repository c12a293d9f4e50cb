// Reading the run history (the `runs` table that core/runs/record.ts writes): which model runs
// there were, newest first, and what each built — for `test` (the period to check), `estimate`
// (are the models fresh?) and linkage (how did the last run link?).
import type { Db } from '../ports/db.js';

export interface ModelRun {
  run_id: string;
  status: string;
  period: string | null;
  finished_at: string;
  /** The models the run selected (and so rebuilt or tried to). */
  models: string[];
}

/** Every `grayscope run`, newest first. */
export async function modelRuns(db: Db): Promise<ModelRun[]> {
  const rows = await db.all<Omit<ModelRun, 'models'> & { selection: string | null }>(
    `SELECT run_id, status, period, CAST(finished_at AS VARCHAR) AS finished_at, CAST(selection AS VARCHAR) AS selection
     FROM runs WHERE command = 'run' ORDER BY run_id DESC`,
  );
  return rows.map(({ selection, ...r }) => ({ ...r, models: (JSON.parse(selection ?? '{}') as { models?: string[] }).models ?? [] }));
}

/** The period of the last `run`, so `test` checks what was built. */
export async function lastRunPeriod(db: Db): Promise<string | null> {
  return (await db.scalar<string | null>(`SELECT period FROM runs WHERE command = 'run' ORDER BY run_id DESC LIMIT 1`)) ?? null;
}

/** The last `run` that succeeded, the one an estimate reads. */
export async function lastSuccessfulModelRun(db: Db): Promise<string | null> {
  return (await db.scalar<string | null>(`SELECT run_id FROM runs WHERE command = 'run' AND status = 'success' ORDER BY run_id DESC LIMIT 1`)) ?? null;
}
