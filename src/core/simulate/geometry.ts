// Counting facts about sliding windows that both estimates need: how many taps of a
// convolution land inside the input (zero padding contributes nothing to the variance).

import { outputAxis, type Padding } from './kernels';

/** In-bounds (output position, tap) pairs along one axis. */
export function inBoundsTaps(size: number, window: number, stride: number, padding: Padding): { outputs: number; taps: number } {
  const { out: outputs, padBefore } = outputAxis(size, window, stride, padding);
  // Output `o` covers [s, s + window) with s = o·stride − padBefore; clipped to [0, size) it keeps
  // window − max(0, −s) − max(0, s + window − size) taps. The clipped parts are summed in closed
  // form, over the few outputs at each edge: a loop over every output froze the analysis on a
  // 10¹⁰-wide input.
  const clippedBefore = Math.min(outputs, Math.ceil(padBefore / stride));
  const lostBefore = clippedBefore * padBefore - (stride * clippedBefore * (clippedBefore - 1)) / 2;
  // s + window − size > 0 from the first o above (size − window + padBefore) / stride on.
  const firstClippedAfter = Math.min(outputs, Math.max(0, Math.floor((size - window + padBefore) / stride) + 1));
  const clippedAfter = outputs - firstClippedAfter;
  const lostAfter = clippedAfter * (firstClippedAfter * stride - padBefore + window - size) + (stride * clippedAfter * (clippedAfter - 1)) / 2;
  return { outputs, taps: outputs * window - lostBefore - lostAfter };
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
