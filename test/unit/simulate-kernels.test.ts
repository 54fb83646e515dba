// Numeric kernels against references written by definition: triple-loop products, and
// windowed ops over explicit multi-indices (no 3-D lifting, unlike the kernels), on seeded
// random shapes with remainders, strides 1 and 2, 'same' and 'valid', 1-D to 3-D.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import {
  avgPoolBackward, avgPoolForward, col2im, convGeometry, depthwiseBackward, depthwiseForward, im2col, matmul,
  matmulTransposeA, matmulTransposeB, maxPoolBackward, maxPoolForward, outputAxis, poolGeometry, type Padding,
} from '../../src/core/simulate/kernels';
import { inBoundsTaps } from '../../src/core/simulate/geometry';

const rng = seedrandom('simulate-kernels');
const int = (low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
const randomArray = (length: number) => Float32Array.from({ length }, () => 2 * rng() - 1);
const product = (values: number[]) => values.reduce((result, value) => result * value, 1);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-4 * (1 + Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) assert.fail(`${label}: [${i}] = ${actual[i]}, expected ${expected[i]}`);
  }
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

describe('matrix products', () => {
  // Around the 8×8 blocking: below, at and above a block, and ragged in every dimension.
  const sizes = [1, 3, 7, 8, 9, 16, 17, 30];
  const shapes: [number, number, number][] = [];
  for (let i = 0; i < 40; i++) shapes.push([sizes[int(0, sizes.length - 1)], sizes[int(0, sizes.length - 1)], sizes[int(0, sizes.length - 1)]]);
  shapes.push([64, 65, 33], [8, 8, 8], [1, 1, 1]);

  it('matmul: out = a · b', () => {
    for (const [m, k, n] of shapes) {
      const a = randomArray(m * k), b = randomArray(k * n);
      const expected = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) expected[i * n + j] += a[i * k + p] * b[p * n + j];
      const out = new Float32Array(m * n).fill(NaN);
      matmul(a, b, out, m, k, n);
      assertClose(out, expected, `matmul ${m}×${k}×${n}`);
    }
  });

  it('matmulTransposeA: out = aᵀ · b', () => {
    for (const [m, k, n] of shapes) {
      const a = randomArray(m * k), b = randomArray(m * n);
      const expected = new Float64Array(k * n);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) expected[p * n + j] += a[i * k + p] * b[i * n + j];
      const out = new Float32Array(k * n).fill(NaN);
      matmulTransposeA(a, b, out, m, k, n);
      assertClose(out, expected, `matmulTransposeA ${m}×${k}×${n}`);
    }
  });

  it('matmulTransposeB: out = a · bᵀ, also after a larger call', () => {
    for (const [m, k, n] of [[40, 50, 60] as const, ...shapes]) {
      const a = randomArray(m * n), b = randomArray(k * n);
      const expected = new Float64Array(m * k);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) expected[i * k + p] += a[i * n + j] * b[p * n + j];
      const out = new Float32Array(m * k).fill(NaN);
      matmulTransposeB(a, b, out, m, k, n);
      assertClose(out, expected, `matmulTransposeB ${m}×${k}×${n}`);
    }
  });
});

describe('geometry', () => {
  it('convolution output sizes and padding as TensorFlow computes them', () => {
    const cases: [number, number, number, Padding, number, number][] = [
      // in, kernel, stride, padding → out, padBefore
      [28, 3, 2, 'same', 14, 0],
      [28, 3, 2, 'valid', 13, 0],
      [5, 3, 2, 'same', 3, 1],
      [224, 7, 2, 'same', 112, 2], // ResNet stem: pads 2 before, 3 after
      [7, 4, 1, 'same', 7, 1], // odd total padding: the extra goes after
      [32, 3, 1, 'same', 32, 1],
      [32, 3, 1, 'valid', 30, 0],
      [6, 3, 3, 'valid', 2, 0],
      [1, 3, 1, 'same', 1, 1],
      [4, 1, 2, 'same', 2, 0],
    ];
    for (const [size, kernel, stride, padding, out, padBefore] of cases) {
      const g = convGeometry(1, [size], 1, [kernel], [stride], padding);
      assert.deepEqual([g.outSpatial, g.padBefore], [[out], [padBefore]], `in ${size}, k ${kernel}, s ${stride}, ${padding}`);
    }
  });

  it('per-axis rules, and the im2col matrix size', () => {
    const g = convGeometry(4, [28, 5, 9], 3, [3, 3, 2], [2, 2, 1], 'same');
    assert.deepEqual(g.outSpatial, [14, 3, 9]);
    assert.deepEqual(g.padBefore, [0, 1, 0]);
    assert.equal(g.rows, 4 * 14 * 3 * 9);
    assert.equal(g.cols, 3 * 3 * 2 * 3);
  });

  it('in-bounds taps in closed form equal the count output by output, on small and huge axes', () => {
    const rng = seedrandom('taps');
    for (let i = 0; i < 2000; i++) {
      const size = 1 + Math.floor(rng() * 40);
      const window = 1 + Math.floor(rng() * 9);
      const stride = 1 + Math.floor(rng() * 4);
      const padding: Padding = rng() < 0.5 ? 'same' : 'valid';
      if (padding === 'valid' && window > size) continue;
      const { out, padBefore } = outputAxis(size, window, stride, padding);
      let counted = 0;
      for (let o = 0; o < out; o++) counted += Math.min(size, o * stride - padBefore + window) - Math.max(0, o * stride - padBefore);
      assert.deepEqual(inBoundsTaps(size, window, stride, padding), { outputs: out, taps: counted }, `size ${size}, window ${window}, stride ${stride}, ${padding}`);
    }
    // A 10¹⁰-wide axis (fuzz seed 31337: the loop took 57 s) is counted without visiting it.
    assert.equal(inBoundsTaps(1e10, 3, 1, 'same').taps, 3e10 - 2);
  });

  it('pooling follows the same rules', () => {
    const same = poolGeometry(2, [112, 112], 64, [3, 3], [2, 2], 'same');
    assert.deepEqual([same.outSpatial, same.padBefore], [[56, 56], [0, 0]]);
    const valid = poolGeometry(2, [7, 7], 8, [2, 2], [2, 2], 'valid');
    assert.deepEqual([valid.outSpatial, valid.padBefore], [[3, 3], [0, 0]]);
    const odd = poolGeometry(1, [5], 1, [3], [2], 'same');
    assert.deepEqual([odd.outSpatial, odd.padBefore], [[3], [1]]);
  });
});

// ── References by definition ────────────────────────────────────────────────────────────

interface Case { batch: number; inSpatial: number[]; channels: number; window: number[]; strides: number[]; padding: Padding; filters: number }

function randomCase(dims: number): Case {
  const padding: Padding = rng() < 0.5 ? 'same' : 'valid';
  const window = Array.from({ length: dims }, () => int(1, dims === 3 ? 3 : 4));
  return {
    batch: int(1, 3),
    inSpatial: window.map((w) => int(padding === 'valid' ? w : 1, dims === 3 ? 6 : 9)),
    channels: int(1, 5),
    window,
    strides: window.map(() => int(1, 2)),
    padding,
    filters: int(1, 4),
  };
}

function describeCase(c: Case): string {
  return `in ${c.inSpatial.join('×')}×${c.channels}, window ${c.window.join('×')}, strides ${c.strides.join('×')}, ${c.padding}`;
}

/** TensorFlow's output length and leading padding, written out again for the reference. */
function referenceAxis(size: number, window: number, stride: number, padding: Padding): [number, number] {
  if (padding === 'valid') return [Math.ceil((size - window + 1) / stride), 0];
  const out = Math.ceil(size / stride);
  return [out, Math.floor(Math.max((out - 1) * stride + window - size, 0) / 2)];
}

function unravel(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

function ravel(index: number[], shape: number[]): number {
  return index.reduce((flat, value, axis) => flat * shape[axis] + value, 0);
}

/**
 * Calls visit(outSite, tap, inSite) for every output site (batch and spatial position),
 * every window tap and the input site it reads, −1 where the tap falls in padding.
 */
function eachTap(c: Case, visit: (outSite: number, tap: number, inSite: number) => void): number[] {
  const axes = c.inSpatial.map((size, axis) => referenceAxis(size, c.window[axis], c.strides[axis], c.padding));
  const outSpatial = axes.map(([out]) => out);
  const outShape = [c.batch, ...outSpatial];
  for (let outSite = 0; outSite < product(outShape); outSite++) {
    const [b, ...position] = unravel(outSite, outShape);
    for (let tap = 0; tap < product(c.window); tap++) {
      const offset = unravel(tap, c.window);
      const source = position.map((o, axis) => o * c.strides[axis] - axes[axis][1] + offset[axis]);
      const inside = source.every((value, axis) => value >= 0 && value < c.inSpatial[axis]);
      visit(outSite, tap, inside ? ravel([b, ...source], [c.batch, ...c.inSpatial]) : -1);
    }
  }
  return outSpatial;
}

function outSites(c: Case): number {
  return c.batch * product(c.inSpatial.map((size, axis) => referenceAxis(size, c.window[axis], c.strides[axis], c.padding)[0]));
}

const inLength = (c: Case) => c.batch * product(c.inSpatial) * c.channels;
const cases = [1, 2, 3].flatMap((dims) => Array.from({ length: 12 }, () => randomCase(dims)));
const geometryOf = (c: Case) => convGeometry(c.batch, c.inSpatial, c.channels, c.window, c.strides, c.padding);
const poolOf = (c: Case) => poolGeometry(c.batch, c.inSpatial, c.channels, c.window, c.strides, c.padding);

describe('convolution as im2col + matmul', () => {
  for (const dims of [1, 2, 3]) {
    it(`${dims}-D: matmul(im2col(x), kernel) is the direct convolution`, () => {
      for (const c of cases.filter((each) => each.inSpatial.length === dims)) {
        const { channels: C, filters: F } = c;
        const x = randomArray(inLength(c));
        const kernel = randomArray(product(c.window) * C * F); // [...window, C, F]
        const expected = new Float64Array(outSites(c) * F);
        const outSpatial = eachTap(c, (outSite, tap, inSite) => {
          if (inSite < 0) return;
          for (let f = 0; f < F; f++) {
            for (let ch = 0; ch < C; ch++) expected[outSite * F + f] += x[inSite * C + ch] * kernel[ravel([tap, ch, f], [product(c.window), C, F])];
          }
        });
        const g = geometryOf(c);
        assert.deepEqual(g.outSpatial, outSpatial, describeCase(c));
        const cols = new Float32Array(g.rows * g.cols).fill(NaN);
        im2col(x, g, cols);
        const out = new Float32Array(g.rows * F);
        matmul(cols, kernel, out, g.rows, g.cols, F);
        assertClose(out, expected, describeCase(c));
      }
    });
  }

  it('col2im is the adjoint of im2col: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩', () => {
    for (const c of cases) {
      const g = geometryOf(c);
      const x = randomArray(inLength(c));
      const y = randomArray(g.rows * g.cols);
      const cols = new Float32Array(g.rows * g.cols);
      im2col(x, g, cols);
      const back = new Float32Array(x.length).fill(NaN);
      col2im(y, g, back);
      const left = dot(cols, y), right = dot(x, back);
      assert.ok(Math.abs(left - right) <= 1e-4 * (1 + Math.abs(left)), `${describeCase(c)}: ${left} vs ${right}`);
    }
  });
});

describe('pooling', () => {
  it('max pooling: values and the flat input index of each maximum', () => {
    for (const c of cases) {
      const C = c.channels;
      const x = randomArray(inLength(c));
      const expected = new Float64Array(outSites(c) * C).fill(-Infinity);
      const expectedArgmax = new Array<number>(expected.length).fill(-1);
      eachTap(c, (outSite, _tap, inSite) => {
        if (inSite < 0) return;
        for (let ch = 0; ch < C; ch++) {
          if (x[inSite * C + ch] > expected[outSite * C + ch]) {
            expected[outSite * C + ch] = x[inSite * C + ch];
            expectedArgmax[outSite * C + ch] = inSite * C + ch;
          }
        }
      });
      const out = new Float32Array(expected.length).fill(NaN);
      const argmax = new Int32Array(expected.length);
      maxPoolForward(x, poolOf(c), out, argmax);
      assertClose(out, expected, describeCase(c));
      assert.deepEqual(Array.from(argmax), expectedArgmax, describeCase(c));

      const dOut = randomArray(out.length);
      const expectedBack = new Float64Array(x.length);
      expectedArgmax.forEach((source, o) => { expectedBack[source] += dOut[o]; });
      const dInput = new Float32Array(x.length).fill(NaN);
      maxPoolBackward(dOut, argmax, dInput);
      assertClose(dInput, expectedBack, describeCase(c));
    }
  });

  it("max pooling: 'same' padding never wins over negative inputs", () => {
    const g = poolGeometry(1, [3, 3], 1, [2, 2], [2, 2], 'same');
    const x = Float32Array.from([-9, -8, -7, -6, -5, -4, -3, -2, -1]);
    const out = new Float32Array(4);
    const argmax = new Int32Array(4);
    maxPoolForward(x, g, out, argmax);
    assert.deepEqual(Array.from(out), [-5, -4, -2, -1]);
    assert.deepEqual(Array.from(argmax), [4, 5, 7, 8]);
  });

  it('average pooling counts only in-bounds elements, forward and backward', () => {
    for (const c of cases) {
      const C = c.channels;
      const x = randomArray(inLength(c));
      const sums = new Float64Array(outSites(c) * C);
      const counts = new Float64Array(outSites(c));
      eachTap(c, (outSite, _tap, inSite) => {
        if (inSite < 0) return;
        counts[outSite]++;
        for (let ch = 0; ch < C; ch++) sums[outSite * C + ch] += x[inSite * C + ch];
      });
      const expected = sums.map((sum, o) => sum / counts[Math.floor(o / C)]);
      const g = poolOf(c);
      const out = new Float32Array(expected.length).fill(NaN);
      avgPoolForward(x, g, out);
      assertClose(out, expected, describeCase(c));

      const dOut = randomArray(out.length);
      const expectedBack = new Float64Array(x.length);
      eachTap(c, (outSite, _tap, inSite) => {
        if (inSite < 0) return;
        for (let ch = 0; ch < C; ch++) expectedBack[inSite * C + ch] += dOut[outSite * C + ch] / counts[outSite];
      });
      const dInput = new Float32Array(x.length).fill(NaN);
      avgPoolBackward(dOut, g, dInput);
      assertClose(dInput, expectedBack, describeCase(c));
    }
  });

  it("'same' average pooling at a corner averages the in-bounds elements only", () => {
    const g = poolGeometry(1, [3, 3], 1, [2, 2], [2, 2], 'same');
    const out = new Float32Array(4);
    avgPoolForward(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), g, out);
    assert.deepEqual(Array.from(out), [3, 4.5, 7.5, 9]);
  });
});

describe('depthwise convolution', () => {
  it('forward, and the gradients with respect to input and kernel', () => {
    for (const c of cases) {
      const C = c.channels;
      const x = randomArray(inLength(c));
      const kernel = randomArray(product(c.window) * C); // [...window, C, 1]
      const expected = new Float64Array(outSites(c) * C);
      eachTap(c, (outSite, tap, inSite) => {
        if (inSite < 0) return;
        for (let ch = 0; ch < C; ch++) expected[outSite * C + ch] += x[inSite * C + ch] * kernel[tap * C + ch];
      });
      const g = geometryOf(c);
      const out = new Float32Array(expected.length).fill(NaN);
      depthwiseForward(x, kernel, g, out);
      assertClose(out, expected, describeCase(c));

      const dOut = randomArray(out.length);
      const expectedInput = new Float64Array(x.length);
      const expectedKernel = new Float64Array(kernel.length);
      eachTap(c, (outSite, tap, inSite) => {
        if (inSite < 0) return;
        for (let ch = 0; ch < C; ch++) {
          expectedInput[inSite * C + ch] += dOut[outSite * C + ch] * kernel[tap * C + ch];
          expectedKernel[tap * C + ch] += dOut[outSite * C + ch] * x[inSite * C + ch];
        }
      });
      const dInput = new Float32Array(x.length).fill(NaN);
      const dKernel = new Float32Array(kernel.length).fill(NaN);
      depthwiseBackward(x, kernel, dOut, g, dInput, dKernel);
      assertClose(dInput, expectedInput, `${describeCase(c)}: dInput`);
      assertClose(dKernel, expectedKernel, `${describeCase(c)}: dKernel`);
    }
  });
});
