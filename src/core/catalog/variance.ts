// Fans and the second moment of a kernel element, from an InitializerSpec alone: the one
// formula (variance = scale / fan) plus the frameworks' truncation conventions.

import type { Framework, LayerIR } from '../ir';
import type { FanMode, InitializerSpec } from './initializers';

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Fans of a kernel of `shape`: the last axis is the outputs, the one before it the inputs,
 * and any leading axes (a convolution's window) multiply both.
 */
export function computeFans(shape: readonly number[]): Fans {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  // The window's product, multiplied in order (as a reduce over shape.slice(0, -2) would) without the copy.
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

export function fanFor(fans: Fans, mode: FanMode): number {
  const fan = mode === 'fan_in' ? fans.fanIn : mode === 'fan_out' ? fans.fanOut : (fans.fanIn + fans.fanOut) / 2;
  return Math.max(1, fan);
}

/** Var of a standard normal truncated to ±2: 1 − 4φ(2)/(2Φ(2) − 1). */
export const TRUNCATED_NORMAL_VARIANCE = 0.7737413035499232;
/** Keras divides a variance-scaling truncated normal's stddev by this so the variance is exact. */
export const KERAS_TRUNCATION_CORRECTION = 0.8796256610342398;

/**
 * The standard deviation parameter a framework passes to its sampler for a variance-scaling
 * initializer: Keras corrects the truncated normal's; TF.js does not.
 */
export function varianceScalingStddev(scale: number, fan: number, framework: Framework, truncated: boolean): number {
  const stddev = Math.sqrt(scale / fan);
  return truncated && framework === 'keras' ? stddev / KERAS_TRUNCATION_CORRECTION : stddev;
}

/** The kernel as the 2-D matrix orthogonal and identity initializers build: (all axes but the last) × last. */
export interface MatrixShape {
  rows: number;
  cols: number;
}

/**
 * Mean and variance of one kernel element drawn from `spec` for a kernel with `fans`;
 * `matrix` defaults to fanIn × fanOut (a Dense kernel).
 */
export function elementMoments(spec: InitializerSpec, fans: Fans, framework: Framework, matrix: MatrixShape = { rows: fans.fanIn, cols: fans.fanOut }): { mean: number; variance: number } {
  switch (spec.kind) {
    case 'variance_scaling': {
      const truncated = spec.distribution === 'truncated_normal';
      const stddev = varianceScalingStddev(spec.scale, fanFor(fans, spec.mode), framework, truncated);
      return { mean: 0, variance: stddev * stddev * (truncated ? TRUNCATED_NORMAL_VARIANCE : 1) };
    }
    case 'absolute':
      return { mean: spec.mean, variance: spec.stddev * spec.stddev * (spec.distribution === 'truncated_normal' ? TRUNCATED_NORMAL_VARIANCE : 1) };
    case 'constant':
      return { mean: spec.value ?? 0, variance: 0 };
    case 'orthogonal':
      // Orthonormal rows or columns of the matrix: each element has E[w²] = gain²/max(rows, cols).
      return { mean: 0, variance: (spec.gain * spec.gain) / Math.max(matrix.rows, matrix.cols) };
    case 'identity': {
      const size = matrix.rows * matrix.cols;
      const ones = Math.min(matrix.rows, matrix.cols);
      const mean = (spec.gain * ones) / size;
      return { mean, variance: (spec.gain * spec.gain * ones) / size - mean * mean };
    }
  }
}

/**
 * The 2-D matrix orthogonal and identity initializers see in a kernel with `fans`: a convolution's
 * window is flattened into its inputs (PyTorch: out × in·Πk, Keras: Πk·in × out), so the columns
 * are the output channels, fan_out / Πk, not fan_out. A Linear or Embedding is fan_in × fan_out.
 * (`elementMoments`' default, fan_in × fan_out, overstates a convolution's larger side by Πk.)
 */
export function kernelMatrix(layer: LayerIR, fans: Fans): MatrixShape {
  const receptive = /^Conv\dD(Transpose)?$/.test(layer.kind) ? (layer.kernelSize ?? []).reduce((a, b) => a * b, 1) : 1;
  return { rows: fans.fanIn, cols: Math.max(1, fans.fanOut / receptive) };
}
