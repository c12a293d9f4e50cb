// End to end: what a new user hit first (issue 15 item 11) — the exit code of an estimate with
// nothing loaded, and help that lists only flags a command uses.
import { describe, expect, it } from 'vitest';
import { type ErrorDocument, onlyJson, tempCli } from '../helpers/cli.js';

const { run } = tempCli();

describe('a new user', () => {
  it('estimate in an empty folder says nothing is loaded (exit 3), not that the assumptions file is missing (exit 2)', async () => {
    const human = await run('estimate');
    expect(human.code).toBe(3);
    expect(human.stderr).toContain('nothing has been loaded');
    const json = await run('estimate', '--json');
    expect(json.code).toBe(3);
    expect(onlyJson<ErrorDocument>(json).error.exit_code).toBe(3);
  });

  it('an unknown --method is still a usage error (exit 2) before the database is looked at', async () => {
    expect((await run('estimate', '--method', 'guess')).code).toBe(2);
  });

  it.each(['mse', 'generate'])('%s --help lists no --project or --db (it reads neither), and refuses them', async (command) => {
    const help = await run(command, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).not.toMatch(/--project|--db\b/);
    expect(help.stdout).toMatch(/--json/);
    expect((await run(command, '--project', 'x')).code).toBe(2);
  });
});
