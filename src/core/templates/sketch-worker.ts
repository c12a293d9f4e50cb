// A worker thread of `grayscope templates` (sketch-pool.ts): sketches batches of UTF-8 narratives
// into the index's shared key and sketch arrays and sends each batch's shingle sets back (on
// shared memory), then clusters one group of bands on the shared index and sends its joins back.
import { parentPort, workerData } from 'node:worker_threads';
import { DocSketcher } from './doc-sketch.js';
import type { SketchJob, WorkerTask } from './sketch-pool.js';
import { TemplateIndex } from './template-index.js';

const job = workerData as SketchJob;
const sketcher = new DocSketcher(job.options, { docs: job.docs, keys: new Uint32Array(job.keys), sketch: new Uint32Array(job.sketch) });
parentPort?.on('message', (task: WorkerTask) => {
  if (task.kind === 'sketch') {
    const { lens, shingles } = sketcher.batch(task.bytes, task.docs);
    parentPort?.postMessage({ id: task.id, lens, shingles }, [lens.buffer as ArrayBuffer]);
  } else {
    const index = TemplateIndex.fromLayout(task.layout);
    const { edges, stats } = index.clusterGroup(task.group, task.threshold, () => parentPort?.postMessage({ id: task.id, band: true }));
    parentPort?.postMessage({ id: task.id, edges, stats }, [edges.buffer as ArrayBuffer]);
  }
});
