// `grayscope generate`: synthetic complaints, incidents and enforcement records with a known ground
// truth (truth.json, truth_records.csv). All the work is in src/core/generate.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { generateCommand } from '../api.js';
import type { GenerateResult } from '../core/generate/index.js';
import { renderGenerate } from '../render/generate.js';

export default class Generate extends BaseCommand<typeof Generate> {
  static override summary = 'Write synthetic complaint, incident and enforcement files from a known ground truth.';
  static override description =
    'Clean mode writes complaints.csv, incidents.csv and enforcement.csv (UTF-8, canonical headers). --messy writes the same population as sources really arrive: GB18030 CSV, XLSX, JSON Lines, TSV with BOM and Parquet, with known bad rows listed in truth.json.';
  static override examples = [
    '<%= config.bin %> generate --out data',
    '<%= config.bin %> generate --out data --seed 7 --scale medium --messy',
    '<%= config.bin %> generate --out /tmp/big --scale large --json',
  ];

  // It reads no project and no database: --project and --db would do nothing, so they are not offered
  // (the cast keeps BaseFlags' type; this command never reads flags.project or flags.db).
  static override baseFlags = BaseCommand.commonFlags as typeof BaseCommand.baseFlags;
  static override flags = {
    out: Flags.string({ description: 'folder to write the files to (created if missing)', required: true }),
    seed: Flags.integer({ description: 'random seed: the same seed gives the same files', default: 1, min: 0 }),
    scale: Flags.string({
      description: 'small ≈ 20k complaints, medium ≈ 200k, large = 1M complaints / 200k incidents / 20k cases',
      options: ['small', 'medium', 'large'],
      default: 'small',
    }),
    messy: Flags.boolean({ description: 'write mixed encodings, formats and units with known bad rows', default: false }),
  };

  async run(): Promise<GenerateResult> {
    const result = await generateCommand(
      { out: this.flags.out, seed: this.flags.seed, scale: this.flags.scale as GenerateResult['scale'], messy: this.flags.messy },
      this.reporter,
    );
    this.out(renderGenerate(result, await this.lang()));
    return result;
  }
}
