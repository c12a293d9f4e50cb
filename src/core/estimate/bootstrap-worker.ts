// A worker thread of the MSE bootstrap (bootstrap.ts): builds one ReplicateRunner from workerData, so
// its fitters are made once, then answers each task (a slice of replicates or jackknife cells) with
// the estimates, transferring the buffer back.
import { parentPort, workerData } from 'node:worker_threads';
import { type BootstrapJob, type BootstrapTask, ReplicateRunner } from './bootstrap.js';

const runner = new ReplicateRunner(workerData as BootstrapJob);
parentPort?.on('message', ({ id, task }: { id: number; task: BootstrapTask }) => {
  const values = runner.run(task);
  parentPort?.postMessage({ id, values }, [values.buffer as ArrayBuffer]);
});
