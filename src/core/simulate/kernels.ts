// Dense numeric kernels for the gradient-flow simulator: matrix products, convolution as
// im2col + matmul, pooling and depthwise convolution, each forward beside its backward.
// Tensors are row-major Float32Arrays, batch first, channels last (NWC / NHWC / NDHWC).
//
// Plain JS has no SIMD, so speed comes from doing more arithmetic per typed-array access:
// the product kernel holds an 8×8 block of the left operand in locals and streams eight
// contiguous rows of the right operand and of the output through its inner loop.

/** out[m×n] = a[m×k] · b[k×n]  (overwrites out) */
export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number): void {
  gemm(a, k, 1, b, out, m, k, n);
}

/** out[k×n] = a[m×k]ᵀ · b[m×n]  (weight gradient; overwrites out) */
export function matmulTransposeA(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number): void {
  gemm(a, 1, k, b, out, k, m, n);
}

// Grown on demand and reused, so the backward pass does not allocate per call.
let transposed = new Float32Array(0);

/** out[m×k] = a[m×n] · b[k×n]ᵀ  (input gradient; overwrites out) */
export function matmulTransposeB(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number): void {
  // Transposing b costs k·n against the product's m·k·n and lets the streaming kernel run:
  // measured faster than register-blocked dot products of rows of a and b.
  if (transposed.length < k * n) transposed = new Float32Array(k * n);
  const bt = transposed;
  const tile = 32; // both sides of a tile stay in cache
  for (let p0 = 0; p0 < k; p0 += tile) {
    const pEnd = Math.min(p0 + tile, k);
    for (let j0 = 0; j0 < n; j0 += tile) {
      const jEnd = Math.min(j0 + tile, n);
      for (let p = p0; p < pEnd; p++) {
        for (let j = j0, src = p * n + j0; j < jEnd; j++, src++) bt[j * k + p] = b[src];
      }
    }
  }
  gemm(a, n, 1, bt, out, m, n, k);
}

/**
 * out[rows×n] = A · b, where A[r][q] = a[r·rs + q·qs] is rows×red (strides let one kernel
 * read a or aᵀ) and b is red×n row-major.
 *
 * i-k-j order: eight reduction steps of eight output rows at a time, so each loaded element
 * of b serves eight rows and each output element is loaded and stored once per eight steps.
 * The 64 scalars of A are hoisted out of the inner loop (spilled locals are cheaper than
 * typed-array accesses); 4×4 measured 25% slower, 16×8 only 5% faster.
 */
function gemm(a: Float32Array, rs: number, qs: number, b: Float32Array, out: Float32Array, rows: number, red: number, n: number): void {
  let r = 0;
  for (; r + 8 <= rows; r += 8) {
    const o0 = r * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n, o4 = o3 + n, o5 = o4 + n, o6 = o5 + n, o7 = o6 + n;
    out.fill(0, o0, o0 + 8 * n);
    let q = 0;
    for (; q + 8 <= red; q += 8) {
      const r0 = r * rs + q * qs, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs, r4 = r3 + rs, r5 = r4 + rs, r6 = r5 + rs, r7 = r6 + rs;
      const q1 = qs, q2 = 2 * qs, q3 = 3 * qs, q4 = 4 * qs, q5 = 5 * qs, q6 = 6 * qs, q7 = 7 * qs;
      const x00 = a[r0], x01 = a[r0 + q1], x02 = a[r0 + q2], x03 = a[r0 + q3], x04 = a[r0 + q4], x05 = a[r0 + q5], x06 = a[r0 + q6], x07 = a[r0 + q7];
      const x10 = a[r1], x11 = a[r1 + q1], x12 = a[r1 + q2], x13 = a[r1 + q3], x14 = a[r1 + q4], x15 = a[r1 + q5], x16 = a[r1 + q6], x17 = a[r1 + q7];
      const x20 = a[r2], x21 = a[r2 + q1], x22 = a[r2 + q2], x23 = a[r2 + q3], x24 = a[r2 + q4], x25 = a[r2 + q5], x26 = a[r2 + q6], x27 = a[r2 + q7];
      const x30 = a[r3], x31 = a[r3 + q1], x32 = a[r3 + q2], x33 = a[r3 + q3], x34 = a[r3 + q4], x35 = a[r3 + q5], x36 = a[r3 + q6], x37 = a[r3 + q7];
      const x40 = a[r4], x41 = a[r4 + q1], x42 = a[r4 + q2], x43 = a[r4 + q3], x44 = a[r4 + q4], x45 = a[r4 + q5], x46 = a[r4 + q6], x47 = a[r4 + q7];
      const x50 = a[r5], x51 = a[r5 + q1], x52 = a[r5 + q2], x53 = a[r5 + q3], x54 = a[r5 + q4], x55 = a[r5 + q5], x56 = a[r5 + q6], x57 = a[r5 + q7];
      const x60 = a[r6], x61 = a[r6 + q1], x62 = a[r6 + q2], x63 = a[r6 + q3], x64 = a[r6 + q4], x65 = a[r6 + q5], x66 = a[r6 + q6], x67 = a[r6 + q7];
      const x70 = a[r7], x71 = a[r7 + q1], x72 = a[r7 + q2], x73 = a[r7 + q3], x74 = a[r7 + q4], x75 = a[r7 + q5], x76 = a[r7 + q6], x77 = a[r7 + q7];
      const b0 = q * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n, b4 = b3 + n, b5 = b4 + n, b6 = b5 + n, b7 = b6 + n;
      for (let j = 0; j < n; j++) {
        const y0 = b[b0 + j], y1 = b[b1 + j], y2 = b[b2 + j], y3 = b[b3 + j], y4 = b[b4 + j], y5 = b[b5 + j], y6 = b[b6 + j], y7 = b[b7 + j];
        out[o0 + j] += x00 * y0 + x01 * y1 + x02 * y2 + x03 * y3 + x04 * y4 + x05 * y5 + x06 * y6 + x07 * y7;
        out[o1 + j] += x10 * y0 + x11 * y1 + x12 * y2 + x13 * y3 + x14 * y4 + x15 * y5 + x16 * y6 + x17 * y7;
        out[o2 + j] += x20 * y0 + x21 * y1 + x22 * y2 + x23 * y3 + x24 * y4 + x25 * y5 + x26 * y6 + x27 * y7;
        out[o3 + j] += x30 * y0 + x31 * y1 + x32 * y2 + x33 * y3 + x34 * y4 + x35 * y5 + x36 * y6 + x37 * y7;
        out[o4 + j] += x40 * y0 + x41 * y1 + x42 * y2 + x43 * y3 + x44 * y4 + x45 * y5 + x46 * y6 + x47 * y7;
        out[o5 + j] += x50 * y0 + x51 * y1 + x52 * y2 + x53 * y3 + x54 * y4 + x55 * y5 + x56 * y6 + x57 * y7;
        out[o6 + j] += x60 * y0 + x61 * y1 + x62 * y2 + x63 * y3 + x64 * y4 + x65 * y5 + x66 * y6 + x67 * y7;
        out[o7 + j] += x70 * y0 + x71 * y1 + x72 * y2 + x73 * y3 + x74 * y4 + x75 * y5 + x76 * y6 + x77 * y7;
      }
    }
    for (; q < red; q++) {
      const r0 = r * rs + q * qs;
      const x0 = a[r0], x1 = a[r0 + rs], x2 = a[r0 + 2 * rs], x3 = a[r0 + 3 * rs], x4 = a[r0 + 4 * rs], x5 = a[r0 + 5 * rs], x6 = a[r0 + 6 * rs], x7 = a[r0 + 7 * rs];
      const b0 = q * n;
      for (let j = 0; j < n; j++) {
        const y = b[b0 + j];
        out[o0 + j] += x0 * y; out[o1 + j] += x1 * y; out[o2 + j] += x2 * y; out[o3 + j] += x3 * y;
        out[o4 + j] += x4 * y; out[o5 + j] += x5 * y; out[o6 + j] += x6 * y; out[o7 + j] += x7 * y;
      }
    }
  }
  // The last rows % 8 rows, one at a time, still eight reduction steps per pass.
  for (; r < rows; r++) {
    const o = r * n;
    out.fill(0, o, o + n);
    let q = 0;
    for (; q + 8 <= red; q += 8) {
      const r0 = r * rs + q * qs;
      const x0 = a[r0], x1 = a[r0 + qs], x2 = a[r0 + 2 * qs], x3 = a[r0 + 3 * qs], x4 = a[r0 + 4 * qs], x5 = a[r0 + 5 * qs], x6 = a[r0 + 6 * qs], x7 = a[r0 + 7 * qs];
      const b0 = q * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n, b4 = b3 + n, b5 = b4 + n, b6 = b5 + n, b7 = b6 + n;
      for (let j = 0; j < n; j++) {
        out[o + j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j] + x4 * b[b4 + j] + x5 * b[b5 + j] + x6 * b[b6 + j] + x7 * b[b7 + j];
      }
    }
    for (; q < red; q++) {
      const x = a[r * rs + q * qs];
      const b0 = q * n;
      for (let j = 0; j < n; j++) out[o + j] += x * b[b0 + j];
    }
  }
}

export type Padding = 'same' | 'valid';

export interface ConvGeometry {
  batch: number; inSpatial: number[]; inChannels: number;
  kernel: number[]; strides: number[]; padding: Padding;
  outSpatial: number[]; padBefore: number[];
  /** rows of the im2col matrix = batch · Π outSpatial; columns = Π kernel · inChannels */
  rows: number; cols: number;
}

/** Output length and leading padding of one spatial axis, by TensorFlow's rules (dilation 1). */
export function outputAxis(size: number, window: number, stride: number, padding: Padding): { out: number; padBefore: number } {
  if (padding === 'valid') return { out: Math.max(0, Math.ceil((size - window + 1) / stride)), padBefore: 0 };
  const out = Math.ceil(size / stride);
  const padTotal = Math.max((out - 1) * stride + window - size, 0);
  return { out, padBefore: Math.floor(padTotal / 2) };
}

/** TensorFlow/Keras rules: valid → out = ceil((in − k + 1)/s); same → out = ceil(in/s), padTotal = max((out−1)·s + k − in, 0), padBefore = floor(padTotal/2). Dilation 1. Any number of spatial axes (1, 2, 3). A window larger than a 'valid' input gives an empty output. */
export function convGeometry(batch: number, inSpatial: number[], inChannels: number, kernel: number[], strides: number[], padding: Padding): ConvGeometry {
  const axes = inSpatial.map((size, axis) => outputAxis(size, kernel[axis], strides[axis], padding));
  const outSpatial = axes.map((axis) => axis.out);
  return {
    batch, inSpatial: [...inSpatial], inChannels, kernel: [...kernel], strides: [...strides], padding,
    outSpatial, padBefore: axes.map((axis) => axis.padBefore),
    rows: batch * product(outSpatial), cols: product(kernel) * inChannels,
  };
}

export interface PoolGeometry { batch: number; inSpatial: number[]; channels: number; pool: number[]; strides: number[]; padding: Padding; outSpatial: number[]; padBefore: number[] }

/** Keras pooling: strides default to pool size (the caller passes them); same output-size rules as convolution. */
export function poolGeometry(batch: number, inSpatial: number[], channels: number, pool: number[], strides: number[], padding: Padding): PoolGeometry {
  const axes = inSpatial.map((size, axis) => outputAxis(size, pool[axis], strides[axis], padding));
  return {
    batch, inSpatial: [...inSpatial], channels, pool: [...pool], strides: [...strides], padding,
    outSpatial: axes.map((axis) => axis.out), padBefore: axes.map((axis) => axis.padBefore),
  };
}

function product(values: readonly number[]): number {
  let result = 1;
  for (const value of values) result *= value;
  return result;
}

/**
 * A sliding window over 1, 2 or 3 spatial axes, seen as 3 (leading axes of size 1), so
 * every windowed kernel below is one loop over output positions and one over taps.
 */
class Windows {
  readonly positions: number; // batch · Π outSpatial
  readonly taps: number; // Π window
  /** Per tap, the input offset of channel 0 (−1 in padding); filled by `at`. */
  readonly offsets: Int32Array;
  private readonly inD: number; private readonly inH: number; private readonly inW: number;
  private readonly outD: number; private readonly outH: number; private readonly outW: number;
  private readonly kD: number; private readonly kH: number; private readonly kW: number;
  private readonly sD: number; private readonly sH: number; private readonly sW: number;
  private readonly pD: number; private readonly pH: number; private readonly pW: number;

  constructor(batch: number, inSpatial: number[], window: number[], strides: number[], outSpatial: number[], padBefore: number[], private readonly channels: number) {
    const lead = (values: number[], fill: number) => [...Array<number>(3 - values.length).fill(fill), ...values];
    [this.inD, this.inH, this.inW] = lead(inSpatial, 1);
    [this.outD, this.outH, this.outW] = lead(outSpatial, 1);
    [this.kD, this.kH, this.kW] = lead(window, 1);
    [this.sD, this.sH, this.sW] = lead(strides, 1);
    [this.pD, this.pH, this.pW] = lead(padBefore, 0);
    this.positions = batch * this.outD * this.outH * this.outW;
    this.taps = this.kD * this.kH * this.kW;
    this.offsets = new Int32Array(this.taps);
  }

  /** Fills `offsets` for output position `position` (flat over batch and output axes). */
  at(position: number): void {
    const ow = position % this.outW;
    let rest = (position - ow) / this.outW;
    const oh = rest % this.outH;
    rest = (rest - oh) / this.outH;
    const od = rest % this.outD;
    const batch = (rest - od) / this.outD;
    const d0 = od * this.sD - this.pD, h0 = oh * this.sH - this.pH, w0 = ow * this.sW - this.pW;
    let tap = 0;
    for (let kd = 0; kd < this.kD; kd++) {
      const d = d0 + kd;
      const dIn = d >= 0 && d < this.inD;
      for (let kh = 0; kh < this.kH; kh++) {
        const h = h0 + kh;
        const hIn = dIn && h >= 0 && h < this.inH;
        const rowBase = ((batch * this.inD + d) * this.inH + h) * this.inW;
        for (let kw = 0; kw < this.kW; kw++) {
          const w = w0 + kw;
          this.offsets[tap++] = hIn && w >= 0 && w < this.inW ? (rowBase + w) * this.channels : -1;
        }
      }
    }
  }
}

function convWindows(g: ConvGeometry): Windows {
  return new Windows(g.batch, g.inSpatial, g.kernel, g.strides, g.outSpatial, g.padBefore, g.inChannels);
}

function poolWindows(g: PoolGeometry): Windows {
  return new Windows(g.batch, g.inSpatial, g.pool, g.strides, g.outSpatial, g.padBefore, g.channels);
}

/** cols[rows × cols]: each row is one output position's receptive field, ordered (kernel axes…, inChannels) — the row-major flattening of a Keras kernel of shape [...kernel, inChannels, filters], so `matmul(cols, kernel)` is the convolution. Out-of-bounds (padding) taps are 0. */
export function im2col(input: Float32Array, g: ConvGeometry, cols: Float32Array): void {
  const windows = convWindows(g);
  const { offsets, taps } = windows;
  const channels = g.inChannels;
  let dst = 0;
  for (let position = 0; position < windows.positions; position++) {
    windows.at(position);
    for (let t = 0; t < taps; t++, dst += channels) {
      const src = offsets[t];
      if (src < 0) cols.fill(0, dst, dst + channels);
      else for (let c = 0; c < channels; c++) cols[dst + c] = input[src + c];
    }
  }
}

/** The adjoint of im2col: scatters-adds cols back into dInput (dInput is zeroed first). */
export function col2im(cols: Float32Array, g: ConvGeometry, dInput: Float32Array): void {
  const windows = convWindows(g);
  const { offsets, taps } = windows;
  const channels = g.inChannels;
  dInput.fill(0);
  let src = 0;
  for (let position = 0; position < windows.positions; position++) {
    windows.at(position);
    for (let t = 0; t < taps; t++, src += channels) {
      const dst = offsets[t];
      if (dst >= 0) for (let c = 0; c < channels; c++) dInput[dst + c] += cols[src + c];
    }
  }
}

/** argmax = flat input index of the max per output element. Padding never wins, as in TensorFlow. */
export function maxPoolForward(input: Float32Array, g: PoolGeometry, out: Float32Array, argmax: Int32Array): void {
  const windows = poolWindows(g);
  const { offsets, taps } = windows;
  const channels = g.channels;
  for (let position = 0, o = 0; position < windows.positions; position++, o += channels) {
    windows.at(position);
    out.fill(-Infinity, o, o + channels);
    argmax.fill(-1, o, o + channels);
    for (let t = 0; t < taps; t++) {
      const src = offsets[t];
      if (src < 0) continue;
      for (let c = 0; c < channels; c++) {
        const value = input[src + c];
        if (value > out[o + c] || argmax[o + c] < 0) {
          out[o + c] = value;
          argmax[o + c] = src + c;
        }
      }
    }
  }
}

/** Zeroes dInput and routes each dOut to its argmax. */
export function maxPoolBackward(dOut: Float32Array, argmax: Int32Array, dInput: Float32Array): void {
  dInput.fill(0);
  for (let o = 0; o < dOut.length; o++) {
    const src = argmax[o];
    if (src >= 0) dInput[src] += dOut[o];
  }
}

/** Average over in-bounds elements only (TensorFlow's 'same' average pooling excludes padding from the count). */
export function avgPoolForward(input: Float32Array, g: PoolGeometry, out: Float32Array): void {
  const windows = poolWindows(g);
  const { offsets, taps } = windows;
  const channels = g.channels;
  for (let position = 0, o = 0; position < windows.positions; position++, o += channels) {
    windows.at(position);
    out.fill(0, o, o + channels);
    let count = 0;
    for (let t = 0; t < taps; t++) {
      const src = offsets[t];
      if (src < 0) continue;
      count++;
      for (let c = 0; c < channels; c++) out[o + c] += input[src + c];
    }
    const scale = count > 0 ? 1 / count : 0;
    for (let c = 0; c < channels; c++) out[o + c] *= scale;
  }
}

/** Spreads each dOut evenly over its window's in-bounds elements (dInput is zeroed first). */
export function avgPoolBackward(dOut: Float32Array, g: PoolGeometry, dInput: Float32Array): void {
  const windows = poolWindows(g);
  const { offsets, taps } = windows;
  const channels = g.channels;
  dInput.fill(0);
  for (let position = 0, o = 0; position < windows.positions; position++, o += channels) {
    windows.at(position);
    let count = 0;
    for (let t = 0; t < taps; t++) if (offsets[t] >= 0) count++;
    if (count === 0) continue;
    const scale = 1 / count;
    for (let t = 0; t < taps; t++) {
      const dst = offsets[t];
      if (dst >= 0) for (let c = 0; c < channels; c++) dInput[dst + c] += dOut[o + c] * scale;
    }
  }
}

/** Depthwise convolution with depth multiplier 1: kernel shape [...kernel, channels, 1]; out channels = in channels. */
export function depthwiseForward(input: Float32Array, kernel: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const windows = convWindows(g);
  const { offsets, taps } = windows;
  const channels = g.inChannels;
  for (let position = 0, o = 0; position < windows.positions; position++, o += channels) {
    windows.at(position);
    // Channels outer, taps inner: four sums stay in registers instead of a store per tap.
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0, w = c; t < taps; t++, w += channels) {
        const src = offsets[t] + c;
        if (src < c) continue;
        s0 += input[src] * kernel[w]; s1 += input[src + 1] * kernel[w + 1];
        s2 += input[src + 2] * kernel[w + 2]; s3 += input[src + 3] * kernel[w + 3];
      }
      out[o + c] = s0; out[o + c + 1] = s1; out[o + c + 2] = s2; out[o + c + 3] = s3;
    }
    for (; c < channels; c++) {
      let sum = 0;
      for (let t = 0, w = c; t < taps; t++, w += channels) {
        const src = offsets[t];
        if (src >= 0) sum += input[src + c] * kernel[w];
      }
      out[o + c] = sum;
    }
  }
}

/** Gradients of depthwiseForward with respect to its input and its kernel (both zeroed first). */
export function depthwiseBackward(input: Float32Array, kernel: Float32Array, dOut: Float32Array, g: ConvGeometry, dInput: Float32Array, dKernel: Float32Array): void {
  const windows = convWindows(g);
  const { offsets, taps } = windows;
  const channels = g.inChannels;
  dInput.fill(0);
  dKernel.fill(0);
  for (let position = 0, o = 0; position < windows.positions; position++, o += channels) {
    windows.at(position);
    for (let t = 0, w = 0; t < taps; t++, w += channels) {
      const src = offsets[t];
      if (src < 0) continue;
      for (let c = 0; c < channels; c++) {
        const grad = dOut[o + c];
        dInput[src + c] += grad * kernel[w + c];
        dKernel[w + c] += grad * input[src + c];
      }
    }
  }
}
