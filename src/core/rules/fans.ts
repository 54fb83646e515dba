// What a kernel layer does to the size of the signal at initialization: its fans, read from
// the model's shapes by the simulator's own lowering (one shape inference, not two), and the
// per-layer gain of DESIGN.md's init-scale rule, fan_in · Var(W) · E[φ(z)²]/Var(z).

import { activationFamily } from '../catalog/activations';
import { TRUNCATED_NORMAL_VARIANCE, elementMoments, type Fans, type MatrixShape } from '../catalog/variance';
import type { InitializerSpec, RandomDistribution } from '../catalog/initializers';
import type { Framework, ModelIR } from '../ir';
import { gaussianMoments, type SimActivation } from '../simulate/activation-math';
import { NotSimulated, simActivation } from '../simulate/network';
import { effectiveActivation } from './graph';

export { kernelFans } from '../simulate/network';

/**
 * Layers in which each output unit sums `fan_in` weighted inputs, so the gain formula holds.
 * Not Embedding (a lookup: one row per example, whatever Keras's fan_in of the vocabulary
 * says), depthwise and transposed convolutions (their stored-shape fans are not the number
 * of inputs a unit sums), recurrent layers (the recurrent kernel's scale is another question).
 */
const SUMMING_KINDS: ReadonlySet<string> = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D']);

export function sumsFanIn(kind: string): boolean {
  return SUMMING_KINDS.has(kind);
}

export interface LayerGain {
  /** Var(W) of one kernel element (the framework's truncation conventions included). */
  variance: number;
  /** Var(z) of a pre-activation when the layer's input has unit second moment: fan_in · Var(W). */
  preActivationVariance: number;
  /** E[φ(z)²]/Var(z) at that variance. */
  activationFactor: number;
  /** fan_in · Var(W) · E[φ(z)²]/Var(z): what one layer multiplies the signal's second moment by. */
  gain: number;
}

/**
 * E[φ(z)²]/Var(z) for z ~ N(0, q), or undefined where no gain argument applies (softmax,
 * softplus, exponential).
 *
 * It is evaluated at q = fan_in · Var(W), the pre-activation variance the layer produces from
 * a unit-variance input: that is the scale every variance-scaling rule assumes the signal has,
 * and for the positively homogeneous activations (linear, ReLU, leaky ReLU) the ratio does not
 * depend on q at all (ReLU: ½). The saturating family (tanh, sigmoid, softsign) is the
 * exception: bounded outputs can never carry more than a unit second moment, so the ratio at
 * the layer's own q would call a stddev of 1 on 784 inputs harmless (E[tanh²] ≈ 0.97) while
 * it saturates every unit. For them the factor is the one Glorot & Bengio (2010) derive their
 * rule from, the linear regime around zero (tanh: lim E[φ(z)²]/Var(z) = φ'(0)² = 1), where
 * Var(W) · fan_in = 1 keeps the signal; far from it the figure measures how far into
 * saturation the weights push the units.
 */
export function activationFactor(activation: SimActivation, q: number): number | undefined {
  const family = activationFamily(activation.name);
  if (family === 'softmax' || family === 'other') return undefined;
  if (family === 'saturating' || family === 'linear') return 1;
  if (!(q > 0)) return undefined;
  return gaussianMoments(activation, 0, q).secondMoment / q;
}

/** The activation a kernel layer's output goes through, as the simulator's function (slopes included); undefined when unknown. */
export function layerActivation(model: ModelIR, index: number): SimActivation | undefined {
  const effective = effectiveActivation(model, index);
  if (effective.name === 'unknown') return undefined;
  const fallback: SimActivation = { name: effective.name, framework: model.framework };
  try {
    // The applying layer carries the details (LeakyReLU's negative_slope, ELU's alpha).
    return simActivation(effective.appliedBy ?? model.layers[index], model.framework) ?? { name: 'linear', framework: model.framework };
  } catch (error) {
    if (error instanceof NotSimulated) return fallback;
    throw error;
  }
}

/** The per-layer gain of `spec` on a layer with `fans` feeding `activation`; undefined where the formula does not apply. */
export function layerGain(spec: InitializerSpec, fans: Fans, activation: SimActivation, framework: Framework, matrix?: MatrixShape): LayerGain | undefined {
  const { variance } = elementMoments(spec, fans, framework, matrix);
  const q = fans.fanIn * variance;
  const factor = activationFactor(activation, q);
  if (factor === undefined) return undefined;
  return { variance, preActivationVariance: q, activationFactor: factor, gain: q * factor };
}

/**
 * The pre-activation variance at which `activation` has a gain of exactly 1, by activation: it
 * does not depend on the layer, and a file has many layers with the same few activations.
 */
const unitGainPreActivation = new Map<string, number | undefined>();
const UNIT_GAIN_CACHE_SIZE = 256;

/** The element variance that gives `activation` a gain of exactly 1 on a layer with this fan-in. */
export function unitGainVariance(activation: SimActivation, fanIn: number): number | undefined {
  const key = `${activation.name}|${activation.framework}|${numberKey(activation.negativeSlope)}|${numberKey(activation.alpha)}`;
  let q = unitGainPreActivation.get(key);
  if (q === undefined && !unitGainPreActivation.has(key)) {
    q = unitGainPreActivationVariance(activation);
    if (unitGainPreActivation.size >= UNIT_GAIN_CACHE_SIZE) unitGainPreActivation.clear();
    unitGainPreActivation.set(key, q);
  }
  return q === undefined ? undefined : q / fanIn;
}

/** A number as a key: -0 apart from 0, undefined apart from both. */
function numberKey(value: number | undefined): string {
  return value === undefined ? '' : Object.is(value, -0) ? '-0' : String(value);
}

/** The q at which fan_in · Var(W) = q gives `activation` a gain of 1; undefined when no q does. */
function unitGainPreActivationVariance(activation: SimActivation): number | undefined {
  const gainAt = (q: number): number | undefined => {
    const factor = activationFactor(activation, q);
    return factor === undefined ? undefined : q * factor;
  };
  if (gainAt(1) === undefined) return undefined;
  // gain(q) = E[φ(√q·z)²] increases with q for every activation that has a factor; bisect on log q.
  let lo = Math.log(1e-8);
  let hi = Math.log(1e8);
  if (!((gainAt(Math.exp(lo)) ?? 0) < 1 && (gainAt(Math.exp(hi)) ?? 0) > 1)) return undefined;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (gainAt(Math.exp(mid))! < 1) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** The `stddev` argument of a normal or truncated normal initializer that gives `variance`. */
export function stddevFor(distribution: Exclude<RandomDistribution, 'uniform'>, variance: number): number {
  return Math.sqrt(distribution === 'truncated_normal' ? variance / TRUNCATED_NORMAL_VARIANCE : variance);
}

/** The limit a of a uniform initializer on [−a, a] that gives `variance`. */
export function uniformLimitFor(variance: number): number {
  return Math.sqrt(3 * variance);
}
