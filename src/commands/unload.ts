import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { unloadCommand } from '../api.js';
import { renderUnload } from '../render/unload.js';

export default class Unload extends BaseCommand<typeof Unload> {
  static override summary = 'Take out what one loaded file (or every file of one load) brought: its rows and its quarantined rows.';
  static override description = `One transaction, recorded in the ledger (\`grayscope status\` lists unloads). A file loaded with --upsert
puts back the earlier versions of the rows it replaced. A file whose rows a later --upsert replaced is refused:
unload that correction first. FILE is the path as loaded (relative to the current folder, or as \`status\` shows it).`;
  static override examples = [
    '<%= config.bin %> unload data/complaints_2025Q1_corrected.xlsx',
    '<%= config.bin %> unload 7 --json',
  ];
  static override usage = 'unload FILE|LOAD_ID [--wait S]';
  static override args = {
    target: Args.string({ description: 'a loaded file, or a load id (status lists both)', required: true }),
  };
  static override flags = {
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const result = await unloadCommand({ target: this.args.target, project: this.flags.project, db: this.flags.db, waitSeconds: this.flags.wait });
    this.out(renderUnload(result, await this.lang()));
    return result;
  }
}
