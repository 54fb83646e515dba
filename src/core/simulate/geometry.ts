// Counting facts about sliding windows that both estimates need: how many taps of a
// convolution land inside the input (zero padding contributes nothing to the variance).

import { outputAxis, type Padding } from './kernels';

/** In-bounds (output position, tap) pairs along one axis. */
export function inBoundsTaps(size: number, window: number, stride: number, padding: Padding): { outputs: number; taps: number } {
  const { out: outputs, padBefore } = outputAxis(size, window, stride, padding);
  let taps = 0;
  for (let out = 0; out < outputs; out++) {
    const start = out * stride - padBefore;
    taps += Math.min(size, start + window) - Math.max(0, start);
  }
  return { outputs, taps };
}

export interface ConvCounts {
  /** Mean in-bounds inputs per output element: the forward fan-in that really contributes. */
  fanIn: number;
  /** Mean outputs each input element feeds: the backward fan-out. */
  fanOut: number;
  /** Mean positions each kernel element is used at, per example: terms in its gradient. */
  positions: number;
}

/** Effective fans of a convolution with `inChannels → filters` over `spatial` with zero padding. */
export function convCounts(spatial: readonly number[], window: readonly number[], strides: readonly number[], padding: Padding, inChannels: number, filters: number): ConvCounts {
  let fanIn = inChannels;
  let fanOut = filters;
  let positions = 1;
  spatial.forEach((size, axis) => {
    const { outputs, taps } = inBoundsTaps(size, window[axis], strides[axis], padding);
    fanIn *= taps / outputs;
    fanOut *= taps / size;
    positions *= taps / window[axis];
  });
  return { fanIn, fanOut, positions };
}
