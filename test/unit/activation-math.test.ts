// Activation math for the gradient-flow simulator, checked against oracles that share no code
// with it: reference values computed with mpmath at 30 digits, a composite Simpson integrator
// written here, central finite differences, and seeded Monte Carlo.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import type { ActivationName } from '../../src/core/catalog/activations';
import type { Framework } from '../../src/core/ir';
import {
  applyActivation,
  backpropActivation,
  gaussianMoments,
  maxOfGaussiansMoments,
  scalarActivation,
  softmaxBackward,
  softmaxMoments,
  computeSoftmaxMoments,
  softmaxRows,
  type SimActivation,
} from '../../src/core/simulate/activation-math';
import { erf, erfc, gaussHermite, gaussianExpectation, normalCdf, normalPdf } from '../../src/core/simulate/quadrature';

const ELEMENTWISE: ActivationName[] = [
  'linear', 'relu', 'relu6', 'leaky_relu', 'elu', 'gelu', 'silu', 'swish', 'mish', 'hard_silu', 'hard_swish',
  'tanh', 'sigmoid', 'hard_sigmoid', 'softsign', 'selu', 'softplus', 'exponential',
];
const FRAMEWORKS: Framework[] = ['keras', 'tfjs', 'torch'];

/** Where φ or φ' is not smooth, per activation and framework. */
function kinksOf(act: SimActivation): number[] {
  switch (act.name) {
    case 'relu': case 'leaky_relu': case 'elu': case 'selu': case 'softsign':
      return [0];
    case 'relu6':
      return [0, 6];
    case 'hard_sigmoid':
      return act.framework === 'tfjs' ? [-2.5, 2.5] : [-3, 3];
    case 'hard_silu': case 'hard_swish':
      return [-3, 3];
    default:
      return [];
  }
}

function assertClose(actual: number, expected: number, relative: number, label: string, absolute = 0): void {
  const error = Math.abs(actual - expected);
  assert.ok(error <= relative * Math.abs(expected) + absolute, `${label}: ${actual} vs ${expected} (error ${error.toExponential(2)})`);
}

/**
 * Composite Simpson on [a, b] with n (even) intervals. The ends are sampled just inside, so at a
 * kink each piece sees its own one-sided value rather than the framework's choice at the kink.
 */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let sum = f(a + 1e-12 * h) + f(b - 1e-12 * h);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * ∫ g(mean + sd·z)·w(z) dz over z ∈ [−span, span] by Simpson with steps of ~1e-3, split at the
 * kinks so every piece is smooth. w defaults to the standard normal density.
 */
function fineGrid(g: (h: number) => number, mean: number, variance: number, kinks: number[], w: (z: number) => number = normalPdf, span = 14): number {
  const sd = Math.sqrt(variance);
  const cuts = [-span, ...kinks.map((k) => (k - mean) / sd).filter((z) => z > -span && z < span).sort((p, q) => p - q), span];
  let total = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const n = 2 * Math.max(2, Math.ceil((cuts[i + 1] - cuts[i]) / 2e-3));
    total += simpson((z) => g(mean + sd * z) * w(z), cuts[i], cuts[i + 1], n);
  }
  return total;
}

function gridMoments(act: SimActivation, mean: number, variance: number, w?: (z: number) => number) {
  const phi = scalarActivation(act);
  const kinks = kinksOf(act);
  return {
    mean: fineGrid(phi.forward, mean, variance, kinks, w),
    secondMoment: fineGrid((h) => phi.forward(h) ** 2, mean, variance, kinks, w),
    derivativeSecondMoment: fineGrid((h) => phi.derivative(h) ** 2, mean, variance, kinks, w),
  };
}

/** Standard normal deviates from a seeded generator (Box–Muller). */
function normals(rng: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = 2 * Math.PI * rng();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

describe('quadrature', () => {
  it('Gauss–Hermite integrates x^d exactly for d ≤ 2n − 1, and Σw = √π', () => {
    for (const n of [1, 2, 3, 8, 20, 64]) {
      const { nodes, weights } = gaussHermite(n);
      assert.equal(nodes.length, n);
      assertClose(weights.reduce((s, w) => s + w, 0), Math.sqrt(Math.PI), 1e-14, `Σw, n = ${n}`);
      let evenMoment = Math.sqrt(Math.PI); // ∫ e^{−x²} x^{2j} dx = Γ(j + ½)
      for (let d = 0; d <= 2 * n - 1; d++) {
        let sum = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          sum += weights[i] * nodes[i] ** d;
          scale += weights[i] * Math.abs(nodes[i]) ** d;
        }
        if (d % 2 === 1) assertClose(sum, 0, 0, `odd degree ${d}, n = ${n}`, 1e-13 * scale);
        else {
          assertClose(sum, evenMoment, 1e-11, `degree ${d}, n = ${n}`);
          evenMoment *= (d + 1) / 2;
        }
      }
    }
  });

  it('gaussianExpectation: E[Z²] = mean² + variance, and f(mean) at variance 0', () => {
    for (const [mean, variance] of [[0, 1], [1.5, 0.25], [-3, 7], [0.2, 1e-6]]) {
      assertClose(gaussianExpectation((x) => x * x, mean, variance), mean * mean + variance, 1e-13, `${mean}, ${variance}`);
    }
    assert.equal(gaussianExpectation(Math.exp, 2, 0), Math.exp(2));
    assertClose(gaussianExpectation(Math.exp, 0.5, 2, 32), Math.exp(0.5 + 1), 1e-9, 'E[e^Z] = e^{μ + σ²/2}');
  });

  it('normalCdf, erf and erfc match mpmath in the centre and far in the tails', () => {
    assert.equal(normalCdf(0), 0.5);
    const cdf: [number, number][] = [[1.96, 0.9750021048517795], [-5, 2.866515718791939e-7], [-10, 7.619853024160525e-24], [-30, 4.906713927148187e-198]];
    for (const [x, expected] of cdf) assertClose(normalCdf(x), expected, 1e-12, `Φ(${x})`);
    const erfs: [number, number][] = [[0.1, 0.1124629160182849], [1, 0.8427007929497149], [2.5, 0.999593047982555]];
    for (const [x, expected] of erfs) {
      assertClose(erf(x), expected, 1e-14, `erf(${x})`);
      assertClose(erf(-x), -expected, 1e-14, `erf(${-x})`);
    }
    assertClose(erfc(5), 1.5374597944280349e-12, 1e-13, 'erfc(5)');
    assertClose(erfc(20), 5.395865611607901e-176, 1e-13, 'erfc(20)');
    assertClose(normalPdf(1), Math.exp(-0.5) / Math.sqrt(2 * Math.PI), 1e-15, 'φ(1)');
  });

  it('rejects sizes it cannot build', () => {
    assert.throws(() => gaussHermite(0), /n must be an integer/);
    assert.throws(() => gaussHermite(2.5), /received 2.5/);
    assert.throws(() => gaussianExpectation((x) => x, 0, -1), /variance must be ≥ 0/);
  });
});

describe('activation functions', () => {
  it('match reference values and each framework’s definitions and defaults', () => {
    const at = (name: ActivationName, x: number, framework: Framework = 'keras', extra: Partial<SimActivation> = {}) =>
      scalarActivation({ name, framework, ...extra }).forward(x);
    assertClose(at('gelu', 1), 0.8413447460685429, 1e-14, 'gelu(1), exact erf form');
    assertClose(at('gelu', -2), -0.04550026389635842, 1e-13, 'gelu(−2)');
    assertClose(at('selu', -1), -1.1113307378125628, 1e-15, 'selu(−1)');
    assertClose(at('mish', 1), 0.8650983882673103, 1e-15, 'mish(1)');
    assertClose(at('silu', 1), 0.7310585786300049, 1e-15, 'silu(1)');
    assertClose(at('softplus', -50), 1.9287498479639178e-22, 1e-15, 'softplus(−50) without underflow');
    assertClose(at('softplus', 2), 2.1269280110429727, 1e-15, 'softplus(2)');
    assert.equal(at('softplus', 800), 800);
    assert.equal(at('sigmoid', -800), 0);
    // Keras 3 and PyTorch: relu6(x + 3)/6; TF.js: clip(0.2x + 0.5, 0, 1).
    assertClose(at('hard_sigmoid', 1), 4 / 6, 1e-15, 'Keras hard_sigmoid(1)');
    assertClose(at('hard_sigmoid', 1, 'torch'), 4 / 6, 1e-15, 'PyTorch hardsigmoid(1)');
    assertClose(at('hard_sigmoid', 1, 'tfjs'), 0.7, 1e-15, 'TF.js hardSigmoid(1)');
    assert.equal(at('hard_sigmoid', 2.8, 'tfjs'), 1);
    assertClose(at('hard_silu', 1), 2 / 3, 1e-15, 'hard_silu(1)');
    // leaky_relu as an activation function: 0.2 in Keras and TF.js, 0.01 in PyTorch; a layer's slope wins.
    assertClose(at('leaky_relu', -1), -0.2, 1e-15, 'Keras leaky_relu');
    assertClose(at('leaky_relu', -1, 'tfjs'), -0.2, 1e-15, 'tf.leakyRelu');
    assertClose(at('leaky_relu', -1, 'torch'), -0.01, 1e-15, 'F.leaky_relu');
    assertClose(at('leaky_relu', -1, 'keras', { negativeSlope: 0.3 }), -0.3, 1e-15, 'LeakyReLU layer');
    assertClose(at('elu', -1, 'torch', { alpha: 0.5 }), 0.5 * Math.expm1(-1), 1e-15, 'elu alpha');
    assert.equal(at('relu6', 7), 6);
    assert.equal(at('softsign', -3), -0.75);
    assert.equal(at('exponential', 0), 1);
  });

  it('derivatives agree with central finite differences away from kinks', () => {
    const xs: number[] = [];
    for (let x = -7.9; x <= 7.9; x += 0.37) xs.push(x);
    for (const framework of FRAMEWORKS) {
      for (const name of ELEMENTWISE) {
        const act = { name, framework };
        const { forward, derivative } = scalarActivation(act);
        const kinks = kinksOf(act);
        for (const x of xs) {
          if (kinks.some((k) => Math.abs(x - k) < 1e-3)) continue;
          const h = 1e-5;
          const numeric = (forward(x + h) - forward(x - h)) / (2 * h);
          assertClose(derivative(x), numeric, 1e-7, `${framework} ${name}'(${x.toFixed(2)})`, 1e-8);
        }
      }
    }
  });

  it('take each framework’s value at kinks', () => {
    const d = (name: ActivationName, x: number, framework: Framework = 'keras') => scalarActivation({ name, framework }).derivative(x);
    assert.equal(d('relu', 0), 0);
    assert.equal(d('leaky_relu', 0), 0.2);
    assert.equal(d('elu', 0), 1);
    assert.equal(d('relu6', 6), 0);
    assert.equal(d('relu6', 6, 'tfjs'), 1); // TF.js masks x ≤ 6
    assert.equal(d('selu', 0), 1.0507009873554805); // TF's SeluGrad tests y < 0
    assertClose(d('selu', 0, 'tfjs'), 1.0507009873554805 * 1.6732632423543772, 1e-15, 'TF.js selu′(0)');
    assert.equal(d('hard_sigmoid', 3), 0);
    assert.equal(d('hard_sigmoid', 2.5, 'tfjs'), 0.2); // TF.js's clip gradient includes the ends
    assert.equal(d('hard_silu', 3), 1);
    assert.equal(d('hard_silu', 3, 'torch'), 1.5);
  });

  it('buffer forward and backward passes agree with the scalar functions', () => {
    const rng = seedrandom('activation buffers');
    const n = 257;
    const pre = new Float32Array(n);
    const dOut = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      pre[i] = 8 * (rng() - 0.5);
      dOut[i] = 2 * rng() - 1;
    }
    for (const framework of FRAMEWORKS) {
      for (const name of ELEMENTWISE) {
        const act = { name, framework };
        const { forward, derivative } = scalarActivation(act);
        const out = new Float32Array(n);
        const dPre = new Float32Array(n);
        applyActivation(act, pre, out);
        backpropActivation(act, pre, dOut, dPre);
        for (let i = 0; i < n; i++) {
          // === rather than Object.is: the ReLU fast path writes 0 where 0·(−g) is −0.
          assert.ok(out[i] === Math.fround(forward(pre[i])), `${framework} ${name}(${pre[i]})`);
          assert.ok(dPre[i] === Math.fround(derivative(pre[i]) * dOut[i]), `${framework} ${name}' at ${pre[i]}`);
        }
      }
    }
  });

  it('softmax and log_softmax are not elementwise', () => {
    for (const name of ['softmax', 'log_softmax'] as const) {
      assert.throws(() => scalarActivation({ name, framework: 'keras' }), /not elementwise/);
      assert.throws(() => applyActivation({ name, framework: 'keras' }, new Float32Array(2), new Float32Array(2)), /not elementwise/);
      assert.throws(() => gaussianMoments({ name, framework: 'keras' }, 0, 1), /not elementwise/);
      assert.throws(() => maxOfGaussiansMoments({ name, framework: 'keras' }, 0, 1, 4), /not elementwise/);
    }
  });
});

describe('softmax rows', () => {
  const rows = 5;
  const cols = 7;
  const rng = seedrandom('softmax rows');
  const pre = new Float32Array(rows * cols).map(() => 6 * (rng() - 0.5));
  pre[3] = 95; // a large logit: stable without overflow
  const dOut = new Float32Array(rows * cols).map(() => 2 * rng() - 1);

  it('each row sums to 1', () => {
    const out = new Float32Array(rows * cols);
    softmaxRows(pre, out, rows, cols);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        assert.ok(out[r * cols + c] >= 0 && Number.isFinite(out[r * cols + c]));
        sum += out[r * cols + c];
      }
      assertClose(sum, 1, 1e-6, `row ${r}`);
    }
  });

  it('backward matches finite differences of L = Σ y ⊙ dOut', () => {
    const out = new Float32Array(rows * cols);
    const dPre = new Float32Array(rows * cols);
    softmaxRows(pre, out, rows, cols);
    softmaxBackward(out, dOut, dPre, rows, cols);
    const loss = (logits: Float32Array) => {
      const y = new Float32Array(rows * cols);
      softmaxRows(logits, y, rows, cols);
      let total = 0;
      for (let i = 0; i < y.length; i++) total += y[i] * dOut[i];
      return total;
    };
    const h = 1e-2;
    for (let i = 0; i < pre.length; i++) {
      const plus = Float32Array.from(pre);
      const minus = Float32Array.from(pre);
      plus[i] += h;
      minus[i] -= h;
      const numeric = (loss(plus) - loss(minus)) / (2 * h);
      assertClose(dPre[i], numeric, 2e-3, `∂L/∂pre[${i}]`, 2e-5);
    }
  });
});

describe('gaussianMoments', () => {
  it('closed forms at mean 0: relu, leaky_relu, linear', () => {
    for (const variance of [0.01, 1, 37]) {
      const relu = gaussianMoments({ name: 'relu', framework: 'keras' }, 0, variance);
      assertClose(relu.secondMoment, variance / 2, 1e-15, 'relu E[φ²]');
      assertClose(relu.derivativeSecondMoment, 0.5, 1e-15, 'relu E[φ′²]');
      assertClose(relu.mean, Math.sqrt(variance / (2 * Math.PI)), 1e-15, 'relu E[φ]');
      for (const a of [0.01, 0.2, 0.3]) {
        const leaky = gaussianMoments({ name: 'leaky_relu', framework: 'keras', negativeSlope: a }, 0, variance);
        assertClose(leaky.secondMoment, ((1 + a * a) / 2) * variance, 1e-15, `leaky ${a} E[φ²]`);
        assertClose(leaky.derivativeSecondMoment, (1 + a * a) / 2, 1e-15, `leaky ${a} E[φ′²]`);
      }
      assert.deepEqual(gaussianMoments({ name: 'linear', framework: 'torch' }, 0.5, variance), {
        mean: 0.5,
        secondMoment: 0.25 + variance,
        derivativeSecondMoment: 1,
      });
    }
  });

  it('relu with a non-zero mean agrees with the fine-grid integrator and Gauss–Hermite', () => {
    const act: SimActivation = { name: 'relu', framework: 'keras' };
    for (const [mean, variance] of [[0.7, 1], [-1.3, 0.5], [4, 2], [-6, 1]]) {
      const closed = gaussianMoments(act, mean, variance);
      const grid = gridMoments(act, mean, variance);
      assertClose(closed.mean, grid.mean, 1e-9, `E[φ] ${mean}`, 1e-15);
      assertClose(closed.secondMoment, grid.secondMoment, 1e-9, `E[φ²] ${mean}`, 1e-15);
      assertClose(closed.derivativeSecondMoment, grid.derivativeSecondMoment, 1e-9, `E[φ′²] ${mean}`, 1e-15);
      // Gauss–Hermite converges slowly across a kink; only a loose check.
      assertClose(closed.secondMoment, gaussianExpectation((x) => Math.max(x, 0) ** 2, mean, variance, 256), 1e-3, `GH ${mean}`, 1e-9);
    }
  });

  it('tanh, sigmoid, selu and gelu agree with the fine-grid integrator to 1e-6', () => {
    for (const name of ['tanh', 'sigmoid', 'selu', 'gelu'] as const) {
      for (const [mean, variance] of [[0, 1], [0.4, 0.09], [-0.8, 2.5], [1.5, 9], [0, 30]]) {
        const act = { name, framework: 'keras' as const };
        const got = gaussianMoments(act, mean, variance);
        const want = gridMoments(act, mean, variance);
        const scale = Math.sqrt(want.secondMoment); // E[φ] may sit near 0
        assertClose(got.mean, want.mean, 1e-6, `${name} E[φ] (${mean}, ${variance})`, 1e-6 * scale);
        assertClose(got.secondMoment, want.secondMoment, 1e-6, `${name} E[φ²] (${mean}, ${variance})`);
        assertClose(got.derivativeSecondMoment, want.derivativeSecondMoment, 1e-6, `${name} E[φ′²] (${mean}, ${variance})`);
      }
    }
  });

  it('every elementwise activation in every framework agrees with the fine-grid integrator', () => {
    for (const framework of FRAMEWORKS) {
      for (const name of ELEMENTWISE) {
        for (const [mean, variance] of [[0.3, 0.5], [-1, 4]]) {
          const act = { name, framework };
          const got = gaussianMoments(act, mean, variance);
          const want = gridMoments(act, mean, variance);
          const label = `${framework} ${name} (${mean}, ${variance})`;
          assertClose(got.mean, want.mean, 1e-6, `${label} E[φ]`, 1e-6 * Math.sqrt(want.secondMoment));
          assertClose(got.secondMoment, want.secondMoment, 1e-6, `${label} E[φ²]`);
          assertClose(got.derivativeSecondMoment, want.derivativeSecondMoment, 1e-6, `${label} E[φ′²]`);
        }
      }
    }
  });

  it('selu’s fixed point: mean 0 and variance 1 map to mean 0 and second moment 1', () => {
    const { mean, secondMoment } = gaussianMoments({ name: 'selu', framework: 'keras' }, 0, 1);
    assert.ok(Math.abs(mean) < 1e-3, `E[selu] = ${mean}`);
    assert.ok(Math.abs(secondMoment - 1) < 1e-3, `E[selu²] = ${secondMoment}`);
  });

  it('variance 0 evaluates at the mean; infinite variance stays finite or infinite, never NaN', () => {
    const tanh = gaussianMoments({ name: 'tanh', framework: 'keras' }, 0.5, 0);
    assert.equal(tanh.mean, Math.tanh(0.5));
    assert.equal(tanh.derivativeSecondMoment, (1 - Math.tanh(0.5) ** 2) ** 2);
    const relu = gaussianMoments({ name: 'relu', framework: 'keras' }, 0, Infinity);
    assert.equal(relu.secondMoment, Infinity);
    assert.equal(relu.derivativeSecondMoment, 0.5);
    for (const name of ELEMENTWISE) {
      const m = gaussianMoments({ name, framework: 'keras' }, 0.1, Infinity);
      for (const value of Object.values(m)) assert.ok(!Number.isNaN(value), `${name}: ${JSON.stringify(m)}`);
    }
    assert.throws(() => gaussianMoments({ name: 'relu', framework: 'keras' }, 0, -1), /variance must be ≥ 0; received -1/);
  });

  it('is cheap: 2,000 calls for ReLU and tanh layers', () => {
    const relu: SimActivation = { name: 'relu', framework: 'keras' };
    const tanh: SimActivation = { name: 'tanh', framework: 'keras' };
    gaussianMoments(tanh, 0, 0.5); // builds the cached rules
    const start = performance.now();
    for (let i = 0; i < 2000; i++) {
      gaussianMoments(relu, 0, 1 + i * 1e-3);
      gaussianMoments(tanh, 0, 0.2 + i * 2e-4);
    }
    const elapsed = performance.now() - start;
    assert.ok(elapsed < 200, `${elapsed.toFixed(1)} ms`); // ~5 ms on a laptop; generous for CI
  });
});

describe('maxOfGaussiansMoments', () => {
  it('k = 1 is gaussianMoments', () => {
    for (const name of ELEMENTWISE) {
      const act = { name, framework: 'keras' as const };
      assert.deepEqual(maxOfGaussiansMoments(act, 0.2, 1.7, 1), gaussianMoments(act, 0.2, 1.7));
    }
  });

  it('relu, k = 4, mean 0: the gradient reaches a positive maximum with probability 1 − 2⁻⁴', () => {
    const m = maxOfGaussiansMoments({ name: 'relu', framework: 'keras' }, 0, 2, 4);
    assertClose(m.derivativeSecondMoment, 1 - 2 ** -4, 1e-12, 'E[φ′(h*)²]');
    // E[max(Z₁..Z₄)⁺²] from the density 4·φ·Φ³, by the independent integrator.
    const want = fineGrid((h) => Math.max(h, 0) ** 2, 0, 2, [0], (z) => 4 * normalPdf(z) * normalCdf(z) ** 3);
    assertClose(m.secondMoment, want, 1e-9, 'E[y²]');
  });

  it('linear units: the max of k N(mean, v) is mean + sd·(the max of k standard normals), the shift and scale the analytic estimate applies to pooled linear units', () => {
    const linear = { name: 'linear' as const, framework: 'keras' as const };
    for (const k of [2, 4, 9]) {
      const unit = maxOfGaussiansMoments(linear, 0, 1, k);
      for (const [mean, variance] of [[0.3, 2], [-1.5, 0.01], [4, 1e6], [1e-3, 1e-8]]) {
        const sd = Math.sqrt(variance);
        const got = maxOfGaussiansMoments(linear, mean, variance, k);
        const label = `k ${k}, mean ${mean}, variance ${variance}`;
        assertClose(got.mean, mean + sd * unit.mean, 1e-12, `${label} E[y]`, 1e-15 * sd);
        assertClose(got.secondMoment, mean * mean + 2 * mean * sd * unit.mean + variance * unit.secondMoment, 1e-12, `${label} E[y²]`);
        assertClose(got.derivativeSecondMoment, unit.derivativeSecondMoment, 1e-12, `${label} E[φ′²]`);
      }
    }
  });

  it('monotone activations agree with the max-order-statistic density on the fine grid', () => {
    for (const [name, framework, k] of [['tanh', 'keras', 9], ['relu6', 'tfjs', 4], ['selu', 'torch', 2], ['hard_sigmoid', 'keras', 3]] as const) {
      const act = { name, framework };
      const got = maxOfGaussiansMoments(act, 0.4, 3, k);
      const want = gridMoments(act, 0.4, 3, (z) => k * normalPdf(z) * normalCdf(z) ** (k - 1));
      assertClose(got.mean, want.mean, 1e-8, `${name} E[y]`);
      assertClose(got.secondMoment, want.secondMoment, 1e-8, `${name} E[y²]`);
      assertClose(got.derivativeSecondMoment, want.derivativeSecondMoment, 1e-8, `${name} E[φ′(h*)²]`);
    }
  });

  it('non-monotone activations (the gradient follows the largest φ, not the largest h) agree with seeded Monte Carlo', () => {
    const k = 4;
    const groups = 200_000;
    for (const [name, mean, variance] of [['gelu', -0.5, 1], ['silu', 0, 2], ['hard_silu', -1, 4]] as const) {
      const act = { name, framework: 'keras' as const };
      const { forward, derivative } = scalarActivation(act);
      const z = normals(seedrandom(`max pool ${name}`), groups * k);
      let sumY = 0;
      let sumY2 = 0;
      let sumD2 = 0;
      for (let g = 0; g < groups; g++) {
        let best = -Infinity;
        let slope = 0;
        for (let j = 0; j < k; j++) {
          const h = mean + Math.sqrt(variance) * z[g * k + j];
          const y = forward(h);
          if (y > best) {
            best = y;
            slope = derivative(h);
          }
        }
        sumY += best;
        sumY2 += best * best;
        sumD2 += slope * slope;
      }
      const got = maxOfGaussiansMoments(act, mean, variance, k);
      // 200,000 groups: standard errors ≈ 0.2%; 1% is over 4σ.
      assertClose(got.mean, sumY / groups, 0.01, `${name} E[y]`);
      assertClose(got.secondMoment, sumY2 / groups, 0.01, `${name} E[y²]`);
      assertClose(got.derivativeSecondMoment, sumD2 / groups, 0.01, `${name} E[φ′(h*)²]`);
    }
  });

  it('rejects a non-integer pool size', () => {
    assert.throws(() => maxOfGaussiansMoments({ name: 'relu', framework: 'keras' }, 0, 1, 0), /k must be a positive integer; received 0/);
    assert.throws(() => maxOfGaussiansMoments({ name: 'relu', framework: 'keras' }, 0, 1, 2.5), /received 2.5/);
  });
});

describe('softmaxMoments', () => {
  /** E[y_i²] and E[(∂L/∂h_i)²] / E[dOut²] over seeded logits ~ N(0, variance) and upstream gradients ~ N(0, 1). */
  function monteCarlo(variance: number, classes: number, rows: number) {
    const rng = seedrandom(`softmax ${variance} ${classes}`);
    const logits = normals(rng, rows * classes);
    const dOut = normals(rng, rows * classes);
    const pre = new Float32Array(rows * classes);
    for (let i = 0; i < pre.length; i++) pre[i] = Math.sqrt(variance) * logits[i];
    const out = new Float32Array(pre.length);
    const dPre = new Float32Array(pre.length);
    const g = Float32Array.from(dOut);
    softmaxRows(pre, out, rows, classes);
    softmaxBackward(out, g, dPre, rows, classes);
    let y2 = 0;
    let d2 = 0;
    let g2 = 0;
    for (let i = 0; i < pre.length; i++) {
      y2 += out[i] * out[i];
      d2 += dPre[i] * dPre[i];
      g2 += g[i] * g[i];
    }
    return { secondMoment: y2 / pre.length, gradientFactor: d2 / g2 };
  }

  it('matches seeded Monte Carlo for 10 and 100 classes at variance 0.1 and 1', () => {
    for (const classes of [10, 100]) {
      for (const variance of [0.1, 1]) {
        const got = softmaxMoments(variance, classes);
        const want = monteCarlo(variance, classes, 400_000 / classes);
        // The requested tolerance is 15%; the computation is exact for i.i.d. logits, so 3% holds.
        assertClose(got.secondMoment, want.secondMoment, 0.03, `E[y²], C = ${classes}, variance ${variance}`);
        assertClose(got.gradientFactor, want.gradientFactor, 0.03, `gradient factor, C = ${classes}, variance ${variance}`);
      }
    }
  });

  it('interpolates the direct sum to 1e-4 over the whole range of variances and class counts', () => {
    const rng = seedrandom('softmax interpolation');
    let worst = 0;
    for (const classes of [2, 3, 10, 100, 1000]) {
      for (let i = 0; i < 40; i++) {
        const variance = Math.exp(-12 + rng() * 18.5); // e^-12 … e^6.5, past the cap of 400
        const got = softmaxMoments(variance, classes);
        const want = computeSoftmaxMoments(variance, classes);
        for (const key of ['secondMoment', 'gradientFactor'] as const) worst = Math.max(worst, Math.abs(got[key] / want[key] - 1));
      }
    }
    // The direct sum's grid grows with the variance in whole points, so it jumps by ~1e-5 itself (1000 classes).
    assert.ok(worst < 1e-4, `worst relative error ${worst}`);
  });

  it('reduces to the uniform softmax at variance 0 and to the small-variance approximation', () => {
    assert.deepEqual(softmaxMoments(0, 10), { secondMoment: 1 / 100, gradientFactor: 0.9 / 100 });
    assert.deepEqual(softmaxMoments(3, 1), { secondMoment: 1, gradientFactor: 0 });
    const small = softmaxMoments(1e-3, 10);
    assertClose(small.secondMoment, Math.exp(1e-3) / 100, 2e-3, 'E[y²] ≈ e^v / C²');
    assertClose(small.gradientFactor, (Math.exp(1e-3) / 100) * 0.9, 2e-3, 'factor ≈ E[y²]·(1 − 1/C)');
    assert.throws(() => softmaxMoments(1, 0), /classes must be a positive integer; received 0/);
  });
});
