// The messages the extension host and its analysis worker (a Node worker thread) exchange.
// Everything here is plain data, copied by postMessage's structured clone. What crosses per
// analysis is kept small (findings and a summary per model): the extension host's main thread
// pays for every byte it deserializes. The full model IR is asked for only when a consumer
// (the gradient-flow panel) needs it.

import type { AnalyzeOptions, Finding } from '../core/analyze';
import type { InitializerDescription } from '../core/describe';
import type { Language, ModelIR, Span } from '../core/ir';
import type { TextEdit } from '../core/rules';

/** One replacement, in offsets of the text before the batch it belongs to (as VS Code reports a change). */
export interface TextChange {
  from: number;
  to: number;
  text: string;
}

/** The analysis options that travel: everything but the tree and the previous analysis, which the worker keeps. */
export type WorkerAnalyzeOptions = Omit<AnalyzeOptions, 'tree' | 'previous'>;

/** What the CodeLens shows above a model: the gradient rules' analytic run, made in the worker. */
export interface ModelSummary {
  name: string;
  span: Span;
  /** First over last kernel layer's gradient RMS; absent when there is no gradient to compare. */
  gradientRatio?: number;
  /** Why the model was not simulated. */
  notSimulated?: string;
}

/** One document version's analysis, as the extension host keeps it. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  findings: Finding[];
  suppressionWarnings: { span: Span; message: string }[];
  models: ModelSummary[];
}

/** Request → result, by request type. Every request names the document version it is about. */
export interface WorkerRequests {
  /** Analyze `text` as version `version`; undefined when a newer version superseded it before it ran. */
  analyze: {
    params: { uri: string; version: number; language: Language; text: string; options: WorkerAnalyzeOptions };
    result: DocumentAnalysis | undefined;
  };
  /** The initializer under `offset`; undefined when the worker's latest analysis is of another version. */
  describe: { params: { uri: string; version: number; offset: number }; result: InitializerDescription | undefined };
  /** The document's models in full (the panel simulates them); undefined for another version. */
  models: { params: { uri: string; version: number }; result: ModelIR[] | undefined };
  /** The edits that give model `model` the recommended initializers; undefined for another version. */
  recommendedEdits: {
    params: { uri: string; version: number; model: number; options: Required<Pick<WorkerAnalyzeOptions, 'exemptOutputLayer' | 'vanishingThreshold' | 'explodingThreshold'>> };
    result: TextEdit[] | undefined;
  };
  /** The worker's heap in use, after a full collection when the process runs with --expose-gc (the benchmark does). */
  memory: { params: Record<string, never>; result: { heapUsed: number; collected: boolean } };
}

export type RequestType = keyof WorkerRequests;

/** Host → worker. */
export type ToWorker =
  | { [K in RequestType]: { type: K; id: number; params: WorkerRequests[K]['params'] } }[RequestType]
  /** The document moved from `fromVersion` to `version`: carry its tree over the change, drop queued work for older versions. */
  | { type: 'edit'; uri: string; fromVersion: number; version: number; changes: TextChange[] }
  /** The document closed (or is no longer analyzed): drop everything kept for it. */
  | { type: 'forget'; uri: string };

/** Worker → host. */
export type FromWorker =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string };
