// The worker threads of `grayscope templates`. First, batches of narratives (UTF-8, as DuckDB
// hands them over) go to the next idle worker, which writes the batch's band keys and sketches
// into the index's shared arrays and sends its shingle sets back. Then each worker clusters one
// group of bands on the shared index and sends its joins back, merged here. With 0 workers the
// same code runs in this thread. The clusters do not depend on the number of workers: a
// document's sketch is its own, and the band groups are fixed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { UnionFind } from './union-find.js';
import { type BatchShingles, DocSketcher, type IndexOptions } from './doc-sketch.js';
import { BAND_GROUPS, type ClusterStats, type GroupResult, type IndexLayout, mergeGroups, type TemplateIndex } from './template-index.js';

/** What every worker starts with (structured-clone safe; the buffers are shared, not copied). */
export interface SketchJob {
  options: IndexOptions;
  docs: number;
  keys: SharedArrayBuffer;
  sketch: SharedArrayBuffer;
}

export type WorkerTask =
  | { kind: 'sketch'; id: number; bytes: Uint8Array; docs: Int32Array }
  | { kind: 'cluster'; id: number; group: number; threshold: number; layout: IndexLayout };

type WorkerReply = { id: number } & (BatchShingles | GroupResult | { band: true });

const SOURCE = import.meta.url.endsWith('.ts');

/**
 * A worker entry that registers tsx's loader before importing the TypeScript worker: under tests the
 * worker is source too, and Node 20 does not apply `--import` loaders to a worker's own entry module.
 */
function tsxEntry(worker: URL): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker.href)}); });`;
}

interface Pending {
  task: WorkerTask;
  resolve: (reply: WorkerReply) => void;
  reject: (err: Error) => void;
  onBand?: () => void;
}

export class SketchPool {
  private readonly threads: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, Pending>();
  private readonly local: DocSketcher | undefined;
  private failure: Error | undefined;
  private nextId = 0;
  private closing = false;

  /** `workers` threads (0: compute in this thread) on `index`, which must be shared when workers > 0. */
  constructor(
    private readonly index: TemplateIndex,
    workers: number,
  ) {
    if (workers <= 0) {
      this.local = new DocSketcher(index.options, index);
      return;
    }
    if (!index.shared) throw new TypeError('SketchPool: worker threads need an index on shared memory');
    const job: SketchJob = { options: index.options, docs: index.docs, keys: index.keys.buffer as SharedArrayBuffer, sketch: index.sketch.buffer as SharedArrayBuffer };
    const url = new URL(SOURCE ? './sketch-worker.ts' : './sketch-worker.js', import.meta.url);
    for (let i = 0; i < workers; i++) {
      const w = SOURCE ? new Worker(tsxEntry(url), { eval: true, workerData: job }) : new Worker(url, { workerData: job });
      w.on('message', (reply: WorkerReply) => {
        const pending = this.running.get(reply.id);
        if ('band' in reply) {
          pending?.onBand?.();
          return;
        }
        this.running.delete(reply.id);
        this.idle.push(w);
        pending?.resolve(reply);
        this.pump();
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a templates worker thread exited with code ${code} before the work was done`));
      });
      this.threads.push(w);
      this.idle.push(w);
    }
  }

  /**
   * Sketches one batch: `bytes` = UTF-8 texts separated by TEXT_SEPARATOR, the i-th being document
   * `docs[i]`. `docs` is handed over (transferred to a worker), `bytes` too when it fills its buffer.
   */
  submit(bytes: Uint8Array, docs: Int32Array): Promise<BatchShingles> {
    if (this.local) {
      try {
        return Promise.resolve(this.local.batch(bytes, docs));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.enqueue({ kind: 'sketch', id: this.nextId++, bytes, docs }) as Promise<BatchShingles>;
  }

  /** Clusters the complete index: one group of bands per task, the groups' joins merged in group order. */
  async cluster(threshold: number, onBand: () => void = () => {}): Promise<{ sets: UnionFind; stats: ClusterStats }> {
    if (this.local) {
      const groups = Array.from({ length: BAND_GROUPS }, (_, g) => this.index.clusterGroup(g, threshold, onBand));
      return mergeGroups(this.index.docs, groups);
    }
    const layout = this.index.layout;
    const groups = await Promise.all(
      Array.from({ length: BAND_GROUPS }, (_, group) => this.enqueue({ kind: 'cluster', id: this.nextId++, group, threshold, layout }, onBand) as Promise<GroupResult>),
    );
    return mergeGroups(this.index.docs, groups);
  }

  private enqueue(task: WorkerTask, onBand?: () => void): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject, ...(onBand ? { onBand } : {}) });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(pending.task.id, pending);
      const { task } = pending;
      if (task.kind === 'cluster') {
        // The layout's arrays are on shared memory: sent as views, never copied.
        w.postMessage(task);
        continue;
      }
      // Transferred when the bytes fill a buffer of their own; otherwise (a view, or memory that
      // cannot be detached) a copy is sent.
      const { bytes, docs } = task;
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      try {
        w.postMessage(task, whole ? [bytes.buffer as ArrayBuffer, docs.buffer as ArrayBuffer] : [docs.buffer as ArrayBuffer]);
      } catch {
        w.postMessage({ ...task, bytes: bytes.slice() });
      }
    }
  }

  private fail(err: Error): void {
    if (this.closing) return;
    this.failure ??= err;
    for (const p of [...this.queue, ...this.running.values()]) p.reject(this.failure);
    this.queue.length = 0;
    this.running.clear();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}
