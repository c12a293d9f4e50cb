import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { runCommand, runExitCode } from '../api.js';
import { renderRun } from '../render/run.js';

export default class Run extends BaseCommand<typeof Run> {
  static override summary = 'Run the SQL models (queries/*.sql) in dependency order.';
  static override description = `Shipped models and the project's own queries/ (which add models or replace shipped ones by name) run as views or tables.
A model that fails does not stop independent ones; the models downstream of it are skipped, and the exit code is 1.
Parameters reach SQL as variables: getvariable('period'). Every run writes runs/<run_id>/manifest.json and run_results.json.`;
  static override examples = [
    '<%= config.bin %> run',
    '<%= config.bin %> run --select +capture_histories --period 2025Q1',
    '<%= config.bin %> run --select tag:staging --select complaint_stats+',
    '<%= config.bin %> run --json',
  ];
  static override flags = {
    select: Flags.string({ description: 'models to run: name, +name (with upstream), name+ (with downstream), +name+, tag:x; repeatable (a union)', multiple: true }),
    period: Flags.string({ description: 'reporting quarter (2025Q1) or year (2025: its four quarters); default: default_period in grayscope.yaml, else every loaded period' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const lang = await this.lang();
    const result = await runCommand(
      { select: this.flags.select, period: this.flags.period, waitSeconds: this.flags.wait, project: this.flags.project, db: this.flags.db, lang },
      this.reporter,
    );
    this.out(renderRun(result, lang));
    // Exit 1 = finished but checks failed; the JSON document is still printed.
    if (runExitCode(result) !== 0) process.exitCode = runExitCode(result);
    return result;
  }
}
