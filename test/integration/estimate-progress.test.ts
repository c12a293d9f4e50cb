// Progress of `grayscope estimate` through the Reporter: a bar over segments × bootstrap replicates
// once the bootstrap has taken a second (by the injected clock), stopped at the end; none for a run
// that ends sooner. The terminal reporter decides where a bar is drawn (not with --quiet, not off a
// terminal), as for load and templates.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCommand, initCommand, loadCommand } from '../../src/api.js';
import type { Reporter } from '../../src/core/reporter.js';
import { writeFiles } from '../helpers/model-project.js';
import { tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject('gs-progress-');
  await initCommand({ dir: project.dir });
  // Two categories in one quarter, incidents and enforcement overlapping: two segments to bootstrap.
  const incidents = ['incident_id,detected_date,region,category,agency_name,amount'];
  const enforcement = ['case_id,opened_date,region,category,agency_name,amount'];
  for (let i = 1; i <= 8; i++) {
    const category = i % 2 ? '反催收' : '征信修复';
    incidents.push(`I${i},2025-02-0${i},广东省,${category},机构${i},${i * 10_000}`);
    if (i % 3) enforcement.push(`E${i},2025-03-0${i},广东省,${category},机构${i},${i * 10_000}`);
  }
  writeFiles(project.dir, { 'data/i.csv': `${incidents.join('\n')}\n`, 'data/e.csv': `${enforcement.join('\n')}\n` });
  await loadCommand({ source: 'incidents', files: [join(project.dir, 'data/i.csv')], project: project.dir });
  await loadCommand({ source: 'enforcement', files: [join(project.dir, 'data/e.csv')], project: project.dir });
}, 60_000);
afterAll(() => project?.cleanup());

/** A reporter that records the bars asked for and their last update. */
function recorder() {
  const bars: Array<{ total: number; label: string; last: number; labels: Set<string>; stopped: boolean }> = [];
  const reporter: Reporter = {
    info() {},
    warn() {},
    progress(total, label) {
      const bar = { total, label, last: 0, labels: new Set<string>(), stopped: false };
      bars.push(bar);
      return {
        update(done, text) {
          bar.last = done;
          if (text) bar.labels.add(text);
        },
        stop() {
          bar.stopped = true;
        },
      };
    },
  };
  return { bars, reporter };
}

/** A clock that moves `stepMs` every time it is read. */
const ticking = (stepMs: number) => {
  let t = Date.UTC(2025, 5, 1);
  return () => new Date((t += stepMs));
};

describe('estimate progress', () => {
  it('shows a bar over segments × replicates, by period, once the bootstrap takes over a second, and stops it', async () => {
    const { bars, reporter } = recorder();
    await estimateCommand({ project: project.dir, method: 'mse', bootstrap: 30, now: ticking(200) }, reporter);
    const bar = bars.find((b) => b.label.startsWith('estimate: bootstrap'));
    expect(bar, JSON.stringify(bars)).toBeDefined();
    expect(bar!.total).toBe(2 * 30);
    expect(bar!.last).toBe(60);
    expect([...bar!.labels]).toEqual(['estimate: bootstrap 2025Q1']);
    expect(bar!.stopped).toBe(true);
  });

  it('shows no bar when the estimate ends within a second, nor without a bootstrap', async () => {
    for (const options of [{ bootstrap: 30, now: ticking(0) }, { bootstrap: 0, now: ticking(1000) }]) {
      const { bars, reporter } = recorder();
      await estimateCommand({ project: project.dir, method: 'mse', ...options }, reporter);
      expect(bars.filter((b) => b.label.startsWith('estimate'))).toEqual([]);
    }
  });
});
