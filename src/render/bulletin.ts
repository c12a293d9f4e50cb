// `grayscope bulletin` for people: the headline, then one line per file written.
import type { BulletinResult } from '../core/bulletin/bulletin-run.js';
import type { Lang } from './format.js';

const WORDS = {
  zh: {
    charts: (n: number) => `，另有 ${n} 张图表 PNG 与 Markdown 同在`,
    wrote: (period: string, charts: string, run: string, bulletinRun: string) => `已写入 ${period} 的通报${charts}（估计运行 ${run || '无'}；通报运行 ${bulletinRun}）。`,
  },
  en: {
    charts: (n: number) => `, and ${n} chart PNG${n === 1 ? '' : 's'} beside the Markdown`,
    wrote: (period: string, charts: string, run: string, bulletinRun: string) => `Wrote the bulletin of ${period}${charts} (estimate run ${run || 'none'}; bulletin run ${bulletinRun}).`,
  },
} as const;

/** The headline is the bulletin's own, in the bulletin's language; the lines around it are in `lang`. */
export function renderBulletin(r: BulletinResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const pngs = r.files.filter((f) => f.format === 'png').length;
  const lines = r.files.filter((f) => f.format !== 'png').map((f) => f.file);
  return `${r.headline.text}\n${lines.join('\n')}\n${w.wrote(r.period, pngs ? w.charts(pngs) : '', r.run_id, r.bulletin_run_id)}`;
}
