// The analysis worker: a Node worker thread (bundled as dist/analysis-worker.js) that parses,
// extracts, runs the rules and the gradient rules' analytic simulation, so none of it runs on
// the extension host's main thread. It keeps one incremental parse tree per document, carried
// over the edits the host reports, and the last analysis, whose gradient-flow runs the next one
// reuses. Never imports `vscode`.
//
// Cancellation: analysis requests wait in a queue (one per document, the newest version wins)
// and run one per macrotask, so edits and newer requests that arrive meanwhile are read first
// and drop the work they supersede, which is answered with `undefined`.

import { parentPort } from 'node:worker_threads';
import { TreeFragment, type ChangedRange } from '@lezer/common';
import { analyticFlow, analyze, describeInitializerAt, parseSource, recommendedEdits, type Analysis } from '../core';
import type { DocumentAnalysis, FromWorker, TextChange, ToWorker, WorkerRequests } from '../protocol/analysis';

interface DocumentState {
  /** The version `fragments` belong to. */
  version: number;
  /** The last tree's reusable pieces, carried over every edit since: the next parse is incremental. */
  fragments?: readonly TreeFragment[];
  /** The latest analysis and the text and version it is of. */
  analyzed?: { version: number; text: string; analysis: Analysis };
}

type AnalyzeRequest = Extract<ToWorker, { type: 'analyze' }>;

/** VS Code reports a batch's changes against the text before the batch; Lezer wants both sides' offsets. */
export function changedRanges(changes: readonly TextChange[]): ChangedRange[] {
  const ranges = [...changes]
    .sort((a, b) => a.from - b.from)
    .map((change) => ({ fromA: change.from, toA: change.to, fromB: change.from, toB: change.from + change.text.length }));
  let shift = 0;
  for (const range of ranges) {
    range.fromB += shift;
    range.toB += shift;
    shift += range.toB - range.fromB - (range.toA - range.fromA);
  }
  return ranges;
}

/** What the host keeps of an analysis: findings and a figure per model, not the whole IR. */
function summaryOf(uri: string, version: number, analysis: Analysis): DocumentAnalysis {
  return {
    uri,
    version,
    findings: analysis.findings,
    suppressionWarnings: analysis.suppressionWarnings,
    models: analysis.file.models.map((model) => {
      // The gradient rules' run for this version; made here for the models they skip (symmetric kernels), then carried over edits like theirs.
      const flow = analyticFlow(model);
      return {
        name: model.name,
        span: model.span,
        ...(flow.gradientRatio ? { gradientRatio: flow.gradientRatio.analytic } : {}),
        ...(flow.notSimulated ? { notSimulated: flow.notSimulated } : {}),
      };
    }),
  };
}

export class AnalysisWorker {
  private readonly documents = new Map<string, DocumentState>();
  /** Waiting analysis requests in arrival order, at most one per document. */
  private readonly queue = new Map<string, AnalyzeRequest>();
  private draining = false;

  constructor(
    private readonly send: (message: FromWorker) => void,
    private readonly later: (run: () => void) => void = setImmediate,
  ) {}

  receive(message: ToWorker): void {
    switch (message.type) {
      case 'edit':
        this.edit(message.uri, message.fromVersion, message.version, message.changes);
        break;
      case 'forget':
        this.supersede(message.uri, Infinity);
        this.documents.delete(message.uri);
        break;
      case 'analyze':
        this.enqueue(message);
        break;
      case 'describe':
        this.answer(message.id, () => {
          const analysis = this.analysisOf(message.params.uri, message.params.version);
          return analysis && describeInitializerAt(analysis.analysis.file, message.params.offset);
        });
        break;
      case 'models':
        this.answer(message.id, () => this.analysisOf(message.params.uri, message.params.version)?.analysis.file.models);
        break;
      case 'recommendedEdits':
        this.answer(message.id, () => this.recommendedEdits(message.params));
        break;
      case 'memory':
        this.answer(message.id, () => {
          const collect = (globalThis as { gc?: () => void }).gc;
          collect?.();
          return { heapUsed: process.memoryUsage().heapUsed, collected: collect !== undefined };
        });
        break;
      default:
        break; // an unknown message from a newer host: ignored
    }
  }

  private analysisOf(uri: string, version: number): DocumentState['analyzed'] {
    const analyzed = this.documents.get(uri)?.analyzed;
    return analyzed?.version === version ? analyzed : undefined;
  }

  private recommendedEdits({ uri, version, model: index, options }: WorkerRequests['recommendedEdits']['params']) {
    const analyzed = this.analysisOf(uri, version);
    const model = analyzed?.analysis.file.models[index];
    if (!analyzed || !model) return undefined;
    return recommendedEdits(model, { file: analyzed.analysis.file, source: analyzed.text, options }).edits;
  }

  private edit(uri: string, fromVersion: number, version: number, changes: readonly TextChange[]): void {
    this.supersede(uri, version);
    const state = this.documents.get(uri);
    if (!state) return;
    // A missed edit leaves fragments that no longer match the text: parse from scratch next time.
    state.fragments = state.version === fromVersion && state.fragments ? TreeFragment.applyChanges(state.fragments, changedRanges(changes)) : undefined;
    state.version = version;
  }

  /** Answers a queued request for `uri` older than `version` with undefined: it will never run. */
  private supersede(uri: string, version: number): void {
    const queued = this.queue.get(uri);
    if (!queued || queued.params.version >= version) return;
    this.queue.delete(uri);
    this.send({ type: 'result', id: queued.id, result: undefined });
  }

  private enqueue(request: AnalyzeRequest): void {
    const { uri, version } = request.params;
    const known = this.documents.get(uri)?.version;
    if (known !== undefined && known > version) {
      this.send({ type: 'result', id: request.id, result: undefined }); // an edit already moved past it
      return;
    }
    this.supersede(uri, version + 1); // older requests, and a repeat of this version: only the latest runs
    this.queue.set(uri, request);
    if (!this.draining) {
      this.draining = true;
      this.later(() => this.drain());
    }
  }

  /** Runs one queued analysis, then yields to the message loop before the next. */
  private drain(): void {
    const next = this.queue.values().next();
    if (!next.done) {
      this.queue.delete(next.value.params.uri);
      this.answer(next.value.id, () => this.run(next.value.params));
    }
    if (this.queue.size > 0) this.later(() => this.drain());
    else this.draining = false;
  }

  private run({ uri, version, language, text, options }: WorkerRequests['analyze']['params']): DocumentAnalysis {
    const state = this.documents.get(uri);
    const tree = parseSource(text, language, state?.version === version ? state.fragments : undefined);
    const analysis = analyze(text, language, { ...options, tree, previous: state?.analyzed?.analysis });
    this.documents.set(uri, { version, fragments: TreeFragment.addTree(tree), analyzed: { version, text, analysis } });
    return summaryOf(uri, version, analysis);
  }

  private answer(id: number, compute: () => unknown): void {
    try {
      this.send({ type: 'result', id, result: compute() });
    } catch (error) {
      // Bad input must not take the worker down: the host reports the failure for this request only.
      this.send({ type: 'error', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}

if (parentPort) {
  const port = parentPort;
  const worker = new AnalysisWorker((message) => port.postMessage(message));
  port.on('message', (message: ToWorker) => worker.receive(message));
}
