// Runs the Monte-Carlo passes in Web Workers: one worker per series, so the current and the
// recommended model are simulated side by side on two cores. The webview's CSP admits workers
// only from blob: URLs, so the bundle is fetched once and each worker starts from a blob of it.

import type { ModelFlow } from '../core/simulate';
import { parseReply, type WorkerTask } from './worker-protocol';
import type { SimulationTask } from './simulation';

export const MONTE_CARLO_PASSES = 5;

export interface MonteCarloOptions {
  seed: number;
  batch: number;
  maxWidth: number;
}

export interface MonteCarloHandlers {
  progress(done: number, total: number): void;
  done(flows: Record<SimulationTask['key'], ModelFlow>): void;
  failed(message: string): void;
}

interface Lane {
  worker: Worker;
  busy: boolean;
}

export class MonteCarloRunner {
  private readonly lanes: Lane[] = [];
  private job = 0;
  private handlers: MonteCarloHandlers | undefined;
  private progress = new Map<string, { done: number; total: number }>();
  private results = new Map<string, ModelFlow>();
  private expected = 0;

  private constructor(private readonly blobUrl: string) {}

  /** Fetches the worker bundle and starts two idle workers, ready before the first job; rejects with the reason workers cannot run. */
  static async create(workerUrl: string | undefined): Promise<MonteCarloRunner> {
    if (typeof Worker === 'undefined') throw new Error('this webview cannot start Web Workers');
    if (!workerUrl) throw new Error('the page was not told where the worker script is');
    const response = await fetch(workerUrl);
    if (!response.ok) throw new Error(`the worker script did not load (HTTP ${response.status})`);
    const source = await response.text();
    const runner = new MonteCarloRunner(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    runner.lane(0);
    runner.lane(1);
    return runner;
  }

  /** Starts `tasks`, cancelling whatever job is still running: its busy workers are replaced. */
  run(tasks: readonly SimulationTask[], options: MonteCarloOptions, handlers: MonteCarloHandlers): void {
    this.job++;
    this.handlers = handlers;
    this.progress = new Map(tasks.map((task) => [task.key, { done: 0, total: MONTE_CARLO_PASSES }]));
    this.results = new Map();
    this.expected = tasks.length;
    tasks.forEach((task, index) => {
      const lane = this.lane(index);
      lane.busy = true;
      const message: WorkerTask = { type: 'simulate', job: this.job, key: task.key, ir: task.ir, init: task.init, passes: MONTE_CARLO_PASSES, ...options };
      lane.worker.postMessage(message);
    });
    this.reportProgress();
  }

  /** Stops the running job, if any, without starting another. */
  cancel(): void {
    this.job++;
    this.handlers = undefined;
    for (let index = 0; index < this.lanes.length; index++) if (this.lanes[index].busy) this.replace(index);
  }

  dispose(): void {
    this.handlers = undefined;
    for (const lane of this.lanes) lane.worker.terminate();
    this.lanes.length = 0;
    URL.revokeObjectURL(this.blobUrl);
  }

  /** An idle worker for lane `index`: a busy one is still computing a stale task and cannot be interrupted, only replaced. */
  private lane(index: number): Lane {
    const lane = this.lanes[index];
    if (lane && !lane.busy) return lane;
    return this.replace(index);
  }

  private replace(index: number): Lane {
    this.lanes[index]?.worker.terminate();
    const worker = new Worker(this.blobUrl);
    const lane: Lane = { worker, busy: false };
    worker.onmessage = (event: MessageEvent) => this.receive(lane, event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      lane.busy = false;
      this.fail(event.message || 'the Monte-Carlo worker stopped');
    };
    this.lanes[index] = lane;
    return lane;
  }

  private receive(lane: Lane, data: unknown): void {
    const reply = parseReply(data);
    if (!reply) {
      lane.busy = false;
      this.fail('the Monte-Carlo worker sent a malformed reply');
      return;
    }
    if (reply.type !== 'progress') lane.busy = false;
    if (reply.job !== this.job) return;
    switch (reply.type) {
      case 'progress':
        this.progress.set(reply.key, { done: reply.done, total: reply.total });
        this.reportProgress();
        break;
      case 'result':
        this.results.set(reply.key, reply.flow);
        if (this.results.size === this.expected) {
          const handlers = this.handlers;
          this.handlers = undefined;
          handlers?.done(Object.fromEntries(this.results) as Record<SimulationTask['key'], ModelFlow>);
        }
        break;
      case 'error':
        this.fail(reply.message);
        break;
    }
  }

  private reportProgress(): void {
    let done = 0;
    let total = 0;
    for (const entry of this.progress.values()) {
      done += entry.done;
      total += entry.total;
    }
    this.handlers?.progress(done, total);
  }

  private fail(message: string): void {
    const handlers = this.handlers;
    this.handlers = undefined;
    handlers?.failed(message);
  }
}
