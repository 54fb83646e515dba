// Messages between the page and its Monte-Carlo worker. Both ends are ours, but they still
// check what they receive: a worker that answers in an unexpected shape must not break the page.

import type { ModelIR } from '../core/ir';
import type { InitChoice, ModelFlow } from '../core/simulate';

/** Page → worker: simulate one model. */
export interface WorkerTask {
  type: 'simulate';
  /** The page's job; answers for an older job are dropped. */
  job: number;
  key: 'current' | 'recommended';
  ir: ModelIR;
  init: InitChoice;
  seed: number;
  batch: number;
  maxWidth: number;
  passes: number;
}

/** Worker → page. */
export type WorkerReply =
  | { type: 'progress'; job: number; key: string; done: number; total: number }
  | { type: 'result'; job: number; key: string; flow: ModelFlow }
  | { type: 'error'; job: number; key: string; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function parseTask(message: unknown): WorkerTask | undefined {
  if (!isObject(message) || message.type !== 'simulate') return undefined;
  const m = message;
  if (!isNumber(m.job) || (m.key !== 'current' && m.key !== 'recommended') || (m.init !== 'current' && m.init !== 'recommended')) return undefined;
  if (!isObject(m.ir) || !Array.isArray(m.ir.layers) || ![m.seed, m.batch, m.maxWidth, m.passes].every(isNumber)) return undefined;
  return m as unknown as WorkerTask;
}

export function parseReply(message: unknown): WorkerReply | undefined {
  if (!isObject(message) || !isNumber(message.job) || typeof message.key !== 'string') return undefined;
  const m = message;
  switch (m.type) {
    case 'progress':
      return isNumber(m.done) && isNumber(m.total) ? (m as unknown as WorkerReply) : undefined;
    case 'result':
      return isObject(m.flow) && Array.isArray(m.flow.layers) ? (m as unknown as WorkerReply) : undefined;
    case 'error':
      return typeof m.message === 'string' ? (m as unknown as WorkerReply) : undefined;
    default:
      return undefined;
  }
}
