// `grayscope bulletin` for people: the headline, then one line per file written.
import type { BulletinResult } from '../core/bulletin/bulletin-run.js';

export function renderBulletin(r: BulletinResult): string {
  const pngs = r.files.filter((f) => f.format === 'png').length;
  const lines = r.files.filter((f) => f.format !== 'png').map((f) => f.file);
  const charts = pngs ? `, and ${pngs} chart PNG${pngs === 1 ? '' : 's'} beside the Markdown` : '';
  return `${r.headline.text}\n${lines.join('\n')}\nWrote the bulletin of ${r.period}${charts} (estimate run ${r.run_id || 'none'}; bulletin run ${r.bulletin_run_id}).`;
}
