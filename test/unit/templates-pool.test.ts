// The worker threads of `grayscope templates` when one of them fails: the failing batch's promise
// rejects with the worker's own error, every later batch and the clustering reject with it too
// (no promise is left pending, so the command cannot hang), and close() stops every thread.
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { TEXT_SEPARATOR } from '../../src/core/templates/doc-sketch.js';
import { SketchPool } from '../../src/core/templates/sketch-pool.js';
import { TemplateIndex } from '../../src/core/templates/template-index.js';

const OPTIONS = { shingle: 3, hashes: 256, bands: 36, rows: 7 };
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('SketchPool', () => {
  it('sketches batches on worker threads into the shared index, as this thread does', async () => {
    const texts = ['本人委托代理维权，要求退还全部保费', '催收人员每天拨打我电话数十次', ''];
    const bytes = utf8(texts.join(String.fromCharCode(TEXT_SEPARATOR)));
    const local = new TemplateIndex(3, OPTIONS);
    const shared = new TemplateIndex(3, OPTIONS, true);
    const here = new SketchPool(local, 0);
    const there = new SketchPool(shared, 2);
    try {
      const a = await here.submit(bytes, Int32Array.of(2, 0, 1));
      const b = await there.submit(bytes.slice(), Int32Array.of(2, 0, 1));
      expect(b.lens).toEqual(a.lens);
      expect(Array.from(b.shingles)).toEqual(Array.from(a.shingles));
      expect(Array.from(shared.keys)).toEqual(Array.from(local.keys));
      expect(Array.from(shared.sketch)).toEqual(Array.from(local.sketch));
    } finally {
      await here.close();
      await there.close();
    }
  });

  it('rejects the failing batch with the worker’s error, then every later task, and close() stops all threads', async () => {
    const index = new TemplateIndex(4, OPTIONS, true);
    const pool = new SketchPool(index, 2);
    const threads = (pool as unknown as { threads: Worker[] }).threads;
    expect(threads).toHaveLength(2);
    const exited = threads.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
    // Two texts for one document: the worker throws (a shifted batch must never be indexed).
    const bad = utf8(`甲乙丙${String.fromCharCode(TEXT_SEPARATOR)}丁戊己`);
    await expect(pool.submit(bad, Int32Array.of(0))).rejects.toThrow('a batch of 1 documents holds more texts');
    await expect(pool.submit(utf8('庚辛壬'), Int32Array.of(1))).rejects.toThrow('a batch of 1 documents holds more texts');
    await expect(pool.cluster(0.7)).rejects.toThrow('a batch of 1 documents holds more texts');
    await pool.close();
    // Both threads are gone: the one that failed, and the idle one that close() terminated.
    expect(await Promise.all(exited)).toHaveLength(2);
  });
});
