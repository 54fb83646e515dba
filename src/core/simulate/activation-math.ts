// Activation functions as the frameworks define them, their exact derivatives, and their
// moments under a Gaussian pre-activation for the mean-field estimate (DESIGN.md,
// "Gradient-flow simulation"). Forward and derivative of each function sit side by side.

import type { ActivationName } from '../catalog/activations';
import type { Framework } from '../ir';
import { erfcx, forEachPanelNode, gaussHermite, normalCdf, normalMass, normalPdf, panelRule, polynomialMoment } from './quadrature';

export interface SimActivation {
  name: ActivationName;
  framework: Framework;
  /** leaky_relu's slope for x < 0 when the layer sets one; otherwise the framework default (Keras and TF.js 0.2, PyTorch 0.01). */
  negativeSlope?: number;
  /** elu's alpha when the layer sets one; otherwise 1. */
  alpha?: number;
}

export interface ScalarActivation {
  forward(x: number): number;
  derivative(x: number): number;
}

export interface ActivationMoments {
  /** E[φ(h)] */
  mean: number;
  /** E[φ(h)²] */
  secondMoment: number;
  /** E[φ'(h)²] */
  derivativeSecondMoment: number;
}

/** Klambauer et al. 2017, as Keras, TF.js and PyTorch spell them. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** `leaky_relu` as an activation function: keras.activations.leaky_relu and tf.leakyRelu take 0.2, F.leaky_relu 0.01. */
const LEAKY_RELU_SLOPE: Record<Framework, number> = { keras: 0.2, tfjs: 0.2, torch: 0.01 };

function leakySlope(act: SimActivation): number {
  return act.negativeSlope ?? LEAKY_RELU_SLOPE[act.framework];
}

function eluAlpha(act: SimActivation): number {
  return act.alpha ?? 1;
}

function notElementwise(name: ActivationName, fn: string): RangeError {
  return new RangeError(`${fn}: activation '${name}' is not elementwise; use softmaxRows / softmaxMoments for softmax and log_softmax.`);
}

/**
 * f with its last argument remembered: the moment loops ask for φ(x) and then φ'(x) at the same
 * x, and both need the same transcendental (tanh, the logistic, Φ).
 */
function rememberLast(f: (x: number) => number): (x: number) => number {
  let lastX = NaN;
  let lastY = NaN;
  return (x) => {
    if (x !== lastX) {
      lastX = x;
      lastY = f(x);
    }
    return lastY;
  };
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + eˣ) without overflow for large x or loss of digits for very negative x. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Keras 3 and PyTorch: relu6(x + 3) / 6, slope 1/6 strictly inside (−3, 3). */
function hardSigmoidKeras(x: number): number {
  return Math.min(Math.max(x + 3, 0), 6) / 6;
}

/** TF.js (and Keras 2): clip(0.2·x + 0.5, 0, 1); TF.js's clip gradient passes at the ends, so the slope holds on [−2.5, 2.5]. */
function hardSigmoidTfjs(x: number): number {
  return Math.min(Math.max(0.2 * x + 0.5, 0), 1);
}

/**
 * φ and φ' for one activation. At kinks the derivative follows the framework's gradient:
 * relu'(0) = 0; leaky_relu'(0) = slope; elu'(0) = alpha; relu6'(6) is 1 in TF.js (its mask is
 * x ≤ 6) and 0 elsewhere; selu'(0) is scale in Keras (TF's SeluGrad tests y < 0) and
 * scale·alpha in TF.js and PyTorch (they test x > 0).
 */
export function scalarActivation(act: SimActivation): ScalarActivation {
  const { name, framework } = act;
  switch (name) {
    case 'linear':
      return { forward: (x) => x, derivative: () => 1 };
    case 'relu':
      return { forward: (x) => (x > 0 ? x : 0), derivative: (x) => (x > 0 ? 1 : 0) };
    case 'relu6': {
      const top = framework === 'tfjs' ? (x: number) => x <= 6 : (x: number) => x < 6;
      return { forward: (x) => Math.min(Math.max(x, 0), 6), derivative: (x) => (x > 0 && top(x) ? 1 : 0) };
    }
    case 'leaky_relu': {
      const slope = leakySlope(act);
      return { forward: (x) => (x > 0 ? x : slope * x), derivative: (x) => (x > 0 ? 1 : slope) };
    }
    case 'elu': {
      const alpha = eluAlpha(act);
      return { forward: (x) => (x > 0 ? x : alpha * Math.expm1(x)), derivative: (x) => (x > 0 ? 1 : alpha * Math.exp(x)) };
    }
    case 'selu': {
      const positive = framework === 'keras' ? (x: number) => x >= 0 : (x: number) => x > 0;
      return {
        forward: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
        derivative: (x) => (positive(x) ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x)),
      };
    }
    case 'gelu': {
      // Exact GELU, x·Φ(x): the default in Keras 3 (approximate=False), TF.js 'gelu' and PyTorch.
      const cdf = rememberLast(normalCdf);
      return { forward: (x) => x * cdf(x), derivative: (x) => cdf(x) + x * normalPdf(x) };
    }
    case 'silu':
    case 'swish': {
      const gate = rememberLast(sigmoid);
      return {
        forward: (x) => x * gate(x),
        derivative: (x) => {
          const s = gate(x);
          return s * (1 + x * (1 - s));
        },
      };
    }
    case 'mish': {
      const gate = rememberLast((x) => Math.tanh(softplus(x)));
      return {
        forward: (x) => x * gate(x),
        derivative: (x) => {
          const t = gate(x);
          return t + x * (1 - t * t) * sigmoid(x);
        },
      };
    }
    case 'hard_silu':
    case 'hard_swish':
      // x·relu6(x + 3)/6 in every framework (TF.js has no hard_silu; the name means MobileNetV3's).
      // Kinks: Keras differentiates the product (0 at −3, 1 at 3); PyTorch's hardswish_backward
      // uses x/3 + 1/2 on the closed interval [−3, 3].
      return {
        forward: (x) => x * hardSigmoidKeras(x),
        derivative:
          framework === 'torch'
            ? (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : 1)
            : (x) => (x <= -3 ? 0 : x < 3 ? x / 3 + 0.5 : 1),
      };
    case 'tanh': {
      const tanh = rememberLast(Math.tanh);
      return {
        forward: tanh,
        derivative: (x) => {
          const t = tanh(x);
          return 1 - t * t;
        },
      };
    }
    case 'sigmoid': {
      const logistic = rememberLast(sigmoid);
      return {
        forward: logistic,
        derivative: (x) => {
          const s = logistic(x);
          return s * (1 - s);
        },
      };
    }
    case 'hard_sigmoid':
      return framework === 'tfjs'
        ? { forward: hardSigmoidTfjs, derivative: (x) => (x >= -2.5 && x <= 2.5 ? 0.2 : 0) }
        : { forward: hardSigmoidKeras, derivative: (x) => (x > -3 && x < 3 ? 1 / 6 : 0) };
    case 'softsign':
      return {
        forward: (x) => x / (1 + Math.abs(x)),
        derivative: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
      };
    case 'softplus':
      // PyTorch returns x itself above x = 20; the difference, log1p(e^{−20}) ≈ 2e-9, is below float32.
      return { forward: softplus, derivative: sigmoid };
    case 'exponential':
      return { forward: Math.exp, derivative: Math.exp };
    case 'softmax':
    case 'log_softmax':
      throw notElementwise(name, 'scalarActivation');
  }
}

/** out[i] = φ(pre[i]); elementwise activations only. */
export function applyActivation(act: SimActivation, pre: Float32Array, out: Float32Array): void {
  const n = pre.length;
  if (act.name === 'linear') {
    out.set(pre);
  } else if (act.name === 'relu') {
    for (let i = 0; i < n; i++) out[i] = pre[i] > 0 ? pre[i] : 0;
  } else {
    const { forward } = scalarActivation(act);
    for (let i = 0; i < n; i++) out[i] = forward(pre[i]);
  }
}

/** dPre[i] = φ'(pre[i]) · dOut[i]; elementwise activations only. */
export function backpropActivation(act: SimActivation, pre: Float32Array, dOut: Float32Array, dPre: Float32Array): void {
  const n = pre.length;
  if (act.name === 'linear') {
    dPre.set(dOut);
  } else if (act.name === 'relu') {
    for (let i = 0; i < n; i++) dPre[i] = pre[i] > 0 ? dOut[i] : 0;
  } else {
    const { derivative } = scalarActivation(act);
    for (let i = 0; i < n; i++) dPre[i] = derivative(pre[i]) * dOut[i];
  }
}

/** Row-wise softmax of a rows × cols buffer, shifted by each row's maximum so exp never overflows. */
export function softmaxRows(pre: Float32Array, out: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, pre[start + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(pre[start + c] - max);
      out[start + c] = e;
      sum += e;
    }
    for (let c = 0; c < cols; c++) out[start + c] /= sum;
  }
}

/** Softmax backward from its output y: dPre = y ⊙ (dOut − Σ_j y_j·dOut_j), row by row. */
export function softmaxBackward(out: Float32Array, dOut: Float32Array, dPre: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += out[start + c] * dOut[start + c];
    for (let c = 0; c < cols; c++) dPre[start + c] = out[start + c] * (dOut[start + c] - dot);
  }
}

// ---------------------------------------------------------------------------------------------
// Moments under a Gaussian pre-activation h ~ N(mean, variance).

/**
 * Larger variances are evaluated at this cap for activations that are not positively
 * homogeneous: the signal has exploded by then, and the formulas stay finite.
 */
export const MAX_VARIANCE = 1e100;
/** Panels cover mean ± RANGE·sd; the Gaussian mass beyond is 1.5e-23. */
const RANGE = 10;
/** Beyond ±TAIL the saturating functions equal their asymptotes to within e^{−24} ≈ 4e-11. */
const TAIL = 24;

interface Piece {
  lo: number;
  hi: number;
  /** Polynomials in h, constant first: φ, φ², φ'². */
  f: readonly number[];
  f2: readonly number[];
  d2: readonly number[];
}

/** Piecewise-polynomial activations by their pieces where φ ≠ 0 (elsewhere φ = φ' = 0). */
const RELU6_PIECES: readonly Piece[] = [
  { lo: 0, hi: 6, f: [0, 1], f2: [0, 0, 1], d2: [1] },
  { lo: 6, hi: Infinity, f: [6], f2: [36], d2: [] },
];
const HARD_SIGMOID_PIECES: readonly Piece[] = [
  { lo: -3, hi: 3, f: [0.5, 1 / 6], f2: [0.25, 1 / 6, 1 / 36], d2: [1 / 36] },
  { lo: 3, hi: Infinity, f: [1], f2: [1], d2: [] },
];
const HARD_SIGMOID_TFJS_PIECES: readonly Piece[] = [
  { lo: -2.5, hi: 2.5, f: [0.5, 0.2], f2: [0.25, 0.2, 0.04], d2: [0.04] },
  { lo: 2.5, hi: Infinity, f: [1], f2: [1], d2: [] },
];
/** φ = x/2 + x²/6 on (−3, 3), so φ² = x²/4 + x³/6 + x⁴/36 and φ' = 1/2 + x/3; x above 3. */
const HARD_SILU_PIECES: readonly Piece[] = [
  { lo: -3, hi: 3, f: [0, 0.5, 1 / 6], f2: [0, 0, 0.25, 1 / 6, 1 / 36], d2: [0.25, 1 / 3, 1 / 9] },
  { lo: 3, hi: Infinity, f: [0, 1], f2: [0, 0, 1], d2: [1] },
];

function polynomialPieces(act: SimActivation): readonly Piece[] | undefined {
  switch (act.name) {
    case 'relu6':
      return RELU6_PIECES;
    case 'hard_sigmoid':
      return act.framework === 'tfjs' ? HARD_SIGMOID_TFJS_PIECES : HARD_SIGMOID_PIECES;
    case 'hard_silu':
    case 'hard_swish':
      return HARD_SILU_PIECES;
    default:
      return undefined;
  }
}

/** Asymptotes of the saturating smooth activations below −TAIL and above TAIL, as pieces. */
const TANH_TAILS: readonly Piece[] = [
  { lo: -Infinity, hi: -TAIL, f: [-1], f2: [1], d2: [] },
  { lo: TAIL, hi: Infinity, f: [1], f2: [1], d2: [] },
];
const STEP_TAILS: readonly Piece[] = [{ lo: TAIL, hi: Infinity, f: [1], f2: [1], d2: [] }];
const RAMP_TAILS: readonly Piece[] = [{ lo: TAIL, hi: Infinity, f: [0, 1], f2: [0, 0, 1], d2: [1] }];

function tailPieces(name: ActivationName): readonly Piece[] | undefined {
  switch (name) {
    case 'tanh':
      return TANH_TAILS;
    case 'sigmoid':
      return STEP_TAILS;
    case 'gelu':
    case 'silu':
    case 'swish':
    case 'mish':
    case 'softplus':
      return RAMP_TAILS;
    default:
      return undefined; // softsign approaches ±1 only like 1/|x|
  }
}

/** Points where φ or φ' is not smooth; panels start there. */
function kinks(act: SimActivation): number[] {
  switch (act.name) {
    case 'relu6':
      return [0, 6];
    case 'hard_sigmoid':
      return act.framework === 'tfjs' ? [-2.5, 2.5] : [-3, 3];
    case 'hard_silu':
    case 'hard_swish':
      return [-3, 3];
    default:
      return [0]; // the kink of the ReLU family, and the centre of every smooth activation
  }
}

function pointMoments(phi: ScalarActivation, x: number): ActivationMoments {
  const value = phi.forward(x);
  const slope = phi.derivative(x);
  return { mean: value, secondMoment: value * value, derivativeSecondMoment: slope * slope };
}

/** ReLU and leaky ReLU (slope c below 0), from the Gaussian partial moments above and below 0. */
function leakyMoments(c: number, mean: number, sd: number): ActivationMoments {
  if (sd === Infinity) return { mean: c < 1 ? Infinity : -Infinity, secondMoment: Infinity, derivativeSecondMoment: (1 + c * c) / 2 };
  const a = mean / sd;
  const above = normalCdf(a);
  const below = normalCdf(-a);
  const density = sd * normalPdf(a);
  const raw2 = mean * mean + sd * sd;
  return {
    mean: mean * above + density + c * (mean * below - density),
    secondMoment: raw2 * above + mean * density + c * c * (raw2 * below - mean * density),
    derivativeSecondMoment: above + c * c * below,
  };
}

/**
 * E[e^{t·h}; h < 0] = e^{tμ + t²σ²/2}·Φ(−b) with b = μ/σ + tσ. When b > 0 the exponent and Φ
 * are combined through erfcx, so a large variance neither overflows nor loses the product.
 */
function exponentialMomentBelowZero(t: number, mean: number, sd: number): number {
  const a = mean / sd;
  const b = a + t * sd;
  if (b > 0) return 0.5 * Math.exp(-0.5 * a * a) * erfcx(b / Math.SQRT2);
  return Math.exp(t * mean + 0.5 * t * t * sd * sd) * normalCdf(-b);
}

/** ELU (scale 1) and SELU: x above 0, alpha·(eˣ − 1) below, times scale; closed form. */
function eluMoments(alpha: number, scale: number, mean: number, sd: number): ActivationMoments {
  const a = mean / sd;
  const above = normalCdf(a);
  const below = normalCdf(-a);
  const density = sd * normalPdf(a);
  const e1 = exponentialMomentBelowZero(1, mean, sd);
  const e2 = exponentialMomentBelowZero(2, mean, sd);
  const s2 = scale * scale;
  return {
    mean: scale * (mean * above + density + alpha * (e1 - below)),
    secondMoment: s2 * ((mean * mean + sd * sd) * above + mean * density + alpha * alpha * (e2 - 2 * e1 + below)),
    derivativeSecondMoment: s2 * (above + alpha * alpha * e2),
  };
}

function piecewiseMoments(pieces: readonly Piece[], mean: number, sd: number, into: ActivationMoments): ActivationMoments {
  for (const { lo, hi, f, f2, d2 } of pieces) {
    into.mean += polynomialMoment(f, lo, hi, mean, sd);
    into.secondMoment += polynomialMoment(f2, lo, hi, mean, sd);
    into.derivativeSecondMoment += polynomialMoment(d2, lo, hi, mean, sd);
  }
  return into;
}

/**
 * Distance from the real axis to the nearest complex singularity of φ (poles of tanh at ±iπ/2,
 * of the logistic function at ±iπ, of Mish where softplus = ±iπ/2; GELU is entire but grows like
 * e^{y²/2} off the axis, so its value is fitted). It sets how wide a Gaussian Gauss–Hermite can
 * integrate φ against.
 */
function analyticHalfWidth(name: ActivationName): number | undefined {
  switch (name) {
    case 'tanh':
      return Math.PI / 2;
    case 'mish':
      return (3 * Math.PI) / 4;
    case 'gelu':
      return 2.6; // fitted so that HERMITE_TIERS hold for GELU as for the others
    case 'sigmoid':
    case 'silu':
    case 'swish':
    case 'softplus':
      return Math.PI;
    default:
      return undefined; // softsign: not analytic at 0
  }
}

/**
 * Gauss–Hermite sizes and the largest sd / half-width each handles with an error below 5e-8 of
 * E[φ²] for every smooth activation here (measured against 400 points); beyond the last,
 * panels. Smaller rules for narrower Gaussians keep the common case cheap.
 */
const HERMITE_TIERS: readonly (readonly [points: number, maxRatio: number])[] = [
  [16, 0.25],
  [32, 0.39],
  [48, 0.5],
  [64, 0.6],
  [96, 0.75],
  [128, 0.85],
];

function hermitePoints(sd: number, halfWidth: number | undefined): number | undefined {
  if (halfWidth === undefined) return undefined;
  const ratio = sd / halfWidth;
  for (const [points, maxRatio] of HERMITE_TIERS) if (ratio <= maxRatio) return points;
  return undefined;
}

/**
 * Widest Gauss–Legendre panel starting at x. φ's features sit near 0, so panels stay within a
 * constant factor of their distance from 0 (each then sees φ's singularities at ≥ 3 half-lengths),
 * are never narrower than `near`, and never wider than `cap`·sd, which resolves the Gaussian.
 */
function panelWidth(sd: number, near: number, cap: number): (x: number) => number {
  return (x) => Math.min(cap * sd, Math.max(near, x >= 0 ? x : -x / 2));
}

/**
 * Smooth activations: Gauss–Hermite while the Gaussian is narrow relative to φ's analytic
 * half-width; otherwise 8-point Gauss–Legendre panels in h over the central range, with the
 * asymptotes beyond ±TAIL in closed form.
 */
function smoothMoments(act: SimActivation, phi: ScalarActivation, mean: number, sd: number): ActivationMoments {
  const result = { mean: 0, secondMoment: 0, derivativeSecondMoment: 0 };
  const n = hermitePoints(sd, analyticHalfWidth(act.name));
  if (n !== undefined) {
    const { nodes, weights } = gaussHermite(n);
    const scale = Math.SQRT2 * sd;
    for (let i = 0; i < n; i++) {
      const x = mean + scale * nodes[i];
      const value = phi.forward(x);
      const slope = phi.derivative(x);
      const w = weights[i];
      result.mean += w * value;
      result.secondMoment += w * value * value;
      result.derivativeSecondMoment += w * slope * slope;
    }
    const norm = 1 / Math.sqrt(Math.PI);
    result.mean *= norm;
    result.secondMoment *= norm;
    result.derivativeSecondMoment *= norm;
    return result;
  }
  const tails = tailPieces(act.name);
  const lo = tails ? Math.max(mean - RANGE * sd, -TAIL) : mean - RANGE * sd;
  const hi = tails ? Math.min(mean + RANGE * sd, TAIL) : mean + RANGE * sd;
  if (lo < hi) {
    forEachPanelNode(lo, hi, kinks(act), panelWidth(sd, 1, 2), 8, (x, w) => {
      const z = (x - mean) / sd;
      const weight = (w * normalPdf(z)) / sd;
      const value = phi.forward(x);
      const slope = phi.derivative(x);
      result.mean += weight * value;
      result.secondMoment += weight * value * value;
      result.derivativeSecondMoment += weight * slope * slope;
    });
  }
  return tails ? piecewiseMoments(tails, mean, sd, result) : result;
}

function checkMomentArguments(act: SimActivation, variance: number, fn: string): void {
  if (act.name === 'softmax' || act.name === 'log_softmax') throw notElementwise(act.name, fn);
  if (variance < 0) throw new RangeError(`${fn}: variance must be ≥ 0; received ${variance}.`);
}

const NAN_MOMENTS: ActivationMoments = { mean: NaN, secondMoment: NaN, derivativeSecondMoment: NaN };

/**
 * E[φ(h)], E[φ(h)²] and E[φ'(h)²] for h ~ N(mean, variance). Closed forms for the piecewise
 * linear and polynomial activations (linear, relu, leaky_relu, relu6, hard_sigmoid, hard_silu),
 * ELU, SELU and exponential, exact to round-off; quadrature for the smooth rest, within 5e-8
 * relative. Cost: ~0.2 µs for the closed forms, 1–5 µs for tanh and the logistic family,
 * up to ~12 µs for GELU at large variance.
 */
export function gaussianMoments(act: SimActivation, mean: number, variance: number): ActivationMoments {
  checkMomentArguments(act, variance, 'gaussianMoments');
  if (Number.isNaN(mean) || Number.isNaN(variance)) return { ...NAN_MOMENTS };
  if (variance === 0) return pointMoments(scalarActivation(act), mean);
  switch (act.name) {
    case 'linear':
      return { mean, secondMoment: mean * mean + variance, derivativeSecondMoment: 1 };
    case 'relu':
      return leakyMoments(0, mean, Math.sqrt(variance));
    case 'leaky_relu':
      return leakyMoments(leakySlope(act), mean, Math.sqrt(variance));
    default:
      break;
  }
  const sd = Math.sqrt(Math.min(variance, MAX_VARIANCE));
  switch (act.name) {
    case 'elu':
      return eluMoments(eluAlpha(act), 1, mean, sd);
    case 'selu':
      return eluMoments(SELU_ALPHA, SELU_SCALE, mean, sd);
    case 'exponential': {
      const second = Math.exp(2 * mean + 2 * sd * sd);
      return { mean: Math.exp(mean + 0.5 * sd * sd), secondMoment: second, derivativeSecondMoment: second };
    }
    default: {
      const pieces = polynomialPieces(act);
      if (pieces) return piecewiseMoments(pieces, mean, sd, { mean: 0, secondMoment: 0, derivativeSecondMoment: 0 });
      return smoothMoments(act, scalarActivation(act), mean, sd);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Max pooling over k i.i.d. activations.

/**
 * Where a non-monotone φ has its minimum: φ falls before it and rises after it (GELU, SiLU,
 * Mish and hard SiLU have one such valley; so do leaky ReLU with a negative slope and ELU with a
 * negative alpha). Undefined for non-decreasing φ.
 */
function valleyOf(act: SimActivation, phi: ScalarActivation): number | undefined {
  switch (act.name) {
    case 'gelu':
    case 'silu':
    case 'swish':
    case 'mish':
    case 'hard_silu':
    case 'hard_swish': {
      let lo = -5;
      let hi = 0;
      for (let i = 0; i < 60; i++) {
        const mid = 0.5 * (lo + hi);
        if (phi.derivative(mid) < 0) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    }
    case 'leaky_relu':
      return leakySlope(act) < 0 ? 0 : undefined;
    case 'elu':
      return eluAlpha(act) < 0 ? 0 : undefined;
    default:
      return undefined;
  }
}

/**
 * The x in [lo, hi] where a monotone f crosses level (f(lo) − level and f(hi) − level of
 * opposite signs), by the Illinois variant of regula falsi: the bracket is kept, and halving
 * the value at an end that stays put twice keeps convergence superlinear (~10 evaluations).
 */
function crossing(f: (x: number) => number, level: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  let fa = f(a) - level;
  let fb = f(b) - level;
  for (let i = 0; i < 100; i++) {
    const c = b - (fb * (b - a)) / (fb - fa);
    const fc = f(c) - level;
    if (fc === 0 || !(Math.abs(c - b) > 1e-14 * Math.max(1, Math.abs(c)))) return c;
    if (fc * fb < 0) {
      a = b;
      fa = fb;
    } else {
      fa /= 2;
    }
    b = c;
    fb = fc;
  }
  return b;
}

/**
 * Max pooling of k i.i.d. activations φ(hᵢ), hᵢ ~ N(mean, variance): E[y], E[y²] and E[φ'(h*)²]
 * where y = max φ(hᵢ) and h* is the pre-activation the gradient flows back to (pooling passes it
 * to the maximum only). h* has density k·f(h)·G(h)^{k−1} with G(h) = P(φ(h') < φ(h)):
 * - φ non-decreasing: max φ(hᵢ) = φ(max hᵢ), so G = F, the normal cdf (ties on flat parts, as
 *   relu's zeros, all have φ' = 0 or the same φ, so they change nothing);
 * - φ with one valley (GELU, SiLU/swish, Mish, hard SiLU): {h' : φ(h') < φ(h)} is the interval
 *   between h and the point on the other side of the valley where φ takes the same value, found
 *   by regula falsi. This is exact, not the max-of-pre-activations approximation.
 * Integrated by Gauss–Legendre panels split at φ's kinks and at the valley.
 */
export function maxOfGaussiansMoments(act: SimActivation, mean: number, variance: number, k: number): ActivationMoments {
  checkMomentArguments(act, variance, 'maxOfGaussiansMoments');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`maxOfGaussiansMoments: k must be a positive integer; received ${k}.`);
  if (k === 1) return gaussianMoments(act, mean, variance);
  if (Number.isNaN(mean) || Number.isNaN(variance)) return { ...NAN_MOMENTS };
  const phi = scalarActivation(act);
  if (variance === 0) return pointMoments(phi, mean);
  const sd = Math.sqrt(Math.min(variance, MAX_VARIANCE));
  const lo = mean - RANGE * sd;
  // E[e^{2h}] weighs h around mean + 2·variance, far above the usual range.
  const hi = mean + (act.name === 'exponential' ? RANGE + 2 * sd : RANGE) * sd;
  const { forward } = phi;
  const valley = valleyOf(act, phi);
  const breaks = kinks(act);
  const coarse = panelWidth(sd, 0.5, 1);
  const leftLimit = forward(lo);
  const rightLimit = forward(hi);
  let width = coarse;
  if (valley !== undefined && valley > lo && valley < hi) {
    breaks.push(valley);
    // On the rising side G(x) = F(x) − F(l(x)), l(x) the point left of the valley with the same
    // φ. As φ(x) rises to φ(−∞) (0 for GELU, SiLU, Mish; −alpha for ELU with alpha < 0), l runs
    // off to −∞ and F(l(x)) vanishes like a fractional power of the distance: panels shrink
    // geometrically towards that edge so Gauss–Legendre keeps its accuracy. (For hard SiLU G
    // jumps there instead, as its flat zeros join {φ < t}; the break handles that.)
    if (forward(valley) < leftLimit && leftLimit < rightLimit) {
      const edge = crossing(forward, leftLimit, valley, hi);
      breaks.push(edge);
      width = (x) => (x > valley && x < edge ? Math.min(sd, Math.max(1e-10, (edge - x) / 2)) : coarse(x));
    }
  }
  const result = { mean: 0, secondMoment: 0, derivativeSecondMoment: 0 };
  if (valley === undefined || valley <= lo) {
    // φ non-decreasing over the range: G = F. The commonest pools (of linear units, of ReLUs),
    // so the integrand runs as a plain loop, with φ = x, φ' = 1 written out for linear units.
    const { nodes, weights } = panelRule(lo, hi, breaks, width, 10);
    const linear = act.name === 'linear';
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i];
      const z = (x - mean) / sd;
      const below = normalCdf(z);
      // Φ rounds to 1 in the upper tail, where 1^(k−1) needs no pow (the costliest call here).
      const weight = ((weights[i] * k * normalPdf(z)) / sd) * (below === 1 ? 1 : Math.pow(below, k - 1));
      const value = linear ? x : forward(x);
      const slope = linear ? 1 : phi.derivative(x);
      result.mean += weight * value;
      result.secondMoment += weight * value * value;
      result.derivativeSecondMoment += weight * slope * slope;
    }
    return result;
  }
  forEachPanelNode(lo, hi, breaks, width, 10, (x, w) => {
    const z = (x - mean) / sd;
    const value = forward(x);
    let below: number; // G(x) = P(φ(h') < φ(x))
    if (x >= valley) {
      // Rising side: h' qualifies from the point left of the valley where φ = φ(x) up to x.
      const left = leftLimit <= value ? -Infinity : (crossing(forward, value, lo, valley) - mean) / sd;
      below = normalMass(left, z);
    } else {
      const right = valley >= hi || rightLimit <= value ? Infinity : (crossing(forward, value, valley, hi) - mean) / sd;
      below = normalMass(z, right);
    }
    const weight = ((w * k * normalPdf(z)) / sd) * Math.pow(below, k - 1);
    const slope = phi.derivative(x);
    result.mean += weight * value;
    result.secondMoment += weight * value * value;
    result.derivativeSecondMoment += weight * slope * slope;
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Softmax over i.i.d. Gaussian logits.

/** Beyond this logit variance the softmax output is one-hot to plotting accuracy; larger ones are evaluated here. */
const SOFTMAX_MAX_VARIANCE = 400;
/** e^{−x} is 0 in double precision for x above this (the smallest subnormal is e^{−744.4}). */
const EXP_UNDERFLOW = 746;
/**
 * e^{−x} is exactly 1 in double precision for 0 ≤ x below this: 2⁻⁶⁰ is far under the half-ulp
 * below 1, 2⁻⁵⁴ (fdlibm's exp, which V8 uses, returns 1 + x there). Checked once at the bound;
 * exp does not increase, so it holds below it.
 */
const EXP_ROUNDS_TO_ONE = 2 ** -60;
const EXP_ROUNDING_CHECKED = Math.exp(-EXP_ROUNDS_TO_ONE) === 1;

/**
 * Softmax y = softmax(h) over `classes` logits hᵢ ~ N(0, variance) i.i.d. Returns E[yᵢ²] and the
 * gradient factor E[(∂L/∂hᵢ)²] / E[dOut²] for an upstream gradient dOut with i.i.d. zero-mean
 * entries, i.e. E[yᵢ²·((1 − yᵢ)² + Σ_{j≠i} y_j²)].
 *
 * The approximation is the mean-field one: logits independent and Gaussian. Under it the
 * expectations are computed without further approximation through 1/aᵐ = ∫ t^{m−1} e^{−ta} dt/(m−1)!,
 * which factorises the shared denominator: with L(t) = E[e^{−t·e^h}] and Mₙ(t) = E[e^{nh}·e^{−t·e^h}],
 *   E[yᵢ²] = ∫ t·M₂·L^{C−1} dt,
 *   factor = (C−1)·∫ t³/6 · M₂·(2·M₂·L^{C−2} + (C−2)·M₁²·L^{C−3}) dt,
 * by the trapezoidal rule in log t and in h. (The cruder p ≈ e^h / (C·e^{variance/2}), which gives
 * E[y²] ≈ e^{variance}/C² and factor ≈ E[y²]·(1 − 1/C), is the small-variance limit; at C = 10 and
 * variance 1 it overstates E[y²] by 40% and the factor by 2×.)
 */
export function softmaxMoments(variance: number, classes: number): { secondMoment: number; gradientFactor: number } {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`softmaxMoments: classes must be a positive integer; received ${classes}.`);
  if (variance < 0) throw new RangeError(`softmaxMoments: variance must be ≥ 0; received ${variance}.`);
  const u = Math.log(Math.min(variance, SOFTMAX_MAX_VARIANCE));
  if (!(u >= SOFTMAX_GRID_FROM) || classes === 1) return computeSoftmaxMoments(variance, classes);
  // Both moments are smooth in log-variance: cubic interpolation of their logarithms between the
  // four nearest nodes of a fixed grid (each node computed once per class count and kept) is
  // within 3e-5 of the direct sum (whose own grid jumps by about that much), and a file's models
  // share nodes instead of each paying for an O(points²) sum of its own.
  const position = (u - SOFTMAX_GRID_FROM) / SOFTMAX_GRID_STEP;
  const base = Math.min(Math.max(Math.floor(position) - 1, 0), SOFTMAX_GRID_NODES - 4);
  let logSecond = 0;
  let logFactor = 0;
  for (let j = 0; j < 4; j++) {
    let weight = 1;
    for (let m = 0; m < 4; m++) if (m !== j) weight *= (position - (base + m)) / (j - m);
    const node = softmaxNode(base + j, classes);
    logSecond += weight * node.logSecond;
    logFactor += weight * node.logFactor;
  }
  return { secondMoment: Math.exp(logSecond), gradientFactor: Math.exp(logFactor) };
}

/** The interpolation grid in ln(variance): from e^−12 (where the small-variance limit is exact to 1e-5) to the cap. */
const SOFTMAX_GRID_FROM = -12;
const SOFTMAX_GRID_STEP = 1 / 8;
// Every node lies at or below the cap, where the moments stop changing: no node straddles that kink.
const SOFTMAX_GRID_NODES = Math.floor((Math.log(SOFTMAX_MAX_VARIANCE) - SOFTMAX_GRID_FROM) / SOFTMAX_GRID_STEP) + 1;

/** Grid nodes by class count and index, as logarithms of the two moments. */
const softmaxNodes = new Map<number, { logSecond: number; logFactor: number }[]>();

function softmaxNode(index: number, classes: number): { logSecond: number; logFactor: number } {
  let nodes = softmaxNodes.get(classes);
  if (!nodes) softmaxNodes.set(classes, (nodes = []));
  let node = nodes[index];
  if (!node) {
    const moments = computeSoftmaxMoments(Math.exp(SOFTMAX_GRID_FROM + index * SOFTMAX_GRID_STEP), classes);
    node = nodes[index] = { logSecond: Math.log(moments.secondMoment), logFactor: Math.log(moments.gradientFactor) };
  }
  return node;
}

/** Exported for the interpolation's accuracy test. */
export function computeSoftmaxMoments(variance: number, classes: number): { secondMoment: number; gradientFactor: number } {
  const c = classes;
  if (Number.isNaN(variance)) return { secondMoment: NaN, gradientFactor: NaN };
  if (c === 1) return { secondMoment: 1, gradientFactor: 0 };
  if (variance === 0) return { secondMoment: 1 / (c * c), gradientFactor: (1 - 1 / c) / (c * c) };
  const sd = Math.sqrt(Math.min(variance, SOFTMAX_MAX_VARIANCE));
  const points = Math.min(1000, Math.ceil(160 + 40 * sd));
  // Logit grid on ±9 standard deviations, Gaussian weights normalised to sum to 1.
  const expH = new Float64Array(points);
  const weight = new Float64Array(points);
  let total = 0;
  for (let i = 0; i < points; i++) {
    const z = -9 + (18 * i) / (points - 1);
    expH[i] = Math.exp(sd * z);
    weight[i] = Math.exp(-0.5 * z * z);
    total += weight[i];
  }
  for (let i = 0; i < points; i++) weight[i] /= total;
  // Where t·e^h is below EXP_ROUNDS_TO_ONE, e^{−t·e^h} is exactly 1 and a term is weight[i] itself: the
  // sums over such a leading run of i are these prefix sums, accumulated in the loop's own order,
  // so they are the loop's partial sums to the bit. At large variance most of each row is such a run.
  const prefixL = new Float64Array(points + 1);
  const prefixM1 = new Float64Array(points + 1);
  const prefixM2 = new Float64Array(points + 1);
  for (let i = 0; i < points; i++) {
    prefixL[i + 1] = prefixL[i] + weight[i];
    prefixM1[i + 1] = prefixM1[i] + weight[i] * expH[i];
    prefixM2[i + 1] = prefixM2[i] + weight[i] * expH[i] * expH[i];
  }
  // log t spans the denominators Σ e^{h} can take: from e^{−6sd}·C up to e^{6sd}, with margin.
  const sLo = -Math.log(c) - 12 - 6 * sd;
  const sHi = 8 + 6 * sd;
  const ds = (sHi - sLo) / (points - 1);
  let secondMoment = 0;
  let gradientFactor = 0;
  /** Leading terms whose exponential is exactly 1; t grows with j, so the run only shortens. */
  let ones = EXP_ROUNDING_CHECKED ? points : 0;
  for (let j = 0; j < points; j++) {
    const t = Math.exp(sLo + j * ds);
    while (ones > 0 && !(t * expH[ones - 1] < EXP_ROUNDS_TO_ONE)) ones--;
    let l = prefixL[ones];
    let m1 = prefixM1[ones];
    let m2 = prefixM2[ones];
    // e^h grows with i: once t·e^h passes the underflow bound every later term is exactly 0.
    for (let i = ones; i < points && t * expH[i] < EXP_UNDERFLOW; i++) {
      const e = weight[i] * Math.exp(-t * expH[i]);
      l += e;
      m1 += e * expH[i];
      m2 += e * expH[i] * expH[i];
    }
    secondMoment += t * t * m2 * Math.pow(l, c - 1);
    // y_i²·y_j² (from Σ_{j≠i} y_j² and from (1 − y_i)²'s e^{2h_j} terms), then y_i²·y_j·y_k.
    const squares = 2 * m2 * Math.pow(l, c - 2);
    const products = c > 2 ? (c - 2) * m1 * m1 * Math.pow(l, c - 3) : 0;
    gradientFactor += ((t * t * t * t) / 6) * (c - 1) * m2 * (squares + products);
  }
  return { secondMoment: secondMoment * ds, gradientFactor: gradientFactor * ds };
}
