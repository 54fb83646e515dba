// The Monte-Carlo worker (bundled as dist/worker.js): real forward and backward passes with
// sampled weights take hundreds of milliseconds, so they run here, never on the page's thread.
// One task at a time; the page cancels a stale one by terminating this worker.

import { simulateModel } from '../core/simulate';
import { parseTask, type WorkerReply } from './worker-protocol';

/** The little of DedicatedWorkerGlobalScope used here (the DOM typings describe a window). */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const task = parseTask(event.data);
  if (!task) {
    const job = typeof event.data?.job === 'number' ? event.data.job : -1;
    scope.postMessage({ type: 'error', job, key: '', message: 'the worker received a malformed task' });
    return;
  }
  const { job, key } = task;
  try {
    const flow = simulateModel(task.ir, {
      init: task.init,
      seed: task.seed,
      batch: task.batch,
      maxWidth: task.maxWidth,
      passes: task.passes,
      onPass: (done, total) => scope.postMessage({ type: 'progress', job, key, done, total }),
    });
    scope.postMessage({ type: 'result', job, key, flow });
  } catch (error) {
    scope.postMessage({ type: 'error', job, key, message: error instanceof Error ? error.message : String(error) });
  }
};
