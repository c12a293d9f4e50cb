import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { testCommand, testExitCode } from '../api.js';
import { renderTests } from '../render/test.js';

export default class Test extends BaseCommand<typeof Test> {
  static override summary = 'Run the data tests declared in model headers (not_null, unique, accepted_values, relationships, expression).';
  static override description = `Tests run against the models as last built by \`grayscope run\`. Failing rows are sampled (up to 5) on stderr.
An error-severity failure exits 1; warn failures are reported and exit 0. Every test run writes runs/<run_id>/.`;
  static override examples = ['<%= config.bin %> test', '<%= config.bin %> test --select tag:staging', '<%= config.bin %> test --select +capture_histories --json'];
  static override flags = {
    select: Flags.string({ description: 'models whose tests run: name, +name, name+, +name+, tag:x; repeatable (a union)', multiple: true }),
    period: Flags.string({ description: 'quarter (2025Q1) or year (2025) for models that read getvariable(\'period\') (default: that of the last run)' }),
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const lang = await this.lang();
    const result = await testCommand(
      { select: this.flags.select, period: this.flags.period, waitSeconds: this.flags.wait, project: this.flags.project, db: this.flags.db, lang },
      this.reporter,
    );
    this.out(renderTests(result, lang));
    if (testExitCode(result) !== 0) process.exitCode = testExitCode(result);
    return result;
  }
}
