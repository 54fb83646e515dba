// How a gradient-flow profile the engine estimates is compared with one a framework measured
// (TF.js in flow-vs-tfjs.test.ts, PyTorch in torch-variance.test.ts): per-layer errors in decades
// over log10(gradientRms[l] / gradientRms[last]) and log10(activationRms[l]), held to one set of limits.

import assert from 'node:assert/strict';

/** Per kernel layer, in forward order: the RMS of its activations and of its kernel's gradient. */
export interface FlowProfile {
  activationRms: readonly number[];
  gradientRms: readonly number[];
}

/** In decades: the median error of the Monte-Carlo and of the analytic estimate, and any single error. */
export const LIMITS = { monteCarlo: 0.1, analytic: 0.15, worst: 0.5 };

/** |log10(a) − log10(b)|, where two exact zeros agree and a zero against a non-zero never does. */
export function decades(a: number, b: number): number {
  if (a === 0 || b === 0) return a === b ? 0 : Infinity;
  return Math.abs(Math.log10(a) - Math.log10(b));
}

/** Gradients relative to the last layer's; when that is exactly zero, the absolute values. */
export function relative(gradients: readonly number[]): number[] {
  const last = gradients[gradients.length - 1];
  return last === 0 ? [...gradients] : gradients.map((value) => value / last);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The estimate's errors against the oracle: relative gradients (the last layer's is 1 in both), then activations. */
export function profileErrors(estimate: FlowProfile, oracle: FlowProfile): number[] {
  const gradient = relative(estimate.gradientRms);
  const reference = relative(oracle.gradientRms);
  return [
    ...gradient.slice(0, -1).map((value, l) => decades(value, reference[l])),
    ...estimate.activationRms.map((value, l) => decades(value, oracle.activationRms[l])),
  ];
}

/** Both estimates' errors within LIMITS; `label` names the model, `detail` (the profiles) ends each message. */
export function assertWithinLimits(label: string, monteCarlo: readonly number[], analytic: readonly number[], detail: string): void {
  const fmt = (value: number): string => value.toFixed(3);
  assert.ok(median(monteCarlo) <= LIMITS.monteCarlo, `${label}: Monte-Carlo median error ${fmt(median(monteCarlo))} > ${LIMITS.monteCarlo}${detail}`);
  assert.ok(Math.max(...monteCarlo) <= LIMITS.worst, `${label}: a Monte-Carlo value is off by more than ${LIMITS.worst} decades${detail}`);
  assert.ok(median(analytic) <= LIMITS.analytic, `${label}: analytic median error ${fmt(median(analytic))} > ${LIMITS.analytic}${detail}`);
  assert.ok(Math.max(...analytic) <= LIMITS.worst, `${label}: an analytic value is off by more than ${LIMITS.worst} decades${detail}`);
}
