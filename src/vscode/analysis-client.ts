// The extension host's end of the analysis worker: starts the worker thread on first use,
// matches answers to requests, and starts a fresh worker after a crash (the old one's requests
// fail; the new one parses from scratch). No `vscode` import: the typing-replay benchmark
// drives the same client outside VS Code.

import { Worker } from 'node:worker_threads';
import type { FromWorker, RequestType, ToWorker, WorkerRequests } from '../protocol/analysis';

/** Heap ceiling of the worker: a runaway analysis ends the worker, not the extension host. */
const WORKER_HEAP_MB = 1024;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class AnalysisWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  /** `script`: the bundled worker (dist/analysis-worker.js). `log` hears about crashes. */
  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {}

  request<K extends RequestType>(type: K, params: WorkerRequests[K]['params']): Promise<WorkerRequests[K]['result']> {
    if (this.disposed) return Promise.resolve(undefined);
    const id = this.nextId++;
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error))); // e.g. the bundle is missing
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ type, id, params } as ToWorker);
    });
  }

  /** An edit or a forget: only a running worker holds state they could change. */
  notify(message: Extract<ToWorker, { type: 'edit' | 'forget' }>): void {
    this.worker?.postMessage(message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.crashed(worker, error));
    worker.on('exit', (code) => this.crashed(worker, new Error(`the analysis worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(new Error(message.message));
  }

  private crashed(worker: Worker, error: Error): void {
    if (this.worker !== worker) return; // 'exit' after 'error': already handled
    this.worker = undefined;
    if (!this.disposed) this.log(`initlint: the analysis worker stopped (${error.message}); the next analysis starts a new one`);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(error);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const request of this.pending.values()) request.resolve(undefined);
    this.pending.clear();
    await worker?.terminate();
  }
}
