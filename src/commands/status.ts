import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { statusCommand } from '../api.js';
import { renderStatus } from '../render/status.js';

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Show what is loaded: rows and periods per source, files with sha256, recent loads.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --project demo --json'];
  static override flags = {
    wait: Flags.integer({ description: 'seconds to wait for another process holding the database', default: 0, min: 0 }),
  };

  async run() {
    const result = await statusCommand({ project: this.flags.project, db: this.flags.db, waitSeconds: this.flags.wait });
    this.out(renderStatus(result, await this.lang()));
    return result;
  }
}
